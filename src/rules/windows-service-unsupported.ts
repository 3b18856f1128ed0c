import type { Rule } from '../engine/types.js';
import { IGNORE_ANNOTATION } from '../engine/types.js';
import type { KubeObject } from '../kube/types.js';
import { osOfNode } from '../kube/nodes.js';
import { detached } from '../manifests/detach.js';
import type { ManifestObject, SourcePosition } from '../manifests/types.js';
import type { Workload } from '../manifests/workloads.js';
import { asRecord, asString, asStringMap } from '../util/guards.js';
import { windowsVersionOfNode } from '../windows/builds.js';
import { poolNameOf } from '../cluster/pools.js';

/**
 * kubernetes.io/docs/concepts/services-networking/windows-networking (read 2026-11-30), "Limitations":
 * not supported on Windows nodes: "More than 1024 backend pods (or unique destination addresses) for
 * a single Service" (older releases of the page said 64). "Windows Service Settings": session
 * affinity needs Windows Server 2022 (build 20348) or later.
 */
export const WINDOWS_MAX_SERVICE_BACKENDS = 1024;
const SESSION_AFFINITY_MIN_BUILD = 20348;

interface Problem {
  messageId: string;
  path: string;
}

function serviceProblems(service: ManifestObject, oldWindowsNodes: string): Problem[] {
  const spec = asRecord(service.object.spec);
  if (!spec) return [];
  const problems: Problem[] = [];
  if (asRecord(asRecord(spec.sessionAffinityConfig)?.clientIP)?.timeoutSeconds !== undefined) {
    problems.push({ messageId: 'sessionAffinityTimeout', path: '/spec/sessionAffinityConfig/clientIP/timeoutSeconds' });
  }
  if (spec.sessionAffinity === 'ClientIP' && oldWindowsNodes !== '') problems.push({ messageId: 'sessionAffinityBuild', path: '/spec/sessionAffinity' });
  if (spec.externalTrafficPolicy === 'Local') problems.push({ messageId: 'localTrafficPolicy', path: '/spec/externalTrafficPolicy' });
  const families = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : [];
  if (families.length > 0 && families.every((f) => f === 'IPv6')) problems.push({ messageId: 'ipv6Only', path: '/spec/ipFamilies' });
  return problems;
}

function selectorOf(service: ManifestObject): Record<string, string> | undefined {
  const selector = asStringMap(asRecord(service.object.spec)?.selector);
  return selector && Object.keys(selector).length > 0 ? selector : undefined;
}

/**
 * Strings kept past the visit of the object they were read from are copied (a string read from a
 * file keeps the whole file's text alive, manifests/detach.ts), once per distinct value: namespaces
 * and label keys repeat across thousands of workloads.
 */
function interner(): (text: string) => string {
  const seen = new Map<string, string>();
  return (text) => {
    let copy = seen.get(text);
    if (copy === undefined) seen.set((copy = detached(text)), copy);
    return copy;
  };
}

/**
 * What pairing a Service with a workload reads of the workload, kept instead of the workload: the
 * rule holds one per Windows workload and per workload with replicas until the end of the run (a
 * Service later in the input may select it), and a whole workload (its parsed document) is ~6 KiB
 * where this is ~200 bytes (memory flat in the number of documents, issue 14).
 */
interface PodsOf {
  namespace: string | undefined;
  labels: Record<string, string>;
  /** `Deployment web`, as messages name it. */
  label: string;
  /** Pods the workload runs as written (backendsOf). */
  replicas: number;
}

function podsOf(workload: Workload, intern: (text: string) => string): PodsOf {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(asStringMap(workload.podMetadata.labels) ?? {})) labels[intern(key)] = detached(value);
  const namespace = workload.namespace === undefined ? undefined : intern(workload.namespace);
  return { namespace, labels, label: detached(`${workload.kind} ${workload.name}`), replicas: backendsOf(workload) };
}

/** A position, or what locating it threw (thrown again when the finding is made, where the rule's errors surface). */
type Located = SourcePosition | { error: unknown };

