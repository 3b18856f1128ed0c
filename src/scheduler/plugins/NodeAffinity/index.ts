// NodeAffinity (pkg/scheduler/framework/plugins/nodeaffinity): spec.nodeSelector and required node
// affinity filter, preferred terms score. PreFilter narrows the nodes to those a matchFields
// metadata.name term names (how DaemonSet pods are pinned to their node).
import { ERR_REASON_POD_NODE_AFFINITY, preferredNodeAffinityScore, requiredNodeAffinityMatches } from '../../../kube/node-affinity.js';
import type { FilterPlugin, PreFilterPlugin, ScorePlugin, Status } from '../../framework/types.js';
import { MAX_NODE_SCORE, PRE_FILTER_SUCCESS, SKIP, SUCCESS, defaultNormalizeScore, unresolvable } from '../../framework/types.js';

export const NAME = 'NodeAffinity';
export const ERR_REASON_POD = ERR_REASON_POD_NODE_AFFINITY;
const REJECTED: Status = Object.freeze(unresolvable(ERR_REASON_POD));

export const nodeAffinity: PreFilterPlugin & FilterPlugin & ScorePlugin = {
  name: NAME,
  staticPerNodeClass: true,
  preFilter(_state, pod) {
    const names = pod.profile.nodeNameAffinity;
    return names ? { status: SUCCESS, nodeNames: names } : PRE_FILTER_SUCCESS;
  },
  filter(_state, pod, node) {
    return requiredNodeAffinityMatches(pod.profile.spec, node.node) ? SUCCESS : REJECTED;
  },
  preScore(_state, pod) {
    return pod.profile.hasPreferredNodeAffinity ? SUCCESS : SKIP;
  },
  score(_state, pod, node) {
    return preferredNodeAffinityScore(pod.profile.spec, node.node);
  },
  normalizeScore(_state, _pod, scores) {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
  },
};
