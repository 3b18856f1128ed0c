// What is actually happening to a pod: its state as `kubectl get pods` shows it, reduced to the
// problems audit reports, and the known Windows failure texts (the Windows errors of the Kubernetes and Microsoft troubleshooting pages; see src/windows/errors.ts) tied to their cause
// and to the rules that predict them.
import type { KubeObject } from '../kube/types.js';
import { asRecord, isRecord } from '../util/guards.js';

export type PodProblemKind =
  | 'Pending'
  | 'ErrImagePull'
  | 'ImagePullBackOff'
  | 'ContainerCreating'
  | 'CreateContainerError'
  | 'CrashLoopBackOff'
  | 'KubeletRejected'
  | 'LinuxPodOnWindowsNode';

export interface PodState {
  /** Undefined: running, succeeded, or starting normally. */
  problem?: PodProblemKind;
  /** As `kubectl get pods` STATUS shows it: Running, Pending, ImagePullBackOff, PodOSNotSupported… */
  status: string;
  /** The API's own words (condition, waiting or termination message, pod status message). */
  message: string;
  node: string | null;
}

/** Waiting reasons that are problems (kubelet: images.ErrImagePull, ImagePullBackOff; kuberuntime). */
const WAITING_PROBLEMS: Readonly<Record<string, PodProblemKind>> = {
  ErrImagePull: 'ErrImagePull',
  ImagePullBackOff: 'ImagePullBackOff',
  InvalidImageName: 'ErrImagePull',
  CreateContainerError: 'CreateContainerError',
  CreateContainerConfigError: 'CreateContainerError',
  RunContainerError: 'CreateContainerError',
  CrashLoopBackOff: 'CrashLoopBackOff',
};

/** Pod status reasons of kubelet admission (pkg/kubelet/lifecycle/predicate.go). */
const KUBELET_REJECTIONS = new Set(['PodOSNotSupported', 'PodOSSelectorNodeLabelDoesNotMatch', 'NodeAffinity', 'NodeName', 'NodePorts', 'UnexpectedAdmissionError', 'InvalidNodeInfo']);

/** How long a pod may stay ContainerCreating before audit calls it stuck (Windows image pulls are slow). */
export const CONTAINER_CREATING_GRACE_MS = 10 * 60 * 1000;

