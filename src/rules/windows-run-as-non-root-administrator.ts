import type { Rule } from '../engine/types.js';
import { asRecord, asString } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { containersOf, describeOwner, hostProcessContainers, windowsOptionsOf, windowsPodOf } from './helpers.js';

/**
 * The kubelet's verifyRunAsNonRoot on Windows (kubernetes/kubernetes
 * pkg/kubelet/kuberuntime/security_context_windows.go, read 2026-11-30): with an effective
 * runAsNonRoot true, a runAsUserName equal to "ContainerAdministrator" (exact, case-sensitive
 * compare) fails the container: "… which will be regarded as root identity and will break non-root
 * policy". Effective = the container's field, else the pod's (DetermineEffectiveSecurityContext).
 */
export const WINDOWS_ROOT_USER_NAME = 'ContainerAdministrator';

export const windowsRunAsNonRootAdministrator: Rule = {
  id: 'windows-run-as-non-root-administrator',
  meta: {
    category: 'security',
    defaultSeverity: 'error',
    description: 'runAsNonRoot: true together with runAsUserName ContainerAdministrator on a Windows container: the kubelet refuses to start it.',
    messages: {
      administrator:
        'The {{owner}} runs as ContainerAdministrator with runAsNonRoot: true ({{how}}): the Windows kubelet treats ContainerAdministrator as root and refuses to create the container ("container\'s runAsUser (ContainerAdministrator) which will be regarded as root identity and will break non-root policy"). Run as ContainerUser, or drop runAsNonRoot.',
    },
    source: 'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kuberuntime/security_context_windows.go (verifyRunAsNonRoot); https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod-spec-containers (securityContext.runAsNonRoot) (read 2026-11-30)',
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  windowsOptionsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const pod = windowsPodOf(context, workload);
        if (!pod) return;
        const podContext = asRecord(workload.podSpec.securityContext);
        const podUser = asString(windowsOptionsOf(podContext)?.runAsUserName);
        const podNonRoot = podContext?.runAsNonRoot;
        // host-process-requirements reports runAsNonRoot on HostProcess containers.
        const hostProcess = new Set(hostProcessContainers(workload).filter((c) => c.hostProcess).map((c) => c.ref.path));
        for (const ref of containersOf(workload)) {
          if (hostProcess.has(ref.path)) continue;
          const own = asRecord(ref.container.securityContext);
          const ownUser = asString(windowsOptionsOf(own)?.runAsUserName);
          const nonRoot = typeof own?.runAsNonRoot === 'boolean' ? own.runAsNonRoot : podNonRoot;
          const user = ownUser ?? podUser;
          if (nonRoot !== true || user !== WINDOWS_ROOT_USER_NAME) continue;
          const path =
            ownUser !== undefined ? joinPointer(ref.path, 'securityContext', 'windowsOptions', 'runAsUserName') : joinPointer(workload.specPointer, 'securityContext', 'windowsOptions', 'runAsUserName');
          context.report({ target: workload.source, messageId: 'administrator', path, data: { owner: describeOwner(ref), how: pod.how }, stage: 'container-config' });
        }
      },
    };
  },
};
