// How long a managed platform waits for a node's pods to be evicted when it drains a node itself
// (node-pool upgrades), before it fails the operation. Each with the page it was read from.
import type { LifecyclePlatform } from '../windows/lifecycle.js';

export interface DrainTimeout {
  platform: LifecyclePlatform;
  seconds: number;
  /** The setting that changes it, when there is one. */
  setting?: string;
  note: string;
  source: { url: string; read: string };
}

export const DRAIN_TIMEOUTS: readonly DrainTimeout[] = [
  {
    platform: 'aks',
    seconds: 30 * 60,
    setting: 'upgradeSettings.drainTimeoutInMinutes',
    note: 'AKS waits 30 minutes by default for the eviction of a node\'s pods (honouring PodDisruptionBudgets), then fails the upgrade.',
    source: { url: 'https://learn.microsoft.com/javascript/api/@azure/arm-containerservice/agentpoolupgradesettings', read: '2026-11-30' },
  },
  {
    platform: 'eks',
    seconds: 15 * 60,
    note: 'An EKS managed node group update fails with PodEvictionFailure when pods do not leave a node within 15 minutes (unless forced).',
    source: { url: 'https://repost.aws/questions/QUm352Do4vRGKDhwYRHOhh6A/update-eks-node-groups-timeout', read: '2026-11-30' },
  },
];

export function drainTimeoutOf(platform: LifecyclePlatform): DrainTimeout | undefined {
  return DRAIN_TIMEOUTS.find((t) => t.platform === platform);
}
