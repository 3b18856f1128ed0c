import type { Rule } from '../engine/types.js';

/**
 * spec.os.name does not schedule (Kubernetes docs, Windows user guide): a selector for the other OS sends the pod to a
 * node whose kubelet rejects it with PodOSNotSupported.
 */
export const osFieldContradictsSelector: Rule = {
  id: 'os-field-contradicts-selector',
  meta: {
    category: 'placement',
    defaultSeverity: 'error',
    description: 'spec.os.name names one OS while the node selector, node affinity or RuntimeClass selects the other.',
    messages: {
      contradicts:
        'spec.os.name is "{{os}}" but {{other}}; the pod would be scheduled onto {{otherOs}} nodes and rejected by the kubelet (PodOSNotSupported).',
    },
    source: 'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/lifecycle/predicate.go (PodOSNotSupported); https://kubernetes.io/docs/concepts/windows/user-guide/#ensuring-os-specific-workloads-land-on-the-appropriate-container-host',
  },
  sharedVisitor: true,
  create(context) {
    return {
      workload(workload) {
        const { evidence } = context.analysisOf(workload).osIntent;
        const osField = evidence.find((e) => e.kind === 'spec.os.name');
        if (!osField) return;
        const selector = evidence.find((e) => (e.kind === 'nodeSelector' || e.kind === 'nodeAffinity' || e.kind === 'runtimeClass') && e.os !== osField.os);
        if (!selector) return;
        context.report({
          target: workload.source,
          messageId: 'contradicts',
          path: osField.path,
          data: { os: osField.os, other: selector.detail, otherOs: selector.os },
        });
      },
    };
  },
};
