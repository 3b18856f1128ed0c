import type { Rule } from '../engine/types.js';
import { asRecord } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { containersOf, describeOwner, windowsPodOf } from './helpers.js';

/**
 * A liveness probe that can restart a container sooner than this after it starts, with no
 * startupProbe, is reported. Windows containers commonly take a minute or more to start (Server Core
 * services, a cold image); the upstream defaults (no delay, every 10 s, 3 failures) give 30 s.
 */
export const MIN_SECONDS_BEFORE_RESTART = 60;

/** probe defaults (k8s.io/api core/v1 Probe: periodSeconds 10, failureThreshold 3). */
const DEFAULT_PERIOD_SECONDS = 10;
const DEFAULT_FAILURE_THRESHOLD = 3;

function positiveInt(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}

/**
 * The earliest a liveness probe can restart a starting container: the first probe at
 * initialDelaySeconds, then failureThreshold consecutive failures, one per periodSeconds.
 */
export function secondsBeforeLivenessRestart(probe: Record<string, unknown>): { seconds: number; delay: number; period: number; failures: number } {
  const delay = typeof probe.initialDelaySeconds === 'number' && probe.initialDelaySeconds > 0 ? probe.initialDelaySeconds : 0;
  const period = positiveInt(probe.periodSeconds, DEFAULT_PERIOD_SECONDS);
  const failures = positiveInt(probe.failureThreshold, DEFAULT_FAILURE_THRESHOLD);
  return { seconds: delay + failures * period, delay, period, failures };
}

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
    description: `A liveness probe on a Windows container, with no startupProbe, that can restart the container less than ${MIN_SECONDS_BEFORE_RESTART} s after it starts (initialDelaySeconds + failureThreshold × periodSeconds).`,
    messages: {
      early:
        'The {{owner}} has a liveness probe, and no startupProbe, that can restart it {{seconds}}s after it starts (initialDelaySeconds {{delay}} + failureThreshold {{failures}} × periodSeconds {{period}}) ({{how}}): Windows containers often take longer than that to start, and the kubelet restarts them in a loop. Add a startupProbe (or raise initialDelaySeconds or failureThreshold).',
    },
    source: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-startup-probes (protect slow-starting containers with startup probes); https://github.com/Azure/acs-engine/issues/960 (Windows containers taking minutes to start with the image already on the node)',
    fixable: true,
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const pod = windowsPodOf(context, workload);
        if (!pod) return;
        for (const ref of containersOf(workload, ['initContainers', 'containers'])) {
          const liveness = asRecord(ref.container.livenessProbe);
          if (!liveness || asRecord(ref.container.startupProbe)) continue;
          const grace = secondsBeforeLivenessRestart(liveness);
          if (grace.seconds >= MIN_SECONDS_BEFORE_RESTART) continue;
          const path = liveness.initialDelaySeconds === undefined ? joinPointer(ref.path, 'livenessProbe') : joinPointer(ref.path, 'livenessProbe', 'initialDelaySeconds');
          context.report({ target: workload.source, messageId: 'early', path, data: { owner: describeOwner(ref), ...grace, how: pod.how } });
        }
      },
    };
  },
};