function strings(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function containerStatuses(status: Record<string, unknown>): Record<string, unknown>[] {
  const all = [...(Array.isArray(status.initContainerStatuses) ? status.initContainerStatuses : []), ...(Array.isArray(status.containerStatuses) ? status.containerStatuses : [])];
  return all.filter(isRecord);
}

/**
 * The pod's state. `now` decides when ContainerCreating is stuck; `hasWarnings` (Warning events on
 * the pod, e.g. FailedCreatePodSandBox or FailedMount) makes it a problem at once.
 */
export function podStateOf(pod: KubeObject, now: number, hasWarnings: boolean): PodState {
  const spec = asRecord(pod.spec) ?? {};
  const status = asRecord(pod.status) ?? {};
  const node = strings(spec.nodeName) ?? null;
  const phase = strings(status.phase) ?? 'Unknown';
  const reason = strings(status.reason);
  const podMessage = strings(status.message) ?? '';
  if (phase === 'Failed' && reason && (KUBELET_REJECTIONS.has(reason) || reason.startsWith('OutOf'))) {
    return { problem: 'KubeletRejected', status: reason, message: podMessage, node };
  }
  if (phase === 'Succeeded' || phase === 'Failed') return { status: reason ?? phase, message: podMessage, node };
  for (const cs of containerStatuses(status)) {
    const waiting = asRecord(asRecord(cs.state)?.waiting);
    const waitingReason = strings(waiting?.reason);
    if (waitingReason && Object.hasOwn(WAITING_PROBLEMS, waitingReason)) {
      return { problem: WAITING_PROBLEMS[waitingReason], status: waitingReason, message: strings(waiting?.message) ?? '', node };
    }
  }
  if (phase === 'Pending') {
    const conditions = (Array.isArray(status.conditions) ? status.conditions : []).filter(isRecord);
    const scheduled = conditions.find((c) => c.type === 'PodScheduled');
    if (!node || scheduled?.status === 'False') {
      return { problem: 'Pending', status: 'Pending', message: strings(scheduled?.message) ?? podMessage, node };
    }
    const created = Date.parse(strings(asRecord(pod.metadata)?.creationTimestamp) ?? '');
    const stuck = hasWarnings || (Number.isFinite(created) && now - created > CONTAINER_CREATING_GRACE_MS);
    return { ...(stuck ? { problem: 'ContainerCreating' as const } : {}), status: 'ContainerCreating', message: podMessage, node };
  }
  return { status: phase, message: podMessage, node };
}

export interface KnownCause {
  /** What the text means, for a person. */
  cause: string;
  /** Rules that predict it from the manifest. */
  rules: string[];
}

/** Failure texts users see on hybrid clusters (the Windows errors of the Kubernetes and Microsoft troubleshooting pages; see src/windows/errors.ts), each with its cause and rules. */
const KNOWN_TEXTS: readonly { pattern: RegExp; cause: KnownCause }[] = [
  { pattern: /no match for platform in manifest/i, cause: { cause: 'the image has no entry for this node\'s OS or Windows build', rules: ['image-os-mismatch', 'windows-image-build-mismatch', 'windows-build-unpinned', 'linux-workload-on-windows-node', 'windows-workload-on-linux-node'] } },
  { pattern: /image operating system "windows" cannot be used on this platform/i, cause: { cause: 'a Windows image on a Linux node', rules: ['windows-workload-on-linux-node', 'image-os-mismatch'] } },
  { pattern: /hcsshim::ProcessBaseLayer|The system cannot find the path specified/i, cause: { cause: 'a Linux image pulled on a Windows node', rules: ['linux-workload-on-windows-node', 'image-os-mismatch'] } },
  { pattern: /container operating system does not match the host operating system|0xc0370101/i, cause: { cause: 'the image\'s Windows build cannot run on this host\'s build (process isolation)', rules: ['windows-image-build-mismatch', 'windows-build-unpinned', 'windows-pool-mixed-builds'] } },
  { pattern: /PodOSNotSupported|OS field doesn't match node OS/i, cause: { cause: 'spec.os.name differs from the node\'s OS', rules: ['os-field-contradicts-selector', 'linux-workload-on-windows-node', 'windows-workload-on-linux-node'] } },
  { pattern: /PodOSSelectorNodeLabelDoesNotMatch/i, cause: { cause: 'the pod\'s kubernetes.io/os label differs from the node\'s', rules: ['os-field-contradicts-selector'] } },
  { pattern: /untolerated taint.*(os|node\.kubernetes\.io\/os).*windows/i, cause: { cause: 'a Windows pod without the Windows nodes\' toleration', rules: ['no-eligible-node', 'windows-workload-on-linux-node'] } },
  { pattern: /Insufficient vpc\.amazonaws\.com\/PrivateIPv4Address/i, cause: { cause: 'the EKS Windows node has no free IP address for another pod', rules: [] } },
  { pattern: /runtimeclass|RuntimeClass/, cause: { cause: 'the RuntimeClass is unknown or its nodeSelector conflicts with the pod\'s', rules: ['runtime-class-rejected'] } },
  { pattern: /didn't match Pod's node affinity\/selector|node\(s\) didn't match/i, cause: { cause: 'no node matches the pod\'s node selector or affinity', rules: ['no-eligible-node'] } },
  { pattern: /CreateProcess.*(cannot find the file specified|system cannot find)/i, cause: { cause: 'an exec probe or command not resolvable on Windows (use cmd /c or powershell)', rules: ['windows-exec-probe-command'] } },
];

/** Rules that predict a kind of problem whatever its text. */
export const RULES_BY_PROBLEM: Readonly<Record<PodProblemKind, readonly string[]>> = {
  Pending: ['no-eligible-node', 'runtime-class-rejected', 'windows-hugepages', 'windows-workload-on-linux-node', 'windows-node-pod-capacity'],
  ErrImagePull: ['image-os-mismatch', 'windows-image-build-mismatch', 'windows-build-unpinned', 'linux-workload-on-windows-node', 'windows-workload-on-linux-node'],
  ImagePullBackOff: ['image-os-mismatch', 'windows-image-build-mismatch', 'windows-build-unpinned', 'linux-workload-on-windows-node', 'windows-workload-on-linux-node'],
  ContainerCreating: ['windows-unsupported-volume', 'windows-unsupported-volume-mount', 'windows-image-build-mismatch'],
  CreateContainerError: ['windows-image-build-mismatch', 'windows-build-unpinned', 'windows-forbidden-field', 'linux-workload-on-windows-node', 'windows-workload-on-linux-node'],
  CrashLoopBackOff: ['windows-exec-probe-command', 'windows-liveness-probe-startup', 'windows-memory-limit'],
  KubeletRejected: ['os-field-contradicts-selector', 'linux-workload-on-windows-node', 'windows-workload-on-linux-node'],
  LinuxPodOnWindowsNode: ['linux-workload-on-windows-node'],
};

/** The first known cause among the texts (event messages first, then the pod's own). */
export function knownCauseOf(texts: readonly string[]): KnownCause | undefined {
  for (const text of texts) {
    for (const { pattern, cause } of KNOWN_TEXTS) if (pattern.test(text)) return cause;
  }
  return undefined;
}
