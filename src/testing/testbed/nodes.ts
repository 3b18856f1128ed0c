// Nodes without kubelets: the Node object is created through the API, then its status (capacity,
// allocatable, the Ready condition, nodeInfo, images) is written through the status subresource, as
// a kubelet would. Shapes come from our built-in profiles (AKS, EKS, GKE, kubeadm) so the test bed and
// `check`/`simulate` see the very same nodes.
import { builtinCluster } from '../../cluster/profiles.js';
import type { BuiltinProfileName } from '../../cluster/profiles.js';
import { osOfNode } from '../../kube/nodes.js';
import type { Node } from '../../kube/types.js';
import type { KubeClient } from './client.js';

export type Provider = Extract<BuiltinProfileName, 'aks' | 'eks' | 'gke' | 'kubeadm'>;
export const PROVIDERS: readonly Provider[] = ['aks', 'eks', 'gke', 'kubeadm'];

/** A copy of the first `os` node of a provider's built-in profile, renamed. */
export function providerNode(provider: Provider, os: 'linux' | 'windows', name: string): Node {
  const template = builtinCluster(provider).nodes.find((n) => osOfNode(n) === os);
  if (!template) throw new Error(`profile ${provider} has no ${os} node`);
  const node = structuredClone(template);
  node.metadata.name = name;
  node.metadata.labels = { ...node.metadata.labels, 'kubernetes.io/hostname': name };
  return node;
}

/** The Node as the API server stores it at create time: no status (the status subresource sets it). */
function withoutStatus(node: Node): Record<string, unknown> {
  const { status: _status, ...rest } = node as Node & Record<string, unknown>;
  return { ...rest, apiVersion: 'v1', kind: 'Node' };
}

/** The status a kubelet reports: the node's own, with Ready conditions stamped now. */
export function kubeletStatus(node: Node, now = new Date()): Record<string, unknown> {
  const time = now.toISOString().replace(/\.\d+Z$/, 'Z');
  const status = structuredClone(node.status ?? {}) as Record<string, unknown>;
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Record<string, unknown>[]) : [{ type: 'Ready', status: 'True' }];
  status.conditions = conditions.map((c) => ({ reason: c.type === 'Ready' ? 'KubeletReady' : 'KubeletHasNoProblem', message: 'set by the kube-hybrid test bed', ...c, lastHeartbeatTime: time, lastTransitionTime: time }));
  return status;
}

/**
 * Creates the Node, reports its status, then leaves exactly its own taints: the API server's
 * TaintNodesByCondition admission adds node.kubernetes.io/not-ready:NoSchedule to every new Node,
 * which the node lifecycle controller removes once the node is Ready (that controller does not run
 * here, since without kubelet heartbeats it would mark every node NotReady).
 */
export async function createNode(client: KubeClient, node: Node): Promise<void> {
  const path = `/api/v1/nodes/${encodeURIComponent(node.metadata.name)}`;
  await client.must('POST', '/api/v1/nodes', withoutStatus(node));
  await client.must('PATCH', `${path}/status`, { status: kubeletStatus(node) }, 'application/merge-patch+json');
  await client.must('PATCH', path, { spec: { taints: node.spec?.taints ?? null } }, 'application/merge-patch+json');
}

/** Deletes every Node (the bound pods must be gone first: see the callers). */
export async function deleteAllNodes(client: KubeClient): Promise<void> {
  await client.must('DELETE', '/api/v1/nodes');
}
