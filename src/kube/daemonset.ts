// Tolerations the DaemonSet controller adds to every daemon pod (pkg/controller/daemon/util,
// AddOrUpdateDaemonPodTolerations): daemon pods keep running through node conditions and cordons.
import { TAINT_NODE_UNSCHEDULABLE } from './taints.js';
import type { PodSpec, Toleration } from './types.js';

const DAEMON_TOLERATIONS: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: TAINT_NODE_UNSCHEDULABLE, operator: 'Exists', effect: 'NoSchedule' },
];

/** Only for hostNetwork daemon pods. */
const HOST_NETWORK_TOLERATION: Toleration = { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' };

function sameToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? '') === (b.key ?? '') && (a.operator ?? 'Equal') === (b.operator ?? 'Equal') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');
}

/** The daemon pod's tolerations: the template's, then the controller's that are not already there. */
export function daemonPodTolerations(spec: PodSpec): Toleration[] {
  const own = Array.isArray(spec.tolerations) ? [...spec.tolerations] : [];
  const added = spec.hostNetwork === true ? [...DAEMON_TOLERATIONS, HOST_NETWORK_TOLERATION] : DAEMON_TOLERATIONS;
  for (const toleration of added) {
    if (!own.some((t) => sameToleration(t, toleration))) own.push(toleration);
  }
  return own;
}
