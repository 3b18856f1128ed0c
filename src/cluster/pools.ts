// Grouping a NodeList into pools, by the label each platform puts on its node pools.
import { archOfNode, osOfNode } from '../kube/nodes.js';
import type { Node } from '../kube/types.js';
import { buildLabelOf, windowsVersionOfNode } from '../windows/builds.js';
import type { Pool } from './model.js';
import { LABEL_POOL } from './model.js';

/** Pool labels, most specific first: ours, AKS, GKE, EKS (managed and eksctl), Karpenter. */
export const POOL_LABELS: readonly string[] = [
  LABEL_POOL,
  'kubernetes.azure.com/agentpool',
  'agentpool',
  'cloud.google.com/gke-nodepool',
  'eks.amazonaws.com/nodegroup',
  'alpha.eksctl.io/nodegroup-name',
  'karpenter.sh/nodepool',
];

export function poolNameOf(node: Node): string {
  const labels = node.metadata.labels ?? {};
  for (const key of POOL_LABELS) {
    if (labels[key]) return labels[key];
  }
  // No pool label: group by what matters here, the OS and Windows build.
  const os = osOfNode(node) ?? 'unknown';
  const version = os === 'windows' ? windowsVersionOfNode(node) : undefined;
  return version ? `windows-${version.build}` : os;
}

export function poolsOfNodes(nodes: readonly Node[]): Pool[] {
  const pools = new Map<string, Pool>();
  for (const node of nodes) {
    const name = poolNameOf(node);
    let pool = pools.get(name);
    if (!pool) {
      const os = osOfNode(node) ?? 'linux';
      pool = { name, os, architecture: archOfNode(node) ?? 'amd64', nodeNames: [] };
      const version = os === 'windows' ? windowsVersionOfNode(node) : undefined;
      if (version) pool.windowsBuild = buildLabelOf(version);
      pools.set(name, pool);
    }
    pool.nodeNames.push(node.metadata.name);
  }
  return [...pools.values()];
}
