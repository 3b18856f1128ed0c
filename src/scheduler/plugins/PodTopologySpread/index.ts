// PodTopologySpread (pkg/scheduler/framework/plugins/podtopologyspread): DoNotSchedule constraints
// filter by skew against the least-loaded domain; ScheduleAnyway constraints — or, for pods with none,
// the system default constraints (hostname maxSkew 3, zone maxSkew 5, both ScheduleAnyway, over the
// owner's and Services' selectors) — score nodes with fewer matching pods higher.
import { parsedSelectorMatches } from '../../../kube/label-selector.js';
import { doNotScheduleTaints, findUntoleratedTaint } from '../../../kube/taints.js';
import { requiredNodeAffinityMatches } from '../../../kube/node-affinity.js';
import { LABEL_HOSTNAME, LABEL_ZONE } from '../../../kube/types.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { GroupSelector, PodGroup } from '../../framework/pod-groups.js';
import type { PodInfo, PodProfile, SpreadConstraint } from '../../framework/pod-info.js';
import type { ClusterSnapshot, CycleState, FilterPlugin, PreFilterPlugin, ScorePlugin } from '../../framework/types.js';
import type { TopologyDomains } from '../../framework/topology.js';
import { MAX_NODE_SCORE, PRE_FILTER_SKIP, PRE_FILTER_SUCCESS, SKIP, SUCCESS, unresolvable, unschedulable } from '../../framework/types.js';

export const NAME = 'PodTopologySpread';
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

/** The system default constraints (pkg/scheduler/apis/config/v1 defaults, systemDefaulting). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly { topologyKey: string; maxSkew: number }[] = [
  { topologyKey: LABEL_HOSTNAME, maxSkew: 3 },
  { topologyKey: LABEL_ZONE, maxSkew: 5 },
];

const selectorCache = new WeakMap<object, GroupSelector>();
function groupSelector(owner: object, namespace: string, selector: SpreadConstraint['selector']): GroupSelector {
  let s = selectorCache.get(owner);
  if (!s) selectorCache.set(owner, (s = { namespaceMatches: (ns) => ns === namespace, onlyNamespace: namespace, selector }));
  return s;
}

/** matchNodeInclusionPolicies: node affinity honoured by default, taints ignored by default. */
function nodeIncluded(profile: PodProfile, c: Pick<SpreadConstraint, 'nodeAffinityPolicy' | 'nodeTaintsPolicy'>, node: NodeInfo, cache: Map<number, boolean>): boolean {
  if (c.nodeAffinityPolicy === 'Honor') {
    let ok = cache.get(node.classId);
    if (ok === undefined || !profile.classCacheable) {
      ok = requiredNodeAffinityMatches(profile.spec, node.node);
      cache.set(node.classId, ok);
    }
    if (!ok) return false;
  }
  if (c.nodeTaintsPolicy === 'Honor' && findUntoleratedTaint(node.taints, profile.tolerations, doNotScheduleTaints)) return false;
  return true;
}

interface FilterState {
  constraints: { c: SpreadConstraint; counts: Map<string, number>; min: number; selfMatch: number }[];
}
const FILTER_KEY = 'PreFilterPodTopologySpread';
const SCORE_KEY = 'PreScorePodTopologySpread';

