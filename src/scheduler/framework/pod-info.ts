// PodInfo: a pod with everything the plugins need precomputed (pkg/scheduler/framework/types.go PodInfo).
// Pods stamped from one template share a PodProfile, so identical pods compute requests, affinity terms
// and static filter answers once ("group identical pods").
import { parseLabelSelector, parsedSelectorMatches } from '../../kube/label-selector.js';
import type { ParsedLabelSelector, Requirement } from '../../kube/label-selector.js';
import { preferredNodeAffinityScore } from '../../kube/node-affinity.js';
import { podNonZeroRequests, podRequests, RESOURCE_CPU, RESOURCE_EPHEMERAL_STORAGE, RESOURCE_MEMORY } from '../../kube/requests.js';
import type { LabelSelector, PodAffinityTerm, PodSpec, Toleration, TopologySpreadConstraint } from '../../kube/types.js';
import { LABEL_HOSTNAME } from '../../kube/types.js';
import { isRecord, recordsIn } from '../../util/guards.js';
import type { HostPort } from './node-info.js';
import type { Status } from './types.js';
import { normalizedImageName } from './image-names.js';

export interface ResourceRequest {
  cpu: number;
  memory: number;
  ephemeral: number;
  /** Extended resources, hugepages-*, attachable volumes: every other named resource with a non-zero request. */
  scalar: [string, number][];
}

export interface AffinityTerm {
  selector: ParsedLabelSelector;
  /** Whether a pod of this namespace can match the term (namespaces / namespaceSelector). */
  namespaceMatches: (namespace: string) => boolean;
  topologyKey: string;
}

export interface WeightedAffinityTerm {
  term: AffinityTerm;
  weight: number;
}

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  selector: ParsedLabelSelector;
  minDomains: number;
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  nodeTaintsPolicy: 'Honor' | 'Ignore';
}

export interface PodProfile {
  readonly id: number;
  /** The spec as the scheduler sees it: after RuntimeClass admission and the controller's changes. */
  readonly spec: PodSpec;
  readonly namespace: string;
  readonly tolerations: readonly Toleration[];
  readonly priority: number;
  readonly request: ResourceRequest;
  readonly nonZero: { cpu: number; memory: number };
  readonly hostPorts: readonly HostPort[];
  readonly requiredAffinity: readonly AffinityTerm[];
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedAffinityTerm[];
  readonly hasAffinityTerms: boolean;
  /** Explicit constraints; empty means the system default constraints apply. */
  readonly spreadConstraints: readonly SpreadConstraint[];
  /** DefaultSelector(pod): the owner's and matching Services' selectors, ANDed; undefined when empty. */
  readonly defaultSpreadSelector?: ParsedLabelSelector;
  /** Container images (not init containers), normalized, for ImageLocality. */
  readonly images: readonly string[];
  readonly hasPreferredNodeAffinity: boolean;
  /** NodeAffinity PreFilter: the node names every required term pins with matchFields metadata.name. */
  readonly nodeNameAffinity?: ReadonlySet<string>;
  /** False when a static filter reads the node name or hostname label (see readsNodeIdentity): no per-class caching. */
  readonly classCacheable: boolean;
  /** Static filters' answer per node class (undefined: not computed yet). */
  readonly classStatus: (Status | undefined)[];
  /** The last FailedScheduling result and the bind count it was computed at (see Scheduler). */
  failureMemo?: { bindCount: number; message: string; unresolvable: boolean };
}

export interface PodInfo {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly profile: PodProfile;
}

export interface ProfileOptions {
  /** The pod's tolerations when they differ from spec.tolerations (DaemonSet controller). */
  tolerations?: Toleration[];
  /** Label selectors of the pod's owner and of Services selecting it (for the default spread constraints). */
  defaultSpreadSelectors?: LabelSelector[];
}

