// The kubelet's own admission of a pod bound to its node (pkg/kubelet/lifecycle/predicate.go, Admit),
// which is all a pod that bypasses kube-scheduler (spec.nodeName set at creation) ever meets:
//   1. the pod's kubernetes.io/os label, then spec.os.name, against the node's OS;
//   2. generalFilter → scheduler.AdmissionCheck (pkg/scheduler/schedule_one.go), every failure kept,
//      the first one reported: resources (noderesources.Fits: pods, cpu, memory, ephemeral-storage,
//      extended resources the node has), required node affinity (nodeSelector included), node
//      name, host ports;
//   3. then taints, NoExecute only (NoSchedule is the scheduler's business, never the kubelet's).
// A rejected pod is Failed with the reason as its status (what `kubectl get pods` shows) and the
// message "Pod was rejected: …" (kubelet rejectPod). The "Predicate X failed: <reason>" wording is
// Kubernetes 1.31+ (kubernetes/kubernetes#125498); 1.30 and older print "Predicate X failed".
import { ERR_REASON_POD_NODE_AFFINITY, requiredNodeAffinityMatches } from './node-affinity.js';
import { findUntoleratedTaint, noExecuteTaints } from './taints.js';
import type { Node, PodSpec, Toleration } from './types.js';

/** kubelet rejectPod: the status message of every admission failure. */
export const POD_REJECTED_PREFIX = 'Pod was rejected: ';

/** pkg/scheduler/framework/plugins/nodename ErrReason. */
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";
/** pkg/scheduler/framework/plugins/nodeports ErrReason. */
export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
/** pkg/scheduler/framework/plugins/tainttoleration ErrReasonNotMatch. */
export const ERR_REASON_TAINTS_NOT_TOLERATED = "node(s) had taints that the pod didn't tolerate";

export type PredicateName = 'NodeAffinity' | 'NodeName' | 'NodePorts' | 'TaintToleration';

export interface KubeletRejection {
  /** The pod's status reason: `OutOfcpu`, `NodeAffinity`, … */
  reason: string;
  /** The pod's status message, "Pod was rejected: …". */
  message: string;
}

/** PredicateFailureError.Error() (1.31+): "Predicate NodeAffinity failed: node(s) didn't match …". */
export function predicateRejection(predicate: PredicateName, description: string): KubeletRejection {
  return { reason: predicate, message: `${POD_REJECTED_PREFIX}Predicate ${predicate} failed: ${description}` };
}

/** The reasons predicate.go gives the resources it names; any other resource is "OutOf<name>". */
export function outOfResourceReason(resource: string): string {
  return `OutOf${resource}`;
}

/** InsufficientResourceError.Error(): cpu in millicores, memory and storage in bytes, pods as a count. */
export function insufficientResourceRejection(resource: string, requested: number, used: number, capacity: number): KubeletRejection {
  return {
    reason: outOfResourceReason(resource),
    message: `${POD_REJECTED_PREFIX}Node didn't have enough resource: ${resource}, requested: ${requested}, used: ${used}, capacity: ${capacity}`,
  };
}

export interface InsufficientResource {
  resource: string;
  requested: number;
  used: number;
  capacity: number;
}

export interface KubeletAdmissionInput {
  spec: PodSpec;
  /** The pod's tolerations (a DaemonSet pod's include the controller's). */
  tolerations: readonly Toleration[];
  node: Node;
  /** The first resource short on the node, given the pods already there (undefined: none, or unknown). */
  insufficient?: InsufficientResource;
  /** A host port the pod wants is already taken on the node. */
  hostPortTaken?: boolean;
}

/**
 * generalFilter in upstream order (resources, node affinity, node name, host ports, then NoExecute
 * taints), the first failure reported. `check` knows no other pods, so it passes neither
 * `insufficient` nor `hostPortTaken`; the simulator passes both.
 */
export function kubeletAdmissionRejection(input: KubeletAdmissionInput): KubeletRejection | undefined {
  const { spec, tolerations, node, insufficient } = input;
  if (insufficient) return insufficientResourceRejection(insufficient.resource, insufficient.requested, insufficient.used, insufficient.capacity);
  if (!requiredNodeAffinityMatches(spec, node)) return predicateRejection('NodeAffinity', ERR_REASON_POD_NODE_AFFINITY);
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '' && spec.nodeName !== node.metadata.name) {
    return predicateRejection('NodeName', ERR_REASON_NODE_NAME);
  }
  if (input.hostPortTaken) return predicateRejection('NodePorts', ERR_REASON_NODE_PORTS);
  if (findUntoleratedTaint(node.spec?.taints, tolerations, noExecuteTaints)) return predicateRejection('TaintToleration', ERR_REASON_TAINTS_NOT_TOLERATED);
  return undefined;
}

/** A pod that names its node at creation never meets kube-scheduler: only the kubelet judges it. */
export function bypassesScheduler(spec: PodSpec): boolean {
  return typeof spec.nodeName === 'string' && spec.nodeName !== '';
}
