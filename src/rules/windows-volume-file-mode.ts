import type { Rule } from '../engine/types.js';
import { asRecord, recordsIn } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { isSet, volumesOf, windowsPodOf } from './helpers.js';

const MODE_SOURCES = ['configMap', 'secret', 'downwardAPI'];

/** Kubernetes docs (Windows storage; Windows containers, API compatibility): file modes depend on UID/GID; Windows uses ACLs, so defaultMode and mode are ignored. */
/**
 * 0644 (420) is what the API server fills in for an unset defaultMode of secret, configMap,
 * downwardAPI and projected volumes (pkg/apis/core/v1/defaults.go, SetDefaults_*VolumeSource), so
 * every `kubectl get -o yaml` export carries it: it asks for nothing, and removing it changes nothing.
 */
function isApiDefaultMode(value: unknown): boolean {
  return value === 0o644;
}

export const windowsVolumeFileMode: Rule = {
  id: 'windows-volume-file-mode',
  meta: {
    category: 'storage',
    defaultSeverity: 'warning',
    description: 'defaultMode or items[].mode on a volume of a Windows pod, where file modes are ignored.',
    messages: {
      ignored: '{{field}} of volume "{{volume}}" is ignored on Windows ({{how}}): Windows uses ACLs, not POSIX mode bits (DefaultMode is not supported). Remove it; secure files with ACLs in the image.',
    },
    source: 'https://kubernetes.io/docs/concepts/storage/windows-storage/ (DefaultMode); https://kubernetes.io/docs/concepts/windows/intro/#api (File permissions)',
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const pod = windowsPodOf(context, workload);
        if (!pod) return;
        for (const { volume, name, path: volumePath } of volumesOf(workload)) {
          const report = (path: string, field: string) => context.report({ target: workload.source, messageId: 'ignored', path, data: { field, volume: name, how: pod.how } });
          const checkItems = (source: Record<string, unknown>, sourcePath: string) => {
            for (const { item, index: i } of recordsIn(source.items)) {
              if (isSet(item.mode)) report(joinPointer(sourcePath, 'items', i, 'mode'), `items[${i}].mode`);
            }
          };
          for (const kind of MODE_SOURCES) {
            const source = asRecord(volume[kind]);
            if (!source) continue;
            const sourcePath = joinPointer(volumePath, kind);
            if (isSet(source.defaultMode) && !isApiDefaultMode(source.defaultMode)) report(joinPointer(sourcePath, 'defaultMode'), 'defaultMode');
            checkItems(source, sourcePath);
          }
          const projected = asRecord(volume.projected);
          if (projected) {
            const projectedPath = joinPointer(volumePath, 'projected');
            if (isSet(projected.defaultMode) && !isApiDefaultMode(projected.defaultMode)) report(joinPointer(projectedPath, 'defaultMode'), 'defaultMode');
            for (const { item: entry, index: j } of recordsIn(projected.sources)) {
              for (const kind of MODE_SOURCES) {
                const source = asRecord(entry[kind]);
                if (source) checkItems(source, joinPointer(projectedPath, 'sources', j, kind));
              }
            }
          }
        }
      },
    };
  },
};