let nextProfileId = 0;

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function requestOf(spec: PodSpec): ResourceRequest {
  const all = podRequests(spec);
  const scalar: [string, number][] = [];
  for (const [name, amount] of Object.entries(all)) {
    if (name === RESOURCE_CPU || name === RESOURCE_MEMORY || name === RESOURCE_EPHEMERAL_STORAGE || name === 'pods') continue;
    if (amount !== 0) scalar.push([name, amount]);
  }
  scalar.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { cpu: all[RESOURCE_CPU] ?? 0, memory: all[RESOURCE_MEMORY] ?? 0, ephemeral: all[RESOURCE_EPHEMERAL_STORAGE] ?? 0, scalar };
}

function hostPortsOf(spec: PodSpec): HostPort[] {
  const ports: HostPort[] = [];
  // Like upstream getContainerPorts: regular and init containers; a port counts only with hostPort > 0.
  for (const group of [spec.initContainers, spec.containers]) {
    for (const { item: container } of recordsIn(group)) {
      for (const { item: port } of recordsIn(container.ports)) {
        const hostPort = numberOr(port.hostPort, 0);
        if (hostPort <= 0) continue;
        ports.push({ protocol: typeof port.protocol === 'string' ? port.protocol : 'TCP', port: hostPort, ip: typeof port.hostIP === 'string' ? port.hostIP : '' });
      }
    }
  }
  return ports;
}

/** matchLabelKeys / mismatchLabelKeys: the pod's own values become In / NotIn requirements. */
function withLabelKeys(parsed: ParsedLabelSelector, labels: Readonly<Record<string, string>>, match: unknown, mismatch: unknown): ParsedLabelSelector {
  const extra: Requirement[] = [];
  for (const key of Array.isArray(match) ? match : []) {
    if (typeof key === 'string' && Object.hasOwn(labels, key)) extra.push({ key, operator: 'In', values: [labels[key]] });
  }
  for (const key of Array.isArray(mismatch) ? mismatch : []) {
    if (typeof key === 'string' && Object.hasOwn(labels, key)) extra.push({ key, operator: 'NotIn', values: [labels[key]] });
  }
  if (extra.length === 0 || parsed.kind === 'invalid' || parsed.kind === 'nothing') return parsed;
  const base = parsed.kind === 'requirements' ? parsed.requirements : [];
  return { kind: 'requirements', requirements: [...base, ...extra] };
}

function affinityTermOf(term: PodAffinityTerm, namespace: string, labels: Readonly<Record<string, string>>): AffinityTerm | undefined {
  if (!isRecord(term) || typeof term.topologyKey !== 'string') return undefined;
  // A nil labelSelector matches no pod (metav1.LabelSelectorAsSelector).
  const selector = withLabelKeys(parseLabelSelector(term.labelSelector), labels, term.matchLabelKeys, term.mismatchLabelKeys);
  const namespaces = Array.isArray(term.namespaces) ? term.namespaces.filter((n): n is string => typeof n === 'string') : [];
  let namespaceMatches: (ns: string) => boolean;
  if (term.namespaceSelector === undefined || term.namespaceSelector === null) {
    const set = new Set(namespaces.length > 0 ? namespaces : [namespace]);
    namespaceMatches = (ns) => set.has(ns);
  } else {
    // Namespaces carry only kubernetes.io/metadata.name here (we do not read Namespace objects).
    const nsSelector = parseLabelSelector(term.namespaceSelector);
    const set = new Set(namespaces);
    namespaceMatches = (ns) => set.has(ns) || parsedSelectorMatches(nsSelector, { 'kubernetes.io/metadata.name': ns });
  }
  return { selector, namespaceMatches, topologyKey: term.topologyKey };
}

function termsOf(value: unknown, namespace: string, labels: Readonly<Record<string, string>>): AffinityTerm[] {
  return recordsIn(value).flatMap(({ item }) => {
    const term = affinityTermOf(item as unknown as PodAffinityTerm, namespace, labels);
    return term ? [term] : [];
  });
}

function weightedTermsOf(value: unknown, namespace: string, labels: Readonly<Record<string, string>>): WeightedAffinityTerm[] {
  return recordsIn(value).flatMap(({ item }) => {
    const term = affinityTermOf(item.podAffinityTerm as PodAffinityTerm, namespace, labels);
    const weight = numberOr(item.weight, 0);
    return term && weight !== 0 ? [{ term, weight }] : [];
  });
}

