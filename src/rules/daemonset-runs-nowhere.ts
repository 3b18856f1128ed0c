import type { Rule } from '../engine/types.js';
import { requiredNodeAffinityMatches } from '../kube/node-affinity.js';
import { formatTaint } from '../kube/taints.js';
import { joinPointer } from '../util/pointer.js';
import { describeNodesByPool } from './helpers.js';

/**
 * A DaemonSet whose selectors match nodes of the cluster but that tolerates none of them: the
 * DaemonSet controller (NodeShouldRunDaemonPod) creates no pod at all, and the node agent it carries
 * (a CSI node plugin, an exporter, a CNI) is missing everywhere. A DaemonSet that matches no node by
 * its selectors (a GPU agent on a cluster without GPUs) is left alone: that is by design.
 */
export const daemonSetRunsNowhere: Rule = {
  id: 'daemonset-runs-nowhere',
  meta: {
    category: 'placement',
    defaultSeverity: 'error',
    description: 'A DaemonSet that selects nodes of the cluster but tolerates none of their taints, so it runs no pod at all.',
    messages: {
      untolerated:
        'The DaemonSet selects {{count}} node(s) ({{pools}}) but runs on none of them: they are tainted {{taints}}, which the pod template does not tolerate, so the DaemonSet controller creates no pod (desired 0). Add a toleration for {{taints}}.',
    },
    source:
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/daemon/daemon_controller.go (NodeShouldRunDaemonPod: node name, node affinity, NoSchedule/NoExecute taints); https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/#taints-and-tolerations',
  },
  sharedVisitor: true,
  create(context) {
    return {
      workload(workload) {
        if (workload.kind !== 'DaemonSet') return;
        const analysis = context.analysisOf(workload);
        if (analysis.placement.eligible.length > 0) return;
        // Nodes the template selects (nodeSelector, required affinity) that only a taint keeps it off.
        const selected = analysis.placement.rejections.filter((r) => r.filter === 'TaintToleration' && requiredNodeAffinityMatches(analysis.effectiveSpec, r.node));
        if (selected.length === 0) return;
        const taints = [...new Set(selected.map((r) => (r.taint ? formatTaint(r.taint) : '')).filter((t) => t !== ''))];
        const hasTolerations = Array.isArray(workload.podSpec.tolerations);
        context.report({
          target: workload.source,
          messageId: 'untolerated',
          path: hasTolerations ? joinPointer(workload.specPointer, 'tolerations') : workload.specPointer,
          data: { count: selected.length, pools: describeNodesByPool(selected.map((r) => r.node)), taints: taints.join(', ') },
        });
      },
    };
  },
};
