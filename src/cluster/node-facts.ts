// Facts about Node objects the cluster rules read: pool label, kubelet version, memory reserved.
import { osOfNode } from '../kube/nodes.js';
import { parseQuantity } from '../kube/quantity.js';
import type { Node } from '../kube/types.js';
import type { ManifestObject } from '../manifests/types.js';
import { POOL_LABELS } from './pools.js';

/** The node of a ManifestObject (cluster rules get Node objects as ManifestObjects). */
export function nodeOf(object: ManifestObject): Node {
  return object.object as unknown as Node;
}

export function nameOfNode(object: ManifestObject): string {
  return nodeOf(object).metadata?.name ?? '';
}

/** The pool a platform label names (AKS, GKE, EKS, Karpenter, ours); undefined when no label says. */
export function poolLabelOf(node: Node): { key: string; value: string } | undefined {
  const labels = node.metadata?.labels ?? {};
  for (const key of POOL_LABELS) if (labels[key]) return { key, value: labels[key] };
  return undefined;
}

export function isWindowsNode(object: ManifestObject): boolean {
  return osOfNode(nodeOf(object)) === 'windows';
}

export interface KubeVersion {
  major: number;
  minor: number;
  text: string;
}

/** `v1.31.2`, `v1.29.8-eks-a737599`, `1.30` → major and minor; undefined otherwise. */
export function parseKubeVersion(text: string | undefined): KubeVersion | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(text?.trim() ?? '');
  return m ? { major: Number(m[1]), minor: Number(m[2]), text: text?.trim() ?? '' } : undefined;
}

/** capacity − allocatable memory, in bytes (kube-reserved + system-reserved + eviction threshold). */
export function reservedMemoryOf(node: Node): number | undefined {
  const capacity = parseQuantity(node.status?.capacity?.memory);
  const allocatable = parseQuantity(node.status?.allocatable?.memory);
  return capacity === undefined || allocatable === undefined ? undefined : capacity - allocatable;
}