function spreadConstraintsOf(spec: PodSpec, labels: Readonly<Record<string, string>>): SpreadConstraint[] {
  return recordsIn(spec.topologySpreadConstraints).flatMap(({ item }) => {
    const c = item as unknown as TopologySpreadConstraint;
    if (typeof c.topologyKey !== 'string') return [];
    const when = c.whenUnsatisfiable === 'ScheduleAnyway' ? 'ScheduleAnyway' : 'DoNotSchedule';
    return [
      {
        maxSkew: Math.max(1, numberOr(c.maxSkew, 1)),
        topologyKey: c.topologyKey,
        whenUnsatisfiable: when,
        selector: withLabelKeys(parseLabelSelector(c.labelSelector), labels, c.matchLabelKeys, undefined),
        minDomains: Math.max(1, numberOr(c.minDomains, 1)),
        nodeAffinityPolicy: c.nodeAffinityPolicy === 'Ignore' ? 'Ignore' : 'Honor',
        nodeTaintsPolicy: c.nodeTaintsPolicy === 'Honor' ? 'Honor' : 'Ignore',
      } satisfies SpreadConstraint,
    ];
  });
}

/** Node names pinned by matchFields metadata.name In [...] in every required term (NodeAffinity PreFilter). */
function nodeNamesOfAffinity(spec: PodSpec): Set<string> | undefined {
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = isRecord(required) && Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms : [];
  if (terms.length === 0) return undefined;
  let names: Set<string> | undefined;
  for (const term of terms) {
    const fields = isRecord(term) && Array.isArray(term.matchFields) ? term.matchFields : [];
    const pin = fields.find((f) => isRecord(f) && f.key === 'metadata.name' && f.operator === 'In' && Array.isArray(f.values));
    if (!pin) return undefined;
    names ??= new Set();
    for (const v of pin.values ?? []) names.add(v);
  }
  return names;
}

/**
 * Whether the node filters read something that differs between nodes of one class: the node name
 * (nodeName, matchFields metadata.name) or the hostname label (node classes leave it out). Such pods
 * are filtered node by node, never by class.
 */
function readsNodeIdentity(spec: PodSpec): boolean {
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '') return true;
  if (isRecord(spec.nodeSelector) && Object.hasOwn(spec.nodeSelector, LABEL_HOSTNAME)) return true;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = isRecord(required) && Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms : [];
  const preferred = spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  const preferences = Array.isArray(preferred) ? preferred.map((p) => (isRecord(p) ? p.preference : undefined)) : [];
  return [...terms, ...preferences].some((term) => isRecord(term) && (nonEmpty(term.matchFields) || readsHostname(term.matchExpressions)));
}

