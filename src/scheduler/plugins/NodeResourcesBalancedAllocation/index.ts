// NodeResourcesBalancedAllocation (pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go):
// prefers nodes where cpu and memory end up equally used: score = (1 − std of the two fractions) × 100,
// with the pod's actual requests added. Best-effort pods are skipped (upstream since 1.33).
import { scoreMemoOf } from '../../framework/score-memo.js';
import type { NodeScoreMemo } from '../../framework/score-memo.js';
import type { ClusterSnapshot, ScorePlugin } from '../../framework/types.js';
import { MAX_NODE_SCORE, SKIP, SUCCESS } from '../../framework/types.js';

export const NAME = 'NodeResourcesBalancedAllocation';

export function balancedScore(cpuFraction: number | undefined, memoryFraction: number | undefined): number {
  // With one fraction (or none) the standard deviation is 0. Same arithmetic as upstream, no array.
  if (cpuFraction === undefined || memoryFraction === undefined) return MAX_NODE_SCORE;
  const std = Math.abs((Math.min(cpuFraction, 1) - Math.min(memoryFraction, 1)) / 2);
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export const nodeResourcesBalancedAllocation: ScorePlugin = {
  name: NAME,
  preScore(_state, pod) {
    const r = pod.profile.request;
    return r.cpu === 0 && r.memory === 0 ? SKIP : SUCCESS;
  },
  score(_state, pod, node) {
    // balancedScore inlined: passing the fractions to a call boxed two doubles per node scored.
    const r = pod.profile.request;
    if (node.allocatableCpu === 0 || node.allocatableMemory === 0) return MAX_NODE_SCORE;
    const cpu = Math.min((node.requestedCpu + r.cpu) / node.allocatableCpu, 1);
    const memory = Math.min((node.requestedMemory + r.memory) / node.allocatableMemory, 1);
    return Math.trunc((1 - Math.abs((cpu - memory) / 2)) * MAX_NODE_SCORE);
  },
  scoreNodes(_state, pod, nodes, scores, snapshot) {
    // score() per node, inlined, on the snapshot's node table.
    const podCpu = pod.profile.request.cpu;
    const podMemory = pod.profile.request.memory;
    const { allocatableCpu, allocatableMemory, requestedCpu, requestedMemory, generation } = snapshot.table;
    const indices = snapshot.indicesOf(nodes);
    const memo = scoreMemoOf(memos, snapshot, pod.profile);
    const known = memo.generations;
    const knownScores = memo.scores;
    for (let i = 0; i < nodes.length; i++) {
      const index = indices[i];
      if (known[index] === generation[index]) {
        scores[i] = knownScores[index];
        continue;
      }
      known[index] = generation[index];
      const cpuCapacity = allocatableCpu[index];
      const memoryCapacity = allocatableMemory[index];
      if (cpuCapacity === 0 || memoryCapacity === 0) {
        scores[i] = knownScores[index] = MAX_NODE_SCORE;
        continue;
      }
      const cpu = Math.min((requestedCpu[index] + podCpu) / cpuCapacity, 1);
      const memory = Math.min((requestedMemory[index] + podMemory) / memoryCapacity, 1);
      scores[i] = knownScores[index] = Math.trunc((1 - Math.abs((cpu - memory) / 2)) * MAX_NODE_SCORE);
    }
  },
};

/** Scores for the latest profile (see NodeScoreMemo). */
const memos = new WeakMap<ClusterSnapshot, NodeScoreMemo>();
