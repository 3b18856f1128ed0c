// Scores that read only the pod's profile and the node's own state (NodeResourcesFit's LeastAllocated,
// BalancedAllocation) stay the same for the next pod of the same profile on every node that did not
// change: replicas of one template come one after another, and a cycle changes one node (the one the
// pod is bound to). A plugin keeps its scores for the latest profile here, each with the generation of
// the node it was computed at (NodeInfo.generation, which every added pod bumps), and computes again
// only where the generation moved. The answer is the number the plugin's own arithmetic gives.
import type { PodProfile } from './pod-info.js';
import type { ClusterSnapshot } from './types.js';

export class NodeScoreMemo {
  private profile: PodProfile | undefined;
  /** Node generation each score was computed at, by node index (0: none). */
  readonly generations: Int32Array;
  readonly scores: Float64Array;

  constructor(nodeCount: number) {
    this.generations = new Int32Array(nodeCount);
    this.scores = new Float64Array(nodeCount);
  }

  /** Forgets every score when the profile changes. */
  useFor(profile: PodProfile): this {
    if (profile !== this.profile) {
      this.profile = profile;
      this.generations.fill(0);
    }
    return this;
  }
}

/** One memo per plugin and cluster snapshot. */
export function scoreMemoOf(memos: WeakMap<ClusterSnapshot, NodeScoreMemo>, snapshot: ClusterSnapshot, profile: PodProfile): NodeScoreMemo {
  let memo = memos.get(snapshot);
  if (!memo || memo.generations.length !== snapshot.nodes.length) memos.set(snapshot, (memo = new NodeScoreMemo(snapshot.nodes.length)));
  return memo.useFor(profile);
}
