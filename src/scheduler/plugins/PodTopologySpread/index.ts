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
  if (!s) selectorCache.set(owner, (s = { namespaceMatches: (ns) => ns === namespace, selector }));
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
    return s.ignored.has(node.index) ? 0 : s.raw[node.index];
  },
  normalizeScore(state, _pod, scores, nodes) {
    const s = state.read<ScoreState>(SCORE_KEY)!;
    let min = Number.POSITIVE_INFINITY;
    let max = 0;
    for (let i = 0; i < scores.length; i++) {
      if (s.ignored.has(nodes[i].index)) continue;
      if (scores[i] < min) min = scores[i];
      if (scores[i] > max) max = scores[i];
    }
    for (let i = 0; i < scores.length; i++) {
      if (s.ignored.has(nodes[i].index)) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
    }
  },
};

interface ScoreConstraint {
  topologyKey: string;
  maxSkew: number;
  selector: GroupSelector;
  weight: number;
  domainCounts: Map<string, number>;
}
interface ScoreState {
  constraints: ScoreConstraint[];
  ignored: Set<number>;
  /** Raw score by node index, filled for the nodes being scored. */
  raw: Float64Array;
}

/** One scratch buffer per cluster, reused by every cycle (scores are computed in PreScore). */
const buffers = new WeakMap<object, { raw: Float64Array; stamp: Int32Array; generation: number }>();
function bufferFor(snapshot: ClusterSnapshot) {
  let b = buffers.get(snapshot);
  if (!b || b.raw.length < snapshot.nodes.length) {
    b = { raw: new Float64Array(snapshot.nodes.length), stamp: new Int32Array(snapshot.nodes.length), generation: 0 };
    buffers.set(snapshot, b);
  }
  return b;
}

const defaultConstraintsCache = new WeakMap<PodProfile, SpreadConstraint[]>();
function scoringConstraints(profile: PodProfile): { constraints: readonly SpreadConstraint[]; systemDefault: boolean } {
  if (profile.spreadConstraints.length > 0) {
    return { constraints: profile.spreadConstraints.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway'), systemDefault: false };
  }
  const selector = profile.defaultSpreadSelector;
  if (!selector) return { constraints: [], systemDefault: true };
  let built = defaultConstraintsCache.get(profile);
  if (!built) {
    built = SYSTEM_DEFAULT_CONSTRAINTS.map((d) => ({
      maxSkew: d.maxSkew,
      topologyKey: d.topologyKey,
      whenUnsatisfiable: 'ScheduleAnyway' as const,
      selector,
      minDomains: 1,
      nodeAffinityPolicy: 'Honor' as const,
      nodeTaintsPolicy: 'Ignore' as const,
    }));
    defaultConstraintsCache.set(profile, built);
  }
  return { constraints: built, systemDefault: true };
}

function preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], snapshot: ClusterSnapshot): boolean {
  const { constraints, systemDefault } = scoringConstraints(pod.profile);
  if (constraints.length === 0) return false;
  const requireAll = !systemDefault;
  const ignored = new Set<number>();
  if (requireAll) for (const node of nodes) if (!constraints.every((c) => node.labels[c.topologyKey] !== undefined)) ignored.add(node.index);
  const affinityCache = new Map<number, boolean>();
  const out: ScoreConstraint[] = [];
  for (const c of constraints) {
    const selector = groupSelector(c.selector, pod.namespace, c.selector);
    const domainCounts = new Map<string, number>();
    let size: number;
    if (c.topologyKey === LABEL_HOSTNAME) {
      size = nodes.length - ignored.size;
    } else {
      for (const node of nodes) {
        if (ignored.has(node.index)) continue;
        const value = node.labels[c.topologyKey];
        if (value !== undefined && !domainCounts.has(value)) domainCounts.set(value, 0);
      }
      size = domainCounts.size;
      for (const [index, count] of snapshot.pods.countsByNode(selector)) {
        const node = snapshot.nodes[index];
        const value = node.labels[c.topologyKey];
        if (value === undefined || !domainCounts.has(value)) continue;
        if (requireAll && !constraints.every((k) => node.labels[k.topologyKey] !== undefined)) continue;
        if (!nodeIncluded(pod.profile, c, node, affinityCache)) continue;
        domainCounts.set(value, domainCounts.get(value)! + count);
      }
    }
    out.push({ topologyKey: c.topologyKey, maxSkew: c.maxSkew, selector, weight: Math.log(size + 2), domainCounts });
  }
  // Raw scores: Σ over constraints of matching pods in the node's domain × log(domains + 2) + (maxSkew − 1).
  const buffer = bufferFor(snapshot);
  const generation = ++buffer.generation;
  const { raw, stamp } = buffer;
  for (const node of nodes) {
    stamp[node.index] = generation;
    let score = 0;
    for (const c of out) {
      const value = node.labels[c.topologyKey];
      if (value === undefined) continue;
      score += c.maxSkew - 1;
      if (c.topologyKey !== LABEL_HOSTNAME) score += (c.domainCounts.get(value) ?? 0) * c.weight;
    }
    raw[node.index] = score;
  }
  for (const c of out) {
    if (c.topologyKey !== LABEL_HOSTNAME) continue;
    for (const [index, count] of snapshot.pods.countsByNode(c.selector)) {
      if (stamp[index] === generation && snapshot.nodes[index].labels[LABEL_HOSTNAME] !== undefined) raw[index] += count * c.weight;
    }
  }
  for (const node of nodes) raw[node.index] = Math.round(raw[node.index]);
  state.write(SCORE_KEY, { constraints: out, ignored, raw } satisfies ScoreState);
  return true;
}
