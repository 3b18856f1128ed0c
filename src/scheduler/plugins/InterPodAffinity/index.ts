// InterPodAffinity (pkg/scheduler/framework/plugins/interpodaffinity): required pod affinity and
// anti-affinity of the incoming pod, and required anti-affinity of pods already bound, filter; preferred
// terms on both sides (and existing pods' required affinity, at hardPodAffinityWeight 1) score.
import type { NodeInfo } from '../../framework/node-info.js';
import type { AffinityTerm, PodInfo } from '../../framework/pod-info.js';
import { podMatchesTerm } from '../../framework/pod-info.js';
import type { ClusterSnapshot, FilterPlugin, PreFilterPlugin, ScorePlugin } from '../../framework/types.js';
import { MAX_NODE_SCORE, PRE_FILTER_SKIP, PRE_FILTER_SUCCESS, SKIP, SUCCESS, unresolvable, unschedulable } from '../../framework/types.js';

export const NAME = 'InterPodAffinity';
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";
export const HARD_POD_AFFINITY_WEIGHT = 1;

type PairCounts = Map<string, number>;
const pair = (key: string, value: string) => `${key}\u0000${value}`;
function bump(counts: PairCounts, node: NodeInfo, key: string, by: number): void {
  const value = node.labels[key];
  if (value === undefined) return;
  const k = pair(key, value);
  counts.set(k, (counts.get(k) ?? 0) + by);
}

/** An existing profile's term matched the incoming pod: its pods count `by` each in their domain. */
function addExisting(scores: PairCounts | undefined, perNode: ReadonlyMap<number, number>, snapshot: ClusterSnapshot, term: AffinityTerm, by: number): PairCounts {
  scores ??= new Map();
  for (const [index, count] of perNode) bump(scores, snapshot.nodes[index], term.topologyKey, by * count);
  return scores;
}

/** An existing profile's term that matches the incoming pod, with the weight its pods count by. */
interface ExistingMatch {
  perNode: ReadonlyMap<number, number>;
  term: AffinityTerm;
  by: number;
}
/**
 * Which existing profiles' terms match a pod depends only on the pod's namespace and labels, and
 * profiles are only ever added: the answer is kept per labels object (the replicas of a template share
 * one) and extended with the profiles added since. Same terms, same order as checking every profile.
 */
const existingMatchesByLabels = new WeakMap<object, { snapshot: ClusterSnapshot; namespace: string; checked: number; matches: ExistingMatch[] }>();
function existingTermsMatching(pod: PodInfo, snapshot: ClusterSnapshot): readonly ExistingMatch[] {
  const existingProfiles = snapshot.affinityProfiles();
  let cached = existingMatchesByLabels.get(pod.labels);
  if (!cached || cached.snapshot !== snapshot || cached.namespace !== pod.namespace) {
    cached = { snapshot, namespace: pod.namespace, checked: 0, matches: [] };
    existingMatchesByLabels.set(pod.labels, cached);
  }
  if (cached.checked === existingProfiles.size) return cached.matches;
  let position = 0;
  for (const [e, perNode] of existingProfiles) {
    if (position++ < cached.checked) continue;
    for (const term of e.requiredAffinity) if (podMatchesTerm(pod, term)) cached.matches.push({ perNode, term, by: HARD_POD_AFFINITY_WEIGHT });
    for (const { term, weight } of e.preferredAffinity) if (podMatchesTerm(pod, term)) cached.matches.push({ perNode, term, by: weight });
    for (const { term, weight } of e.preferredAntiAffinity) if (podMatchesTerm(pod, term)) cached.matches.push({ perNode, term, by: -weight });
  }
  cached.checked = existingProfiles.size;
  return cached.matches;
}

interface FilterState {
  existingAntiAffinity: PairCounts;
  affinity: PairCounts;
  antiAffinity: PairCounts;
  /** No existing pod matched every affinity term, and the pod matches its own terms. */
  affinityAllowsFirstPod: boolean;
}
const FILTER_KEY = 'PreFilterInterPodAffinity';
const SCORE_KEY = 'PreScoreInterPodAffinity';

function matchesAll(pod: PodInfo, terms: readonly AffinityTerm[]): boolean {
  return terms.every((t) => podMatchesTerm(pod, t));
}

