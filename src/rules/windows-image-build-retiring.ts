import type { Rule } from '../engine/types.js';
import type { ContainerImageInfo } from '../engine/images.js';
import type { LifecyclePlatform } from '../windows/lifecycle.js';
import { detached } from '../util/detach.js';
import { daysText, PLATFORM_NAMES, platformOfCluster, successorBuilds, upgradeTargetArg } from '../planner/pool-lifecycle.js';
import { describeBuild } from '../windows/builds.js';
import { currentDay, formatDay, standingBuildLifecycle } from '../windows/lifecycle.js';

/**
 * The message's data for an image that offers only retired or retiring builds, or null. It depends on
 * the image's builds and evidence, the platform and the day alone, and the same few images recur in
 * thousands of containers: remembered per (image, evidence, builds, platform, day), at most 10,000,
 * copied out of the file (a string cut from a file's text keeps the whole text alive).
 */
const answers = new Map<string, Readonly<Record<string, string>> | null>();

function onlyRetiringData(image: ContainerImageInfo, platform: LifecyclePlatform, today: string): Readonly<Record<string, string>> | null {
  const key = `${platform}\n${today}\n${image.windowsBuilds.join(',')}\n${image.image}\n${image.evidence}`;
  let data = answers.get(key);
  if (data === undefined) {
    data = computeOnlyRetiringData(image, platform, today);
    if (answers.size >= 10_000) answers.clear();
    answers.set(detached(key), data && Object.freeze(data));
  }
  return data;
}

function computeOnlyRetiringData(image: ContainerImageInfo, platform: LifecyclePlatform, today: string): Record<string, string> | null {
  const lifecycles = image.windowsBuilds.map((build) => standingBuildLifecycle(build, platform, today));
  if (!lifecycles.every((l) => (l.status === 'retired' || l.status === 'retiring') && l.endDate !== undefined)) return null;
  const latest = lifecycles.reduce((a, b) => (a.endDate! >= b.endDate! ? a : b));
  const target = successorBuilds(Math.max(...image.windowsBuilds), platform, today)[0] ?? 26100;
  const when = latest.status === 'retired' ? `retired on ${formatDay(latest.endDate!)}` : `retires on ${formatDay(latest.endDate!)} (in ${daysText(latest.daysLeft!)})`;
  return {
    image: detached(image.image),
    builds: image.windowsBuilds.map((b) => describeBuild(b)).join(', '),
    evidence: detached(image.evidence),
    platform: PLATFORM_NAMES[platform],
    when,
    source: latest.facts.find((f) => f.date === latest.endDate)?.source.url ?? 'kube-hybrid plan lifecycle',
    successor: describeBuild(target),
    target: upgradeTargetArg(target),
  };
}

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
  windowsImagesOnly: true,
  create(context) {
    return {
      workload(workload) {
        const analysis = context.analysisOf(workload);
        const today = context.inputs.today ?? currentDay();
        const platform = platformOfCluster(context.inputs.cluster);
        for (const image of analysis.images) {
          // HostProcess images are not tied to the host's build: a retiring build moves nothing.
          if (image.os === 'linux' || image.windowsBuilds.length === 0 || image.hostProcess) continue;
          const data = onlyRetiringData(image, platform, today);
          if (data) context.report({ target: workload.source, messageId: 'onlyRetiring', path: image.path, data });
        }
      },
    };
  },
};
