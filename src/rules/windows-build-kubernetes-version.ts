import type { Rule } from '../engine/types.js';
import { landingPoolLifecycles } from './helpers.js';
import { PLATFORM_NAMES } from '../planner/pool-lifecycle.js';

/**
 * A pool whose kubelets run a Kubernetes minor its Windows build is not supported on, on its
 * platform: AKS runs Windows Server 2019 up to 1.32 (Azure/AKS #4268) and creates 2022 pools up to
 * 1.34 (Azure/AKS #4168); EKS lists Windows Server 2025 AMIs from 1.35.
 */
export const windowsBuildKubernetesVersion: Rule = {
  id: 'windows-build-kubernetes-version',
  meta: {
    category: 'lifecycle',
    defaultSeverity: 'error',
    description: 'The pods may land on a Windows pool whose Kubernetes version its Windows Server build is not supported on, on the cluster\'s platform.',
    messages: {
      aboveMax: 'The pods may land on pool {{pool}}: {{release}} runs Kubernetes {{version}} there, but {{platform}} supports it only up to {{limit}}. Source: {{source}}. Upgrade the pool\'s Windows build before (or instead of) its Kubernetes version.',
      belowMin: 'The pods may land on pool {{pool}}: {{release}} runs Kubernetes {{version}} there, but {{platform}} offers it only from {{limit}}. Source: {{source}}.',
    },
    source: 'https://github.com/Azure/AKS/issues/4268; https://github.com/Azure/AKS/issues/4168; https://docs.aws.amazon.com/eks/latest/userguide/eks-ami-versions-windows.html — facts with their date read: kube-hybrid plan lifecycle',
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const { entries } = landingPoolLifecycles(context, workload);
        for (const entry of entries) {
          if (entry.minor.supported || entry.kubernetesVersion === undefined) continue;
          context.report({
            target: workload.source,
            messageId: entry.minor.reason === 'above-max' ? 'aboveMax' : 'belowMin',
            path: workload.specPointer,
            data: {
              pool: entry.pool.name,
              release: entry.release,
              version: entry.kubernetesVersion,
              platform: PLATFORM_NAMES[entry.platform],
              limit: entry.minor.limit,
              source: entry.minor.fact.source.url,
            },
          });
        }
      },
    };
  },
};
