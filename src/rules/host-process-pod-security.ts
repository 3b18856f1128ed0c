import type { Rule } from '../engine/types.js';
import { joinPointer } from '../util/pointer.js';
import { containersOf, windowsOptionsOf } from './helpers.js';

/** Pod Security Standards Baseline (and Restricted) forbid hostProcess. */
export const hostProcessPodSecurity: Rule = {
  id: 'host-process-pod-security',
  meta: {
    category: 'security',
    defaultSeverity: 'warning',
    description: 'A HostProcess pod: privileged access to the Windows node, forbidden by the Baseline and Restricted Pod Security Standards.',
    messages: {
      baseline:
        'HostProcess containers have privileged access to the Windows node: the Baseline and Restricted Pod Security Standards forbid hostProcess, so Pod Security Admission rejects this pod in namespaces that enforce them. Run it in a namespace labelled pod-security.kubernetes.io/enforce: privileged, and give it the least privileged account (NT AUTHORITY\\\\Local service).',
    },
    source: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline (HostProcess); https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/',
  },
  sharedVisitor: true,
  windowsOptionsOnly: true,
  create(context) {
    return {
      workload(workload) {
        // The pod's, then each container's: the first hostProcess: true (its pointer made only then).
        let owner: string | undefined;
        if (windowsOptionsOf(workload.podSpec.securityContext)?.hostProcess === true) owner = workload.specPointer;
        else owner = containersOf(workload).find((ref) => windowsOptionsOf(ref.container.securityContext)?.hostProcess === true)?.path;
        if (owner !== undefined) context.report({ target: workload.source, messageId: 'baseline', path: joinPointer(owner, 'securityContext', 'windowsOptions', 'hostProcess') });
      },
    };
  },
};
