import type { Rule } from '../engine/types.js';
import { asRecord, asString } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { describeOwner, hostProcessContainers, windowsOptionsOf } from './helpers.js';

/**
 * Who a HostProcess container can run as. hcsshim internal/jobcontainers/logon.go processToken (read
 * 2026-11-30): a name that is a local group of the host gets a temporary account in that group;
 * anything else is split into DOMAIN\\USER and logged on with no password — which works only for the
 * NT AUTHORITY service accounts (SYSTEM, LOCAL SERVICE, NETWORK SERVICE; the ones the Kubernetes
 * HostProcess page documents). ContainerAdministrator and ContainerUser exist only inside containers.
 */
const HOST_PROCESS_SERVICE_ACCOUNTS = new Set(['system', 'localsystem', 'local service', 'localservice', 'network service', 'networkservice']);
const CONTAINER_ONLY_ACCOUNTS = new Set(['containeradministrator', 'containeruser']);

/** Whether hcsshim can log a HostProcess container on as `name` (undefined: we cannot tell). */
export function hostProcessUserAllowed(name: string): boolean | undefined {
  const parts = name.split('\\');
  if (parts.length === 2) return parts[0].trim().toLowerCase() === 'nt authority' && HOST_PROCESS_SERVICE_ACCOUNTS.has(parts[1].trim().toLowerCase());
  if (parts.length === 1) return CONTAINER_ONLY_ACCOUNTS.has(name.trim().toLowerCase()) ? false : undefined;
  return undefined;
}

/**
 * validateWindowsHostProcessPod (validation.go) runs on every pod, whatever its OS. The messages in
 * quotes are upstream's. runAsNonRoot comes from the HostProcess task page (not checked by the API server).
 */
export const hostProcessRequirements: Rule = {
  id: 'host-process-requirements',
  meta: {
    category: 'compatibility',
    defaultSeverity: 'error',
    description: 'A HostProcess pod that breaks the HostProcess rules: mixed containers, disagreeing hostProcess values, no hostNetwork, runAsNonRoot, a user the host cannot log on.',
    messages: {
      valuesDiffer: 'The API server rejects the pod: "pod hostProcess value must be identical if both are specified, was {{pod}}" ({{owner}} sets {{own}}).',
      notAllHostProcess:
        'The API server rejects the pod: "If pod contains any hostProcess containers then all containers must be HostProcess containers" (not HostProcess: {{owners}}). Set hostProcess: true in the pod securityContext.windowsOptions.',
      hostNetworkRequired: 'The API server rejects the pod: "hostNetwork must be true if pod contains any hostProcess containers". Add hostNetwork: true.',
      runAsNonRoot:
        'runAsNonRoot: true on a HostProcess pod ({{owner}}): HostProcess containers have privileged access to the host, and the documented allowed values are unset or false. Remove it and pick the account with windowsOptions.runAsUserName (e.g. "NT AUTHORITY\\\\Local service").',
      userNotAllowed:
        'HostProcess {{owner}} runs as "{{user}}", which the Windows host cannot log on: the container runtime logs HostProcess containers on with no password, so only NT AUTHORITY\\SYSTEM, NT AUTHORITY\\Local service, NT AUTHORITY\\NetworkService or a local group of the host work; the container fails to start ("failed to logon user").',
      userMissing:
        'HostProcess {{owner}} has no windowsOptions.runAsUserName: the Kubernetes docs require one for HostProcess pods, and without it the image\'s user (ContainerUser or ContainerAdministrator, which do not exist on the host) is used. Set e.g. "NT AUTHORITY\\\\Local service".',
    },
    source:
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go (validateWindowsHostProcessPod); https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/ (read 2026-11-30); https://github.com/microsoft/hcsshim/blob/main/internal/jobcontainers/logon.go (processToken, read 2026-11-30)',
  },
  sharedVisitor: true,
  windowsOptionsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const containers = hostProcessContainers(workload);
        const podOptions = windowsOptionsOf(workload.podSpec.securityContext);
        const podValue = typeof podOptions?.hostProcess === 'boolean' ? podOptions.hostProcess : undefined;
        // validateWindowsHostProcessPod compares the values on every pod, even one where no
        // container ends up HostProcess (pod true, every container false).
        const differs = (own: boolean | undefined) => podValue !== undefined && own !== undefined && own !== podValue;
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
        // Upstream counts every container (one whose value differs from the pod's too) and reports
        // once, at the pod spec (field.Invalid(fieldPath, "", …)): so do we, naming the containers.
        const notHostProcess = containers.filter((c) => !c.hostProcess);
        if (notHostProcess.length > 0) {
          const owners = notHostProcess.map((c) => describeOwner(c.ref)).join(', ');
          context.report({ target: workload.source, messageId: 'notAllHostProcess', path: workload.specPointer, data: { owners }, stage: 'api-server' });
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
        // The user each HostProcess container runs as: its own runAsUserName, else the pod's (reported once).
        const podUser = asString(podOptions?.runAsUserName);
        let podUserReported = false;
        for (const { ref, hostProcess } of containers) {
          if (!hostProcess) continue;
          const ownUser = asString(windowsOptionsOf(ref.container.securityContext)?.runAsUserName);
          const user = ownUser ?? podUser;
          if (user === undefined) {
            context.report({ target: workload.source, messageId: 'userMissing', severity: 'warning', path: ref.path, data: { owner: describeOwner(ref) } });
            continue;
          }
          if (hostProcessUserAllowed(user) !== false) continue;
          if (ownUser === undefined) {
            if (podUserReported) continue;
            podUserReported = true;
          }
          const path = ownUser !== undefined ? joinPointer(ref.path, 'securityContext', 'windowsOptions', 'runAsUserName') : joinPointer(workload.specPointer, 'securityContext', 'windowsOptions', 'runAsUserName');
          context.report({ target: workload.source, messageId: 'userNotAllowed', path, data: { owner: ownUser === undefined ? 'pod' : describeOwner(ref), user }, stage: 'container-create' });
        }
      },
    };
  },
};
