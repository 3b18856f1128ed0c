// NodeName (pkg/scheduler/framework/plugins/nodename): spec.nodeName, when set, must be this node.
import type { FilterPlugin, Status } from '../../framework/types.js';
import { SUCCESS, unresolvable } from '../../framework/types.js';

export const NAME = 'NodeName';
export const ERR_REASON = "node(s) didn't match the requested node name";
const REJECTED: Status = Object.freeze(unresolvable(ERR_REASON));

export const nodeName: FilterPlugin = {
  name: NAME,
  staticPerNodeClass: true,
  filter(_state, pod, node) {
    const wanted = pod.profile.spec.nodeName;
    return typeof wanted !== 'string' || wanted === '' || wanted === node.name ? SUCCESS : REJECTED;
  },
};
