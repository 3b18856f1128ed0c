import { ruleTester } from './testing/rule-tester.js';
import { windowsServiceUnsupported } from './windows-service-unsupported.js';

const windowsDeployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: iis, namespace: web }
spec:
  selector: { matchLabels: { app: iis } }
  template:
    metadata: { labels: { app: iis, tier: front } }
    spec:
      nodeSelector: { kubernetes.io/os: windows }
      containers: [{ name: iis, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
`;

ruleTester(windowsServiceUnsupported, {
  valid: [
    {
      name: 'a plain ClusterIP Service in front of Windows pods',
      yaml: `${windowsDeployment}---
apiVersion: v1
kind: Service
metadata: { name: iis, namespace: web }
spec:
  selector: { app: iis }
  sessionAffinity: ClientIP
  ports: [{ port: 80 }]
`,
    },
    {
      name: 'Local traffic policy on a Service that selects only Linux pods, or another namespace',
      yaml: `${windowsDeployment}---
apiVersion: v1
kind: Service
metadata: { name: other, namespace: web }
spec:
  selector: { app: nginx }
  externalTrafficPolicy: Local
  type: LoadBalancer
---
apiVersion: v1
kind: Service
metadata: { name: iis, namespace: elsewhere }
spec:
  selector: { app: iis }
  externalTrafficPolicy: Local
  type: LoadBalancer
`,
    },
  ],
  invalid: [
    {
      name: 'Service before the workload: timeout, Local policy and IPv6-only',
      yaml: `apiVersion: v1
kind: Service
metadata: { name: iis, namespace: web }
spec:
  type: LoadBalancer
  selector: { app: iis }
  externalTrafficPolicy: Local
  ipFamilyPolicy: SingleStack
  ipFamilies: [IPv6]
  sessionAffinity: ClientIP
  sessionAffinityConfig:
    clientIP: { timeoutSeconds: 600 }
  ports: [{ port: 80 }]
---
${windowsDeployment}`,
      errors: [
        { messageId: 'localTrafficPolicy', line: 7, path: '/spec/externalTrafficPolicy', severity: 'warning', message: 'Deployment iis' },
        { messageId: 'ipv6Only', line: 9, path: '/spec/ipFamilies' },
        { messageId: 'sessionAffinityTimeout', line: 12, path: '/spec/sessionAffinityConfig/clientIP/timeoutSeconds' },
      ],
    },
    {
      name: 'Service after a Windows CronJob (spec.os.name), reported once',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: j }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        metadata: { labels: { app: batch } }
        spec:
          os: { name: windows }
          containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
          restartPolicy: Never
---
apiVersion: v1
kind: Service
metadata: { name: batch }
spec:
  selector: { app: batch }
  type: NodePort
  externalTrafficPolicy: Local
`,
      errors: [{ messageId: 'localTrafficPolicy', line: 21, path: '/spec/externalTrafficPolicy', message: 'CronJob j' }],
    },
  ],
});
