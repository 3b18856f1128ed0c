// Changes a managed platform's own admission webhook makes to pods before the scheduler sees them,
// recognised from the nodes (so built-in profiles, NodeLists and live clusters all get them).
//
// GKE taints Windows Server node pools node.kubernetes.io/os=windows:NoSchedule, and its webhook adds
// the matching toleration to pods that select Windows nodes with nodeSelector kubernetes.io/os: windows
// (https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-windows-app, read 2026-11-30;
// users describe the webhook in https://github.com/buildpacks-community/kpack/issues/604). Only the
// nodeSelector form is modelled: we found no public statement that node affinity or the beta
// `beta.kubernetes.io/os` label triggers it, so such pods still need their own toleration here.
import { findUntoleratedTaint } from '../kube/taints.js';
import type { Cluster } from './model.js';
import type { Node, PodSpec, Taint, Toleration } from '../kube/types.js';
import { LABEL_OS } from '../kube/types.js';

/** A label every GKE node carries. */
const GKE_NODE_POOL_LABEL = 'cloud.google.com/gke-nodepool';
const GKE_WINDOWS_TAINT: Taint = { key: 'node.kubernetes.io/os', value: 'windows', effect: 'NoSchedule' };
export const GKE_WINDOWS_TOLERATION: Toleration = { key: 'node.kubernetes.io/os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' };

export interface PlatformAdmission {
  /** Who makes the change, for messages: "GKE's admission webhook". */
  by: string;
  /** The pod spec after the platform's mutation (the same object when nothing changes). */
  admit(spec: PodSpec): PodSpec;
}

const cache = new WeakMap<readonly Node[], PlatformAdmission | null>();

function isGkeWithWindowsTaint(nodes: readonly Node[]): boolean {
  const gke = nodes.some((n) => n.metadata.labels?.[GKE_NODE_POOL_LABEL] !== undefined);
  return gke && nodes.some((n) => (n.spec?.taints ?? []).some((t) => t.key === GKE_WINDOWS_TAINT.key && t.value === GKE_WINDOWS_TAINT.value && t.effect === GKE_WINDOWS_TAINT.effect));
}

const gkeWindowsToleration: PlatformAdmission = {
  by: "GKE's admission webhook",
  admit(spec) {
    const selector = spec.nodeSelector;
    if (typeof selector !== 'object' || selector === null || selector[LABEL_OS] !== 'windows') return spec;
    const own = Array.isArray(spec.tolerations) ? spec.tolerations : [];
    if (findUntoleratedTaint([GKE_WINDOWS_TAINT], own) === undefined) return spec;
    return { ...spec, tolerations: [...own, GKE_WINDOWS_TOLERATION] };
  },
};

/** The platform's pod mutation for this cluster, or undefined when there is none. */
export function platformAdmissionOf(cluster: Pick<Cluster, 'nodes' | 'platformWebhooks'>): PlatformAdmission | undefined {
  if (cluster.platformWebhooks === false) return undefined;
  const nodes = cluster.nodes;
  let found = cache.get(nodes);
  if (found === undefined) {
    found = isGkeWithWindowsTaint(nodes) ? gkeWindowsToleration : null;
    cache.set(nodes, found);
  }
  return found ?? undefined;
}
