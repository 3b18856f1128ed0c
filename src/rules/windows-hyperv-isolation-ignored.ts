import type { Rule } from '../engine/types.js';
import { asRecord, asString } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';

/** The dockershim-era annotation that asked Docker for Hyper-V isolation. */
export const HYPERV_ISOLATION_ANNOTATION = 'experimental.windows.kubernetes.io/isolation-type';

/**
 * Kubernetes runs Windows containers with process isolation only: dockershim's Hyper-V support
 * (the HyperVContainer feature gate and this annotation) was deprecated in 1.20 and removed in 1.21,
 * and containerd's CRI plugin does not read the annotation. The pod silently gets process isolation,
 * so its image build must match the node's.
 */
export const windowsHypervIsolationIgnored: Rule = {
  id: 'windows-hyperv-isolation-ignored',
  meta: {
    category: 'compatibility',
    defaultSeverity: 'warning',
    description: 'The dockershim-era Hyper-V isolation annotation, which containerd ignores: the pod runs with process isolation.',
    messages: {
      ignored:
        'The annotation {{annotation}}: {{value}} asked dockershim for Hyper-V isolation; Kubernetes removed that support in 1.21 and containerd ignores the annotation, so the pod runs with process isolation and its image build must match the node\'s build. Remove the annotation and select nodes of the image\'s build (node.kubernetes.io/windows-build, or a RuntimeClass per build).',
    },
    source:
      'https://kubernetes.io/docs/concepts/windows/intro/ (Windows containers in Kubernetes run with process isolation; Hyper-V isolation is not supported); https://github.com/kubernetes/kubernetes/pull/95505 (HyperVContainer feature gate deprecated in 1.20, removed in 1.21)',
  },
  sharedVisitor: true,
  create(context) {
    return {
      workload(workload) {
        const value = asString(asRecord(workload.podMetadata.annotations)?.[HYPERV_ISOLATION_ANNOTATION]);
        if (value === undefined) return;
        context.report({
          target: workload.source,
          messageId: 'ignored',
          path: joinPointer(workload.metadataPointer, 'annotations', HYPERV_ISOLATION_ANNOTATION),
          data: { annotation: HYPERV_ISOLATION_ANNOTATION, value },
        });
      },
    };
  },
};
