// Per-workload facts every rule shares, computed once and lazily: the pod spec after admission
// (RuntimeClass) and the controller (DaemonSet tolerations), the images, the OS it wants, and the
// nodes it could land on.
import type { Node, PodSpec, RuntimeClass, Toleration } from '../kube/types.js';
import { daemonPodTolerations } from '../kube/daemonset.js';
import { admitRuntimeClass } from '../kube/runtime-class.js';
import { platformAdmissionOf } from '../cluster/platform-admission.js';
import type { Workload } from '../manifests/workloads.js';
import type { AnalysisInputs } from './types.js';
import { containerImagesOf } from './images.js';
import { osOfNode } from '../kube/nodes.js';
import type { ContainerImageInfo } from './images.js';
import { inferOsIntent } from './os-intent.js';
import type { OsIntent } from './os-intent.js';
import { placementOf } from './placement.js';
import type { Placement } from './placement.js';

export interface WorkloadAnalysis {
  workload: Workload;
  /** The RuntimeClass named by the pod, when it exists in the input or the cluster. */
  runtimeClass?: RuntimeClass;
  /** Why admission would reject the pod's RuntimeClass (unknown class, nodeSelector conflict). */
  runtimeClassErrors: string[];
  /** Pod spec as the scheduler sees it: RuntimeClass merged, DaemonSet tolerations added. */
  effectiveSpec: PodSpec;
  tolerations: Toleration[];
  images: ContainerImageInfo[];
  osIntent: OsIntent;
  placement: Placement;
  /** Eligible nodes of the other OS than the workload wants. */
  wrongOsNodes: Node[];
}

export function analyseWorkload(workload: Workload, inputs: AnalysisInputs): WorkloadAnalysis {
  const spec = workload.podSpec;
  const runtimeClassName = typeof spec.runtimeClassName === 'string' && spec.runtimeClassName !== '' ? spec.runtimeClassName : undefined;
  const runtimeClass = runtimeClassName ? inputs.runtimeClasses.get(runtimeClassName) : undefined;
  const admitted = admitRuntimeClass(spec, inputs.runtimeClasses.values());
  // The platform's own webhook (GKE's Windows toleration) runs in the same admission chain.
  const platform = platformAdmissionOf(inputs.cluster);
  const effectiveSpec: PodSpec = platform ? platform.admit(admitted.spec) : admitted.spec;
  const runtimeClassErrors = admitted.errors;
  const tolerations = workload.kind === 'DaemonSet' ? daemonPodTolerations(effectiveSpec) : tolerationsOf(effectiveSpec);
  const images = containerImagesOf(spec, workload.specPointer, inputs.imageFacts);
  const osIntent = inferOsIntent({ spec, specPointer: workload.specPointer, runtimeClass, images });
  const placement = placementOf(effectiveSpec, tolerations, inputs.cluster.nodes);
  const wrongOsNodes = placement.eligible.filter((node) => {
    const os = osOfNode(node);
    return os !== undefined && os !== osIntent.os;
  });
  const analysis: WorkloadAnalysis = { workload, runtimeClassErrors, effectiveSpec, tolerations, images, osIntent, placement, wrongOsNodes };
  if (runtimeClass) analysis.runtimeClass = runtimeClass;
  return analysis;
}

function tolerationsOf(spec: PodSpec): Toleration[] {
  return Array.isArray(spec.tolerations) ? spec.tolerations : [];
}
