// PodTopologySpread (pkg/scheduler/framework/plugins/podtopologyspread): DoNotSchedule constraints
// filter by skew against the least-loaded domain; ScheduleAnyway constraints — or, for pods with none,
// the system default constraints (hostname maxSkew 3, zone maxSkew 5, both ScheduleAnyway, over the
// owner's and Services' selectors) — score nodes with fewer matching pods higher.
import { parsedSelectorMatches } from '../../../kube/label-selector.js';
import { doNotScheduleTaints, findUntoleratedTaint } from '../../../kube/taints.js';
import { requiredNodeAffinityMatches } from '../../../kube/node-affinity.js';
import { LABEL_HOSTNAME, LABEL_ZONE } from '../../../kube/types.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { GroupSelector } from '../../framework/pod-groups.js';
import type { PodInfo, PodProfile, SpreadConstraint } from '../../framework/pod-info.js';
import type { ClusterSnapshot, CycleState, FilterPlugin, PreFilterPlugin, ScorePlugin } from '../../framework/types.js';
import type { TopologyDomains } from '../../framework/topology.js';
import { MAX_NODE_SCORE, SKIP, SUCCESS, unresolvable, unschedulable } from '../../framework/types.js';

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
    const hard = pod.profile.spreadConstraints.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
    if (hard.length === 0) return { status: SKIP };
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
    return { status: SUCCESS };
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
    return s.ignored !== undefined && s.ignored[node.index] === 1 ? 0 : s.raw[node.index];
  },
  scoreNodes(state, _pod, nodes, scores) {
    const { ignored, raw } = state.read<ScoreState>(SCORE_KEY)!;
    for (let i = 0; i < nodes.length; i++) {
      const index = nodes[i].index;
      scores[i] = ignored !== undefined && ignored[index] === 1 ? 0 : raw[index];
    }
  },
  normalizeScore(state, _pod, scores, nodes) {
    const s = state.read<ScoreState>(SCORE_KEY)!;
    const ignored = s.ignored;
    let min = Number.POSITIVE_INFINITY;
    let max = 0;
    for (let i = 0; i < scores.length; i++) {
      if (ignored !== undefined && ignored[nodes[i].index] === 1) continue;
      if (scores[i] < min) min = scores[i];
      if (scores[i] > max) max = scores[i];
    }
    for (let i = 0; i < scores.length; i++) {
      if (ignored !== undefined && ignored[nodes[i].index] === 1) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
    }
  },
};

interface ScoreConstraint {
  maxSkew: number;
  hostname: boolean;
  selector: GroupSelector;
  weight: number;
  /** Domain id per node index (-1: no label) and matching pods per domain (zone-like keys only). */
  domains: TopologyDomains;
  domainCounts: Float64Array;
  /** Matching pods per node index (hostname keys only; zero outside PreScore). */
  nodeCounts: Float64Array;
}
interface ScoreState {
  /** Per node index, for the nodes being scored: 1 when the node lacks one of the keys (explicit constraints). */
  ignored: Uint8Array | undefined;
  /** Raw score by node index, filled for the nodes being scored. */
  raw: Float64Array;
}

/**
 * Scratch space per cluster, reused by every cycle (scores are computed in PreScore). It is not a cache:
 * nothing in it carries an answer from one cycle to the next. Domain counts and the per-class
 * "node included" answers count only where `domainSeen` / `classStamp` equal this cycle's generation
 * (so they need no clearing); `nodeCounts` are zeroed again at the end of each PreScore.
 */
