import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleTester } from './testing/rule-tester.js';
import { linuxOnlyHostPath, windowsLinuxHostPath } from './windows-linux-host-path.js';

describe('linuxOnlyHostPath', () => {
  for (const [path, prefix] of [['/proc', '/proc'], ['/sys/fs/cgroup', '/sys'], ['/etc/localtime', '/etc/localtime'], ['/var/run/docker.sock', '/var/run/docker.sock'], ['/run/', '/run']]) {
    it(`${path} is under ${prefix}`, () => assert.equal(linuxOnlyHostPath(path), prefix));
  }
  for (const path of ['C:\\var\\log', '\\\\.\\pipe\\containerd-containerd', '/var/lib/kubelet', '/var/log/pods', '/etc/cni/net.d', '/opt/cni/bin', '/procfs', '/etc/kubernetes']) {
    it(`${path} exists on Windows nodes too (or is a Windows path)`, () => assert.equal(linuxOnlyHostPath(path), undefined));
  }
});

ruleTester(windowsLinuxHostPath, {
  valid: [
    {
      name: 'Windows host paths, and paths Windows nodes also have (C:\\var\\lib\\kubelet)',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: csi-node-win }
spec:
  template:
    spec:
      os: { name: windows }
      containers:
        - name: driver
          image: registry.k8s.io/csi-secrets-store/driver:v1.4.0-windows-ltsc2022
          volumeMounts: [{ name: kubelet, mountPath: C:\\\\var\\\\lib\\\\kubelet }]
      volumes:
        - { name: kubelet, hostPath: { path: /var/lib/kubelet, type: Directory } }
        - { name: pipe, hostPath: { path: "\\\\\\\\.\\\\pipe\\\\csi-proxy-filesystem-v1" } }
        - { name: logs, hostPath: { path: C:\\\\var\\\\log } }
`,
    },
    {
      name: 'Linux paths on a Linux pod; odd shapes',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: l }
spec:
  containers: [{ name: c, image: nginx:1.27, volumeMounts: [{ name: tz, mountPath: /etc/localtime }] }]
  volumes: [{ name: tz, hostPath: { path: /etc/localtime } }]
---
apiVersion: v1
kind: Pod
metadata: { name: w }
spec:
  os: { name: windows }
  containers: [{ name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022, volumeMounts: [{ name: x, mountPath: 7 }, "odd"] }]
  volumes: [{ name: x, hostPath: { path: [/proc] } }, { name: y, hostPath: "/proc" }]
`,
    },
  ],
  invalid: [
    {
      name: 'a node agent copied from its Linux manifest onto Windows nodes',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
  template:
    spec:
      nodeSelector: { kubernetes.io/os: windows }
      containers:
        - name: agent
          image: example.com/agent:1.0-windows-ltsc2022
          volumeMounts:
            - { name: proc, mountPath: /host/proc }
            - { name: tz, mountPath: /etc/localtime }
      volumes:
        - name: proc
          hostPath: { path: /proc }
        - name: tz
          hostPath: { path: /etc/localtime }
        - name: sock
          hostPath: { path: /var/run/docker.sock, type: Socket }
`,
      errors: [
        { messageId: 'localtime', line: 13, path: '/spec/template/spec/containers/0/volumeMounts/1/mountPath', message: 'container "agent" mounts a volume at /etc/localtime' },
        { messageId: 'hostPath', line: 16, path: '/spec/template/spec/volumes/0/hostPath/path', severity: 'warning', message: '/proc is a Linux path that a Windows node does not have (it would be C:\\proc)' },
        { messageId: 'hostPath', line: 18, path: '/spec/template/spec/volumes/1/hostPath/path', message: 'host path /etc/localtime' },
        { messageId: 'hostPath', line: 20, path: '/spec/template/spec/volumes/2/hostPath/path', message: '/var/run/docker.sock' },
      ],
    },
  ],
});
