// NodeName (pkg/scheduler/framework/plugins/nodename): spec.nodeName, when set, must be this node.
import { ERR_REASON_NODE_NAME } from '../../../kube/kubelet-admission.js';
import type { FilterPlugin, Status } from '../../framework/types.js';
import { SUCCESS, unresolvable } from '../../framework/types.js';

export const NAME = 'NodeName';
// One wording for the scheduler and the kubelet's admission (src/kube/kubelet-admission.ts).
export const ERR_REASON = ERR_REASON_NODE_NAME;
const REJECTED: Status = Object.freeze(unresolvable(ERR_REASON));

export const nodeName: FilterPlugin = {
  name: NAME,
  staticPerNodeClass: true,
  filter(_state, pod, node) {
    const wanted = pod.profile.spec.nodeName;
    return typeof wanted !== 'string' || wanted === '' || wanted === node.name ? SUCCESS : REJECTED;
  },
};