function nonEmpty(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

function readsHostname(expressions: unknown): boolean {
  return Array.isArray(expressions) && expressions.some((e) => isRecord(e) && e.key === LABEL_HOSTNAME);
}

/** Requirements of several selectors ANDed into one (DefaultSelector); undefined when there are none. */
function andSelectors(selectors: readonly LabelSelector[]): ParsedLabelSelector | undefined {
  const requirements: Requirement[] = [];
  for (const selector of selectors) {
    const parsed = parseLabelSelector(selector);
    if (parsed.kind === 'requirements') requirements.push(...parsed.requirements);
  }
  return requirements.length > 0 ? { kind: 'requirements', requirements } : undefined;
}

/** What a profile reads from the containers, init containers, overhead and pod-level resources only. */
interface ContainerParts {
  readonly initContainers: unknown;
  readonly overhead: unknown;
  readonly resources: unknown;
  readonly request: ResourceRequest;
  readonly nonZero: { cpu: number; memory: number };
  readonly hostPorts: readonly HostPort[];
  readonly images: readonly string[];
}
/**
 * By the `containers` array: a DaemonSet's pods get one spec each (pinned to their node) that shares
 * the template's containers, so their requests are summed once, not once per node. Reused only when
 * the other fields read are the very same objects too.
 */
const containerPartsCache = new WeakMap<object, ContainerParts>();
function containerPartsOf(spec: PodSpec): ContainerParts {
  const key = spec.containers as unknown;
  const cached = typeof key === 'object' && key !== null ? containerPartsCache.get(key) : undefined;
  if (cached && cached.initContainers === spec.initContainers && cached.overhead === spec.overhead && cached.resources === (spec as { resources?: unknown }).resources) return cached;
  const nonZero = podNonZeroRequests(spec);
  const parts: ContainerParts = {
    initContainers: spec.initContainers,
    overhead: spec.overhead,
    resources: (spec as { resources?: unknown }).resources,
    request: requestOf(spec),
    nonZero: { cpu: nonZero[RESOURCE_CPU] ?? 0, memory: nonZero[RESOURCE_MEMORY] ?? 0 },
    hostPorts: hostPortsOf(spec),
    images: recordsIn(spec.containers).flatMap(({ item }) => (typeof item.image === 'string' && item.image !== '' ? [normalizedImageName(item.image)] : [])),
  };
  if (typeof key === 'object' && key !== null) containerPartsCache.set(key, parts);
  return parts;
}

export function makeProfile(spec: PodSpec, namespace: string, labels: Readonly<Record<string, string>>, options: ProfileOptions = {}): PodProfile {
  const tolerations = options.tolerations ?? (Array.isArray(spec.tolerations) ? spec.tolerations.filter(isRecord) : []);
  const affinity = isRecord(spec.affinity) ? spec.affinity : {};
  const podAffinity = isRecord(affinity.podAffinity) ? affinity.podAffinity : {};
  const podAntiAffinity = isRecord(affinity.podAntiAffinity) ? affinity.podAntiAffinity : {};
  const requiredAffinity = termsOf(podAffinity.requiredDuringSchedulingIgnoredDuringExecution, namespace, labels);
  const requiredAntiAffinity = termsOf(podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution, namespace, labels);
  const preferredAffinity = weightedTermsOf(podAffinity.preferredDuringSchedulingIgnoredDuringExecution, namespace, labels);
  const preferredAntiAffinity = weightedTermsOf(podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution, namespace, labels);
  const parts = containerPartsOf(spec);
  const preferred = spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  const nodeNameAffinity = nodeNamesOfAffinity(spec);
  const profile: PodProfile = {
    id: nextProfileId++,
    spec,
    namespace,
    tolerations,
    priority: numberOr(spec.priority, 0),
    request: parts.request,
    nonZero: parts.nonZero,
    hostPorts: parts.hostPorts,
    requiredAffinity,
    requiredAntiAffinity,
    preferredAffinity,
    preferredAntiAffinity,
    hasAffinityTerms: requiredAffinity.length + requiredAntiAffinity.length + preferredAffinity.length + preferredAntiAffinity.length > 0,
    spreadConstraints: spreadConstraintsOf(spec, labels),
    images: parts.images,
    hasPreferredNodeAffinity: Array.isArray(preferred) && preferred.length > 0,
    classCacheable: !readsNodeIdentity(spec),
    classStatus: [],
  };
  const defaultSelector = andSelectors(options.defaultSpreadSelectors ?? []);
  if (defaultSelector) (profile as { defaultSpreadSelector?: ParsedLabelSelector }).defaultSpreadSelector = defaultSelector;
  if (nodeNameAffinity) (profile as { nodeNameAffinity?: ReadonlySet<string> }).nodeNameAffinity = nodeNameAffinity;
  return profile;
}

export function makePodInfo(profile: PodProfile, name: string, labels: Readonly<Record<string, string>>): PodInfo {
  return { namespace: profile.namespace, name, labels, profile };
}

/** Whether an existing pod matches an affinity term (namespace, then labels). */
export function podMatchesTerm(pod: PodInfo, term: AffinityTerm): boolean {
  return term.namespaceMatches(pod.namespace) && parsedSelectorMatches(term.selector, pod.labels);
}

export { preferredNodeAffinityScore };
