import { ruleTester } from './testing/rule-tester.js';
import { windowsLivenessProbeStartup } from './windows-liveness-probe-startup.js';

ruleTester(windowsLivenessProbeStartup, {
  valid: [
    {
      name: 'a startupProbe protects the liveness probe; or the delay is long enough',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  containers:
    - name: a
      image: mcr.microsoft.com/windows/servercore:ltsc2022
      startupProbe: { httpGet: { path: /, port: 80 }, failureThreshold: 30, periodSeconds: 10 }
      livenessProbe: { httpGet: { path: /, port: 80 } }
    - name: b
      image: mcr.microsoft.com/windows/servercore:ltsc2022
      livenessProbe: { httpGet: { path: /, port: 80 }, initialDelaySeconds: 60 }
`,
    },
    {
      // The pattern of public charts: 10 s delay, but six failures 10 s apart before a restart.
      name: 'a probe whose failureThreshold × periodSeconds gives the container ~70 s',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  containers:
    - name: a
      image: mcr.microsoft.com/windows/servercore:ltsc2022
      livenessProbe: { httpGet: { path: /, port: 80 }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 6 }
`,
    },
    {
      name: 'a Linux container with an early liveness probe',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers: [{ name: c, image: nginx:1.27, livenessProbe: { httpGet: { path: /, port: 80 } } }]
`,
    },
  ],
  invalid: [
    {
      name: 'spec.os.name windows: no initialDelaySeconds, and a small one (Deployment)',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      os: { name: windows }
      containers:
        - name: a
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          livenessProbe: { tcpSocket: { port: 80 } }
        - name: b
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          livenessProbe:
            httpGet: { path: /, port: 80 }
            initialDelaySeconds: 5
`,
      errors: [
        { messageId: 'early', line: 11, path: '/spec/template/spec/containers/0/livenessProbe', severity: 'warning', message: 'restart it 30s after it starts (initialDelaySeconds 0 + failureThreshold 3 × periodSeconds 10)' },
        { messageId: 'early', line: 16, path: '/spec/template/spec/containers/1/livenessProbe/initialDelaySeconds', message: 'restart it 35s after it starts (initialDelaySeconds 5 + failureThreshold 3 × periodSeconds 10)' },
      ],
    },
    {
      name: 'OS inferred from the nodeSelector (CronJob)',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: j }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          nodeSelector: { kubernetes.io/os: windows }
          containers:
            - name: c
              image: example.com/job:1
              livenessProbe: { exec: { command: [cmd, /c, exit 0] }, initialDelaySeconds: 10 }
          restartPolicy: Never
`,
      errors: [{ messageId: 'early', line: 14, path: '/spec/jobTemplate/spec/template/spec/containers/0/livenessProbe/initialDelaySeconds' }],
    },
  ],
});
