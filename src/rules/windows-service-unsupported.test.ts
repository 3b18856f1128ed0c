import { clusterFromPoolSpecs, parsePoolSpecs } from '../cluster/profile.js';
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

const linuxOnly = clusterFromPoolSpecs('linux-only', 'test', parsePoolSpecs({ spec: { pools: [{ name: 'linux', os: 'linux', count: 3 }] } }, []));

const bigBackends = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: web }
spec:
  replicas: 1000
  template:
    metadata: { labels: { app: api } }
    spec:
      nodeSelector: { kubernetes.io/os: linux }
      containers: [{ name: c, image: nginx:1.27 }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: api-cache, namespace: web }
spec:
  replicas: 30
  template:
    metadata: { labels: { app: api, tier: cache } }
    spec:
      nodeSelector: { kubernetes.io/os: linux }
      containers: [{ name: c, image: redis:7 }]
`;

const bigService = `apiVersion: v1
kind: Service
metadata: { name: api, namespace: web }
spec:
  selector: { app: api }
  ports: [{ port: 80 }]
`;

ruleTester(windowsServiceUnsupported, {
  valid: [
    {
      name: 'more than 1024 backends in a cluster without Windows nodes',
      yaml: `${bigBackends}---
${bigService}`,
      cluster: linuxOnly,
    },
    {
      name: '1024 backends exactly, and a Service in another namespace',
      yaml: `${bigBackends.replace('replicas: 30', 'replicas: 24')}---
${bigService}---
${bigService.replace('namespace: web', 'namespace: other')}`,
    },
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
      {
      name: 'ClientIP affinity in front of Windows pods that may land on Windows Server 2019 nodes',
      cluster: 'multi-build',
      yaml: `${windowsDeployment.replace('nodeSelector: { kubernetes.io/os: windows }', 'nodeSelector: { kubernetes.io/os: windows }\n      tolerations: [{ key: os, operator: Exists }]')}---
apiVersion: v1
kind: Service
metadata: { name: iis, namespace: web }
spec:
  selector: { app: iis }
  sessionAffinity: ClientIP
  ports: [{ port: 80 }]
`,
      errors: [{ messageId: 'sessionAffinityBuild', line: 18, path: '/spec/sessionAffinity', message: 'older Windows nodes of this cluster (win2019)' }],
    },
    {
      name: 'more than 1024 backends (Service first, then a Deployment and a StatefulSet), reported once',
      yaml: `${bigService}---
${bigBackends}`,
      errors: [{ messageId: 'tooManyBackends', line: 5, path: '/spec/selector', severity: 'warning', message: 'Service selects 1030 pods (Deployment api, StatefulSet api-cache), more than the 1024 backends' }],
    },
  ],
});
