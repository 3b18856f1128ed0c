import type { Rule } from '../engine/types.js';
import { asString } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { containersOf, describeOwner, windowsPodOf } from './helpers.js';

const DEFAULT_PATH = '/dev/termination-log';

/** Kubernetes docs (Windows containers, Field compatibility for container specifications): Windows cannot map single files, so a custom terminationMessagePath does not work. */
export const windowsTerminationMessagePath: Rule = {
  id: 'windows-termination-message-path',
  meta: {
    category: 'compatibility',
    defaultSeverity: 'warning',
    description: 'A custom terminationMessagePath on a Windows container, where single files cannot be mapped.',
    messages: {
      custom:
        'The {{owner}} sets terminationMessagePath "{{value}}": Windows does not support mapping single files ({{how}}), so the termination message is not collected from it. Remove it (the default works) and use terminationMessagePolicy: FallbackToLogsOnError.',
    },
    source: 'https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod-spec-containers (Field compatibility for container specifications: terminationMessagePath)',
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const pod = windowsPodOf(context, workload);
        if (!pod) return;
        for (const ref of containersOf(workload)) {
          const value = asString(ref.container.terminationMessagePath);
          if (value === undefined || value === '' || value === DEFAULT_PATH) continue;
          context.report({ target: workload.source, messageId: 'custom', path: joinPointer(ref.path, 'terminationMessagePath'), data: { owner: describeOwner(ref), value, how: pod.how } });
        }
      },
    };
  },
};
