import type { Rule } from '../engine/types.js';
import { daysText, PLATFORM_NAMES, platformOfCluster, successorBuilds, upgradeTargetArg } from '../planner/pool-lifecycle.js';
import { describeBuild } from '../windows/builds.js';
import { currentDay, formatDay, standingBuildLifecycle } from '../windows/lifecycle.js';

/**
 * An image published only for builds that are retired or retiring on the cluster's platform: when
 * the pools move to the next build the image has nothing to run there (process isolation ties the
 * image build to the host build; containerd/platforms checkWindowsHostAndContainerCompat).
 */
export const windowsImageBuildRetiring: Rule = {
  id: 'windows-image-build-retiring',
  meta: {
    category: 'lifecycle',
    defaultSeverity: 'warning',
    description: 'A Windows image that exists only for Windows Server builds that are retired or retiring on the cluster\'s platform.',
    messages: {
      onlyRetiring:
        'Image {{image}} offers only {{builds}} ({{evidence}}), which {{platform}} {{when}}. Source: {{source}}. Publish it for {{successor}} before the pools move (kube-hybrid plan upgrade --to {{target}} lists every image to rebuild).',
    },
    source: 'https://github.com/containerd/platforms/blob/main/platform_windows_compat.go (checkWindowsHostAndContainerCompat); https://github.com/Azure/AKS/issues/4091; https://github.com/Azure/AKS/issues/4168; https://github.com/Azure/AKS/issues/5608 — dated facts in src/windows/lifecycle.ts',
  },
  sharedVisitor: true,
  create(context) {
    return {
      workload(workload) {
        const analysis = context.analysisOf(workload);
        const today = context.inputs.today ?? currentDay();
        const platform = platformOfCluster(context.inputs.cluster);
        for (const image of analysis.images) {
          // HostProcess images are not tied to the host's build: a retiring build moves nothing.
          if (image.os === 'linux' || image.windowsBuilds.length === 0 || image.hostProcess) continue;
          const lifecycles = image.windowsBuilds.map((build) => standingBuildLifecycle(build, platform, today));
          if (!lifecycles.every((l) => (l.status === 'retired' || l.status === 'retiring') && l.endDate !== undefined)) continue;
          const latest = lifecycles.reduce((a, b) => (a.endDate! >= b.endDate! ? a : b));
          const target = successorBuilds(Math.max(...image.windowsBuilds), platform, today)[0] ?? 26100;
          const when = latest.status === 'retired' ? `retired on ${formatDay(latest.endDate!)}` : `retires on ${formatDay(latest.endDate!)} (in ${daysText(latest.daysLeft!)})`;
          context.report({
            target: workload.source,
            messageId: 'onlyRetiring',
            path: image.path,
            data: {
              image: image.image,
              builds: image.windowsBuilds.map((b) => describeBuild(b)).join(', '),
              evidence: image.evidence,
              platform: PLATFORM_NAMES[platform],
              when,
              source: latest.facts.find((f) => f.date === latest.endDate)?.source.url ?? 'kube-hybrid plan lifecycle',
              successor: describeBuild(target),
              target: upgradeTargetArg(target),
            },
          });
        }
      },
    };
  },
};