export const podTopologySpread: PreFilterPlugin & FilterPlugin & ScorePlugin = {
  name: NAME,
  preFilter(state, pod, snapshot) {
    const all = pod.profile.spreadConstraints;
    if (!all.some((c) => c.whenUnsatisfiable === 'DoNotSchedule')) return PRE_FILTER_SKIP;
    const hard = all.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
    const affinityCache = new Map<number, boolean>();
    const out: FilterState = { constraints: [] };
    for (const c of hard) {
      const counts = new Map<string, number>();
      const byNode = snapshot.pods.countsByNode(groupSelector(c.selector, pod.namespace, c.selector));
      for (const node of snapshot.nodes) {
        // Only nodes carrying every constraint's key count (nodeLabelsMatchSpreadConstraints).
        if (!hard.every((h) => node.labels[h.topologyKey] !== undefined)) continue;
        if (!nodeIncluded(pod.profile, c, node, affinityCache)) continue;
        const value = node.labels[c.topologyKey];
        counts.set(value, (counts.get(value) ?? 0) + (byNode.get(node.index) ?? 0));
      }
      let min = Number.POSITIVE_INFINITY;
      for (const v of counts.values()) if (v < min) min = v;
      if (counts.size < c.minDomains || !Number.isFinite(min)) min = 0;
      out.constraints.push({ c, counts, min, selfMatch: parsedSelectorMatches(c.selector, pod.labels) ? 1 : 0 });
    }
    state.write(FILTER_KEY, out);
    return PRE_FILTER_SUCCESS;
  },
  filter(state, _pod, node) {
    const s = state.read<FilterState>(FILTER_KEY);
    if (!s) return SUCCESS;
    for (const { c, counts, min, selfMatch } of s.constraints) {
      const value = node.labels[c.topologyKey];
      if (value === undefined) return unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
      const skew = (counts.get(value) ?? 0) + selfMatch - min;
      if (skew > c.maxSkew) return unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
    }
    return SUCCESS;
  },
  preScore(state, pod, nodes, snapshot) {
    return preScore(state, pod, nodes, snapshot) ? SUCCESS : SKIP;
  },
  score(state, _pod, node) {
    const s = state.read<ScoreState>(SCORE_KEY)!;
    return s.ignored !== undefined && s.ignored[node.index] === 1 ? 0 : rawScore(s, node.index);
  },
  scoreNodes(state, _pod, nodes, scores, snapshot) {
    // score() per node, inlined for the common shape (at most one constraint besides hostname ones).
    const s = state.read<ScoreState>(SCORE_KEY)!;
    const indices = snapshot.indicesOf(nodes);
    const ignored = s.ignored;
    // The lowest and highest score of the nodes not ignored, for NormalizeScore (see there).
    let min = Number.POSITIVE_INFINITY;
    let max = 0;
    s.scored = scores;
    s.scoredGeneration = s.generation;
    if (!s.byPartialSums) {
      for (let i = 0; i < nodes.length; i++) {
        if (ignored !== undefined && ignored[indices[i]] === 1) scores[i] = 0;
        else {
          const r = (scores[i] = rawScore(s, indices[i]));
          if (r < min) min = r;
          if (r > max) max = r;
        }
      }
      s.scoredMin = min;
      s.scoredMax = max;
      return;
    }
    const { partial, zoneIds, hostIds, hostnames, generation } = s;
    if (ignored === undefined && zoneIds !== undefined && hostIds !== undefined && hostnames.length === 1) {
      // The system defaults' shape (one zone-like and one hostname constraint, no node ignored): the
      // loop below with its branches settled once.
      const { nodeStamp, nodeCounts, weight } = hostnames[0];
      for (let i = 0; i < nodes.length; i++) {
        const index = indices[i];
        const hasHost = hostIds[index] >= 0;
        let r = partial[(zoneIds[index] + 1) * 2 + (hasHost ? 1 : 0)];
        if (hasHost && nodeStamp[index] === generation) {
          const pods = nodeCounts[index];
          if (pods !== 0) r += pods * weight;
        }
        const rounded = (scores[i] = Math.round(r));
        if (rounded < min) min = rounded;
        if (rounded > max) max = rounded;
      }
      s.scoredMin = min;
      s.scoredMax = max;
      return;
    }
    for (let i = 0; i < nodes.length; i++) {
      const index = indices[i];
      if (ignored !== undefined && ignored[index] === 1) {
        scores[i] = 0;
        continue;
      }
      const hasHost = hostIds !== undefined && hostIds[index] >= 0;
      let r = partial[((zoneIds === undefined ? -1 : zoneIds[index]) + 1) * 2 + (hasHost ? 1 : 0)];
      if (hasHost) {
        for (let k = 0; k < hostnames.length; k++) {
          const c = hostnames[k];
          if (c.nodeStamp[index] !== generation) continue;
          const pods = c.nodeCounts[index];
          if (pods !== 0) r += pods * c.weight;
        }
      }
      const rounded = (scores[i] = Math.round(r));
      if (rounded < min) min = rounded;
      if (rounded > max) max = rounded;
    }
    s.scoredMin = min;
    s.scoredMax = max;
  },
  normalizeScore(state, _pod, scores, nodes) {
    const s = state.read<ScoreState>(SCORE_KEY)!;
    const ignored = s.ignored;
    let min = Number.POSITIVE_INFINITY;
    let max = 0;
    // scoreNodes noted the lowest and highest score as it wrote these very scores this cycle.
    const noted = s.scored === scores && s.scoredGeneration === s.generation;
    if (noted) {
      min = s.scoredMin;
      max = s.scoredMax;
    } else {
      for (let i = 0; i < scores.length; i++) {
        if (ignored !== undefined && ignored[nodes[i].index] === 1) continue;
        if (scores[i] < min) min = scores[i];
        if (scores[i] > max) max = scores[i];
      }
    }
    // Raw scores are whole numbers (Math.round) in [min, max]: the formula below is evaluated once per
    // value in that range rather than once per node (a division each).
    if (noted && ignored === undefined && max > 0 && max - min < 4096) {
      const table = normalizedByValue(min, max);
      for (let i = 0; i < scores.length; i++) scores[i] = table[scores[i] - min];
      return;
    }
    for (let i = 0; i < scores.length; i++) {
      if (ignored !== undefined && ignored[nodes[i].index] === 1) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
    }
  },
};

