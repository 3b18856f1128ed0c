import type { Rule } from '../engine/types.js';
import { landingPoolLifecycles } from './helpers.js';
import { daysText, endFactOf, endMeaning, PLATFORM_NAMES, successorBuilds, upgradeTargetArg } from '../planner/pool-lifecycle.js';
import { describeBuild } from '../windows/builds.js';
import { RETIRING_WINDOW_DAYS, formatDay } from '../windows/lifecycle.js';

/** The deadline before it passes: a pool whose build retires on its platform within 180 days. */
export const windowsBuildRetiring: Rule = {
  id: 'windows-build-retiring',
  meta: {
    category: 'lifecycle',
    defaultSeverity: 'warning',
    description: `The pods may land on a Windows pool whose Windows Server build retires on the cluster's platform within ${RETIRING_WINDOW_DAYS} days.`,
    messages: {
      retiring:
        'The pods may land on pool {{pool}}, which runs {{release}}: it retires on {{platform}} on {{date}}, in {{days}} ({{meaning}} from then on). Source: {{source}}. Plan the move to {{successor}} (kube-hybrid plan upgrade --to {{target}}).',
    },
    source: 'https://github.com/Azure/AKS/issues/4168; https://learn.microsoft.com/lifecycle/products/windows-server-2016 — every fact with its date read: kube-hybrid plan lifecycle',
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const { today, entries } = landingPoolLifecycles(context, workload);
        for (const entry of entries) {
          const { lifecycle } = entry;
          if (lifecycle.status !== 'retiring' || lifecycle.endDate === undefined || lifecycle.daysLeft === undefined) continue;
          const target = successorBuilds(entry.build, entry.platform, today)[0] ?? 26100;
          context.report({
            target: workload.source,
            messageId: 'retiring',
            path: workload.specPointer,
            data: {
              pool: entry.pool.name,
              release: entry.release,
              platform: PLATFORM_NAMES[entry.platform],
              date: formatDay(lifecycle.endDate),
              days: daysText(lifecycle.daysLeft),
              meaning: endMeaning(entry.platform),
              source: endFactOf(lifecycle)?.source.url ?? 'kube-hybrid plan lifecycle',
              successor: describeBuild(target),
              target: upgradeTargetArg(target),
            },
          });
        }
      },
    };
  },
};
