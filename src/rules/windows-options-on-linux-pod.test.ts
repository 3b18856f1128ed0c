import { ruleTester } from './testing/rule-tester.js';
import { windowsOptionsOnLinuxPod } from './windows-options-on-linux-pod.js';

ruleTester(windowsOptionsOnLinuxPod, {
  valid: [
    {
      name: 'a Windows pod with windowsOptions',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  securityContext: { windowsOptions: { runAsUserName: ContainerUser } }
  containers: [{ name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }]
`,
    },
    {
      name: 'a Linux nodeSelector without spec.os.name: the API server does not validate windowsOptions',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  nodeSelector: { kubernetes.io/os: linux }
  securityContext: { windowsOptions: { runAsUserName: ContainerUser } }
  containers: [{ name: c, image: nginx:1.27 }]
`,
    },
  ],
  invalid: [
    {
      name: 'spec.os.name linux with pod and container windowsOptions (Deployment)',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      os: { name: linux }
      securityContext:
        windowsOptions: { runAsUserName: ContainerUser }
      initContainers:
        - name: init
          image: busybox
          securityContext: { windowsOptions: {} }
      containers:
        - name: c
          image: nginx:1.27
          securityContext:
            windowsOptions: { gmsaCredentialSpecName: webapp1 }
      ephemeralContainers:
        - name: debug
          image: busybox
          securityContext: { windowsOptions: { hostProcess: false } }
`,
      errors: [
        { messageId: 'rejected', line: 9, path: '/spec/template/spec/securityContext/windowsOptions', severity: 'error', message: 'windows options cannot be set for a linux pod' },
        { messageId: 'rejected', line: 13, path: '/spec/template/spec/initContainers/0/securityContext/windowsOptions', message: 'init container "init"' },
        { messageId: 'rejected', line: 18, path: '/spec/template/spec/containers/0/securityContext/windowsOptions', message: 'container "c"' },
        { messageId: 'rejected', line: 22, path: '/spec/template/spec/ephemeralContainers/0/securityContext/windowsOptions', message: 'ephemeral container "debug"' },
      ],
    },
    {
      name: 'spec.os.name linux in a CronJob',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: j }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          os: { name: linux }
          securityContext: { windowsOptions: { runAsUserName: ContainerUser } }
          containers: [{ name: c, image: busybox }]
          restartPolicy: Never
`,
      errors: [{ messageId: 'rejected', line: 11, path: '/spec/jobTemplate/spec/template/spec/securityContext/windowsOptions' }],
    },
  ],
});