let valueTable = new Float64Array(64);
/** Math.trunc((MAX_NODE_SCORE × (max + min − v)) / max) for v = min … max, at [v − min]. */
function normalizedByValue(min: number, max: number): Float64Array {
  const size = max - min + 1;
  if (valueTable.length < size) valueTable = new Float64Array(size);
  for (let k = 0; k < size; k++) valueTable[k] = Math.trunc((MAX_NODE_SCORE * (max + min - (min + k))) / max);
  return valueTable;
}

interface ScoreConstraint {
  maxSkew: number;
  hostname: boolean;
  selector: GroupSelector;
  /** The pod groups the selector matches (the index keeps this very array up to date). */
  groups: readonly PodGroup[];
  weight: number;
  /** Domain id per node index (-1: no label) and matching pods per domain (zone-like keys only). */
  domains: TopologyDomains;
  domainCounts: Float64Array;
  /** Matching pods per node index (hostname keys only), valid where nodeStamp is this cycle's generation. */
  nodeCounts: Float64Array;
  nodeStamp: Int32Array;
}

/** What Score reads, written by PreScore (one object per cluster, rewritten every cycle). */
interface ScoreState {
  /** Per node index, for the nodes being scored: 1 when the node lacks one of the keys (explicit constraints). */
  ignored: Uint8Array | undefined;
  constraints: readonly ScoreConstraint[];
  generation: number;
  /**
   * At most one constraint besides the hostname ones (the system defaults, most explicit sets): a node's
   * score before its hostname counts is `partial[(its domain + 1) × 2 + has a hostname label]`.
   */
  byPartialSums: boolean;
  partial: Float64Array;
  zoneIds: Int32Array | undefined;
  hostIds: Int32Array | undefined;
  hostnames: readonly ScoreConstraint[];
  /** The scores scoreNodes last wrote, at which generation, and their lowest and highest (nodes not ignored). */
  scored: Float64Array | undefined;
  scoredGeneration: number;
  scoredMin: number;
  scoredMax: number;
}

/**
 * The raw score of one node: Σ over the constraints whose key it has of (maxSkew − 1) + matching pods
 * in its domain × the constraint's weight; hostname counts are added last. The terms are added in the
 * same order for every node, so each node's sum is the same double however it is computed.
 */
function rawScore(s: ScoreState, index: number): number {
  if (s.byPartialSums) {
    const hasHost = s.hostIds !== undefined && s.hostIds[index] >= 0;
    let r = s.partial[((s.zoneIds === undefined ? -1 : s.zoneIds[index]) + 1) * 2 + (hasHost ? 1 : 0)];
    if (hasHost) {
      for (const c of s.hostnames) {
        const pods = c.nodeStamp[index] === s.generation ? c.nodeCounts[index] : 0;
        if (pods !== 0) r += pods * c.weight;
      }
    }
    return Math.round(r);
  }
  const out = s.constraints;
  let r = 0;
  for (let k = 0; k < out.length; k++) {
    const c = out[k];
    const d = c.domains.ids[index];
    if (d < 0) continue;
    r += c.maxSkew - 1;
    if (!c.hostname) r += c.domainCounts[d] * c.weight;
  }
  for (let k = 0; k < out.length; k++) {
    const c = out[k];
    if (!c.hostname) continue;
    const pods = c.nodeStamp[index] === s.generation ? c.nodeCounts[index] : 0;
    if (pods !== 0 && c.domains.ids[index] >= 0) r += pods * c.weight;
  }
  return Math.round(r);
}

