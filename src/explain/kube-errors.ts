// Kubernetes' own messages about Windows/Linux placement, for `kube-hybrid explain`: kube-scheduler's
// FailedScheduling reasons (one entry per reason: explain splits "0/N nodes are available: …" into its
// reasons first), the kubelet's admission rejections, and API-server/admission refusals. Patterns are
// built from the reason constants the simulator and `check` use, so the three read the same text.
import { ERR_REASON_POD_NODE_AFFINITY } from '../kube/node-affinity.js';
import { POD_REJECTED_PREFIX } from '../kube/kubelet-admission.js';
import { OVERHEAD_MISMATCH_MESSAGE, OVERHEAD_WITHOUT_RUNTIME_CLASS_MESSAGE, runtimeClassNotFoundMessage } from '../kube/runtime-class.js';
import { untoleratedTaintReason } from '../kube/taints.js';
import { NO_PREEMPTION_VICTIMS, PREEMPTION_NOT_HELPFUL } from '../kube/fit-error.js';
import { POD_OS_NOT_SUPPORTED_MESSAGE, POD_OS_SELECTOR_MESSAGE } from '../scheduler/kubelet.js';
import { ERR_REASON_AFFINITY_RULES_NOT_MATCH, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH } from '../scheduler/plugins/InterPodAffinity/index.js';
import { ERR_REASON as NODE_NAME_REASON } from '../scheduler/plugins/NodeName/index.js';
import { ERR_REASON as NODE_PORTS_REASON } from '../scheduler/plugins/NodePorts/index.js';
import { ERR_REASON_TOO_MANY_PODS, insufficientResourceReason } from '../scheduler/plugins/NodeResourcesFit/index.js';
import { ERR_REASON_UNSCHEDULABLE } from '../scheduler/plugins/NodeUnschedulable/index.js';
import { ERR_REASON_CONSTRAINTS_NOT_MATCH } from '../scheduler/plugins/PodTopologySpread/index.js';
import type { CatalogueEntry, ErrorSource } from '../windows/errors.js';

