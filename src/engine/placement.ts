// Where a workload's pods could land: kube-scheduler's node filters that depend only on the pod and
// the node (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity), in upstream order, each
// node rejected by its first failing filter. Resource fit and pod-to-pod rules are `simulate`'s job.
import { ERR_REASON_POD_NODE_AFFINITY, requiredNodeAffinityMatches } from '../kube/node-affinity.js';
import { ERR_REASON_UNSCHEDULABLE, UNSCHEDULABLE_TAINT, doNotScheduleTaints, findUntoleratedTaint, tolerationsTolerateTaint, untoleratedTaintReason } from '../kube/taints.js';
import type { Node, PodSpec, Taint, Toleration } from '../kube/types.js';
import { ERR_REASON_NODE_NAME, bypassesScheduler, kubeletAdmissionRejection } from '../kube/kubelet-admission.js';

export type PlacementFilter = 'NodeUnschedulable' | 'NodeName' | 'TaintToleration' | 'NodeAffinity' | 'KubeletAdmission';

// The reason strings live in src/kube/ and the scheduler plugins use the same: one source for check and simulate.

export interface NodeRejection {
  node: Node;
  filter: PlacementFilter;
  /** kube-scheduler's reason text. */
  reason: string;
  /** The taint, for TaintToleration rejections. */
  taint?: Taint;
  /** For KubeletAdmission: the pod's status reason (`NodeAffinity`, `TaintToleration`, …). */
  kubeletReason?: string;
}

export interface Placement {
  eligible: Node[];
  rejections: NodeRejection[];
  /** spec.nodeName is set: no scheduler filter ran, only the named node's kubelet judges the pod. */
  bypassesScheduler: boolean;
}

/** The first static filter `node` fails for a pod with this spec and tolerations, if any. */
export function firstStaticRejection(spec: PodSpec, tolerations: readonly Toleration[], node: Node): NodeRejection | undefined {
  if (node.spec?.unschedulable === true && !tolerationsTolerateTaint(tolerations, UNSCHEDULABLE_TAINT)) {
    return { node, filter: 'NodeUnschedulable', reason: ERR_REASON_UNSCHEDULABLE };
  }
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '' && spec.nodeName !== node.metadata.name) {
    return { node, filter: 'NodeName', reason: ERR_REASON_NODE_NAME };
  }
  const taint = findUntoleratedTaint(node.spec?.taints, tolerations, doNotScheduleTaints);
  if (taint) return { node, filter: 'TaintToleration', reason: untoleratedTaintReason(taint), taint };
  if (!requiredNodeAffinityMatches(spec, node)) return { node, filter: 'NodeAffinity', reason: ERR_REASON_POD_NODE_AFFINITY };
  return undefined;
}

/**
 * A pod created with spec.nodeName never meets kube-scheduler: the named node's kubelet admits it or
 * not (src/kube/kubelet-admission.ts; what needs the other pods, resources and ports, is simulate's).
 */
function kubeletRejection(spec: PodSpec, tolerations: readonly Toleration[], node: Node): NodeRejection | undefined {
  if (spec.nodeName !== node.metadata.name) return { node, filter: 'NodeName', reason: ERR_REASON_NODE_NAME };
  const rejected = kubeletAdmissionRejection({ spec, tolerations, node });
  return rejected && { node, filter: 'KubeletAdmission', reason: rejected.message, kubeletReason: rejected.reason };
}

/** Filters every node; `tolerations` are the pod's effective ones (template + RuntimeClass + DaemonSet controller). */
export function placementOf(spec: PodSpec, tolerations: readonly Toleration[], nodes: readonly Node[]): Placement {
  const eligible: Node[] = [];
  const rejections: NodeRejection[] = [];
  const bypass = bypassesScheduler(spec);
  for (const node of nodes) {
    const rejection = bypass ? kubeletRejection(spec, tolerations, node) : firstStaticRejection(spec, tolerations, node);
    if (rejection) rejections.push(rejection);
    else eligible.push(node);
  }
  return { eligible, rejections, bypassesScheduler: bypass };
}
