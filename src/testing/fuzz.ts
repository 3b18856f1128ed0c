// The fuzz harness of issue 9, shared by the bounded property test (src/testing/fuzz.test.ts, part
// of `npm test`) and the long run (`npm run fuzz`, fuzz/run.mjs): inputs as an attacker or a careless
// chart would write them — a workload of every kind with a null, a wrong type or an odd shape at any
// field, then YAML text mutations — with a known-bad document planted beside it in the same file and
// in a second file. Every input goes through the loader, every rule, `simulate` and both webhook
// handlers (through the AdmissionReview decoder). What counts:
// - a crash: an exception that escapes any of them (the run or the review would end);
// - an internal error: a step that threw and was isolated as a problem (a bug to fix all the same);
// - a lost document: the planted document's finding missing from `check` or its pod from `simulate`.
import fc from 'fast-check';
import jsyaml from 'js-yaml';
import { StaticClusterSource } from '../admission/cluster-state.js';
import { mutate } from '../admission/mutate.js';
import { defaultPolicy } from '../admission/policy.js';
import { decodeAdmissionReview } from '../admission/review.js';
import { validate } from '../admission/validate.js';
import { builtinCluster } from '../cluster/profiles.js';
import { collectInputs, runRules } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import type { KubeObject } from '../kube/types.js';
import { loadText } from '../manifests/load.js';
import type { LoadProblem } from '../manifests/types.js';
import { RULES } from '../rules/index.js';
import { simulate } from '../scheduler/simulate.js';

const WINDOWS_IMAGE = 'mcr.microsoft.com/windows/servercore:ltsc2022';

/** A pod spec that touches every field the rules, the scheduler and the kubelet read. */
function richPodSpec(): Record<string, unknown> {
  return {
    nodeSelector: { 'kubernetes.io/os': 'windows' },
    runtimeClassName: 'windows-2022',
    os: { name: 'windows' },
    priority: 10,
    tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }, { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }], matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['x'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'node.kubernetes.io/windows-build', operator: 'In', values: ['10.0.20348'] }] } }],
      },
      podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } } }] },
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] } }] },
    },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }],
    securityContext: { windowsOptions: { gmsaCredentialSpecName: 'webapp', runAsUserName: 'ContainerUser', hostProcess: false }, runAsNonRoot: true },
    hostNetwork: false,
    imagePullSecrets: [{ name: 'acr' }],
    volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'a', path: 'a' }] } }, { name: 'host', hostPath: { path: 'C:\\data', type: 'Directory' } }],
    initContainers: [{ name: 'init', image: WINDOWS_IMAGE, command: ['cmd', '/c', 'echo'] }],
    containers: [
      {
        name: 'web',
        image: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022',
        ports: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }],
        env: [{ name: 'A', value: '1' }, { name: 'B', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        envFrom: [{ configMapRef: { name: 'cfg' } }],
        resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: 1, memory: '1Gi' } },
        volumeMounts: [{ name: 'data', mountPath: 'C:\\data' }, { name: 'cfg', mountPath: 'C:\\cfg', readOnly: true }],
        securityContext: { privileged: false, runAsUser: 1000, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] }, windowsOptions: { runAsUserName: 'ContainerAdministrator' } },
        livenessProbe: { httpGet: { path: '/', port: 80 } },
      },
    ],
  };
}

const TEMPLATE = (spec: Record<string, unknown>) => ({ metadata: { labels: { app: 'web' }, annotations: { a: 'b' } }, spec });

/** One base object per workload kind, with the richest pod template. */
export const WORKLOAD_KINDS = ['Pod', 'Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'PodTemplate'] as const;

export function baseObject(kind: (typeof WORKLOAD_KINDS)[number]): KubeObject {
  const metadata = { name: 'fuzzed', namespace: 'web', labels: { app: 'web' } };
  const selector = { matchLabels: { app: 'web' } };
  switch (kind) {
    case 'Pod':
      return { apiVersion: 'v1', kind, metadata: { ...metadata, labels: { app: 'web' } }, spec: richPodSpec() };
    case 'PodTemplate':
      return { apiVersion: 'v1', kind, metadata, template: TEMPLATE(richPodSpec()) };
    case 'ReplicationController':
      return { apiVersion: 'v1', kind, metadata, spec: { replicas: 2, selector: { app: 'web' }, template: TEMPLATE(richPodSpec()) } };
    case 'Job':
      return { apiVersion: 'batch/v1', kind, metadata, spec: { parallelism: 2, completions: 3, completionMode: 'Indexed', template: TEMPLATE({ ...richPodSpec(), restartPolicy: 'Never' }) } };
    case 'CronJob':
      return { apiVersion: 'batch/v1', kind, metadata, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: TEMPLATE({ ...richPodSpec(), restartPolicy: 'OnFailure' }) } } } };
    case 'DaemonSet':
      return { apiVersion: 'apps/v1', kind, metadata, spec: { selector, template: TEMPLATE(richPodSpec()) } };
    default:
      return { apiVersion: 'apps/v1', kind, metadata, spec: { replicas: 2, selector, template: TEMPLATE(richPodSpec()) } };
  }
}

