// Small clusters for lifecycle and planner tests, written as ClusterProfiles.
import type { Cluster } from '../cluster/model.js';
import { clusterFromObjects } from '../cluster/profiles.js';
import { loadText } from '../manifests/load.js';

export interface TestPool {
  name: string;
  /** Windows pools: build number; Linux pools: omit. */
  build?: number;
  count?: number;
  kubernetesVersion?: string;
  labels?: Record<string, string>;
  taints?: boolean;
}

/** A cluster of the given pools; `platform` adds the labels that platform puts on its nodes. */
export function testCluster(pools: readonly TestPool[], platform: 'aks' | 'eks' | 'gke' | 'upstream' = 'upstream'): Cluster {
  const platformLabels = (name: string): Record<string, string> =>
    platform === 'aks' ? { 'kubernetes.azure.com/agentpool': name, agentpool: name } : platform === 'eks' ? { 'eks.amazonaws.com/nodegroup': name } : platform === 'gke' ? { 'cloud.google.com/gke-nodepool': name } : {};
  const doc = {
    apiVersion: 'kube-hybrid.io/v1alpha1',
    kind: 'ClusterProfile',
    metadata: { name: `test-${platform}` },
    spec: {
      pools: pools.map((p) => ({
        name: p.name,
        os: p.build === undefined ? 'linux' : 'windows',
        ...(p.build === undefined ? {} : { windowsBuild: `10.0.${p.build}` }),
        count: p.count ?? 2,
        ...(p.kubernetesVersion ? { kubernetesVersion: p.kubernetesVersion } : {}),
        labels: { ...platformLabels(p.name), ...(p.labels ?? {}) },
        ...(p.taints && p.build !== undefined ? { taints: [{ key: 'os', value: 'windows', effect: 'NoSchedule' }] } : {}),
      })),
    },
  };
  const loaded = clusterFromObjects(loadText('test-cluster.json', JSON.stringify(doc)).objects, `test-${platform}`);
  if (!loaded.cluster) throw new Error(`test cluster: ${loaded.problems.map((p) => p.message).join('; ')}`);
  return loaded.cluster;
}
