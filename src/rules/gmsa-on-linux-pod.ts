import type { Rule } from '../engine/types.js';
import { joinPointer } from '../util/pointer.js';
import { describeOwner, windowsOptionsIn } from './helpers.js';

/**
 * gMSA identities exist only for Windows containers (Kubernetes docs, Configure GMSA): on a pod that wants Linux the
 * fields do nothing. With spec.os.name: linux the API server rejects all windowsOptions instead
 * (windows-options-on-linux-pod), so this rule covers the inferred case only.
 */
export const gmsaOnLinuxPod: Rule = {
  id: 'gmsa-on-linux-pod',
  meta: {
    category: 'gmsa',
    defaultSeverity: 'warning',
    description: 'gMSA fields on a pod that targets Linux nodes, where they are ignored.',
    messages: {
      ignored: '{{field}} of the {{owner}} does nothing: the pod targets Linux ({{how}}) and gMSA works only for Windows containers. Remove it, or fix the pod\'s OS.',
    },
    source: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-gmsa/; https://github.com/kubernetes-sigs/windows-gmsa',
  },
  sharedVisitor: true,
  create(context) {
    return {
      workload(workload) {
        const intent = context.analysisOf(workload).osIntent;
        const first = intent.evidence[0];
        if (intent.os !== 'linux' || !intent.decided || first.kind === 'spec.os.name') return;
        for (const ref of windowsOptionsIn(workload)) {
          for (const field of ['gmsaCredentialSpecName', 'gmsaCredentialSpec']) {
            if (ref.options[field] === undefined || ref.options[field] === null) continue;
            context.report({ target: workload.source, messageId: 'ignored', path: joinPointer(ref.path, field), data: { field, owner: describeOwner(ref.owner), how: first.detail } });
          }
        }
      },
    };
  },
};
