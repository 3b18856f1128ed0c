import type { Cluster } from '../cluster/model.js';
import { poolNameOf } from '../cluster/pools.js';
import type { Rule } from '../engine/types.js';
import { matchesLabelSelector } from '../kube/label-selector.js';
import { osOfNode } from '../kube/nodes.js';
import type { LabelSelector, Node } from '../kube/types.js';
import type { ManifestObject } from '../manifests/types.js';
import type { Workload } from '../manifests/workloads.js';
import { asRecord, asString, asStringMap, isRecord } from '../util/guards.js';

/**
 * Whether a CNI plugin enforces NetworkPolicy for pods on Windows nodes (read 2026-11-30). Plugins
 * not listed — azure-cni among them, whose policy depends on the network policy engine installed
 * beside it (Azure Network Policy Manager or Calico) — are unknown: the rule says so, at info.
 */
export const WINDOWS_NETWORK_POLICY_SUPPORT: Readonly<Record<string, { enforced: boolean; source: string }>> = {
  flannel: { enforced: false, source: 'https://github.com/flannel-io/flannel (README): flannel does not implement NetworkPolicy ("other projects such as Calico can be used")' },
  'vpc-cni': { enforced: false, source: 'https://aws.github.io/amazon-vpc-cni-k8s/docs/network-policy-faq.html: network policy supported on Amazon Linux 2 and Bottlerocket only' },
  calico: { enforced: true, source: 'https://docs.tigera.io/calico/latest/getting-started/kubernetes/windows-calico/: Calico for Windows enforces Kubernetes network policy (basic policy demo on Windows)' },
  antrea: { enforced: true, source: 'https://antrea.io/docs/main/docs/windows/: on Windows nodes Antrea "implements NetworkPolicies"' },
};

/** The CNI of each pool a set of nodes belongs to, from the cluster profile. */
function cniOfPools(cluster: Cluster, nodes: readonly Node[]): Map<string, string[]> {
  const byCni = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const node of nodes) {
    const poolName = poolNameOf(node);
    if (seen.has(poolName)) continue;
    seen.add(poolName);
    const cni = cluster.pools.find((p) => p.name === poolName)?.cni;
    if (cni === undefined) continue;
    byCni.set(cni, [...(byCni.get(cni) ?? []), poolName]);
  }
  return byCni;
}

function selects(policy: ManifestObject, workload: Workload): boolean {
  const spec = asRecord(policy.object.spec);
  if (!spec || !isRecord(spec.podSelector)) return false;
  const namespace = policy.object.metadata?.namespace;
  if (typeof namespace === 'string' && workload.namespace !== undefined && namespace !== workload.namespace) return false;
  return matchesLabelSelector(spec.podSelector as LabelSelector, asStringMap(workload.podMetadata.labels) ?? {});
}

export const windowsNetworkPolicyUnenforced: Rule = {
  id: 'windows-network-policy-unenforced',
  meta: {
    category: 'networking',
    defaultSeverity: 'warning',
    description: "A NetworkPolicy that selects Windows pods on nodes whose CNI (from the cluster profile's cni) does not enforce NetworkPolicy on Windows.",
    messages: {
      notEnforced:
        'NetworkPolicy selects Windows pods ({{workload}}) that run on pools using {{cni}} ({{pools}}), which does not enforce NetworkPolicy on Windows nodes by itself: unless a policy engine such as Calico for Windows runs beside it (then say cni: calico in the profile), their traffic is not restricted. Use a CNI or policy engine that enforces it on Windows (e.g. Calico, Antrea), or do not rely on this policy.',
      cniUnknown:
        'NetworkPolicy selects Windows pods ({{workload}}) on pools using {{cni}} ({{pools}}): kube-hybrid does not know whether {{cni}} enforces NetworkPolicy on Windows nodes (for azure-cni it depends on the network policy engine). Check before relying on it.',
    },
    source: Object.entries(WINDOWS_NETWORK_POLICY_SUPPORT)
      .map(([cni, { source }]) => `${cni}: ${source}`)
      .join('; '),
  },
  windowsWorkloadsOnly: true,
  create(context) {
    const cluster = context.inputs.cluster;
    if (!cluster.pools.some((pool) => pool.os === 'windows' && pool.cni !== undefined)) return {};
    const policies: { policy: ManifestObject; reported: Set<string> }[] = [];
    const workloads: { workload: Workload; byCni: Map<string, string[]> }[] = [];
    const check = (entry: (typeof policies)[number], item: (typeof workloads)[number]) => {
      if (!selects(entry.policy, item.workload)) return;
      for (const [cni, pools] of item.byCni) {
        const known = WINDOWS_NETWORK_POLICY_SUPPORT[cni];
        if (known?.enforced) continue;
        const messageId = known ? 'notEnforced' : 'cniUnknown';
        if (entry.reported.has(`${messageId}:${cni}`)) continue;
        entry.reported.add(`${messageId}:${cni}`);
        context.report({
          target: entry.policy,
          messageId,
          severity: known ? 'warning' : 'info',
          path: '/spec/podSelector',
          data: { workload: `${item.workload.kind} ${item.workload.name}`, cni, pools: pools.join(', ') },
        });
      }
    };
    return {
      object(object) {
        if (object.object.kind !== 'NetworkPolicy' || asString(object.object.apiVersion) !== 'networking.k8s.io/v1') return;
        const entry = { policy: object, reported: new Set<string>() };
        policies.push(entry);
        for (const item of workloads) check(entry, item);
      },
      workload(workload) {
        const analysis = context.analysisOf(workload);
        if (analysis.osIntent.os !== 'windows') return;
        const windowsNodes = analysis.placement.eligible.filter((node) => osOfNode(node) === 'windows');
        const byCni = cniOfPools(cluster, windowsNodes);
        if (byCni.size === 0) return;
        const item = { workload, byCni };
        workloads.push(item);
        for (const entry of policies) check(entry, item);
      },
    };
  },
};
