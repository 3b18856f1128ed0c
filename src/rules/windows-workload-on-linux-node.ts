import { LABEL_OS } from '../kube/types.js';
import type { Rule } from '../engine/types.js';
import { joinPointer } from '../util/pointer.js';
import { describeNodesByPool } from './helpers.js';

/** Kubernetes docs (Windows user guide): nothing keeps a Windows pod off Linux nodes but a selector (spec.os.name does not). */
export const windowsWorkloadOnLinuxNode: Rule = {
  id: 'windows-workload-on-linux-node',
  meta: {
    category: 'placement',
    defaultSeverity: 'error',
    description: 'A Windows workload whose pods the scheduler may place on Linux nodes.',
    messages: {
      canLandOnLinux:
        'Windows workload ({{how}}) can be scheduled onto {{count}} Linux node(s): {{pools}}. Add nodeSelector {{label}}: windows (spec.os.name alone does not steer the scheduler).',
    },
    source: 'https://kubernetes.io/docs/concepts/windows/user-guide/#ensuring-os-specific-workloads-land-on-the-appropriate-container-host',
    fixable: true,
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const analysis = context.analysisOf(workload);
        if (analysis.osIntent.os !== 'windows' || analysis.wrongOsNodes.length === 0) return;
        const hasSelector = typeof workload.podSpec.nodeSelector === 'object' && workload.podSpec.nodeSelector !== null;
        context.report({
          target: workload.source,
          messageId: 'canLandOnLinux',
          path: hasSelector ? joinPointer(workload.specPointer, 'nodeSelector') : workload.specPointer,
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
