import type { Rule } from '../engine/types.js';
import { landingPoolLifecycles } from './helpers.js';
import { endFactOf, endMeaning, PLATFORM_NAMES, successorBuilds, upgradeTargetArg } from '../planner/pool-lifecycle.js';
import { describeBuild } from '../windows/builds.js';
import { formatDay } from '../windows/lifecycle.js';

/**
 * A Windows pool past its end on the cluster's platform: AKS retirements (Azure/AKS #4091, #5608),
 * EKS and GKE end-of-support dates, or Microsoft's end of extended support / servicing on
 * self-managed clusters (src/windows/lifecycle.ts, each fact with its source and date read).
 */
export const windowsBuildRetired: Rule = {
  id: 'windows-build-retired',
  meta: {
    category: 'lifecycle',
    defaultSeverity: 'error',
    description: 'The pods may land on a Windows pool whose Windows Server build is retired on the cluster\'s platform.',
    messages: {
      retired:
        'The pods may land on pool {{pool}}, which runs {{release}}: retired on {{platform}} since {{date}} ({{meaning}}){{removal}}. Source: {{source}}. Move the workload to a pool of {{successor}} (kube-hybrid plan upgrade --to {{target}}).',
    },
    source: 'https://github.com/Azure/AKS/issues/4091; https://github.com/Azure/AKS/issues/5608; https://github.com/Azure/AKS/pull/5798 (changelog 2026-05-29); https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-windows-ami.html; https://cloud.google.com/kubernetes-engine/docs/deprecations/windows-server-sac; https://learn.microsoft.com/lifecycle/products/windows-server-2019 (and -2016, -2022, -2025) — every fact with its date read: kube-hybrid plan lifecycle',
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const { today, entries } = landingPoolLifecycles(context, workload);
        for (const entry of entries) {
          if (entry.lifecycle.status !== 'retired' || entry.lifecycle.endDate === undefined) continue;
          const successors = successorBuilds(entry.build, entry.platform, today);
          const target = successors[0] ?? 26100;
          const removed = entry.lifecycle.imagesRemoved;
          context.report({
            target: workload.source,
            messageId: 'retired',
            path: workload.specPointer,
            data: {
              pool: entry.pool.name,
              release: entry.release,
              platform: PLATFORM_NAMES[entry.platform],
              date: formatDay(entry.lifecycle.endDate),
              meaning: endMeaning(entry.platform),
              removal: removed ? `; its node images are removed on ${formatDay(removed)}, after which scaling fails` : '',
              source: endFactOf(entry.lifecycle)?.source.url ?? 'kube-hybrid plan lifecycle',
              successor: describeBuild(target),
              target: upgradeTargetArg(target),
            },
          });
        }
      },
    };
  },
};
