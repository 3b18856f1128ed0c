import type { Rule } from '../engine/types.js';
import { joinPointer } from '../util/pointer.js';

/** The RuntimeClass admission plugin refuses the pod (unknown class, nodeSelector conflict, overhead). */
export const runtimeClassRejected: Rule = {
  id: 'runtime-class-rejected',
  meta: {
    category: 'placement',
    defaultSeverity: 'error',
    description: 'The API server\'s RuntimeClass admission would refuse the pods: unknown RuntimeClass, a nodeSelector conflict, or mismatched overhead.',
    messages: {
      rejected: 'The API server would refuse these pods: {{reason}}.',
      notFound:
        'RuntimeClass "{{name}}" is neither in the input nor in the cluster profile; the API server refuses the pods ("{{reason}}") unless it exists in the cluster.',
    },
    source: 'https://github.com/kubernetes/kubernetes/blob/master/plugin/pkg/admission/runtimeclass/admission.go; https://kubernetes.io/docs/concepts/containers/runtime-class/#scheduling; https://kubernetes.io/docs/concepts/windows/user-guide/#ensuring-os-specific-workloads-land-on-the-appropriate-container-host (RuntimeClass pattern)',
  },
  sharedVisitor: true,
  create(context) {
    return {
      workload(workload) {
        const analysis = context.analysisOf(workload);
        const path = joinPointer(workload.specPointer, 'runtimeClassName');
        const name = workload.podSpec.runtimeClassName;
        for (const reason of analysis.runtimeClassErrors) {
          if (!analysis.runtimeClass && typeof name === 'string') {
            context.report({ target: workload.source, messageId: 'notFound', path, severity: 'warning', data: { name, reason } });
          } else {
            context.report({ target: workload.source, messageId: 'rejected', path, data: { reason } });
          }
        }
      },
    };
  },
};