/**
 * Scratch space per cluster, reused by every cycle. It is not a cache: nothing in it carries an answer
 * from one cycle to the next. Domain counts and hostname counts count only where `domainSeen` /
 * `nodeStamp` equal this cycle's generation (so they need no clearing).
 */
interface Scratch {
  /** A node's raw score before its hostname counts, by (domain + 1) × 2 + has-hostname-label. */
  partialSums: Float64Array;
  ignored: Uint8Array;
  generation: number;
  /** Domain counts per constraint position (explicit constraints may share a key, so not per key). */
  domainCounts: Float64Array[];
  domainSeen: Int32Array[];
  /** Pods per node index per constraint position (hostname keys), with the generation they were counted at. */
  nodeCounts: Float64Array[];
  nodeStamps: Int32Array[];
  state: ScoreState;
  /** Node classes in the cluster (NodeInfo.classId is below it). */
  classCount: number;
}
const buffers = new WeakMap<object, Scratch>();
function bufferFor(snapshot: ClusterSnapshot): Scratch {
  let b = buffers.get(snapshot);
  const n = snapshot.nodes.length;
  if (!b || b.ignored.length < n) {
    b = {
      partialSums: new Float64Array(8),
      ignored: new Uint8Array(n),
      generation: 0,
      domainCounts: [],
      domainSeen: [],
      nodeCounts: [],
      nodeStamps: [],
      classCount: snapshot.nodes.reduce((n, node) => Math.max(n, node.classId + 1), 0),
      state: { ignored: undefined, constraints: [], generation: 0, byPartialSums: false, partial: EMPTY, zoneIds: undefined, hostIds: undefined, hostnames: [], scored: undefined, scoredGeneration: -1, scoredMin: 0, scoredMax: 0 },
    };
    buffers.set(snapshot, b);
  }
  return b;
}
function scratchCounts(b: Scratch, position: number, size: number): { counts: Float64Array; seen: Int32Array } {
  while (b.domainCounts.length <= position) {
    b.domainCounts.push(EMPTY);
    b.domainSeen.push(new Int32Array(0));
  }
  if (b.domainCounts[position].length < size) {
    b.domainCounts[position] = new Float64Array(Math.max(size, 8));
    b.domainSeen[position] = new Int32Array(Math.max(size, 8));
  }
  return { counts: b.domainCounts[position], seen: b.domainSeen[position] };
}

function scratchNodeCounts(b: Scratch, position: number, size: number): void {
  while (b.nodeCounts.length <= position) {
    b.nodeCounts.push(EMPTY);
    b.nodeStamps.push(new Int32Array(0));
  }
  if (b.nodeCounts[position].length < size) {
    b.nodeCounts[position] = new Float64Array(size);
    b.nodeStamps[position] = new Int32Array(size);
  }
}

/** What PreScore needs of a profile, made on its first cycle: the constraints and their groups. */
interface ProfileScoring {
  snapshot: ClusterSnapshot;
  constraints: readonly SpreadConstraint[];
  systemDefault: boolean;
  out: ScoreConstraint[];
  /** The hostname constraints of `out`, and the one other constraint when there is at most one. */
  hostnames: ScoreConstraint[];
  zone: ScoreConstraint | undefined;
  zoneConstraints: number;
  /**
   * requiredNodeAffinityMatches per node class (-1: not asked yet), for profiles whose answer is the
   * same for every node of a class (classCacheable); and the untolerated-taint answer likewise.
   */
  affinityByClass: Int8Array;
  taintsByClass: Int8Array;
}

