import type { Rule } from '../engine/types.js';
import { asRecord } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { containersOf, describeOwner, windowsPodOf } from './helpers.js';

/** Kubernetes docs (Windows containers, Compatibility and limitations): huge pages are not available to Windows containers; Windows nodes report none. */
export const windowsHugepages: Rule = {
  id: 'windows-hugepages',
  meta: {
    category: 'compatibility',
    defaultSeverity: 'error',
    description: 'A Windows container that requests huge pages, which Windows nodes do not offer.',
    messages: {
      hugepages:
        'The {{owner}} asks for {{resource}}, but huge pages are not supported for Windows containers ({{how}}): no Windows node has that resource, so the pod stays Pending. Remove it.',
    },
    source: 'https://kubernetes.io/docs/concepts/windows/intro/#limitations (Compatibility and limitations); https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod-spec-containers (Field compatibility for container specifications)',
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
          for (const kind of ['limits', 'requests']) {
            for (const resource of Object.keys(asRecord(resources?.[kind]) ?? {})) {
              if (!resource.startsWith('hugepages-')) continue;
              context.report({ target: workload.source, messageId: 'hugepages', path: joinPointer(ref.path, 'resources', kind, resource), data: { owner: describeOwner(ref), resource, how: pod.how } });
            }
          }
        }
      },
    };
  },
};
