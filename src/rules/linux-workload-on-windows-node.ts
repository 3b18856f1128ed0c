import { LABEL_OS } from '../kube/types.js';
import type { Node, Toleration } from '../kube/types.js';
import { toleratesTaint } from '../kube/taints.js';
import type { Rule } from '../engine/types.js';
import { recordsIn } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { describeNodesByPool } from './helpers.js';

/**
 * The blanket toleration (no key, operator Exists) that lets the pod onto these Windows nodes: the
 * one that tolerates one of their taints (ToleratesTaint), not just the first blanket one listed (a
 * blanket NoExecute toleration does not tolerate a NoSchedule taint).
 */
function blanketTolerationIndex(tolerations: unknown, windowsNodes: readonly Node[]): number | undefined {
  // Most pods list no toleration: nothing to look for.
  if (!Array.isArray(tolerations) || tolerations.length === 0) return undefined;
  const taints = windowsNodes.flatMap((node) => node.spec?.taints ?? []);
  const found = recordsIn(tolerations).find(
    ({ item }) => item.operator === 'Exists' && (item.key === undefined || item.key === '') && taints.some((taint) => toleratesTaint(item as Toleration, taint)),
  );
  return found?.index;
}

/** Untainted Windows nodes (upstream taints none; AKS, EKS add none) or blanket tolerations let Linux pods land there. */
export const linuxWorkloadOnWindowsNode: Rule = {
  id: 'linux-workload-on-windows-node',
  meta: {
    category: 'placement',
    defaultSeverity: 'error',
    description: 'A Linux workload (DaemonSets included) whose pods the scheduler may place on Windows nodes.',
    messages: {
      canLandOnWindows:
        'Linux workload ({{how}}) can be scheduled onto {{count}} Windows node(s): {{pools}}; its containers would fail there with ErrImagePull. Add nodeSelector {{label}}: linux.',
      canLandOnWindowsUnknown:
        'Workload ({{how}}) can be scheduled onto {{count}} Windows node(s): {{pools}}; whether its images run there is unknown without --resolve-images (their names do not tell their platform), and a Linux-only image fails there with ErrImagePull. Add nodeSelector {{label}}: linux.',
      blanketToleration:
        'Linux workload ({{how}}) tolerates every taint (operator: Exists without a key), so it lands on {{count}} Windows node(s) too: {{pools}}. Add nodeSelector {{label}}: linux.',
    },
    source: 'https://kubernetes.io/docs/concepts/windows/user-guide/#ensuring-os-specific-workloads-land-on-the-appropriate-container-host; https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/; https://github.com/containerd/containerd/blob/main/core/images/image.go (no match for platform in manifest)',
    fixable: true,
  },
  sharedVisitor: true,
  create(context) {
    return {
      workload(workload) {
        const analysis = context.analysisOf(workload);
        if (analysis.osIntent.os !== 'linux' || analysis.wrongOsNodes.length === 0) return;
        const blanket = blanketTolerationIndex(workload.podSpec.tolerations, analysis.wrongOsNodes);
        const tainted = analysis.wrongOsNodes.some((node) => (node.spec?.taints ?? []).length > 0);
        const useBlanket = blanket !== undefined && tainted;
        const hasSelector = typeof workload.podSpec.nodeSelector === 'object' && workload.podSpec.nodeSelector !== null;
        context.report({
          target: workload.source,
          // Nothing names the OS and no image's platform is known: say "unknown", as simulate does.
          messageId: useBlanket ? 'blanketToleration' : !analysis.osIntent.decided ? 'canLandOnWindowsUnknown' : 'canLandOnWindows',
          path: useBlanket
            ? joinPointer(workload.specPointer, 'tolerations', blanket)
            : hasSelector
              ? joinPointer(workload.specPointer, 'nodeSelector')
              : workload.specPointer,
          data: {
            how: analysis.osIntent.evidence[0].detail,
            count: analysis.wrongOsNodes.length,
            pools: describeNodesByPool(analysis.wrongOsNodes),
            label: LABEL_OS,
          },
        });
      },
    };
  },
};
