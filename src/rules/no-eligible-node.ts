import type { Rule } from '../engine/types.js';
import { fitErrorMessage } from '../kube/fit-error.js';

/** kube-scheduler leaves such a pod Pending with a FailedScheduling event. */
export const noEligibleNode: Rule = {
  id: 'no-eligible-node',
  meta: {
    category: 'placement',
    defaultSeverity: 'error',
    description: 'No node of the cluster passes the scheduler\'s node filters for the workload\'s pods, so they stay Pending.',
    messages: {
      noNode: 'Pods would stay Pending: {{fitError}}',
      nodeMissing: 'spec.nodeName names node "{{node}}", which the cluster does not have: the pod bypasses the scheduler and waits for that node (Pending).',
      kubeletRejects:
        'spec.nodeName binds the pod to {{node}} without the scheduler, and that node\'s kubelet refuses it: status {{reason}}, "{{message}}". Remove nodeName and let the scheduler place the pod, or fix the pod for that node.',
    },
    source: 'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/lifecycle/predicate.go (the kubelet\'s admission of a pod bound by spec.nodeName); https://github.com/kubernetes/kubernetes/blob/master/pkg/scheduler/framework/types.go (kube-scheduler FitError); filters NodeUnschedulable, NodeName, TaintToleration, NodeAffinity (https://github.com/kubernetes/kubernetes/tree/master/pkg/scheduler/framework/plugins)',
  },
  sharedVisitor: true,
  create(context) {
    return {
      workload(workload) {
        const analysis = context.analysisOf(workload);
        const nodeCount = context.inputs.cluster.nodes.length;
        if (analysis.placement.eligible.length > 0) return;
        // A RuntimeClass the API server refuses is runtime-class-rejected's finding, not a placement one.
        if (analysis.runtimeClass && analysis.runtimeClassErrors.length > 0) return;
        // A DaemonSet with no eligible node simply runs no pods: not a failure of the workload.
        if (workload.kind === 'DaemonSet') return;
        if (analysis.placement.bypassesScheduler) {
          const node = String(analysis.effectiveSpec.nodeName);
          const refusal = analysis.placement.rejections.find((r) => r.filter === 'KubeletAdmission');
          context.report({
            target: workload.source,
            messageId: refusal ? 'kubeletRejects' : 'nodeMissing',
            path: `${workload.specPointer}/nodeName`,
            data: refusal ? { node, reason: refusal.kubeletReason ?? '', message: refusal.reason } : { node },
          });
          return;
        }
        context.report({
          target: workload.source,
          messageId: 'noNode',
          path: workload.specPointer,
          data: { fitError: fitErrorMessage(nodeCount, analysis.placement.rejections.map((r) => [r.reason])) },
        });
      },
    };
  },
};
