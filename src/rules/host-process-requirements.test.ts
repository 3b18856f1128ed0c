import { ruleTester } from './testing/rule-tester.js';
import { hostProcessRequirements } from './host-process-requirements.js';

ruleTester(hostProcessRequirements, {
  valid: [
    {
      name: 'the documented HostProcess pod: pod-level hostProcess, hostNetwork, a service account',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: hp }
spec:
  selector: { matchLabels: { app: hp } }
  template:
    metadata: { labels: { app: hp } }
    spec:
      nodeSelector: { kubernetes.io/os: windows }
      hostNetwork: true
      securityContext:
        windowsOptions: { hostProcess: true, runAsUserName: "NT AUTHORITY\\\\Local service" }
      initContainers: [{ name: init, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }]
      containers: [{ name: agent, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }]
`,
    },
    {
      name: 'a pod without HostProcess containers (hostProcess: false everywhere)',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext: { runAsNonRoot: true, windowsOptions: { hostProcess: false } }
  containers: [{ name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022, securityContext: { windowsOptions: { hostProcess: false } } }]
`,
    },
    {
      name: 'HostProcess users hcsshim can log on: NT AUTHORITY service accounts (any case), a bare name that may be a local group',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  hostNetwork: true
  securityContext:
    windowsOptions: { hostProcess: true, runAsUserName: "nt authority\\\\networkservice" }
  containers:
    - { name: a, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }
    - { name: b, image: mcr.microsoft.com/windows/nanoserver:ltsc2022, securityContext: { windowsOptions: { runAsUserName: hpc-operators } } }
    - { name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022, securityContext: { windowsOptions: { runAsUserName: "NT AUTHORITY\\\\Local service" } } }
`,
    },
  ],
  invalid: [
    {
      // validation.go validateWindowsHostProcessPod: the comparison runs before (and whatever) the
      // HostProcess count: pod true with every container false has no HostProcess container, and is
      // still refused.
      name: 'pod hostProcess true, every container false: values differ although no container is HostProcess',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext: { windowsOptions: { hostProcess: true } }
  initContainers:
    - name: init
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
      securityContext: { windowsOptions: { hostProcess: false } }
  containers:
    - name: c
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
      securityContext: { windowsOptions: { hostProcess: false } }
`,
      errors: [
        { messageId: 'valuesDiffer', line: 9, path: '/spec/initContainers/0/securityContext/windowsOptions/hostProcess' },
        { messageId: 'valuesDiffer', line: 13, path: '/spec/containers/0/securityContext/windowsOptions/hostProcess' },
      ],
    },
    {
      name: 'pod and container hostProcess disagree, so not all containers are HostProcess (upstream counts the differing one too); no hostNetwork',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext:
    windowsOptions: { hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM" }
  containers:
    - name: a
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
    - name: b
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
      securityContext:
        windowsOptions: { hostProcess: false }
`,
      errors: [
        { messageId: 'notAllHostProcess', line: 4, path: '/spec', severity: 'error', message: 'not HostProcess: container "b"' },
        { messageId: 'hostNetworkRequired', line: 4, path: '/spec', severity: 'error', message: 'hostNetwork must be true if pod contains any hostProcess containers' },
        { messageId: 'valuesDiffer', line: 13, path: '/spec/containers/1/securityContext/windowsOptions/hostProcess', severity: 'error', message: 'pod hostProcess value must be identical if both are specified, was true' },
      ],
    },
    {
      name: 'only one container is HostProcess (Deployment): reported once at the pod spec as upstream does, naming the other; and hostNetwork false',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      hostNetwork: false
      initContainers:
        - name: setup
          image: mcr.microsoft.com/windows/nanoserver:ltsc2022
      containers:
        - name: agent
          image: mcr.microsoft.com/windows/nanoserver:ltsc2022
          securityContext:
            windowsOptions: { hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM" }
            runAsNonRoot: true
`,
      errors: [
        { messageId: 'notAllHostProcess', line: 6, path: '/spec/template/spec', message: 'not HostProcess: init container "setup"' },
        { messageId: 'hostNetworkRequired', line: 7, path: '/spec/template/spec/hostNetwork' },
        { messageId: 'runAsNonRoot', line: 16, path: '/spec/template/spec/containers/0/securityContext/runAsNonRoot', severity: 'warning' },
      ],
    },
    {
      name: 'pod hostProcess true, its only container false: refused though no container ends up HostProcess (found by the differential suite)',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext:
    windowsOptions: { hostProcess: true }
  containers:
    - name: c
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
      securityContext:
        windowsOptions: { hostProcess: false }
`,
      errors: [{ messageId: 'valuesDiffer', line: 11, path: '/spec/containers/0/securityContext/windowsOptions/hostProcess', severity: 'error', message: 'pod hostProcess value must be identical if both are specified, was true' }],
    },
    {
      name: 'pod-level runAsNonRoot on a HostProcess CronJob',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: j }
spec:
  schedule: "@hourly"
  jobTemplate:
    spec:
      template:
        spec:
          hostNetwork: true
          securityContext:
            runAsNonRoot: true
            windowsOptions: { hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM" }
          containers: [{ name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }]
          restartPolicy: Never
`,
      errors: [{ messageId: 'runAsNonRoot', line: 12, path: '/spec/jobTemplate/spec/template/spec/securityContext/runAsNonRoot', severity: 'warning', message: 'pod' }],
    },
      {
      name: 'HostProcess users the host cannot log on: a pod-level ContainerUser (reported once), a domain account; a container with no user at all',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
  template:
    spec:
      hostNetwork: true
      securityContext:
        windowsOptions: { hostProcess: true, runAsUserName: ContainerUser }
      containers:
        - { name: a, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }
        - { name: b, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }
        - name: c
          image: mcr.microsoft.com/windows/nanoserver:ltsc2022
          securityContext:
            windowsOptions: { runAsUserName: "CORP\\\\svc-agent" }
---
apiVersion: v1
kind: Pod
metadata: { name: nouser }
spec:
  hostNetwork: true
  securityContext: { windowsOptions: { hostProcess: true } }
  containers: [{ name: a, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }]
`,
      errors: [
        { messageId: 'userNotAllowed', line: 9, path: '/spec/template/spec/securityContext/windowsOptions/runAsUserName', severity: 'error', message: 'HostProcess pod runs as "ContainerUser"' },
        { messageId: 'userNotAllowed', line: 16, path: '/spec/template/spec/containers/2/securityContext/windowsOptions/runAsUserName', message: 'container "c" runs as "CORP\\svc-agent"' },
        { messageId: 'userMissing', line: 24, path: '/spec/containers/0', severity: 'warning', message: 'container "a" has no windowsOptions.runAsUserName' },
      ],
    },
  ],
});
