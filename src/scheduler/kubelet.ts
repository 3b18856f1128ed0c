// What the kubelet and containerd on the chosen node do with a bound pod, in the order they do it:
//   1. admission (pkg/kubelet/lifecycle/predicate.go): the pod's kubernetes.io/os LABEL against the node
//      (PodOSSelectorNodeLabelDoesNotMatch), then spec.os.name against the node OS (PodOSNotSupported),
//      then, for a pod that bypassed the scheduler, generalFilter (src/kube/kubelet-admission.ts);
//   2. image pull: containerd picks the index entry for the node's platform and, on Windows, a build
//      the host can run (an image whose platform is unknown is assumed to; the pod's message says so) (containerd/platforms platform_windows_compat.go); no entry → ErrImagePull;
//   3. volume mounts that Windows cannot do (ContainerCreating), before any pull;
//   4. container creation: fields Windows cannot honour (check's error findings with stage
//      'container-create'; CreateContainerConfigError for 'container-config', met while the kubelet builds the
//      container's config, e.g. runAsNonRoot). API-server refusals never reach a node (FailedCreate, in simulate.ts).
// `status` is what `kubectl get pods` shows once the pod has settled (an image that cannot be pulled
// alternates between ErrImagePull and ImagePullBackOff; we show ImagePullBackOff).
import type { ContainerImageInfo } from '../engine/images.js';
import { imageVerdictOnNode } from '../engine/images.js';
import { POD_REJECTED_PREFIX, kubeletAdmissionRejection } from '../kube/kubelet-admission.js';
import type { InsufficientResource, KubeletRejection } from '../kube/kubelet-admission.js';
import type { NodeInfo } from './framework/node-info.js';
import type { PodInfo } from './framework/pod-info.js';
import { insufficientResources } from './plugins/NodeResourcesFit/index.js';
import { portsConflict } from './plugins/NodePorts/index.js';
import { osOfNode } from '../kube/nodes.js';
import type { Node } from '../kube/types.js';
import { LABEL_OS } from '../kube/types.js';
import { isRecord } from '../util/guards.js';
import { normalizedImageName } from './framework/image-names.js';

export type PodStatus =
  | 'Running'
  | 'Pending'
  | 'ErrImagePull'
  | 'ImagePullBackOff'
  | 'ContainerCreating'
  | 'CreateContainerConfigError'
  | 'CreateContainerError'
  | 'CrashLoopBackOff'
  | 'PodOSNotSupported'
  | 'PodOSSelectorNodeLabelDoesNotMatch'
  | 'FailedCreate'
  // The kubelet's admission (predicate.go): a bound pod it refuses is Failed with this reason.
  | 'NodeAffinity'
  | 'NodeName'
  | 'NodePorts'
  | 'TaintToleration'
  | `OutOf${string}`;

export interface KubeletOutcome {
  status: PodStatus;
  message: string | null;
  /** The image that failed, for grouping. */
  image?: string;
}

/** pkg/kubelet/lifecycle/predicate.go reasons and messages. */
export const POD_OS_SELECTOR_NODE_LABEL_DOES_NOT_MATCH = 'PodOSSelectorNodeLabelDoesNotMatch';
export const POD_OS_SELECTOR_MESSAGE = 'Failed to admit pod as the `kubernetes.io/os` label doesn\'t match node label';
export const POD_OS_NOT_SUPPORTED = 'PodOSNotSupported';
export const POD_OS_NOT_SUPPORTED_MESSAGE = "Failed to admit pod as the OS field doesn't match node OS";

/**
 * The runtime's errors: containerd core/images/image.go (no match for platform), Docker Engine
 * moby/moby distribution/config.go (image operating system), HCS_E_IMAGE_MISMATCH
 * (https://learn.microsoft.com/en-us/virtualization/api/hcs/reference/hcshresult).
 */
export const NO_MATCH_FOR_PLATFORM = 'no match for platform in manifest: not found';
export const WINDOWS_IMAGE_ON_LINUX = 'image operating system "windows" cannot be used on this platform';
export const HCS_OS_MISMATCH = 'The container operating system does not match the host operating system.';

export function pullFailureMessage(image: string, cause: string, code = 'NotFound'): string {
  return `Failed to pull image "${image}": rpc error: code = ${code} desc = failed to pull and unpack image "${normalizedImageName(image)}": ${cause}`;
}

export interface KubeletInput {
  labels: Readonly<Record<string, string>>;
  spec: { os?: { name?: string } };
  images: readonly ContainerImageInfo[];
  /** Error findings that stop the pod at volume mount (the pod stays ContainerCreating, FailedMount). */
  mountErrors: readonly string[];
  /** Error findings that stop container creation (CreateContainerError). */
  createErrors: readonly string[];
  /** Error findings the kubelet meets while generating the container config (CreateContainerConfigError), e.g. runAsNonRoot. */
  configErrors?: readonly string[];
  /** The kubelet's generalFilter verdict for a pod that bypassed the scheduler (see kube/kubelet-admission). */
  admission?: KubeletRejection;
}

/** An index (multi-platform) image: containerd filters by platform at pull time. */
function isIndex(info: ContainerImageInfo): boolean {
  if (info.facts) {
    const media = info.facts.mediaType ?? '';
    return info.facts.platforms.length > 1 || media.includes('index') || media.includes('manifest.list');
  }
  // Microsoft's base images and most public Linux images are published as indexes.
  return !(info.os === 'windows' && !info.image.startsWith('mcr.microsoft.com/'));
}