function scoringConstraints(profile: PodProfile): { constraints: SpreadConstraint[]; systemDefault: boolean } {
  if (profile.spreadConstraints.length > 0) {
    return { constraints: profile.spreadConstraints.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway'), systemDefault: false };
  }
  const selector = profile.defaultSpreadSelector;
  const constraints: SpreadConstraint[] = !selector
    ? []
    : SYSTEM_DEFAULT_CONSTRAINTS.map((d) => ({
        maxSkew: d.maxSkew,
        topologyKey: d.topologyKey,
        whenUnsatisfiable: 'ScheduleAnyway' as const,
        selector,
        minDomains: 1,
        nodeAffinityPolicy: 'Honor' as const,
        nodeTaintsPolicy: 'Ignore' as const,
      }));
  return { constraints, systemDefault: true };
}

const scoringByProfile = new WeakMap<PodProfile, ProfileScoring>();
function profileScoring(pod: PodInfo, snapshot: ClusterSnapshot): ProfileScoring {
  const profile = pod.profile;
  let cached = scoringByProfile.get(profile);
  if (cached && cached.snapshot === snapshot) return cached;
  const { constraints, systemDefault } = scoringConstraints(profile);
  const out: ScoreConstraint[] = constraints.map((c) => {
    const selector = groupSelector(c.selector, pod.namespace, c.selector);
    return { maxSkew: c.maxSkew, hostname: c.topologyKey === LABEL_HOSTNAME, selector, groups: snapshot.pods.groupsMatching(selector), weight: 0, domains: snapshot.topologyDomains(c.topologyKey), domainCounts: EMPTY, nodeCounts: EMPTY, nodeStamp: EMPTY_STAMPS };
  });
  const classCount = bufferFor(snapshot).classCount;
  const hostnames = out.filter((c) => c.hostname);
  const others = out.filter((c) => !c.hostname);
  cached = {
    snapshot,
    constraints,
    systemDefault,
    out,
    hostnames,
    zone: others.at(-1),
    zoneConstraints: others.length,
    affinityByClass: new Int8Array(classCount).fill(-1),
    taintsByClass: new Int8Array(classCount).fill(-1),
  };
  scoringByProfile.set(profile, cached);
  return cached;
}

/** nodeIncluded (matchNodeInclusionPolicies); its answers are remembered per node class when they can be. */
function included(scoring: ProfileScoring, profile: PodProfile, c: SpreadConstraint, node: NodeInfo): boolean {
  if (c.nodeAffinityPolicy === 'Honor') {
    let ok: boolean;
    if (!profile.classCacheable) ok = requiredNodeAffinityMatches(profile.spec, node.node);
    else {
      const known = scoring.affinityByClass[node.classId];
      ok = known === -1 ? requiredNodeAffinityMatches(profile.spec, node.node) : known === 1;
      scoring.affinityByClass[node.classId] = ok ? 1 : 0;
    }
    if (!ok) return false;
  }
  if (c.nodeTaintsPolicy === 'Honor') {
    let ok: boolean;
    if (!profile.classCacheable) ok = findUntoleratedTaint(node.taints, profile.tolerations, doNotScheduleTaints) === undefined;
    else {
      const known = scoring.taintsByClass[node.classId];
      ok = known === -1 ? findUntoleratedTaint(node.taints, profile.tolerations, doNotScheduleTaints) === undefined : known === 1;
      scoring.taintsByClass[node.classId] = ok ? 1 : 0;
    }
    if (!ok) return false;
  }
  return true;
}

function preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], snapshot: ClusterSnapshot): boolean {
  const profile = pod.profile;
  const scoring = profileScoring(pod, snapshot);
  const { constraints, systemDefault, out } = scoring;
  if (constraints.length === 0) return false;
  const requireAll = !systemDefault;
  const buffer = bufferFor(snapshot);
  const generation = ++buffer.generation;
  const all = snapshot.nodes;
  const indices = snapshot.indicesOf(nodes);
  // Nodes being scored; with explicit constraints, those lacking any key are ignored (score 0).
  let ignored: Uint8Array | undefined;
  let ignoredCount = 0;
  if (requireAll) {
    ignored = buffer.ignored;
    for (let i = 0; i < nodes.length; i++) {
      const index = indices[i];
      let lacks = 0;
      for (let k = 0; k < out.length; k++) if (out[k].domains.ids[index] < 0) lacks = 1;
      ignored[index] = lacks;
      ignoredCount += lacks;
    }
  }
  for (let k = 0; k < out.length; k++) {
    const c = out[k];
    let size: number;
    if (c.hostname) {
      size = nodes.length - ignoredCount;
    } else {
      // Domains of the nodes being scored count (size); matching pods count only in those domains.
      const ids = c.domains.ids;
      const { counts, seen } = scratchCounts(buffer, k, c.domains.count);
      size = 0;
      for (let i = 0; i < nodes.length; i++) {
        const index = indices[i];
        if (ignored !== undefined && ignored[index] === 1) continue;
        const d = ids[index];
        if (d >= 0 && seen[d] !== generation) {
          seen[d] = generation;
          counts[d] = 0;
          if (++size === c.domains.count) break; // every domain seen: nothing more to learn here
        }
      }
      const constraint = constraints[k];
      const groups = c.groups;
      for (let g = 0; g < groups.length; g++) {
        const { nodeIndices, nodeCounts } = groups[g];
        for (let e = 0; e < nodeIndices.length; e++) {
          const index = nodeIndices[e];
          const d = ids[index];
          if (d < 0 || seen[d] !== generation) continue;
          if (requireAll && !hasAllKeys(out, index)) continue;
          if (!included(scoring, profile, constraint, all[index])) continue;
          counts[d] += nodeCounts[e];
        }
      }
      // Domains not seen this cycle must read 0 below: clear them lazily through `seen`.
      for (let d = 0; d < c.domains.count; d++) if (seen[d] !== generation) counts[d] = 0;
      c.domainCounts = counts;
    }
    c.weight = Math.log(size + 2);
  }
  // Hostname constraints: matching pods per node, stamped with this cycle's generation. Pods of several
  // matching groups on one node are added up first (one product per node, as before).
  for (let k = 0; k < out.length; k++) {
    const c = out[k];
    if (!c.hostname) continue;
    scratchNodeCounts(buffer, k, all.length);
    const perNode = (c.nodeCounts = buffer.nodeCounts[k]);
    const stamp = (c.nodeStamp = buffer.nodeStamps[k]);
    const groups = c.groups;
    for (let g = 0; g < groups.length; g++) {
      const { nodeIndices, nodeCounts } = groups[g];
      for (let e = 0; e < nodeIndices.length; e++) {
        const index = nodeIndices[e];
        if (stamp[index] !== generation) {
          stamp[index] = generation;
          perNode[index] = 0;
        }
        perNode[index] += nodeCounts[e];
      }
    }
  }
  const s = buffer.state;
  s.ignored = ignored;
  s.constraints = out;
  s.generation = generation;
  s.byPartialSums = scoring.zoneConstraints <= 1;
  s.hostnames = scoring.hostnames;
  s.hostIds = scoring.hostnames.length > 0 ? scoring.hostnames[0].domains.ids : undefined; // every hostname constraint has the same key
  s.zoneIds = scoring.zone?.domains.ids;
  if (s.byPartialSums) {
    // A node's sum before its hostname counts depends only on its domain for the one other constraint
    // and whether it has a hostname label: those few sums are made here, term by term in the order a
    // node's own sum adds them, so each node's total is the very same double as summing per node.
    const zone = scoring.zone;
    const variants = ((zone?.domains.count ?? 0) + 1) * 2;
    if (buffer.partialSums.length < variants) buffer.partialSums = new Float64Array(variants);
    const partial = buffer.partialSums;
    for (let v = 0; v < variants; v++) {
      const d = (v >> 1) - 1;
      const hasHost = (v & 1) === 1;
      let r = 0;
      for (let k = 0; k < out.length; k++) {
        const c = out[k];
        if (c.hostname ? !hasHost : d < 0) continue;
        r += c.maxSkew - 1;
        if (!c.hostname) r += c.domainCounts[d] * c.weight;
      }
      partial[v] = r;
    }
    s.partial = partial;
  }
  state.write(SCORE_KEY, s);
  return true;
}

function hasAllKeys(out: readonly ScoreConstraint[], index: number): boolean {
  for (let k = 0; k < out.length; k++) if (out[k].domains.ids[index] < 0) return false;
  return true;
}

const EMPTY = new Float64Array(0);
const EMPTY_STAMPS = new Int32Array(0);
