import type { Rule } from '../engine/types.js';
import { describeOwner, windowsOptionsIn } from './helpers.js';

/** validateLinux (validation.go) rejects securityContext.windowsOptions when spec.os.name is linux. */
export const windowsOptionsOnLinuxPod: Rule = {
  id: 'windows-options-on-linux-pod',
  meta: {
    category: 'compatibility',
    defaultSeverity: 'error',
    description: 'securityContext.windowsOptions on a pod whose spec.os.name is linux.',
    messages: {
      rejected: 'The API server rejects windowsOptions of the {{owner}}: "windows options cannot be set for a linux pod" (spec.os.name is "linux"). Remove it, or set spec.os.name: windows if this is a Windows pod.',
    },
    source: 'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go (validateLinux)',
  },
  sharedVisitor: true,
  create(context) {
    return {
      workload(workload) {
        const first = context.analysisOf(workload).osIntent.evidence[0];
        if (first.kind !== 'spec.os.name' || first.os !== 'linux') return;
        for (const ref of windowsOptionsIn(workload)) {
          context.report({ target: workload.source, messageId: 'rejected', path: ref.path, data: { owner: describeOwner(ref.owner) }, stage: 'api-server' });
        }
      },
    };
  },
};
