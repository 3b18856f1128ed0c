import { nodeOf } from '../cluster/node-facts.js';
import type { Rule } from '../engine/types.js';
import { osOfNode } from '../kube/nodes.js';
import type { ManifestObject } from '../manifests/types.js';

const AKS_POOL = 'kubernetes.azure.com/agentpool';
const AKS_MODE = 'kubernetes.azure.com/mode';

/** Cluster rule: AKS's own node pool constraints, on clusters whose nodes carry AKS pool labels. */
export const aksNodePoolConstraints: Rule = {
  id: 'aks-node-pool-constraints',
  meta: {
    category: 'cluster',
    defaultSeverity: 'error',
    description: 'AKS node pool constraints: Windows pool names of at most 6 characters, system pools on Linux only, at least one system pool of two or more nodes.',
    messages: {
      windowsPoolName: 'AKS Windows node pool "{{pool}}" has a {{length}}-character name: AKS limits Windows node pool names to 6 characters (Linux: 12), so this pool cannot be recreated or re-provisioned under that name. Use a name of at most 6 lowercase letters and digits.',
      windowsSystemPool: 'Node {{node}} is a Windows node in AKS system pool "{{pool}}": AKS system node pools must be Linux; CoreDNS and metrics-server cannot run here. Make the pool a user pool and keep a Linux system pool.',
      noSystemPool: 'No node carries kubernetes.azure.com/mode=system: every AKS cluster needs a Linux system node pool for CoreDNS, konnectivity and metrics-server.',
      smallSystemPool: 'The AKS system node pool(s) have {{count}} node(s): AKS requires at least two (three recommended in production) so the system pods survive a node upgrade or failure.',
    },
    source: 'https://learn.microsoft.com/azure/aks/use-system-pools (limitations: Windows node pool names 1–6 characters; system pool osType must be Linux; system pools need at least two nodes, three recommended in production)',
  },
  sharedVisitor: true,
  create(context) {
    return {
      cluster({ nodes }) {
        const aks = nodes.filter((n) => nodeOf(n).metadata.labels?.[AKS_POOL]);
        if (aks.length === 0) return;
        const poolOf = (n: ManifestObject) => nodeOf(n).metadata.labels?.[AKS_POOL] ?? '';
        const reported = new Set<string>();
        for (const n of aks) {
          const pool = poolOf(n);
          if (osOfNode(nodeOf(n)) === 'windows' && pool.length > 6 && !reported.has(pool)) {
            reported.add(pool);
            context.report({ target: n, messageId: 'windowsPoolName', path: '/metadata/labels/kubernetes.azure.com~1agentpool', data: { pool, length: pool.length } });
          }
          if (osOfNode(nodeOf(n)) === 'windows' && nodeOf(n).metadata.labels?.[AKS_MODE] === 'system') {
            context.report({ target: n, messageId: 'windowsSystemPool', path: '/metadata/labels/kubernetes.azure.com~1mode', data: { node: nodeOf(n).metadata.name, pool } });
          }
        }
        // Pool modes are only judged when the nodes say them (AKS labels every node of API 2020-03-01+ pools).
        if (!aks.some((n) => nodeOf(n).metadata.labels?.[AKS_MODE])) return;
        const system = aks.filter((n) => nodeOf(n).metadata.labels?.[AKS_MODE] === 'system' && osOfNode(nodeOf(n)) === 'linux');
        if (system.length === 0) context.report({ target: aks[0], messageId: 'noSystemPool', path: '/metadata/labels' });
        else if (system.length < 2) context.report({ target: system[0], messageId: 'smallSystemPool', path: '/metadata/labels/kubernetes.azure.com~1mode', severity: 'warning', data: { count: system.length } });
      },
    };
  },
};
