import type { Rule } from '../engine/types.js';
import { asRecord } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { containersOf, describeOwner, isSet, windowsPodOf } from './helpers.js';

/**
 * kubernetes.io/docs/concepts/windows/intro ("Field compatibility for container specifications",
 * read 2026-11-30): requests are subtracted from node allocatable and "should be applied to all
 * containers as a best practice" to avoid overprovisioning; Windows cannot reclaim CPU or memory
 * from an overprovisioned node by eviction. Kubernetes defaults a missing request to the limit,
 * so a container with a CPU limit has a request.
 */
export const windowsCpuRequest: Rule = {
  id: 'windows-cpu-request',
  meta: {
    category: 'operations',
    defaultSeverity: 'warning',
    description: 'A Windows container with neither a CPU request nor a CPU limit, so the scheduler counts it as using no CPU.',
    messages: {
      noRequest:
        'The {{owner}} has no CPU request ({{how}}): the scheduler counts it as using no CPU and keeps adding pods to the Windows node, which cannot evict to recover, so the kubelet and every pod there slow down. Set resources.requests.cpu (Kubernetes docs: apply requests to all Windows containers to avoid overprovisioning).',
    },
    source: 'https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod-spec-containers (requests.cpu); https://kubernetes.io/docs/concepts/configuration/windows-resource-management/#resource-management-cpu (read 2026-11-30)',
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const pod = windowsPodOf(context, workload);
        if (!pod) return;
        for (const ref of containersOf(workload, ['initContainers', 'containers'])) {
          const resources = asRecord(ref.container.resources);
          if (isSet(asRecord(resources?.requests)?.cpu) || isSet(asRecord(resources?.limits)?.cpu)) continue;
          context.report({
            target: workload.source,
            messageId: 'noRequest',
            path: resources ? joinPointer(ref.path, 'resources') : ref.path,
            data: { owner: describeOwner(ref), how: pod.how },
          });
        }
      },
    };
  },
};
