import type { Rule } from '../engine/types.js';
import { asRecord } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { volumesOf, windowsPodOf } from './helpers.js';

/** Kubernetes docs (Windows storage; Windows containers, Field compatibility for Pod specifications): no RAM disk (emptyDir Memory is disk-backed) and no NFS on Windows nodes. */
export const windowsUnsupportedVolume: Rule = {
  id: 'windows-unsupported-volume',
  meta: {
    category: 'storage',
    defaultSeverity: 'error',
    description: 'A volume Windows nodes cannot provide: NFS, or emptyDir with medium Memory.',
    messages: {
      nfs: 'Volume "{{volume}}" is NFS, which Windows nodes do not support ({{how}}): the mount fails and the pod stays in ContainerCreating. Use SMB (CSI driver) or another Windows-capable volume.',
      memoryMedium:
        'Volume "{{volume}}" asks for emptyDir medium Memory, which Windows does not have ({{how}}): Windows has no built-in RAM disk, so the volume is on the node\'s disk. Remove medium.',
    },
    source: 'https://kubernetes.io/docs/concepts/storage/windows-storage/; https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod (Field compatibility for Pod specifications)',
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const pod = windowsPodOf(context, workload);
        if (!pod) return;
        for (const { volume, name, path } of volumesOf(workload)) {
          if (asRecord(volume.nfs)) context.report({ target: workload.source, messageId: 'nfs', path: joinPointer(path, 'nfs'), data: { volume: name, how: pod.how }, stage: 'mount' });
          if (asRecord(volume.emptyDir)?.medium === 'Memory') {
            context.report({ target: workload.source, messageId: 'memoryMedium', severity: 'warning', path: joinPointer(path, 'emptyDir', 'medium'), data: { volume: name, how: pod.how } });
          }
        }
      },
    };
  },
};
