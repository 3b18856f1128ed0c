import type { Rule } from '../engine/types.js';
import { parseQuantity } from '../kube/quantity.js';
import { asRecord } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { containersOf, describeOwner, windowsPodOf } from './helpers.js';

/**
 * Kubernetes docs (Resource Management for Windows nodes; Windows containers): Windows has no OOM killer, the kubelet takes no eviction actions and there is no
 * MemoryPressure; over-committed memory pages to disk. A memory limit (request unset or equal) is the
 * only guard.
 */
export const windowsMemoryLimit: Rule = {
  id: 'windows-memory-limit',
  meta: {
    category: 'operations',
    defaultSeverity: 'warning',
    description: 'A Windows container without a memory limit, or with a memory request different from its limit.',
    messages: {
      noLimit:
        'The {{owner}} has no memory limit ({{how}}): Windows has no OOM killer and the kubelet does not evict, so an over-committed node pages to disk and slows every pod on it. Set resources.limits.memory (and the request equal to it).',
      requestDiffers:
        'The {{owner}} requests {{request}} of memory but may use {{limit}} ({{how}}): Windows cannot reclaim memory by OOM kill or eviction, so over-commitment pages to disk. Set the memory request equal to the limit.',
    },
    source: 'https://kubernetes.io/docs/concepts/configuration/windows-resource-management/#resource-management-memory; https://kubernetes.io/docs/concepts/windows/intro/#kubelet-compatibility (no OOM eviction, no MemoryPressure)',
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
          const resources = asRecord(ref.container.resources);
          const limit = asRecord(resources?.limits)?.memory;
          const request = asRecord(resources?.requests)?.memory;
          if (limit === undefined || limit === null) {
            context.report({ target: workload.source, messageId: 'noLimit', path: resources ? joinPointer(ref.path, 'resources') : ref.path, data: { owner: describeOwner(ref), how: pod.how } });
            continue;
          }
          if (request === undefined || request === null) continue;
          const limitBytes = parseQuantity(limit);
          const requestBytes = parseQuantity(request);
          if (limitBytes === undefined || requestBytes === undefined || limitBytes === requestBytes) continue;
          context.report({ target: workload.source, messageId: 'requestDiffers', path: joinPointer(ref.path, 'resources', 'requests', 'memory'), data: { owner: describeOwner(ref), request: String(request), limit: String(limit), how: pod.how } });
        }
      },
    };
  },
};