/** The planted document: a Windows Pod without an OS selector, which `check` must always report. */
export const PLANTED_NAME = 'planted-canary';
export const PLANTED_RULE = 'windows-workload-on-linux-node';
export const PLANTED_YAML = `apiVersion: v1
kind: Pod
metadata:
  name: ${PLANTED_NAME}
  namespace: canary
spec:
  containers:
  - name: c
    image: ${WINDOWS_IMAGE}
`;

/** Every path (as keys) to a value inside the object, the root excluded. */
export function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([...prefix, i]);
      pathsOf(item, [...prefix, i], out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, member] of Object.entries(value)) {
      out.push([...prefix, key]);
      pathsOf(member, [...prefix, key], out);
    }
  }
  return out;
}

/** What replaces a value: nulls, wrong types, empty and odd shapes, huge and hostile scalars. */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.constant([null]),
  fc.constant([null, null]),
  fc.constant({}),
  fc.constant([]),
  fc.constant(''),
  fc.constant([{}]),
  fc.constant([[]]),
  fc.constant({ key: null, operator: null, values: null }),
  fc.constant([{ key: 5, operator: true, values: [null, 1, {}] }]),
  fc.constant('__proto__'),
  fc.constant({ __proto__: null, constructor: 'x' }),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(Number.MAX_SAFE_INTEGER),
  fc.constant(-1),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('windows', 'linux', 'Exists', 'Equal', 'In', 'NotIn', 'DoesNotExist', 'Gt', 'NoSchedule', 'NoExecute', '10.0.20348', '1e3', '-1', '0x10', 'ltsc2022'),
  fc.array(fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 4 }), fc.constant({})), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('key', 'name', 'operator', 'values', 'value', 'effect', 'image', 'matchLabels', 'x'), fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 4 }), fc.constant([null]), fc.constant({})), { maxKeys: 3 }),
);

export type TextMutation = { kind: 'delete-line' | 'duplicate-line' | 'empty-dash' | 'indent' | 'dedent' | 'truncate' | 'tab' | 'colon'; at: number };

export const textMutation: fc.Arbitrary<TextMutation> = fc.record({
  kind: fc.constantFrom('delete-line', 'duplicate-line', 'empty-dash', 'indent', 'dedent', 'truncate', 'tab', 'colon'),
  at: fc.nat(),
});

export interface FuzzInput {
  kind: number;
  mutations: { path: number; value: unknown }[];
  text: TextMutation[];
  /** Where the mutated document sits: before the planted one, after it, or inside a List. */
  layout: 'before' | 'after' | 'list';
}

export const fuzzInput: fc.Arbitrary<FuzzInput> = fc.record({
  kind: fc.nat({ max: WORKLOAD_KINDS.length - 1 }),
  mutations: fc.array(fc.record({ path: fc.nat(), value: weirdValue }), { minLength: 1, maxLength: 4 }),
  text: fc.array(textMutation, { maxLength: 2 }),
  layout: fc.constantFrom('before', 'after', 'list'),
});

function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    if (typeof node !== 'object' || node === null) return;
    node = (node as Record<string | number, unknown>)[path[i]];
  }
  if (typeof node !== 'object' || node === null) return;
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete (node as Record<string | number, unknown>)[last];
  } else {
    (node as Record<string | number, unknown>)[last] = value;
  }
}

/** The mutated object (value mutations only). */
export function mutatedObject(input: FuzzInput): KubeObject {
  const object = baseObject(WORKLOAD_KINDS[input.kind]) as unknown as Record<string, unknown>;
  for (const m of input.mutations) {
    const paths = pathsOf(object).filter((p) => p[0] !== 'apiVersion' && p[0] !== 'kind');
    if (paths.length === 0) break;
    // A fresh copy each time: one shared value set at two places, then mutated inside, makes a cycle.
    setAt(object, paths[m.path % paths.length], m.value === undefined ? undefined : structuredClone(m.value));
  }
  return object as unknown as KubeObject;
}