const READ = '2026-11-30';
const k8s = (path: string): ErrorSource => ({ url: `https://github.com/kubernetes/kubernetes/blob/master/${path}`, read: READ });
const gh = (path: string): ErrorSource => ({ url: `https://github.com/${path}`, read: READ });
const WINDOWS_GUIDE: ErrorSource = { url: 'https://kubernetes.io/docs/concepts/windows/user-guide/', read: READ };
const TAINTS_DOC: ErrorSource = { url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/', read: READ };

/** A regular-expression source matching `text` literally. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "node(s) had untolerated taint {os: windows}" → a pattern capturing the taint's key and value. */
const TAINT_PREFIX = literal(untoleratedTaintReason({ key: 'K', value: 'V', effect: 'NoSchedule' }).replace('{K: V}', ''));

export const KUBE_ERRORS: readonly CatalogueEntry[] = [
  // --- the kubelet's refusal of a pod bound without the scheduler (before the scheduler reasons it quotes)
  {
    id: 'kubelet-predicate-failed',
    origin: 'kubelet',
    title: 'The node\'s kubelet refused a pod bound to it without the scheduler',
    pattern: new RegExp(`${literal(POD_REJECTED_PREFIX)}Predicate (?<predicate>NodeAffinity|NodeName|NodePorts|TaintToleration) failed(?:: (?<detail>[^\\n]+))?`),
    cause: 'The pod was bound to its node directly (spec.nodeName, or a controller that sets it), so no scheduler checked it; the kubelet ran the same check ({{predicate}}) and refused it. In a hybrid cluster this is typically a pod named onto a node of the other OS, or onto a Windows node whose NoExecute taint it does not tolerate.',
    fix: 'Remove spec.nodeName and let the scheduler place the pod with a kubernetes.io/os nodeSelector (and the Windows toleration); or name a node that fits.',
    rules: ['no-eligible-node'],
    sources: [k8s('pkg/kubelet/lifecycle/predicate.go'), gh('kubernetes/kubernetes/pull/125498')],
  },
  {
    id: 'kubelet-out-of-resource',
    origin: 'kubelet',
    title: 'The node\'s kubelet refused a pod it has no room for',
    pattern: new RegExp(`${literal(POD_REJECTED_PREFIX)}Node didn't have enough resource: (?<resource>[\\w./-]+), requested: (?<requested>\\d+), used: (?<used>\\d+), capacity: (?<capacity>\\d+)`),
    cause: 'The pod was bound to the node without the scheduler, and the node has too little {{resource}} left (requested {{requested}}, used {{used}}, capacity {{capacity}}; cpu in millicores, memory in bytes). Windows nodes reserve more for the system, so they fill sooner.',
    fix: 'Let the scheduler place the pod (remove spec.nodeName), or lower its {{resource}} request.',
    rules: [],
    sources: [k8s('pkg/kubelet/lifecycle/predicate.go')],
  },
  // --- kube-scheduler FailedScheduling reasons (matched one reason at a time) -------------------------
  {
    id: 'scheduler-untolerated-taint',
    origin: 'kube-scheduler',
    title: 'Nodes have a taint the pod does not tolerate',
    pattern: new RegExp(`${TAINT_PREFIX}\\{(?<taintKey>[^:}]*): (?<taintValue>[^}]*)\\}`),
    cause:
      '{{count}} node(s) carry the taint {{taintKey}}={{taintValue}} and the pod has no toleration for it. Windows node pools are usually tainted (for example os=windows:NoSchedule) so that Linux pods stay off them: a Windows pod needs the matching toleration, and a Linux pod rejected by it is in the right place.',
    fix: 'For a Windows pod, add the toleration that matches the taint (key {{taintKey}}, value {{taintValue}}, its effect) together with nodeSelector kubernetes.io/os: windows. For a Linux pod this reason is expected on Windows nodes; look at the other reasons.',
    rules: ['no-eligible-node', 'windows-workload-on-linux-node'],
    sources: [k8s('pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go'), TAINTS_DOC, WINDOWS_GUIDE],
  },
  {
    id: 'scheduler-node-affinity',
    origin: 'kube-scheduler',
    title: 'Nodes do not match the pod\'s nodeSelector or node affinity',
    pattern: new RegExp(literal(ERR_REASON_POD_NODE_AFFINITY)),
    cause: '{{count}} node(s) lack the labels the pod\'s nodeSelector or required node affinity asks for — for example kubernetes.io/os: windows on Linux nodes, or a node.kubernetes.io/windows-build no node has.',
    fix: 'Compare the pod\'s nodeSelector/affinity with the node labels (kubectl get nodes -L kubernetes.io/os,node.kubernetes.io/windows-build); `kube-hybrid simulate` shows which nodes each pod can use.',
    rules: ['no-eligible-node', 'windows-workload-on-linux-node', 'linux-workload-on-windows-node'],
    sources: [k8s('pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go'), WINDOWS_GUIDE],
  },
  {
    id: 'scheduler-insufficient-windows-ip',
    origin: 'cloud',
    title: 'EKS Windows nodes have no pod IP addresses left',
    pattern: new RegExp(literal(insufficientResourceReason('vpc.amazonaws.com/PrivateIPv4Address'))),
    cause: 'On EKS each Windows node offers a fixed number of pod IPs as the extended resource vpc.amazonaws.com/PrivateIPv4Address (per instance type); {{count}} node(s) have none left, or the resource is not advertised because Windows support is not enabled.',
    fix: 'Add Windows nodes or use an instance type with more IPs per interface; check that Windows support is enabled on the cluster so the nodes advertise the resource.',
    rules: [],
    sources: [gh('eksctl-io/eksctl/issues/1512'), gh('aws/containers-roadmap/issues/240')],
  },
  {
    id: 'scheduler-insufficient-resource',
    origin: 'kube-scheduler',
    title: 'Nodes do not have enough of a requested resource',
    pattern: new RegExp(`${literal(insufficientResourceReason('X')).replace('X', '')}(?<resource>[\\w./-]+)`),
    cause: '{{count}} node(s) have too little {{resource}} left for the pod\'s requests. Windows nodes reserve more memory for the system than Linux nodes, so the same request fits fewer pods on them.',
    fix: 'Lower the pod\'s {{resource}} request, free or add capacity in the pool the pod targets, or check that the pod targets the pool you expect.',
    rules: [],
    sources: [k8s('pkg/scheduler/framework/plugins/noderesources/fit.go')],
  },
  {
    id: 'scheduler-too-many-pods',
    origin: 'kube-scheduler',
    title: 'Nodes already run their maximum number of pods',
    pattern: new RegExp(`(?<![\\w-])${literal(ERR_REASON_TOO_MANY_PODS)}`),
    cause: '{{count}} node(s) reached their pod limit (the node\'s allocatable pods; on Windows often lower, set by the CNI\'s IP count).',
    fix: 'Add nodes to the pool or raise the pod limit where the network allows it.',
    rules: [],
    sources: [k8s('pkg/scheduler/framework/plugins/noderesources/fit.go')],
  },
  {
    id: 'scheduler-unschedulable',
    origin: 'kube-scheduler',
    title: 'Nodes are cordoned',
    pattern: new RegExp(literal(ERR_REASON_UNSCHEDULABLE)),
    cause: '{{count}} node(s) are marked unschedulable (cordoned, for example during a Windows node upgrade).',
    fix: 'Uncordon the nodes when their maintenance is over, or make room elsewhere in the pool.',
    rules: [],
    sources: [k8s('pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go')],
  },
  {
    id: 'scheduler-node-ports',
    origin: 'kube-scheduler',
    title: 'The pod\'s host port is already used on the nodes',
    pattern: new RegExp(literal(NODE_PORTS_REASON)),
    cause: '{{count}} node(s) already run a pod using the same hostPort and protocol.',
    fix: 'Drop the hostPort (use a Service), or run at most one such pod per node.',
    rules: [],
    sources: [k8s('pkg/scheduler/framework/plugins/nodeports/node_ports.go')],
  },
  {
    id: 'scheduler-node-name',
    origin: 'kube-scheduler',
    title: 'The pod names a node',
    pattern: new RegExp(literal(NODE_NAME_REASON)),
    cause: '{{count}} node(s) are not the node the pod\'s spec.nodeName asks for.',
    fix: 'Remove spec.nodeName, or name an existing node of the pod\'s OS.',
    rules: [],
    sources: [k8s('pkg/scheduler/framework/plugins/nodename/node_name.go')],
  },
  {
    id: 'scheduler-topology-spread',
    origin: 'kube-scheduler',
    title: 'Placing the pod would break its topology spread constraints',
    pattern: new RegExp(`${literal(ERR_REASON_CONSTRAINTS_NOT_MATCH)}(?<missingLabel> \\(missing required label\\))?`),
    cause: '{{count}} node(s) would exceed the constraint\'s maxSkew, or lack the topologyKey label. Windows pools are often smaller or in fewer zones than Linux pools, which makes whenUnsatisfiable: DoNotSchedule constraints bite.',
    fix: 'Spread over the zones the Windows pool has, raise maxSkew, or use whenUnsatisfiable: ScheduleAnyway.',
    rules: [],
    sources: [k8s('pkg/scheduler/framework/plugins/podtopologyspread/filtering.go')],
  },
  {
    id: 'scheduler-pod-affinity',
    origin: 'kube-scheduler',
    title: 'The pod\'s (anti-)affinity to other pods cannot be met',
    pattern: new RegExp(`${literal(ERR_REASON_AFFINITY_RULES_NOT_MATCH)}|${literal(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH)}|${literal(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH)}`),
    cause: '{{count}} node(s) fail the pod affinity rules. In a hybrid cluster, affinity to pods of the other OS can never be met: they run on nodes this pod cannot use.',
    fix: 'Make pod affinity refer to pods of the same OS, or relax it to preferredDuringScheduling.',
    rules: [],
    sources: [k8s('pkg/scheduler/framework/plugins/interpodaffinity/filtering.go')],
  },
  {
    id: 'scheduler-volume-node-affinity',
    origin: 'kube-scheduler',
    title: 'The pod\'s volume can only be used from other nodes',
    pattern: /node\(s\) had volume node affinity conflict/,
    cause: '{{count}} node(s) cannot reach the pod\'s persistent volume (it is bound to another zone or node) — or the volume\'s node affinity selects Linux nodes only.',
    fix: 'Use a StorageClass with volumeBindingMode: WaitForFirstConsumer and a CSI driver that runs on Windows nodes.',
    rules: [],
    sources: [k8s('pkg/scheduler/framework/plugins/volumebinding/binder.go')],
  },
  {
    id: 'scheduler-preemption',
    origin: 'kube-scheduler',
    title: 'Preemption cannot help',
    pattern: new RegExp(`${literal(PREEMPTION_NOT_HELPFUL)}|${literal(NO_PREEMPTION_VICTIMS)}`),
    cause: 'Evicting lower-priority pods would not make room on {{count}} node(s): what rejects the pod there (a taint, a selector, an OS) does not depend on other pods.',
    fix: 'Fix the other reasons of the message; this one only says preemption was tried.',
    rules: [],
    sources: [k8s('pkg/scheduler/framework/preemption/preemption.go')],
  },

  // --- the kubelet's admission ----------------------------------------------------------------------
  {
    id: 'kubelet-pod-os-not-supported',
    origin: 'kubelet',
    title: 'The pod\'s spec.os.name is not the node\'s OS',
    pattern: new RegExp(`PodOSNotSupported|${literal(POD_OS_NOT_SUPPORTED_MESSAGE)}`),
    cause: 'The kubelet refuses pods whose spec.os.name differs from its node\'s OS. spec.os.name does not steer the scheduler: the pod was placed on a node of the other OS because nothing (nodeSelector, affinity, taint) kept it away.',
    fix: 'Add nodeSelector kubernetes.io/os matching spec.os.name (and, for Windows, the toleration of the Windows taint).',
    rules: ['os-field-contradicts-selector', 'windows-workload-on-linux-node', 'linux-workload-on-windows-node'],
    sources: [gh('kubernetes/kubernetes/pull/105292'), k8s('pkg/kubelet/lifecycle/predicate.go')],
  },
  {
    id: 'kubelet-os-selector-mismatch',
    origin: 'kubelet',
    title: 'The pod\'s kubernetes.io/os label does not match the node',
    pattern: new RegExp(`PodOSSelectorNodeLabelDoesNotMatch|${literal(POD_OS_SELECTOR_MESSAGE)}`),
    cause: 'The kubelet refuses a pod labelled kubernetes.io/os with another OS than its node\'s; the pod reached the node without a scheduler decision that checked it (spec.nodeName set directly, or a DaemonSet without an OS selector).',
    fix: 'Give the pod (or DaemonSet template) nodeSelector kubernetes.io/os with the same value as its label, instead of binding it to a node by name.',
    rules: ['linux-workload-on-windows-node', 'windows-workload-on-linux-node'],
    sources: [gh('kubernetes/website/pull/40332'), k8s('pkg/kubelet/lifecycle/predicate.go')],
  },

  // --- API server and admission ----------------------------------------------------------------------
  {
    id: 'apiserver-forbidden-on-windows',
    origin: 'kube-apiserver',
    title: 'The API server refuses a Linux-only field on a Windows pod',
    pattern: /(?<field>spec\.[\w.[\]-]+): Forbidden: cannot be set for a windows pod/,
    cause: 'With spec.os.name: windows the API server validates the pod as a Windows pod and refuses fields Windows cannot honour; {{field}} is one of them.',
    fix: 'Remove {{field}} from the pod template (it has no effect on Windows).',
    rules: ['windows-forbidden-field'],
    sources: [k8s('pkg/apis/core/validation/validation.go'), { url: 'https://kubernetes.io/docs/concepts/windows/intro/', read: READ }],
  },
  {
    id: 'apiserver-windows-options-on-linux',
    origin: 'kube-apiserver',
    title: 'The API server refuses windowsOptions on a Linux pod',
    pattern: /windows options cannot be set for a linux pod/,
    cause: 'spec.os.name is linux and the pod (or a container) sets securityContext.windowsOptions, which the API server refuses for Linux pods.',
    fix: 'Remove windowsOptions, or set spec.os.name: windows if this is a Windows pod.',
    rules: ['windows-options-on-linux-pod'],
    sources: [k8s('pkg/apis/core/validation/validation.go')],
  },
  {
    id: 'runtimeclass-not-found',
    origin: 'kube-apiserver',
    title: 'The pod names a RuntimeClass that does not exist',
    pattern: new RegExp(literal(runtimeClassNotFoundMessage('\u0000')).replace('\u0000', '(?<runtimeClass>[^"]+)')),
    cause: 'The RuntimeClass admission plugin found no RuntimeClass {{runtimeClass}} (Windows clusters often use one per Windows build), so the API server refuses the pod.',
    fix: 'Create the RuntimeClass (with its scheduling.nodeSelector and tolerations for the Windows build) or fix runtimeClassName.',
    rules: ['runtime-class-rejected'],
    sources: [k8s('plugin/pkg/admission/runtimeclass/admission.go'), WINDOWS_GUIDE],
  },
  {
    id: 'runtimeclass-overhead',
    origin: 'kube-apiserver',
    title: 'The pod\'s overhead disagrees with its RuntimeClass',
    pattern: new RegExp(`${literal(OVERHEAD_MISMATCH_MESSAGE)}|${literal(OVERHEAD_WITHOUT_RUNTIME_CLASS_MESSAGE)}`),
    cause: 'spec.overhead is set by the RuntimeClass admission plugin; a pod that sets it itself must match the RuntimeClass\'s overhead exactly.',
    fix: 'Remove spec.overhead from the pod template; admission fills it from the RuntimeClass.',
    rules: ['runtime-class-rejected'],
    sources: [k8s('plugin/pkg/admission/runtimeclass/admission.go')],
  },
];
