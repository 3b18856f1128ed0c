import type { Rule } from '../engine/types.js';
import { asRecord } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { describeOwner, hostProcessContainers, windowsOptionsOf } from './helpers.js';

/**
 * WINDOWS-FACTS §4: validateWindowsHostProcessPod runs on every pod, whatever its OS. The messages in
 * quotes are upstream's. runAsNonRoot comes from the HostProcess task page (not checked by the API server).
 */
export const hostProcessRequirements: Rule = {
  id: 'host-process-requirements',
  meta: {
    category: 'compatibility',
    defaultSeverity: 'error',
    description: 'A HostProcess pod that breaks the HostProcess rules: mixed containers, disagreeing hostProcess values, no hostNetwork, runAsNonRoot.',
    messages: {
      valuesDiffer: 'The API server rejects the pod: "pod hostProcess value must be identical if both are specified, was {{pod}}" ({{owner}} sets {{own}}).',
      notAllHostProcess:
        'The API server rejects the pod: "If pod contains any hostProcess containers then all containers must be HostProcess containers" ({{owner}} is not one). Set hostProcess: true in the pod securityContext.windowsOptions.',
      hostNetworkRequired: 'The API server rejects the pod: "hostNetwork must be true if pod contains any hostProcess containers". Add hostNetwork: true.',
      runAsNonRoot:
        'runAsNonRoot: true on a HostProcess pod ({{owner}}): HostProcess containers have privileged access to the host, and the documented allowed values are unset or false. Remove it and pick the account with windowsOptions.runAsUserName (e.g. "NT AUTHORITY\\\\Local service").',
    },
    source:
      'WINDOWS-FACTS §4; kubernetes/kubernetes pkg/apis/core/validation/validation.go validateWindowsHostProcessPod; kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod',
  },
  create(context) {
    return {
      workload(workload) {
        const containers = hostProcessContainers(workload);
        const podOptions = windowsOptionsOf(workload.podSpec.securityContext);
        const podValue = typeof podOptions?.hostProcess === 'boolean' ? podOptions.hostProcess : undefined;
        const differs = (own: boolean | undefined) => podValue !== undefined && own !== undefined && own !== podValue;
        // Upstream checks that the values agree for every container, HostProcess containers or not
        // (pod true, only container false: refused, though no container ends up HostProcess).
        for (const { ref, own } of containers) {
          if (!differs(own)) continue;
          context.report({
            target: workload.source,
            messageId: 'valuesDiffer',
            path: joinPointer(ref.path, 'securityContext', 'windowsOptions', 'hostProcess'),
            data: { pod: String(podValue), own: String(own), owner: describeOwner(ref) },
            stage: 'api-server',
          });
        }
        if (!containers.some((c) => c.hostProcess)) return;
        for (const { ref, hostProcess, own } of containers) {
          if (differs(own)) continue;
          if (!hostProcess) {
            const path = own === false ? joinPointer(ref.path, 'securityContext', 'windowsOptions', 'hostProcess') : ref.path;
            context.report({ target: workload.source, messageId: 'notAllHostProcess', path, data: { owner: describeOwner(ref) }, stage: 'api-server' });
          }
        }
        const hostNetwork = workload.podSpec.hostNetwork;
        if (hostNetwork !== true) {
          context.report({ target: workload.source, messageId: 'hostNetworkRequired', path: hostNetwork === undefined ? workload.specPointer : joinPointer(workload.specPointer, 'hostNetwork'), stage: 'api-server' });
        }
        if (asRecord(workload.podSpec.securityContext)?.runAsNonRoot === true) {
          context.report({ target: workload.source, messageId: 'runAsNonRoot', severity: 'warning', path: joinPointer(workload.specPointer, 'securityContext', 'runAsNonRoot'), data: { owner: 'pod' } });
        }
        for (const { ref, hostProcess } of containers) {
          if (hostProcess && asRecord(ref.container.securityContext)?.runAsNonRoot === true) {
            context.report({ target: workload.source, messageId: 'runAsNonRoot', severity: 'warning', path: joinPointer(ref.path, 'securityContext', 'runAsNonRoot'), data: { owner: describeOwner(ref) } });
          }
        }
      },
    };
  },
};
