import type { Rule } from '../engine/types.js';
import { asRecord } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { containersOf, describeOwner, windowsPodOf } from './helpers.js';

/** Below this initialDelaySeconds a liveness probe without a startupProbe is reported. */
export const MIN_INITIAL_DELAY_SECONDS = 30;

/**
 * Windows containers are slow to start (multi-GB images, service start-up in Server Core):
 * a liveness probe that starts early, with no startupProbe to hold it, restarts containers that are
 * still starting.
 */
export const windowsLivenessProbeStartup: Rule = {
  id: 'windows-liveness-probe-startup',
  meta: {
    category: 'operations',
    defaultSeverity: 'warning',
    description: `A liveness probe on a Windows container with no startupProbe and an initialDelaySeconds under ${MIN_INITIAL_DELAY_SECONDS}.`,
    messages: {
      early:
        'The {{owner}} has a liveness probe that starts after {{delay}}s with no startupProbe ({{how}}): Windows containers often take longer than that to start, and the kubelet restarts them in a loop. Add a startupProbe (or a larger initialDelaySeconds).',
    },
    source: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-startup-probes (protect slow-starting containers with startup probes); https://github.com/Azure/acs-engine/issues/960 (Windows containers taking minutes to start with the image already on the node)',
    fixable: true,
  },
  create(context) {
    return {
      workload(workload) {
        const pod = windowsPodOf(context, workload);
        if (!pod) return;
        for (const ref of containersOf(workload, ['initContainers', 'containers'])) {
          const liveness = asRecord(ref.container.livenessProbe);
          if (!liveness || asRecord(ref.container.startupProbe)) continue;
          const delay = typeof liveness.initialDelaySeconds === 'number' ? liveness.initialDelaySeconds : 0;
          if (delay >= MIN_INITIAL_DELAY_SECONDS) continue;
          const path = liveness.initialDelaySeconds === undefined ? joinPointer(ref.path, 'livenessProbe') : joinPointer(ref.path, 'livenessProbe', 'initialDelaySeconds');
          context.report({ target: workload.source, messageId: 'early', path, data: { owner: describeOwner(ref), delay, how: pod.how } });
        }
      },
    };
  },
};