function preFilter(pod: PodInfo, snapshot: ClusterSnapshot): FilterState | undefined {
  const profile = pod.profile;
  let existingAntiAffinity: PairCounts | undefined;
  // Existing pods are indexed by profile (identical pods share their terms), not scanned one by one.
  const existingProfiles = snapshot.affinityProfiles();
  for (const existing of existingProfiles.keys()) {
    for (const term of existing.requiredAntiAffinity) {
      if (!podMatchesTerm(pod, term)) continue;
      existingAntiAffinity ??= new Map();
      for (const [index, count] of existingProfiles.get(existing)!) bump(existingAntiAffinity, snapshot.nodes[index], term.topologyKey, count);
    }
  }
  if (profile.requiredAffinity.length === 0 && profile.requiredAntiAffinity.length === 0 && (existingAntiAffinity === undefined || existingAntiAffinity.size === 0)) return undefined;
  existingAntiAffinity ??= new Map();
  const affinity: PairCounts = new Map();
  if (profile.requiredAffinity.length > 0) {
    const [first, ...rest] = profile.requiredAffinity;
    for (const group of snapshot.pods.groupsMatching(first)) {
      if (!rest.every((t) => t.namespaceMatches(group.namespace) && snapshot.pods.groupsMatching(t).includes(group))) continue;
      const { nodeIndices, nodeCounts } = group;
      for (let e = 0; e < nodeIndices.length; e++) {
        for (const term of profile.requiredAffinity) bump(affinity, snapshot.nodes[nodeIndices[e]], term.topologyKey, nodeCounts[e]);
      }
    }
  }
  const antiAffinity: PairCounts = new Map();
  for (const term of profile.requiredAntiAffinity) {
    for (const group of snapshot.pods.groupsMatching(term)) {
      const { nodeIndices, nodeCounts } = group;
      for (let e = 0; e < nodeIndices.length; e++) bump(antiAffinity, snapshot.nodes[nodeIndices[e]], term.topologyKey, nodeCounts[e]);
    }
  }
  return { existingAntiAffinity, affinity, antiAffinity, affinityAllowsFirstPod: affinity.size === 0 && matchesAll(pod, profile.requiredAffinity) };
}

function satisfiesAffinity(s: FilterState, terms: readonly AffinityTerm[], node: NodeInfo): boolean {
  let podsExist = true;
  for (const term of terms) {
    const value = node.labels[term.topologyKey];
    if (value === undefined) return false;
    if ((s.affinity.get(pair(term.topologyKey, value)) ?? 0) <= 0) podsExist = false;
  }
  return podsExist || s.affinityAllowsFirstPod;
}

export const interPodAffinity: PreFilterPlugin & FilterPlugin & ScorePlugin = {
  name: NAME,
  preFilter(state, pod, snapshot) {
    const s = preFilter(pod, snapshot);
    if (!s) return PRE_FILTER_SKIP;
    state.write(FILTER_KEY, s);
    return PRE_FILTER_SUCCESS;
  },
  filter(state, pod, node) {
    const s = state.read<FilterState>(FILTER_KEY);
    if (!s) return SUCCESS;
    if (pod.profile.requiredAffinity.length > 0 && !satisfiesAffinity(s, pod.profile.requiredAffinity, node)) {
      return unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
    }
    for (const term of pod.profile.requiredAntiAffinity) {
      const value = node.labels[term.topologyKey];
      if (value !== undefined && (s.antiAffinity.get(pair(term.topologyKey, value)) ?? 0) > 0) return unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
    }
    if (s.existingAntiAffinity.size > 0) {
      for (const [key, value] of Object.entries(node.labels)) {
        if ((s.existingAntiAffinity.get(pair(key, value)) ?? 0) > 0) return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
      }
    }
    return SUCCESS;
  },
  preScore(state, pod, _nodes, snapshot) {
    // Plain loops, and the map made only once something counts: this runs for every pod.
    let scores: PairCounts | undefined;
    const profile = pod.profile;
    for (let sign = 1; sign >= -1; sign -= 2) {
      for (const { term, weight } of sign === 1 ? profile.preferredAffinity : profile.preferredAntiAffinity) {
        for (const group of snapshot.pods.groupsMatching(term)) {
          const { nodeIndices, nodeCounts } = group;
          for (let e = 0; e < nodeIndices.length; e++) bump((scores ??= new Map()), snapshot.nodes[nodeIndices[e]], term.topologyKey, sign * weight * nodeCounts[e]);
        }
      }
    }
    const matches = existingTermsMatching(pod, snapshot);
    for (let i = 0; i < matches.length; i++) scores = addExisting(scores, matches[i].perNode, snapshot, matches[i].term, matches[i].by);
    if (scores === undefined) return SKIP;
    if (scores.size === 0) return SKIP;
    const byKey = new Map<string, Map<string, number>>();
    for (const [k, v] of scores) {
      const [key, value] = k.split('\u0000');
      let m = byKey.get(key);
      if (!m) byKey.set(key, (m = new Map()));
      m.set(value, v);
    }
    state.write(SCORE_KEY, byKey);
    return SUCCESS;
  },
  score(state, _pod, node) {
    const byKey = state.read<Map<string, Map<string, number>>>(SCORE_KEY)!;
    let score = 0;
    for (const [key, values] of byKey) {
      const value = node.labels[key];
      if (value !== undefined) score += values.get(value) ?? 0;
    }
    return score;
  },
  scoreNodes(state, _pod, nodes, scores) {
    const byKey = [...state.read<Map<string, Map<string, number>>>(SCORE_KEY)!];
    for (let i = 0; i < nodes.length; i++) {
      const labels = nodes[i].labels;
      let score = 0;
      for (let k = 0; k < byKey.length; k++) {
        const value = labels[byKey[k][0]];
        if (value !== undefined) score += byKey[k][1].get(value) ?? 0;
      }
      scores[i] = score;
    }
  },
  normalizeScore(_state, _pod, scores) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const s of scores) {
      if (s < min) min = s;
      if (s > max) max = s;
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i] - min) / diff)) : 0;
  },
};