function locate(service: ManifestObject, path: string): Located {
  try {
    return service.positionOf(path);
  } catch (error) {
    return { error };
  }
}

/**
 * A Service as pairing and its findings need it once its document is gone: its selector and
 * namespace, its counts, and for the findings its identity, ignore annotation, Helm template and the
 * positions of the fields the rule may report (located while the document is there). A streamed
 * `check` lets every document and its file go once visited; a Service that a later workload tips
 * over the backend limit must not keep them. About 250 bytes a Service.
 */
class PairedService {
  readonly selector: Record<string, string>;
  /** Set only when the Service names its namespace (a Service without one selects in any). */
  readonly namespace: string | undefined;
  /** Settings Windows does not honour, and the paths already reported (each once). */
  readonly problems: readonly Problem[];
  reportedPaths: string[] | undefined;
  backends = 0;
  /** The first workloads counted (messages name three), and how many were. */
  workloads: string[] | undefined;
  workloadCount = 0;
  tooManyReported = false;
  private readonly identity: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>;
  private readonly path: string;
  private readonly documentIndex: number;
  private readonly basePointer: string;
  private readonly helmSource: string | undefined;
  private readonly selectorAt: Located | undefined;
  private readonly problemsAt: Located[];
  private target: ManifestObject | undefined;

  constructor(service: ManifestObject, selector: Record<string, string>, problems: readonly Problem[], countsBackends: boolean, intern: (text: string) => string) {
    const copy: Record<string, string> = {};
    for (const [key, value] of Object.entries(selector)) copy[intern(key)] = detached(value);
    this.selector = copy;
    const { apiVersion, kind, metadata } = service.object;
    this.namespace = typeof metadata?.namespace === 'string' ? intern(metadata.namespace) : undefined;
    this.problems = problems;
    this.problemsAt = problems.map((problem) => locate(service, problem.path));
    this.selectorAt = countsBackends ? locate(service, '/spec/selector') : undefined;
    // What objectRefOf and the ignore annotation read of the object, copied out of the file's text.
    const kept: Record<string, unknown> = {};
    for (const field of ['name', 'generateName', 'namespace'] as const) {
      const value = metadata?.[field];
      if (value !== undefined) kept[field] = typeof value === 'string' ? detached(value) : value;
    }
    const ignore = metadata?.annotations?.[IGNORE_ANNOTATION];
    if (ignore !== undefined) kept.annotations = { [IGNORE_ANNOTATION]: typeof ignore === 'string' ? detached(ignore) : ignore };
    this.identity = { apiVersion: intern(apiVersion), kind: intern(kind), metadata: kept as KubeObject['metadata'] };
    this.path = intern(service.file.path);
    this.documentIndex = service.documentIndex;
    this.basePointer = intern(service.basePointer);
    this.helmSource = service.helmSource === undefined ? undefined : intern(service.helmSource);
  }

  get firstPair(): [string, string] {
    return Object.entries(this.selector)[0];
  }

  /** The Service as a report's target: what run.ts reads of one (made when the first finding is). */
  asTarget(): ManifestObject {
    if (this.target) return this.target;
    const located = (pointer: string): Located | undefined => {
      if (pointer === '/spec/selector' && this.selectorAt) return this.selectorAt;
      const index = this.problems.findIndex((problem) => problem.path === pointer);
      return index === -1 ? undefined : this.problemsAt[index];
    };
    this.target = {
      object: { ...this.identity },
      file: { path: this.path, text: '', lineStarts: [] },
      documentIndex: this.documentIndex,
      basePointer: this.basePointer,
      ...(this.helmSource !== undefined ? { helmSource: this.helmSource } : {}),
      positionOf(pointer) {
        const position = located(pointer);
        if (position === undefined) throw new Error(`windows-service-unsupported: no position kept for ${pointer}`);
        if ('error' in position) throw position.error;
        return position;
      },
    };
    return this.target;
  }
}