interface Scratch {
  raw: Float64Array;
  /** A node's raw score before its hostname counts, by (domain + 1) × 2 + has-hostname-label. */
  partialSums: Float64Array;
  ignored: Uint8Array;
  generation: number;
  classStamp: Int32Array;
  classIncluded: Uint8Array;
  /** Domain counts per constraint position (explicit constraints may share a key, so not per key). */
  domainCounts: Float64Array[];
  domainSeen: Int32Array[];
  /** Pods per node index per constraint position (hostname keys), all zero between cycles. */
  nodeCounts: Float64Array[];
}
const buffers = new WeakMap<object, Scratch>();
function bufferFor(snapshot: ClusterSnapshot): Scratch {
  let b = buffers.get(snapshot);
  const n = snapshot.nodes.length;
  if (!b || b.raw.length < n) {
    b = { raw: new Float64Array(n), partialSums: new Float64Array(8), ignored: new Uint8Array(n), generation: 0, classStamp: new Int32Array(n), classIncluded: new Uint8Array(n), domainCounts: [], domainSeen: [], nodeCounts: [] };
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

function scratchNodeCounts(b: Scratch, position: number, size: number): Float64Array {
  while (b.nodeCounts.length <= position) b.nodeCounts.push(EMPTY);
  if (b.nodeCounts[position].length < size) b.nodeCounts[position] = new Float64Array(size);
  return b.nodeCounts[position];
}

const constraintsCache = new WeakMap<PodProfile, { constraints: readonly SpreadConstraint[]; systemDefault: boolean }>();
function scoringConstraints(profile: PodProfile): { constraints: readonly SpreadConstraint[]; systemDefault: boolean } {
  let cached = constraintsCache.get(profile);
  if (cached) return cached;
  if (profile.spreadConstraints.length > 0) {
    cached = { constraints: profile.spreadConstraints.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway'), systemDefault: false };
  } else {
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
    cached = { constraints, systemDefault: true };
  }
  constraintsCache.set(profile, cached);
  return cached;
}

/** nodeIncluded, remembered per node class for this cycle only (as upstream's per-cycle evaluation). */
function includedThisCycle(b: Scratch, profile: PodProfile, c: SpreadConstraint, node: NodeInfo): boolean {
  if (c.nodeAffinityPolicy === 'Honor') {
    let ok: boolean;
    if (profile.classCacheable && b.classStamp[node.classId] === b.generation) ok = b.classIncluded[node.classId] === 1;
    else {
      ok = requiredNodeAffinityMatches(profile.spec, node.node);
      b.classStamp[node.classId] = b.generation;
      b.classIncluded[node.classId] = ok ? 1 : 0;
    }
    if (!ok) return false;
  }
  if (c.nodeTaintsPolicy === 'Honor' && findUntoleratedTaint(node.taints, profile.tolerations, doNotScheduleTaints)) return false;
  return true;
}

function preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], snapshot: ClusterSnapshot): boolean {
  const profile = pod.profile;
  const { constraints, systemDefault } = scoringConstraints(profile);
  if (constraints.length === 0) return false;
  const requireAll = !systemDefault;
  const buffer = bufferFor(snapshot);
  const generation = ++buffer.generation;
  const raw = buffer.raw;
  const all = snapshot.nodes;
  // One list per profile, reused: weight and domainCounts are rewritten below every cycle.
  let out = scoreConstraintsCache.get(profile);
  if (!out || out.snapshot !== snapshot) {
    out = constraints.map((c) => ({ maxSkew: c.maxSkew, hostname: c.topologyKey === LABEL_HOSTNAME, selector: groupSelector(c.selector, pod.namespace, c.selector), weight: 0, domains: snapshot.topologyDomains(c.topologyKey), domainCounts: EMPTY, nodeCounts: EMPTY })) as ScoreConstraint[] & { snapshot?: ClusterSnapshot };
    out.snapshot = snapshot;
    scoreConstraintsCache.set(profile, out);
  }
  // Nodes being scored; with explicit constraints, those lacking any key are ignored (score 0).
  let ignored: Uint8Array | undefined;
  let ignoredCount = 0;
  if (requireAll) {
    ignored = buffer.ignored;
    for (let i = 0; i < nodes.length; i++) {
      const index = nodes[i].index;
      let lacks = 0;
      for (let k = 0; k < out.length; k++) if (out[k].domains.ids[index] < 0) lacks = 1;
      ignored[index] = lacks;
      ignoredCount += lacks;
    }
  }
  const hasAllKeys = (index: number) => {
    for (let k = 0; k < out.length; k++) if (out[k].domains.ids[index] < 0) return false;
    return true;
  };
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
        const index = nodes[i].index;
        if (ignored !== undefined && ignored[index] === 1) continue;
        const d = ids[index];
        if (d >= 0 && seen[d] !== generation) {
          seen[d] = generation;
          counts[d] = 0;
          if (++size === c.domains.count) break; // every domain seen: nothing more to learn here
        }
      }
      const groups = snapshot.pods.groupsMatching(c.selector);
      const constraint = constraints[k];
      // forEach, not for…of: a [key, value] pair per entry was most of this plugin's garbage.
      const countPods = (count: number, index: number) => {
        const d = ids[index];
        if (d < 0 || seen[d] !== generation) return;
        if (requireAll && !hasAllKeys(index)) return;
        if (!includedThisCycle(buffer, profile, constraint, all[index])) return;
        counts[d] += count;
      };
      for (let g = 0; g < groups.length; g++) groups[g].perNode.forEach(countPods);
      // Domains not seen this cycle must read 0 below: clear them lazily through `seen`.
      for (let d = 0; d < c.domains.count; d++) if (seen[d] !== generation) counts[d] = 0;
      c.domainCounts = counts;
    }
    c.weight = Math.log(size + 2);
  }
  // Hostname constraints: matching pods per node, in a per-node scratch array (cleared again below).
  // Pods of several matching groups on one node are added up first (one product per node, as before).
  for (let k = 0; k < out.length; k++) {
    const c = out[k];
    if (!c.hostname) continue;
    const perNode = (c.nodeCounts = scratchNodeCounts(buffer, k, all.length));
    const groups = snapshot.pods.groupsMatching(c.selector);
    for (let g = 0; g < groups.length; g++) groups[g].perNode.forEach((count, index) => (perNode[index] += count));
  }
  // Raw scores: Σ over constraints of matching pods in the node's domain × log(domains + 2) + (maxSkew − 1).
  // One pass over the scored nodes; each node gets its terms in the same order as ever (constraints in
  // order, hostname counts last), so every sum and its rounding are unchanged.
  const n = nodes.length;
  const count = out.length;
  let zone: ScoreConstraint | undefined;
  let zoneConstraints = 0;
  let hostIds: Int32Array | undefined;
  const hostnames: ScoreConstraint[] = [];
  for (const c of out) {
    if (c.hostname) {
      hostnames.push(c);
      hostIds = c.domains.ids; // every hostname constraint has the same key, so the same ids
    } else {
      zone = c;
      zoneConstraints++;
    }
  }
  if (zoneConstraints <= 1) {
    // At most one non-hostname constraint (the system defaults, most explicit ones): a node's sum before
    // its hostname counts depends only on its domain for that constraint and whether it has a hostname
    // label. Those few sums are made first, term by term in the order a node's own sum adds them, so
    // each node's total is the very same double as summing per node.
    const zoneIds = zone?.domains.ids;
    const variants = ((zone?.domains.count ?? 0) + 1) * 2;
    if (buffer.partialSums.length < variants) buffer.partialSums = new Float64Array(variants);
    const partial = buffer.partialSums;
    for (let v = 0; v < variants; v++) {
      const d = (v >> 1) - 1;
      const hasHost = (v & 1) === 1;
      let r = 0;
      for (let k = 0; k < count; k++) {
        const c = out[k];
        if (c.hostname ? !hasHost : d < 0) continue;
        r += c.maxSkew - 1;
        if (!c.hostname) r += c.domainCounts[d] * c.weight;
      }
      partial[v] = r;
    }
    for (let i = 0; i < n; i++) {
      const index = nodes[i].index;
      const hasHost = hostIds !== undefined && hostIds[index] >= 0;
      let r = partial[((zoneIds === undefined ? -1 : zoneIds[index]) + 1) * 2 + (hasHost ? 1 : 0)];
      if (hasHost) {
        for (let k = 0; k < hostnames.length; k++) {
          const pods = hostnames[k].nodeCounts[index];
          if (pods !== 0) r += pods * hostnames[k].weight;
        }
      }
      raw[index] = Math.round(r);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const index = nodes[i].index;
      let r = 0;
      for (let k = 0; k < count; k++) {
        const c = out[k];
        const d = c.domains.ids[index];
        if (d < 0) continue;
        r += c.maxSkew - 1;
        if (!c.hostname) r += c.domainCounts[d] * c.weight;
      }
      for (let k = 0; k < count; k++) {
        const c = out[k];
        if (!c.hostname) continue;
        const pods = c.nodeCounts[index];
        if (pods !== 0 && c.domains.ids[index] >= 0) r += pods * c.weight;
      }
      raw[index] = Math.round(r);
    }
  }
  for (let k = 0; k < out.length; k++) {
    const c = out[k];
    if (!c.hostname) continue;
    const perNode = c.nodeCounts;
    const groups = snapshot.pods.groupsMatching(c.selector);
    for (let g = 0; g < groups.length; g++) groups[g].perNode.forEach((_count, index) => (perNode[index] = 0));
  }
  state.write(SCORE_KEY, { ignored, raw } satisfies ScoreState);
  return true;
}

const EMPTY = new Float64Array(0);
const scoreConstraintsCache = new WeakMap<PodProfile, ScoreConstraint[] & { snapshot?: ClusterSnapshot }>();
