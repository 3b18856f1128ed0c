// InterPodAffinity (pkg/scheduler/framework/plugins/interpodaffinity): required pod affinity and
// anti-affinity of the incoming pod, and required anti-affinity of pods already bound, filter; preferred
// terms on both sides (and existing pods' required affinity, at hardPodAffinityWeight 1) score.
import type { NodeInfo } from '../../framework/node-info.js';
import type { AffinityTerm, PodInfo, WeightedAffinityTerm } from '../../framework/pod-info.js';
import { podMatchesTerm } from '../../framework/pod-info.js';
import type { ClusterSnapshot, FilterPlugin, PreFilterPlugin, ScorePlugin } from '../../framework/types.js';
import { MAX_NODE_SCORE, SKIP, SUCCESS, unresolvable, unschedulable } from '../../framework/types.js';

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
  const existingAntiAffinity: PairCounts = new Map();
  // Existing pods are indexed by profile (identical pods share their terms), not scanned one by one.
  for (const [existing, perNode] of snapshot.affinityProfiles()) {
    for (const term of existing.requiredAntiAffinity) {
      if (!podMatchesTerm(pod, term)) continue;
      for (const [index, count] of perNode) bump(existingAntiAffinity, snapshot.nodes[index], term.topologyKey, count);
    }
  }
  if (profile.requiredAffinity.length === 0 && profile.requiredAntiAffinity.length === 0 && existingAntiAffinity.size === 0) return undefined;
  const affinity: PairCounts = new Map();
  if (profile.requiredAffinity.length > 0) {
    const [first, ...rest] = profile.requiredAffinity;
    for (const group of snapshot.pods.groupsMatching(first)) {
      if (!rest.every((t) => t.namespaceMatches(group.namespace) && snapshot.pods.groupsMatching(t).includes(group))) continue;
      for (const [index, count] of group.perNode) {
        for (const term of profile.requiredAffinity) bump(affinity, snapshot.nodes[index], term.topologyKey, count);
      }
    }
  }
  const antiAffinity: PairCounts = new Map();
  for (const term of profile.requiredAntiAffinity) {
    for (const group of snapshot.pods.groupsMatching(term)) {
      for (const [index, count] of group.perNode) bump(antiAffinity, snapshot.nodes[index], term.topologyKey, count);
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
    if (!s) return { status: SKIP };
    state.write(FILTER_KEY, s);
    return { status: SUCCESS };
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
    const scores: PairCounts = new Map();
    const profile = pod.profile;
    const addTerms = (terms: readonly WeightedAffinityTerm[], sign: number) => {
      for (const { term, weight } of terms) {
        for (const group of snapshot.pods.groupsMatching(term)) {
          for (const [index, count] of group.perNode) bump(scores, snapshot.nodes[index], term.topologyKey, sign * weight * count);
        }
      }
    };
    addTerms(profile.preferredAffinity, 1);
    addTerms(profile.preferredAntiAffinity, -1);
    for (const [e, perNode] of snapshot.affinityProfiles()) {
      const add = (term: AffinityTerm, by: number) => {
        if (!podMatchesTerm(pod, term)) return;
        for (const [index, count] of perNode) bump(scores, snapshot.nodes[index], term.topologyKey, by * count);
      };
      for (const term of e.requiredAffinity) add(term, HARD_POD_AFFINITY_WEIGHT);
      for (const { term, weight } of e.preferredAffinity) add(term, weight);
      for (const { term, weight } of e.preferredAntiAffinity) add(term, -weight);
    }
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