function selects(service: PairedService, pods: PodsOf): boolean {
  if (service.namespace !== undefined && pods.namespace !== undefined && service.namespace !== pods.namespace) return false;
  const labels = pods.labels;
  for (const key in service.selector) if (labels[key] !== service.selector[key]) return false;
  return true;
}

/**
 * Entries by label key, then value; one entry is held as itself, more as an array (most label pairs
 * belong to one workload, and an array per pair would double what the index holds).
 */
class PairIndex<T extends object> {
  private readonly byKey = new Map<string, Map<string, T | T[]>>();

  add(key: string, value: string, entry: T): void {
    let byValue = this.byKey.get(key);
    if (!byValue) this.byKey.set(key, (byValue = new Map()));
    const held = byValue.get(value);
    if (held === undefined) byValue.set(value, entry);
    else if (Array.isArray(held)) held.push(entry);
    else byValue.set(value, [held, entry]);
  }

  /** Entries under the pair, in the order added. */
  get(key: string, value: string): readonly T[] {
    const held = this.byKey.get(key)?.get(value);
    return held === undefined ? [] : Array.isArray(held) ? held : [held];
  }
}

/**
 * Kubernetes docs (Networking on Windows): Service settings Windows nodes do not honour, on Services
 * whose selector matches a Windows workload in the input; and Services with more backends than
 * Windows kube-proxy supports (any backends: every Windows node's kube-proxy programs every Service).
 * Services and workloads may come in any order, so each new one is paired with those already seen.
 */