export function kubeletOutcome(pod: KubeletInput, node: Node): KubeletOutcome {
  const nodeOs = osOfNode(node) ?? 'linux';
  const podOsLabel = pod.labels[LABEL_OS];
  if (podOsLabel !== undefined && podOsLabel !== nodeOs) {
    return { status: 'PodOSSelectorNodeLabelDoesNotMatch', message: POD_REJECTED_PREFIX + POD_OS_SELECTOR_MESSAGE };
  }
  const osName = isRecord(pod.spec.os) ? pod.spec.os.name : undefined;
  if (typeof osName === 'string' && osName !== nodeOs) return { status: 'PodOSNotSupported', message: POD_REJECTED_PREFIX + POD_OS_NOT_SUPPORTED_MESSAGE };
  if (pod.admission) return { status: pod.admission.reason as PodStatus, message: pod.admission.message };

  // Volumes are mounted before any image is pulled (kubelet SyncPod waits for attach and mount): a
  // mount Windows cannot do keeps the pod in ContainerCreating with FailedMount events.
  if (nodeOs === 'windows' && pod.mountErrors.length > 0) return { status: 'ContainerCreating', message: pod.mountErrors[0] };

  // The kubelet pulls init containers' images first, then the app containers', one after another.
  // An image whose platform nothing tells is assumed to run (the same judgement as check's), and
  // the pod says so: --resolve-images settles it.
  let unknown: string | null = null;
  for (const info of pod.images) {
    const verdict = imageVerdictOnNode(info, node);
    if (verdict.runs) {
      if (verdict.unknownPlatform && unknown === null) unknown = verdict.why ?? null;
      continue;
    }
    if (verdict.reason === 'os-mismatch' && nodeOs === 'linux' && !isIndex(info)) {
      return { status: 'ImagePullBackOff', message: pullFailureMessage(info.image, WINDOWS_IMAGE_ON_LINUX, 'Unknown'), image: info.image };
    }
    if (verdict.reason === 'os-mismatch' && nodeOs === 'windows' && !isIndex(info)) {
      const cause = 'failed to extract layer: hcsshim::ProcessBaseLayer …: The system cannot find the path specified.: unknown';
      return { status: 'ImagePullBackOff', message: pullFailureMessage(info.image, cause, 'Unknown'), image: info.image };
    }
    if (verdict.reason === 'build-mismatch' && !isIndex(info)) {
      // A single-platform image is pulled as is; HCS refuses to start it under process isolation.
      return {
        status: 'CrashLoopBackOff',
        message: `failed to create containerd task: failed to create shim task: hcsshim::CreateComputeSystem ${info.containerName}: ${HCS_OS_MISMATCH}: unknown`,
        image: info.image,
      };
    }
    return { status: 'ImagePullBackOff', message: pullFailureMessage(info.image, NO_MATCH_FOR_PLATFORM), image: info.image };
  }
  // kuberuntime startContainer: generateContainerConfig (which verifies runAsNonRoot) fails with
  // ErrCreateContainerConfig before the runtime is asked to create anything.
  if (nodeOs === 'windows' && pod.configErrors && pod.configErrors.length > 0) {
    return { status: 'CreateContainerConfigError', message: pod.configErrors[0] };
  }
  if (nodeOs === 'windows' && pod.createErrors.length > 0) {
    return { status: 'CreateContainerError', message: pod.createErrors[0] };
  }
  return { status: 'Running', message: unknown };
}

/** Extended resources (a domain other than kubernetes.io) the node does not report: the kubelet drops their requests. */
function isMissingExtendedResource(name: string, node: NodeInfo): boolean {
  const slash = name.indexOf('/');
  if (slash < 0 || name.slice(0, slash).endsWith('kubernetes.io')) return false;
  return !node.allocatableScalar.has(name);
}

/** The first shortage as InsufficientResourceError reports it: cpu in millicores, memory in bytes, pods as a count. */
function firstInsufficientResource(pod: PodInfo, node: NodeInfo): InsufficientResource | undefined {
  const request = pod.profile.request;
  const scalar = request.scalar.filter(([name]) => !isMissingExtendedResource(name, node));
  const [first] = insufficientResources({ request: { ...request, scalar } }, node);
  if (!first) return undefined;
  switch (first.resource) {
    case 'pods':
      return { resource: 'pods', requested: 1, used: node.pods.length, capacity: node.allowedPods };
    case 'cpu':
      return { resource: 'cpu', requested: request.cpu, used: node.requestedCpu, capacity: node.allocatableCpu };
    case 'memory':
      return { resource: 'memory', requested: request.memory, used: node.requestedMemory, capacity: node.allocatableMemory };
    case 'ephemeral-storage':
      return { resource: 'ephemeral-storage', requested: request.ephemeral, used: node.requestedEphemeral, capacity: node.allocatableEphemeral };
    default: {
      const amount = scalar.find(([name]) => name === first.resource)?.[1] ?? 0;
      return { resource: first.resource, requested: amount, used: node.requestedScalar.get(first.resource) ?? 0, capacity: node.allocatableScalar.get(first.resource) ?? 0 };
    }
  }
}

/**
 * The kubelet's generalFilter for a pod bound to `node` without the scheduler, given the pods the
 * node already runs (predicate.go Admit → AdmissionCheck, then NoExecute taints).
 */
export function kubeletGeneralFilter(pod: PodInfo, node: NodeInfo): KubeletRejection | undefined {
  const insufficient = firstInsufficientResource(pod, node);
  const hostPortTaken = pod.profile.hostPorts.some((wanted) => node.usedPorts.some((used) => portsConflict(wanted, used)));
  return kubeletAdmissionRejection({ spec: pod.profile.spec, tolerations: pod.profile.tolerations, node: node.node, hostPortTaken, ...(insufficient ? { insufficient } : {}) });
}
