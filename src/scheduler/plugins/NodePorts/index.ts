// NodePorts (pkg/scheduler/framework/plugins/nodeports): a hostPort already used on the node (same
// protocol and port, and the same host IP or either side on every address) rejects it.
import { ERR_REASON_NODE_PORTS } from '../../../kube/kubelet-admission.js';
import type { HostPort } from '../../framework/node-info.js';
import type { FilterPlugin, PreFilterPlugin, Status } from '../../framework/types.js';
import { PRE_FILTER_SKIP, PRE_FILTER_SUCCESS, SUCCESS, unschedulable } from '../../framework/types.js';

export const NAME = 'NodePorts';
// One wording for the scheduler and the kubelet's admission (src/kube/kubelet-admission.ts).
export const ERR_REASON = ERR_REASON_NODE_PORTS;
const REJECTED: Status = Object.freeze(unschedulable(ERR_REASON));
const ANY_IP = new Set(['', '0.0.0.0', '::']);

export function portsConflict(wanted: HostPort, used: HostPort): boolean {
  if (wanted.port !== used.port || wanted.protocol !== used.protocol) return false;
  return ANY_IP.has(wanted.ip) || ANY_IP.has(used.ip) || wanted.ip === used.ip;
}

export const nodePorts: PreFilterPlugin & FilterPlugin = {
  name: NAME,
  nodeLocal: true,
  preFilter(_state, pod) {
    return pod.profile.hostPorts.length === 0 ? PRE_FILTER_SKIP : PRE_FILTER_SUCCESS;
  },
  filter(_state, pod, node) {
    for (const wanted of pod.profile.hostPorts) {
      for (const used of node.usedPorts) if (portsConflict(wanted, used)) return REJECTED;
    }
    return SUCCESS;
  },
};