export const windowsServiceUnsupported: Rule = {
  id: 'windows-service-unsupported',
  meta: {
    category: 'networking',
    defaultSeverity: 'warning',
    description:
      'A Service in front of Windows pods that uses a setting Windows nodes do not support (session affinity timeout, ClientIP affinity before Windows Server 2022, Local traffic policy without DSR, IPv6-only), or a Service with more backends than Windows kube-proxy supports.',
    messages: {
      sessionAffinityTimeout:
        'Service selects Windows pods ({{workload}}), but sessionAffinityConfig.clientIP.timeoutSeconds is not supported on Windows: the maximum sticky time is not applied there. Remove it.',
      sessionAffinityBuild:
        'Service selects Windows pods ({{workload}}) with sessionAffinity ClientIP, which Windows supports only from Windows Server 2022: on the older Windows nodes of this cluster ({{nodes}}) connections are not sticky. Move the workload to Windows Server 2022 or later nodes, or do not rely on affinity.',
      localTrafficPolicy:
        'Service selects Windows pods ({{workload}}): externalTrafficPolicy Local works on Windows only in DSR mode (kube-proxy --enable-dsr=true); without it the Local traffic policy is not supported.',
      ipv6Only:
        'Service selects Windows pods ({{workload}}) but is IPv6-only: Kubernetes on Windows does not support single-stack IPv6 (dual-stack works on l2bridge networks, not overlay). Use IPv4 or dual-stack.',
      tooManyBackends:
        'Service selects {{backends}} pods ({{workloads}}), more than the {{limit}} backends per Service that kube-proxy supports on Windows nodes: Windows pods and nodes cannot reach it reliably. Split it into several Services.',
    },
    source:
      'https://kubernetes.io/docs/concepts/services-networking/windows-networking/#load-balancing-and-services; https://kubernetes.io/docs/concepts/services-networking/windows-networking/#limitations (read 2026-11-30: 1024 backends, session affinity from Windows Server 2022); https://kubernetes.io/docs/concepts/windows/intro/',
  },
  create(context) {
    const nodes = context.inputs.cluster.nodes;
    const hasWindowsNodes = nodes.some((node) => osOfNode(node) === 'windows');
    const oldWindows = nodes.filter((node) => {
      const version = osOfNode(node) === 'windows' ? windowsVersionOfNode(node) : undefined;
      return version !== undefined && version.build < SESSION_AFFINITY_MIN_BUILD;
    });
    // Pool names only, no node counts: simulate runs this rule on one node per node class.
    const oldWindowsNodes = [...new Set(oldWindows.map(poolNameOf))].join(', ');
    const intern = interner();

    // Settings Windows does not honour: only Services with one are paired with Windows workloads
    // (most have none, and pairing every Service with every workload is quadratic on large inputs).
    const withProblems: PairedService[] = [];
    const windowsWorkloads: PodsOf[] = [];
    const check = (service: PairedService, pods: PodsOf) => {
      if (!selects(service, pods)) return;
      service.problems.forEach((problem) => {
        if (service.reportedPaths?.includes(problem.path)) return;
        (service.reportedPaths ??= []).push(problem.path);
        context.report({ target: service.asTarget(), messageId: problem.messageId, path: problem.path, data: { workload: pods.label, nodes: oldWindowsNodes } });
      });
    };

    // Backends per Service: workloads indexed by their label pairs, so a Service meets only the
    // workloads carrying its first selector pair, and a workload only the Services whose first pair
    // it carries.
    const countedByPair = new PairIndex<PairedService>();
    const workloadsByPair = new PairIndex<PodsOf>();
    const addBackends = (service: PairedService, pods: PodsOf) => {
      if (service.tooManyReported || !selects(service, pods)) return;
      service.backends += pods.replicas;
      if (service.workloadCount++ < 3) (service.workloads ??= []).push(pods.label);
      if (service.backends <= WINDOWS_MAX_SERVICE_BACKENDS) return;
      service.tooManyReported = true;
      const named = (service.workloads ?? []).join(', ');
      const shown = service.workloadCount > 3 ? `${named}, …` : named;
      context.report({ target: service.asTarget(), messageId: 'tooManyBackends', path: '/spec/selector', data: { backends: service.backends, workloads: shown, limit: WINDOWS_MAX_SERVICE_BACKENDS } });
    };

    return {
      object(object) {
        if (object.object.kind !== 'Service' || object.object.apiVersion !== 'v1') return;
        if (asString(asRecord(object.object.spec)?.type) === 'ExternalName') return;
        const problems = serviceProblems(object, oldWindowsNodes);
        const selector = selectorOf(object);
        // Without a selector the Service selects no pods: nothing to pair.
        if (!selector || (problems.length === 0 && !hasWindowsNodes)) return;
        const service = new PairedService(object, selector, problems, hasWindowsNodes, intern);
        if (problems.length > 0) {
          withProblems.push(service);
          for (const pods of windowsWorkloads) check(service, pods);
        }
        if (!hasWindowsNodes) return;
        const [key, value] = service.firstPair;
        countedByPair.add(key, value, service);
        for (const pods of workloadsByPair.get(key, value)) addBackends(service, pods);
      },
      workload(workload) {
        let pods: PodsOf | undefined;
        if (context.analysisOf(workload).osIntent.os === 'windows') {
          pods = podsOf(workload, intern);
          windowsWorkloads.push(pods);
          for (const service of withProblems) check(service, pods);
        }
        if (!hasWindowsNodes || backendsOf(workload) <= 0) return;
        pods ??= podsOf(workload, intern);
        for (const [key, value] of Object.entries(pods.labels)) {
          workloadsByPair.add(key, value, pods);
          // A Service meets a workload once: through its first selector pair.
          for (const service of countedByPair.get(key, value)) addBackends(service, pods);
        }
      },
    };
  },
};

/**
 * How many pods a workload runs as written. HorizontalPodAutoscalers are not seen, and DaemonSets
 * are not counted: their pod count is the node count, which this rule does not read (simulate runs
 * it on one node per node class).
 */
function backendsOf(workload: Workload): number {
  const spec = asRecord(workload.source.object.spec);
  const count = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback);
  switch (workload.kind) {
    case 'Pod':
      return 1;
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'StatefulSet':
      return count(spec?.replicas, 1);
    case 'Job':
      return count(spec?.parallelism, 1);
    default:
      return 0;
  }
}
