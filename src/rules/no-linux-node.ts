import { nodeOf } from '../cluster/node-facts.js';
import type { Rule } from '../engine/types.js';
import { osOfNode } from '../kube/nodes.js';
import { doNotScheduleTaints } from '../kube/taints.js';

const CONTROL_PLANE_TAINTS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

/** Cluster rule: Windows nodes only join clusters that keep Linux nodes for the Linux-only system pods. */
export const noLinuxNode: Rule = {
  id: 'no-linux-node',
  meta: {
    category: 'cluster',
    defaultSeverity: 'error',
    description: 'The cluster has no Linux node that takes workloads: CoreDNS and the other Linux-only system pods have nowhere to run.',
    messages: {
      noLinuxNode: 'None of the {{count}} nodes runs Linux: Kubernetes runs Windows nodes only as workers beside Linux nodes, and CoreDNS, metrics-server and the other Linux-only system pods stay Pending. Add a Linux node pool.',
      onlyControlPlane:
        'The only Linux nodes ({{nodes}}) are control-plane nodes tainted NoSchedule: CoreDNS tolerates that taint, but every other Linux workload (metrics-server, ingress controllers, Linux DaemonSets) stays Pending. Add a Linux worker pool.',
    },
    source:
      'https://kubernetes.io/docs/concepts/windows/intro (Windows nodes are workers; the control plane runs on Linux); https://docs.aws.amazon.com/eks/latest/userguide/windows-support.html (clusters must contain one or more Linux or Fargate nodes to run core system pods that only run on Linux, such as CoreDNS); https://learn.microsoft.com/azure/aks/use-system-pools (system pool osType must be Linux)',
  },
  sharedVisitor: true,
  create(context) {
    return {
      cluster({ nodes }) {
        if (nodes.length === 0) return;
        const linux = nodes.filter((n) => osOfNode(nodeOf(n)) === 'linux');
        if (linux.length === 0) {
          context.report({ target: nodes[0], messageId: 'noLinuxNode', path: '/metadata/labels/kubernetes.io~1os', data: { count: nodes.length } });
          return;
        }
        const workers = linux.filter((n) => !(nodeOf(n).spec?.taints ?? []).some((t) => CONTROL_PLANE_TAINTS.includes(t.key) && doNotScheduleTaints(t)) && nodeOf(n).spec?.unschedulable !== true);
        if (workers.length === 0) {
          context.report({ target: linux[0], messageId: 'onlyControlPlane', path: '/spec/taints', data: { nodes: linux.map((n) => nodeOf(n).metadata.name).join(', ') } });
        }
      },
    };
  },
};
