import type { Rule } from '../engine/types.js';
import { asRecord, asString, recordsIn } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { volumesOf, windowsPodOf } from './helpers.js';

/** Kubernetes docs (Security for Windows nodes): on Windows, Secret volumes are files on the node's disk (no tmpfs). */
export const windowsSecretOnNodeDisk: Rule = {
  id: 'windows-secret-on-node-disk',
  meta: {
    category: 'security',
    defaultSeverity: 'info',
    description: 'A Secret mounted as a volume into a Windows pod, where it is written to the node\'s disk in clear text.',
    messages: {
      onDisk:
        'Secret "{{secret}}" (volume "{{volume}}") is written in clear text to the Windows node\'s disk ({{how}}), not to memory as on Linux. Restrict the location with file ACLs and consider BitLocker on the node volume.',
    },
    source: 'https://kubernetes.io/docs/concepts/security/windows-security/ (Secrets written in clear text to the node)',
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const pod = windowsPodOf(context, workload);
        if (!pod) return;
        for (const { volume, name, path: volumePath } of volumesOf(workload)) {
          const secret = asRecord(volume.secret);
          if (secret) {
            context.report({ target: workload.source, messageId: 'onDisk', path: joinPointer(volumePath, 'secret'), data: { secret: asString(secret.secretName) ?? '?', volume: name, how: pod.how } });
          }
          for (const { item: source, index: j } of recordsIn(asRecord(volume.projected)?.sources)) {
            const projected = asRecord(source.secret);
            if (!projected) continue;
            context.report({ target: workload.source, messageId: 'onDisk', path: joinPointer(volumePath, 'projected', 'sources', j, 'secret'), data: { secret: asString(projected.name) ?? '?', volume: name, how: pod.how } });
          }
        }
      },
    };
  },
};
