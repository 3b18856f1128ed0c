import { osOfNode } from '../kube/nodes.js';
import type { Node } from '../kube/types.js';
import type { Rule } from '../engine/types.js';
import { asRecord, asString, recordsIn } from '../util/guards.js';
import type { JsonRecord } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { containersOf, describeNodesByPool, describeOwner, windowsPodOf } from './helpers.js';

/** Volume sources whose entries are files: a subPath into them names a file. */
const FILE_VOLUME_SOURCES = ['configMap', 'secret', 'downwardAPI', 'projected'];
const FILE_EXTENSION = /\.[A-Za-z0-9]{1,8}$/;

function looksLikeFileSubPath(subPath: string, volume: JsonRecord | undefined): boolean {
  if (subPath.endsWith('/') || subPath.endsWith('\\')) return false;
  if (volume && FILE_VOLUME_SOURCES.some((source) => asRecord(volume[source]))) return true;
  const last = subPath.split(/[\\/]/).pop() ?? '';
  return FILE_EXTENSION.test(last);
}

/** Kubernetes docs (Windows storage; Windows containers, Field compatibility for Pod specifications): raw block devices, mount propagation and single-file subPath mounts on Windows. */
export const windowsUnsupportedVolumeMount: Rule = {
  id: 'windows-unsupported-volume-mount',
  meta: {
    category: 'storage',
    defaultSeverity: 'error',
    description: 'A volume mount Windows containers cannot have: volumeDevices (raw block), mountPropagation, or a subPath to a single file.',
    messages: {
      volumeDevices: 'The {{owner}} asks for raw block volumeDevices, which Windows cannot attach to pods ({{how}}): the pod does not start. Use a filesystem volumeMount.',
      mountPropagation: 'The {{owner}} sets mountPropagation {{value}} on "{{mount}}", which is not supported on Windows ({{how}}): mounts are not propagated. Remove it.',
      fileSubPath:
        'The {{owner}} mounts a single file with subPath "{{subPath}}" ("{{mount}}") and may land on Windows nodes running Docker ({{nodes}}; {{how}}): Docker on Windows bind-mounts directories only, so the container fails to start. containerd mounts single files; move these nodes to containerd, or mount the volume as a directory.',
    },
    source: 'https://kubernetes.io/docs/concepts/storage/windows-storage/ (read 2026-11-30: with Docker, volume mounts target directories only; "this limitation does not apply to containerd"); https://github.com/kubernetes/kubernetes/pull/83730 (single-file mounts on Windows with containerd); https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod (Field compatibility for Pod specifications)',
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const pod = windowsPodOf(context, workload);
        if (!pod) return;
        // Single-file mounts fail only under Docker: containerd mounts files (kubelet since 1.17,
        // kubernetes/kubernetes#83730; https://kubernetes.io/docs/concepts/storage/windows-storage/:
        // "This limitation does not apply to containerd"). Only nodes that report a Docker runtime count.
        // Those nodes are read only for a mount with a subPath (most containers have none).
        let dockerNodes: Node[] | undefined;
        for (const ref of containersOf(workload)) {
          if (Array.isArray(ref.container.volumeDevices) && ref.container.volumeDevices.length > 0) {
            context.report({ target: workload.source, messageId: 'volumeDevices', path: joinPointer(ref.path, 'volumeDevices'), data: { owner: describeOwner(ref), how: pod.how }, stage: 'container-create' });
          }
          if (!Array.isArray(ref.container.volumeMounts)) continue;
          for (const { item: mount, index } of recordsIn(ref.container.volumeMounts)) {
            const propagation = asString(mount.mountPropagation);
            if (propagation !== undefined && propagation !== 'None') {
              context.report({
                target: workload.source,
                messageId: 'mountPropagation',
                severity: 'warning',
                path: joinPointer(ref.path, 'volumeMounts', index, 'mountPropagation'),
                data: { owner: describeOwner(ref), value: propagation, mount: asString(mount.mountPath) ?? `#${index}`, how: pod.how },
              });
            }
            const subPath = asString(mount.subPath);
            if (!subPath) continue;
            dockerNodes ??= windowsDockerNodes(context.analysisOf(workload).placement.eligible);
            if (dockerNodes.length > 0 && looksLikeFileSubPath(subPath, volumeNamed(workload.podSpec.volumes, asString(mount.name) ?? ''))) {
              context.report({
                target: workload.source,
                messageId: 'fileSubPath',
                severity: 'warning',
                path: joinPointer(ref.path, 'volumeMounts', index, 'subPath'),
                data: { owner: describeOwner(ref), subPath, mount: asString(mount.mountPath) ?? `#${index}`, how: pod.how, nodes: describeNodesByPool(dockerNodes) },
              });
            }
          }
        }
      },
    };
  },
};

/** The Windows nodes that report a Docker runtime. */
function windowsDockerNodes(nodes: readonly Node[]): Node[] {
  return nodes.filter((node) => osOfNode(node) === 'windows' && (node.status?.nodeInfo?.containerRuntimeVersion ?? '').startsWith('docker://'));
}

/** The pod's volume of that name (the last one, should the name repeat). */
function volumeNamed(volumes: unknown, name: string): JsonRecord | undefined {
  let found: JsonRecord | undefined;
  for (const { item } of recordsIn(volumes)) if (asString(item.name) === name) found = item;
  return found;
}
