import { ruleTester } from './testing/rule-tester.js';
import { windowsUnsupportedVolume } from './windows-unsupported-volume.js';

ruleTester(windowsUnsupportedVolume, {
  valid: [
    {
      name: 'a Windows pod with a disk emptyDir and an azureFile volume',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  volumes:
    - { name: scratch, emptyDir: {} }
    - { name: share, azureFile: { secretName: s, shareName: data } }
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
`,
    },
    {
      name: 'a Linux pod with NFS and a memory emptyDir',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  volumes:
    - { name: nfs, nfs: { server: nfs.local, path: /export } }
    - { name: ram, emptyDir: { medium: Memory } }
  containers: [{ name: c, image: nginx:1.27 }]
`,
    },
  ],
  invalid: [
    {
      name: 'spec.os.name windows: NFS (error) and emptyDir Memory (warning) in a Deployment',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      os: { name: windows }
      volumes:
        - name: data
          nfs: { server: nfs.local, path: /export }
        - name: cache
          emptyDir: { medium: Memory }
      containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
`,
      errors: [
        { messageId: 'nfs', line: 10, path: '/spec/template/spec/volumes/0/nfs', severity: 'error', message: 'ContainerCreating' },
        { messageId: 'memoryMedium', line: 12, path: '/spec/template/spec/volumes/1/emptyDir/medium', severity: 'warning' },
      ],
    },
    {
      name: 'OS inferred from a toleration: NFS in a CronJob',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: j }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          tolerations: [{ key: os, value: windows, effect: NoSchedule }]
          volumes: [{ name: data, nfs: { server: nfs.local, path: /export } }]
          containers: [{ name: c, image: example.com/job:1 }]
          restartPolicy: Never
`,
      errors: [{ messageId: 'nfs', line: 11, path: '/spec/jobTemplate/spec/template/spec/volumes/0/nfs', severity: 'error', message: 'tolerates the Windows node taint' }],
    },
  ],
});
