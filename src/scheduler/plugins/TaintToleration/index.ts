// TaintToleration (pkg/scheduler/framework/plugins/tainttoleration): NoSchedule/NoExecute taints the
// pod does not tolerate reject the node; untolerated PreferNoSchedule taints lower its score.
import { countIntolerablePreferNoScheduleTaints, doNotScheduleTaints, findUntoleratedTaint, untoleratedTaintReason } from '../../../kube/taints.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { FilterPlugin, ScorePlugin } from '../../framework/types.js';
import { MAX_NODE_SCORE, SKIP, SUCCESS, defaultNormalizeScore, unresolvable } from '../../framework/types.js';

export const NAME = 'TaintToleration';
/** The reason's shape, "node(s) had untolerated taint {key: value}" (Kubernetes 1.25–1.33). */
export { untoleratedTaintReason };

const hasPreferNoSchedule = (n: NodeInfo) => n.taints.some((t) => t.effect === 'PreferNoSchedule');
const clustersWithPreferNoSchedule = new WeakMap<object, boolean>();

export const taintToleration: FilterPlugin & ScorePlugin = {
  name: NAME,
  staticPerNodeClass: true,
  filter(_state, pod, node) {
    const taint = findUntoleratedTaint(node.taints, pod.profile.tolerations, doNotScheduleTaints);
    return taint ? unresolvable(untoleratedTaintReason(taint)) : SUCCESS;
  },
  preScore(_state, _pod, nodes, snapshot) {
    // Without any PreferNoSchedule taint every node scores the same: skipping changes no placement.
    // Taints never change during a run: when no node of the cluster has one, no subset has.
    let anyInCluster = clustersWithPreferNoSchedule.get(snapshot);
    if (anyInCluster === undefined) clustersWithPreferNoSchedule.set(snapshot, (anyInCluster = snapshot.nodes.some(hasPreferNoSchedule)));
    return anyInCluster && nodes.some(hasPreferNoSchedule) ? SUCCESS : SKIP;
  },
  score(_state, pod, node) {
    return countIntolerablePreferNoScheduleTaints(node.taints, pod.profile.tolerations);
  },
  normalizeScore(_state, _pod, scores) {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
  },
};
