import type { Rule } from '../engine/types.js';
import { asRecord, asString, recordsIn } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { containersOf, describeOwner, volumesOf, windowsPodOf } from './helpers.js';

/**
 * Host paths that only a Linux node has. On a Windows node the kubelet resolves `/x/y` against the
 * system drive (C:\x\y); paths such as /var/lib/kubelet, /var/log, /etc/cni or /opt/cni do exist
 * there (the Windows kubelet, CNI plugins and csi-proxy use them), so only paths of Linux kernels,
 * runtimes and distributions are listed. Read 2026-11-30.
 */
const LINUX_ONLY_HOST_PATHS = [
  '/proc', '/sys', '/dev', '/boot', '/run', '/usr', '/lib', '/lib64', '/bin', '/sbin', '/root',
  '/etc/localtime', '/etc/timezone', '/etc/os-release', '/etc/machine-id', '/etc/passwd', '/etc/group', '/etc/shadow',
  '/etc/resolv.conf', '/etc/hosts', '/etc/ssl', '/etc/pki', '/etc/ca-certificates', '/etc/systemd', '/etc/apparmor.d', '/etc/selinux',
  '/var/run/docker.sock', '/var/run/containerd', '/var/run/crio', '/var/run/dbus', '/var/lib/docker', '/var/lib/containerd', '/var/log/journal',
];

/** The Linux-only path `path` lies under, if any. Windows-style paths (C:\…, \\.\pipe\…) never match. */
export function linuxOnlyHostPath(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  const normalised = path.replace(/\/+$/, '') || '/';
  return LINUX_ONLY_HOST_PATHS.find((prefix) => normalised === prefix || normalised.startsWith(`${prefix}/`));
}

const LOCALTIME_MOUNTS = new Set(['/etc/localtime', '/etc/timezone', '/usr/share/zoneinfo']);

export const windowsLinuxHostPath: Rule = {
  id: 'windows-linux-host-path',
  meta: {
    category: 'storage',
    defaultSeverity: 'warning',
    description: 'A Windows pod that mounts a Linux-only host path (/proc, /sys, /etc/localtime, the Docker socket, …) or mounts anything at /etc/localtime.',
    messages: {
      hostPath:
        'Volume "{{volume}}" mounts host path {{path}} ({{how}}): {{prefix}} is a Linux path that a Windows node does not have (it would be {{windowsPath}}), so the mount fails or is empty. Use the Windows equivalent (e.g. \\\\.\\pipe\\containerd-containerd for the runtime socket) or drop the volume.',
      localtime:
        'The {{owner}} mounts a volume at {{mountPath}} ({{how}}): Windows does not read /etc/localtime or zoneinfo files; a Windows container takes its time zone from the node at start, and can change it with tzutil /s (virtualised per container from Windows Server 2019 10.0.17763.1935 and 2022). Remove the mount.',
    },
    source: 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath; https://kubernetes.io/docs/concepts/windows/intro/#api (File paths); https://learn.microsoft.com/virtualization/windowscontainers/manage-containers/virtual-time-zone (read 2026-11-30)',
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const pod = windowsPodOf(context, workload);
        if (!pod) return;
        for (const { volume, name, path } of volumesOf(workload)) {
          const hostPath = asString(asRecord(volume.hostPath)?.path);
          if (hostPath === undefined) continue;
          const prefix = linuxOnlyHostPath(hostPath);
          if (!prefix) continue;
          context.report({
            target: workload.source,
            messageId: 'hostPath',
            path: joinPointer(path, 'hostPath', 'path'),
            data: { volume: name, path: hostPath, prefix, windowsPath: `C:${hostPath.replace(/\//g, '\\')}`, how: pod.how },
          });
        }
        for (const ref of containersOf(workload)) {
          for (const { item: mount, index } of recordsIn(ref.container.volumeMounts)) {
            const mountPath = asString(mount.mountPath);
            if (mountPath === undefined || !LOCALTIME_MOUNTS.has(mountPath.replace(/\/+$/, ''))) continue;
            context.report({
              target: workload.source,
              messageId: 'localtime',
              path: joinPointer(ref.path, 'volumeMounts', index, 'mountPath'),
              data: { owner: describeOwner(ref), mountPath, how: pod.how },
            });
          }
        }
      },
    };
  },
};
