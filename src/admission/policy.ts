// The webhook's policy file (mounted from a ConfigMap): what to mutate, and what each finding
// severity does at admission. Errors carry file:line:column, collected rather than thrown.
import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isNode, isScalar, parseDocument } from 'yaml';
import type { Severity } from '../engine/types.js';
import { SEVERITIES } from '../engine/types.js';
import { isRecord } from '../util/guards.js';

export const POLICY_API_VERSION = 'kube-hybrid.io/v1alpha1';
export const POLICY_KIND = 'WebhookPolicy';

/** What a finding does at admission: refuse, a warning to the client, or only a log line + metric. */
export type FindingAction = 'deny' | 'warn' | 'audit' | 'off';
export const FINDING_ACTIONS: readonly FindingAction[] = ['deny', 'warn', 'audit', 'off'];

export interface TolerationSpec {
  key: string;
  operator: 'Equal' | 'Exists';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** `auto`: the taints found on the cluster's Windows nodes; `none`: never add one; or a fixed one. */
export type TolerationPolicy = 'auto' | 'none' | TolerationSpec;

export interface MutationPolicy {
  enabled: boolean;
  /** Add `kubernetes.io/os` to nodeSelector. */
  nodeSelector: boolean;
  toleration: TolerationPolicy;
  /** Set `spec.os.name` (the API server then enforces its per-OS field rules). */
  osField: boolean;
  /** Pin `node.kubernetes.io/windows-build` from the image build. */
  pinWindowsBuild: boolean;
  /** Build (`10.0.20348`) → RuntimeClass name, set when the pod names none. */
  runtimeClassByBuild: Record<string, string>;
  /** When nothing in the pod names an OS: leave it (`skip`) or pin Linux (`linux`). */
  undecided: 'skip' | 'linux';
}

export interface ActionOverrides {
  /** By severity. */
  severities: Partial<Record<Severity, FindingAction>>;
  /** By rule id; wins over severities. */
  rules: Record<string, FindingAction>;
}

export interface ValidationPolicy extends ActionOverrides {
  enabled: boolean;
  severities: Record<Severity, FindingAction>;
  /** Per-namespace overrides, layered over the defaults above. */
  namespaces: Record<string, ActionOverrides>;
  /**
   * On UPDATE, a finding the old object already had is only warned about: a label change on a
   * running pod is not refused for what was admitted before.
   */
  updates: 'new-findings' | 'all-findings';
}

/** `enforce`: the webhook also does what the kubernetes-sigs/windows-gmsa webhook does (docs/gmsa.md). */
export type GmsaPolicy = 'off' | 'enforce';

export interface WebhookPolicy {
  /** Never mutated or validated (system namespaces by default). */
  excludedNamespaces: string[];
  gmsa: GmsaPolicy;
  mutation: MutationPolicy;
  validation: ValidationPolicy;
}

/** Label or annotation, on an object or its pod template: `disabled`, `no-mutation`, `no-validation`. */
export const OPT_OUT_KEY = 'kube-hybrid.io/webhook';
/** Namespace label the webhook configurations' namespaceSelector skips. */
export const NAMESPACE_OPT_OUT_LABEL = OPT_OUT_KEY;
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Rules whose premise does not hold at admission: the webhook does not read GMSACredentialSpecs, and
 * the gMSA webhook itself refuses an unknown one (404).
 */
export const DEFAULT_RULE_ACTIONS: Readonly<Record<string, FindingAction>> = {
  'gmsa-credential-spec-not-found': 'off',
  // Lifecycle rules report a deadline of the node pool, not a fault of the pod: recorded as audit
  // annotations, never a denial (a retired pool must not stop every Windows deployment at once).
  'windows-build-retired': 'audit',
  'windows-build-retiring': 'audit',
  'windows-build-kubernetes-version': 'audit',
  'windows-image-build-retiring': 'audit',
};

export function defaultPolicy(): WebhookPolicy {
  return {
    excludedNamespaces: [...SYSTEM_NAMESPACES],
    gmsa: 'off',
    mutation: { enabled: true, nodeSelector: true, toleration: 'auto', osField: false, pinWindowsBuild: false, runtimeClassByBuild: {}, undecided: 'skip' },
    validation: { enabled: true, severities: { error: 'deny', warning: 'warn', info: 'audit' }, rules: { ...DEFAULT_RULE_ACTIONS }, namespaces: {}, updates: 'new-findings' },
  };
}

export interface PolicyProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface PolicyLoad {
  policy?: WebhookPolicy;
  problems: PolicyProblem[];
}

export function formatPolicyProblem(p: PolicyProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

export function loadPolicyFile(path: string): PolicyLoad {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { problems: [{ file: path, line: 1, column: 1, message: `cannot read policy: ${(error as Error).message}` }] };
  }
  return parsePolicy(text, path);
}

type Path = (string | number)[];

/** Parses and checks a policy; unknown keys are errors (a typo must not silently do nothing). */
export function parsePolicy(text: string, file = '<policy>'): PolicyLoad {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problems: PolicyProblem[] = [];
  const at = (path: Path, message: string, onKey = false) => {
    let node: unknown = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (onKey && path.length > 0) {
      const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
      const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]) : undefined;
      if (pair && isNode(pair.key)) node = pair.key;
    }
    const offset = isNode(node) && node.range ? node.range[0] : 0;
    const pos = lineCounter.linePos(offset);
    problems.push({ file, line: pos.line, column: pos.col, message });
  };
  for (const error of doc.errors) {
    const pos = lineCounter.linePos(error.pos[0]);
    problems.push({ file, line: pos.line, column: pos.col, message: `malformed YAML: ${error.message.split('\n')[0]}` });
  }
  if (problems.length > 0) return { problems };
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  const policy = defaultPolicy();
  if (value === null || value === undefined) return { policy, problems }; // an empty file: the defaults
  if (!isRecord(value)) {
    at([], 'the policy must be a mapping');
    return { problems };
  }
  const known = (record: Record<string, unknown>, path: Path, keys: readonly string[]) => {
    for (const key of Object.keys(record)) if (!keys.includes(key)) at([...path, key], `unknown field "${key}" (known: ${keys.join(', ')})`, true);
  };
  known(value, [], ['apiVersion', 'kind', 'excludedNamespaces', 'gmsa', 'mutation', 'validation']);
  if (value.apiVersion !== undefined && value.apiVersion !== POLICY_API_VERSION) at(['apiVersion'], `apiVersion must be ${POLICY_API_VERSION}`);
  if (value.kind !== undefined && value.kind !== POLICY_KIND) at(['kind'], `kind must be ${POLICY_KIND}`);

  const bool = (v: unknown, path: Path, fallback: boolean): boolean => {
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') {
      at(path, 'must be true or false');
      return fallback;
    }
    return v;
  };
  const stringList = (v: unknown, path: Path, fallback: string[]): string[] => {
    if (v === undefined) return fallback;
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
      at(path, 'must be a list of strings');
      return fallback;
    }
    return v as string[];
  };
  const action = (v: unknown, path: Path): FindingAction | undefined => {
    if (typeof v === 'string' && (FINDING_ACTIONS as readonly string[]).includes(v)) return v as FindingAction;
    at(path, `must be one of ${FINDING_ACTIONS.join(', ')}`);
    return undefined;
  };
  const overrides = (v: unknown, path: Path): ActionOverrides => {
    const out: ActionOverrides = { severities: {}, rules: {} };
    if (v === undefined) return out;
    if (!isRecord(v)) {
      at(path, 'must be a mapping');
      return out;
    }
    known(v, path, path.length === 1 ? ['enabled', 'severities', 'rules', 'namespaces', 'updates'] : ['severities', 'rules']);
    if (v.severities !== undefined) {
      if (!isRecord(v.severities)) at([...path, 'severities'], 'must be a mapping of severity to action');
      else {
        for (const [severity, a] of Object.entries(v.severities)) {
          if (!(SEVERITIES as readonly string[]).includes(severity)) at([...path, 'severities', severity], `unknown severity "${severity}" (known: ${SEVERITIES.join(', ')})`);
          else {
            const parsed = action(a, [...path, 'severities', severity]);
            if (parsed) out.severities[severity as Severity] = parsed;
          }
        }
      }
    }
    if (v.rules !== undefined) {
      if (!isRecord(v.rules)) at([...path, 'rules'], 'must be a mapping of rule id to action');
      else {
        for (const [ruleId, a] of Object.entries(v.rules)) {
          const parsed = action(a, [...path, 'rules', ruleId]);
          if (parsed) out.rules[ruleId] = parsed;
        }
      }
    }
    return out;
  };

  policy.excludedNamespaces = stringList(value.excludedNamespaces, ['excludedNamespaces'], policy.excludedNamespaces);
  if (value.gmsa !== undefined) {
    if (value.gmsa === 'off' || value.gmsa === 'enforce') policy.gmsa = value.gmsa;
    else at(['gmsa'], 'must be off or enforce');
  }

  const m = value.mutation;
  if (m !== undefined) {
    if (!isRecord(m)) at(['mutation'], 'must be a mapping');
    else {
      known(m, ['mutation'], ['enabled', 'nodeSelector', 'toleration', 'osField', 'pinWindowsBuild', 'runtimeClassByBuild', 'undecided']);
      const mp = policy.mutation;
      mp.enabled = bool(m.enabled, ['mutation', 'enabled'], mp.enabled);
      mp.nodeSelector = bool(m.nodeSelector, ['mutation', 'nodeSelector'], mp.nodeSelector);
      mp.osField = bool(m.osField, ['mutation', 'osField'], mp.osField);
      mp.pinWindowsBuild = bool(m.pinWindowsBuild, ['mutation', 'pinWindowsBuild'], mp.pinWindowsBuild);
      if (m.undecided !== undefined) {
        if (m.undecided === 'skip' || m.undecided === 'linux') mp.undecided = m.undecided;
        else at(['mutation', 'undecided'], 'must be skip or linux');
      }
      if (m.toleration !== undefined) {
        const t = m.toleration;
        if (t === 'auto' || t === 'none') mp.toleration = t;
        else if (isRecord(t)) {
          known(t, ['mutation', 'toleration'], ['key', 'operator', 'value', 'effect']);
          const operator = t.operator ?? 'Equal';
          if (typeof t.key !== 'string' || t.key === '') at(['mutation', 'toleration'], 'a toleration needs a key');
          else if (operator !== 'Equal' && operator !== 'Exists') at(['mutation', 'toleration', 'operator'], 'must be Equal or Exists');
          else if (t.effect !== undefined && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(String(t.effect))) at(['mutation', 'toleration', 'effect'], 'must be NoSchedule, PreferNoSchedule or NoExecute');
          else if (t.value !== undefined && typeof t.value !== 'string') at(['mutation', 'toleration', 'value'], 'must be a string');
          else {
            const spec: TolerationSpec = { key: t.key, operator };
            if (typeof t.value === 'string') spec.value = t.value;
            if (t.effect !== undefined) spec.effect = t.effect as TolerationSpec['effect'];
            mp.toleration = spec;
          }
        } else at(['mutation', 'toleration'], 'must be auto, none, or a toleration {key, operator, value, effect}');
      }
      if (m.runtimeClassByBuild !== undefined) {
        if (!isRecord(m.runtimeClassByBuild)) at(['mutation', 'runtimeClassByBuild'], 'must map builds (10.0.20348) to RuntimeClass names');
        else {
          for (const [build, name] of Object.entries(m.runtimeClassByBuild)) {
            if (!/^\d+\.\d+\.\d+$/.test(build)) at(['mutation', 'runtimeClassByBuild', build], `"${build}" is not a build (major.minor.build, e.g. 10.0.20348)`);
            else if (typeof name !== 'string' || name === '') at(['mutation', 'runtimeClassByBuild', build], 'must be a RuntimeClass name');
            else mp.runtimeClassByBuild[build] = name;
          }
        }
      }
    }
  }

  const v = value.validation;
  if (v !== undefined) {
    if (!isRecord(v)) at(['validation'], 'must be a mapping');
    else {
      const base = overrides(v, ['validation']);
      const vp = policy.validation;
      vp.enabled = bool(v.enabled, ['validation', 'enabled'], vp.enabled);
      Object.assign(vp.severities, base.severities);
      vp.rules = { ...vp.rules, ...base.rules };
      if (v.updates !== undefined) {
        if (v.updates === 'new-findings' || v.updates === 'all-findings') vp.updates = v.updates;
        else at(['validation', 'updates'], 'must be new-findings or all-findings');
      }
      if (v.namespaces !== undefined) {
        if (!isRecord(v.namespaces)) at(['validation', 'namespaces'], 'must map namespace names to overrides');
        else for (const [ns, o] of Object.entries(v.namespaces)) vp.namespaces[ns] = overrides(o, ['validation', 'namespaces', ns]);
      }
    }
  }
  return problems.length > 0 ? { problems } : { policy, problems };
}

/** The action for one finding in one namespace: namespace rule, namespace severity, rule, severity. */
export function actionFor(policy: ValidationPolicy, namespace: string | undefined, ruleId: string, severity: Severity): FindingAction {
  // Own entries only: a request's namespace is untrusted text, and `__proto__` or `constructor` would
  // otherwise read Object.prototype as a namespace policy (found by the fuzz suite, issue 9).
  const ns = namespace !== undefined && Object.hasOwn(policy.namespaces, namespace) ? policy.namespaces[namespace] : undefined;
  return ns?.rules[ruleId] ?? ns?.severities[severity] ?? policy.rules[ruleId] ?? policy.severities[severity];
}
