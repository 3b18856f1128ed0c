// NodeUnschedulable (pkg/scheduler/framework/plugins/nodeunschedulable): a cordoned node takes only
// pods that tolerate the node.kubernetes.io/unschedulable:NoSchedule taint.
import { ERR_REASON_UNSCHEDULABLE, UNSCHEDULABLE_TAINT, tolerationsTolerateTaint } from '../../../kube/taints.js';
import type { FilterPlugin, Status } from '../../framework/types.js';
import { SUCCESS, unresolvable } from '../../framework/types.js';

export const NAME = 'NodeUnschedulable';
export { ERR_REASON_UNSCHEDULABLE };
const REJECTED: Status = Object.freeze(unresolvable(ERR_REASON_UNSCHEDULABLE));

export const nodeUnschedulable: FilterPlugin = {
  name: NAME,
  staticPerNodeClass: true,
  filter(_state, pod, node) {
    if (!node.unschedulable) return SUCCESS;
    return tolerationsTolerateTaint(pod.profile.tolerations, UNSCHEDULABLE_TAINT) ? SUCCESS : REJECTED;
  },
};
