import { hostProcessPodSecurity } from './host-process-pod-security.js';
import { ruleTester } from './testing/rule-tester.js';

ruleTester(hostProcessPodSecurity, {
  valid: [
    {
      name: 'hostProcess false or absent',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  securityContext: { windowsOptions: { hostProcess: false } }
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
`,
    },
  ],
  invalid: [
    {
      name: 'pod-level hostProcess (DaemonSet): reported once, at the pod',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec:
      hostNetwork: true
      securityContext:
        windowsOptions: { hostProcess: true }
      containers:
        - name: c
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          securityContext: { windowsOptions: { hostProcess: true } }
`,
      errors: [{ messageId: 'baseline', line: 11, path: '/spec/template/spec/securityContext/windowsOptions/hostProcess', severity: 'warning', message: 'Baseline' }],
    },
    {
      name: 'container-level hostProcess in a CronJob init container',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: j }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          hostNetwork: true
          initContainers:
            - name: setup
              image: mcr.microsoft.com/windows/servercore:ltsc2022
              securityContext: { windowsOptions: { hostProcess: true } }
          containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
          restartPolicy: Never
`,
      errors: [{ messageId: 'baseline', line: 14, path: '/spec/jobTemplate/spec/template/spec/initContainers/0/securityContext/windowsOptions/hostProcess' }],
    },
  ],
});
