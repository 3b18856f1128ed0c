import type { Rule } from '../engine/types.js';
import { asString } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { containersOf, describeOwner, windowsPodOf } from './helpers.js';

/**
 * EphemeralContainer.targetContainerName (API reference, read 2026-11-30): "The container runtime
 * must implement support for this feature. If the runtime does not support namespace targeting then
 * the result of setting this field is undefined." Windows cannot share process namespaces; only the
 * network is shared (kubernetes.io/docs/concepts/windows/intro, shareProcessNamespace).
 */
export const windowsEphemeralTargetContainer: Rule = {
  id: 'windows-ephemeral-target-container',
  meta: {
    category: 'compatibility',
    defaultSeverity: 'warning',
    description: 'An ephemeral container with targetContainerName in a Windows pod, where process namespace targeting does not exist.',
    messages: {
      target:
        'The {{owner}} targets container "{{target}}" ({{how}}): Windows cannot share process namespaces between containers (only the network), so the debug container does not see the target\'s processes or filesystem; the API reference leaves the result undefined when the runtime lacks namespace targeting. Debug through the shared network, or with kubectl exec into the target.',
    },
    source: 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#EphemeralContainer (targetContainerName); https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod (shareProcessNamespace) (read 2026-11-30)',
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const pod = windowsPodOf(context, workload);
        if (!pod) return;
        for (const ref of containersOf(workload, ['ephemeralContainers'])) {
          const target = asString(ref.container.targetContainerName);
          if (!target) continue;
          context.report({ target: workload.source, messageId: 'target', path: joinPointer(ref.path, 'targetContainerName'), data: { owner: describeOwner(ref), target, how: pod.how } });
        }
      },
    };
  },
};
