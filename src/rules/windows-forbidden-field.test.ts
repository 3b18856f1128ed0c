import { ruleTester } from './testing/rule-tester.js';
import { windowsForbiddenField } from './windows-forbidden-field.js';

ruleTester(windowsForbiddenField, {
  valid: [
    {
      name: 'a Windows pod that only sets runAsNonRoot and windowsOptions',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  securityContext:
    runAsNonRoot: true
    windowsOptions: { runAsUserName: ContainerUser }
  hostPID: false
  hostIPC: false
  containers: [{ name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }]
`,
    },
    {
      name: 'a Linux pod may set every Linux field',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: linux }
  hostPID: true
  securityContext: { runAsUser: 1000, seccompProfile: { type: RuntimeDefault } }
  containers:
    - name: c
      image: nginx:1.27
      securityContext: { privileged: true, capabilities: { drop: [ALL] } }
`,
    },
    {
      name: 'an empty sysctls list and null fields count as unset',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  securityContext: { sysctls: [], runAsUser: null }
  containers: [{ name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022, securityContext: { privileged: null } }]
`,
    },
  ],
  invalid: [
    {
      name: 'spec.os.name windows: pod-level fields are rejected by the API server',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  hostPID: true
  shareProcessNamespace: false
  hostUsers: true
  securityContext:
    runAsUser: 1000
    fsGroup: 2000
    sysctls: [{ name: net.core.somaxconn, value: "1024" }]
  containers: [{ name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }]
`,
      errors: [
        { messageId: 'rejected', line: 6, path: '/spec/hostPID', severity: 'error', message: 'cannot be set for a windows pod' },
        { messageId: 'rejected', line: 7, path: '/spec/shareProcessNamespace', severity: 'error' },
        { messageId: 'rejected', line: 8, path: '/spec/hostUsers', severity: 'error' },
        { messageId: 'rejected', line: 10, path: '/spec/securityContext/runAsUser', severity: 'error', message: 'spec.os.name is "windows"' },
        { messageId: 'rejected', line: 11, path: '/spec/securityContext/fsGroup', severity: 'error' },
        { messageId: 'rejected', line: 12, path: '/spec/securityContext/sysctls', severity: 'error' },
      ],
    },
    {
      name: 'spec.os.name windows: privileged: false is rejected too (presence counts), in every container group',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      os: { name: windows }
      initContainers:
        - name: init
          image: mcr.microsoft.com/windows/nanoserver:ltsc2022
          securityContext: { privileged: false }
      containers:
        - name: app
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: { drop: [ALL] }
      ephemeralContainers:
        - name: debug
          image: mcr.microsoft.com/windows/nanoserver:ltsc2022
          securityContext: { runAsGroup: 3000 }
`,
      errors: [
        { messageId: 'rejected', line: 11, path: '/spec/template/spec/initContainers/0/securityContext/privileged', severity: 'error', message: 'init container "init"' },
        { messageId: 'rejected', line: 16, path: '/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation', severity: 'error' },
        { messageId: 'rejected', line: 17, path: '/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem', severity: 'error' },
        { messageId: 'rejected', line: 18, path: '/spec/template/spec/containers/0/securityContext/capabilities', severity: 'error' },
        { messageId: 'rejected', line: 22, path: '/spec/template/spec/ephemeralContainers/0/securityContext/runAsGroup', severity: 'error', message: 'ephemeral container "debug"' },
      ],
    },
    {
      name: 'spec.os.name windows: privileged: true points to HostProcess',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  containers:
    - name: c
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
      securityContext: { privileged: true }
`,
      errors: [{ messageId: 'privilegedRejected', line: 9, path: '/spec/containers/0/securityContext/privileged', severity: 'error', message: 'HostProcess' }],
    },
    {
      name: 'OS inferred from the nodeSelector (CronJob): the fields are ignored on the node, a warning',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          nodeSelector: { kubernetes.io/os: windows }
          securityContext: { seccompProfile: { type: RuntimeDefault } }
          containers:
            - name: job
              image: example.com/job:1
              securityContext: { privileged: true, runAsUser: 1000 }
          restartPolicy: OnFailure
`,
      errors: [
        { messageId: 'ignoredRestricted', line: 11, path: '/spec/jobTemplate/spec/template/spec/securityContext/seccompProfile', severity: 'warning', message: 'Set spec.os.name: windows and remove it: Pod Security "restricted"' },
        { messageId: 'privilegedIgnored', line: 15, path: '/spec/jobTemplate/spec/template/spec/containers/0/securityContext/privileged', severity: 'warning', message: 'container "job" runs unprivileged' },
        { messageId: 'ignored', line: 15, path: '/spec/jobTemplate/spec/template/spec/containers/0/securityContext/runAsUser', severity: 'warning' },
      ],
    },
    {
      name: 'OS inferred from a Windows image: hostIPC true is ignored',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  hostIPC: true
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
`,
      errors: [{ messageId: 'ignored', line: 5, path: '/spec/hostIPC', severity: 'warning', message: 'a Windows image' }],
    },
  ],
});