function mutateText(text: string, mutations: readonly TextMutation[]): string {
  let lines = text.split('\n');
  for (const m of mutations) {
    if (lines.length === 0) break;
    const i = m.at % lines.length;
    const line = lines[i];
    switch (m.kind) {
      case 'delete-line':
        lines.splice(i, 1);
        break;
      case 'duplicate-line':
        lines.splice(i, 0, line);
        break;
      case 'empty-dash':
        lines.splice(i + 1, 0, `${line.match(/^\s*/)?.[0] ?? ''}- `);
        break;
      case 'indent':
        lines[i] = `  ${line}`;
        break;
      case 'dedent':
        lines[i] = line.replace(/^ {1,2}/, '');
        break;
      case 'truncate':
        lines = lines.slice(0, i + 1);
        lines[i] = line.slice(0, Math.floor(line.length / 2));
        break;
      case 'tab':
        lines[i] = line.replace(/^ +/, '\t');
        break;
      case 'colon':
        lines[i] = line.replace(/: /, ':');
        break;
    }
  }
  return lines.join('\n');
}

/** The file the input becomes: the mutated document and the planted one, as the layout says. */
export function fileOf(input: FuzzInput): { object: KubeObject; text: string } {
  const object = mutatedObject(input);
  // Text mutations apply to the mutated document only: the planted one must stay intact, and a
  // document marker between them keeps a broken document from swallowing it (as in YAML itself).
  const fuzzed = mutateText(jsyaml.dump(input.layout === 'list' ? { apiVersion: 'v1', kind: 'List', items: [object] } : object, { noRefs: true, skipInvalid: true }), input.text);
  const text = input.layout === 'before' ? `${fuzzed}\n---\n${PLANTED_YAML}` : `${PLANTED_YAML}---\n${fuzzed}\n`;
  return { object, text };
}

export interface FuzzOutcome {
  crashes: { step: string; error: string }[];
  internalErrors: string[];
  /** Steps where the planted document's finding or pod went missing. */
  lost: string[];
}

const cluster = builtinCluster('default');
const snapshotSource = new StaticClusterSource(builtinCluster('kubeadm'));

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.message}\n${error.stack?.split('\n').slice(1, 4).join('\n') ?? ''}` : String(error);
}

/** Runs one input through every front end's core; never throws. */
export function runInput(input: FuzzInput): FuzzOutcome {
  const outcome: FuzzOutcome = { crashes: [], internalErrors: [], lost: [] };
  const step = <T>(name: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      outcome.crashes.push({ step: name, error: errorText(error) });
      return undefined;
    }
  };
  const { object, text } = fileOf(input);
  const internal = (p: LoadProblem) => {
    if (/internal error/.test(p.message)) outcome.internalErrors.push(p.message);
  };

  // check: the loader, then every rule.
  const loaded = step('load', () => loadText('fuzzed.yaml', text));
  if (loaded) {
    const second = step('load second file', () => loadText('other.yaml', PLANTED_YAML));
    const objects = [...loaded.objects, ...(second?.objects ?? [])];
    const findings: Finding[] = [];
    step('rules', () => {
      const inputs = collectInputs(objects, cluster);
      findings.push(...runRules(objects, inputs, RULES, { onProblem: internal }));
    });
    for (const file of ['fuzzed.yaml', 'other.yaml']) {
      if (!findings.some((f) => f.file === file && f.object.name === PLANTED_NAME && f.ruleId === PLANTED_RULE)) outcome.lost.push(`check: planted finding in ${file}`);
    }
    const simulated = step('simulate', () => simulate(objects, cluster, { rules: RULES, maxPodsPerWorkload: 50 }));
    if (simulated) {
      for (const p of simulated.problems) internal(p);
      if (simulated.pods.filter((p) => p.name === PLANTED_NAME).length !== 2) outcome.lost.push('simulate: planted pods');
    }
  }

  // The webhook: the object as an AdmissionReview body, through the decoder and both handlers.
  const snapshot = snapshotSource.snapshot();
  if (snapshot) {
    const body = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'fuzz', kind: { group: '', version: 'v1', kind: String((object as { kind?: unknown }).kind) }, resource: { group: '', version: 'v1', resource: 'pods' }, namespace: 'web', operation: 'CREATE', userInfo: { username: 'fuzz' }, object } };
    const decoded = step('decode review', () => decodeAdmissionReview(JSON.parse(JSON.stringify(body)) as unknown));
    if (decoded?.ok) {
      const request = decoded.review.request;
      const validated = step('validate', () => validate(request, defaultPolicy(), snapshot, RULES));
      for (const error of validated?.internalErrors ?? []) outcome.internalErrors.push(`webhook: ${error}`);
      const mutated = step('mutate', () => mutate(request, defaultPolicy(), snapshot));
      if (mutated?.internalError) outcome.internalErrors.push(`webhook mutate: ${mutated.internalError}`);
    }
  }
  return outcome;
}
