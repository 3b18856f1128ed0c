import { clusterFromPoolSpecs, parsePoolSpecs } from '../cluster/profile.js';
import { ruleTester } from './testing/rule-tester.js';
import { inputServiceReader, windowsServiceUnsupported } from './windows-service-unsupported.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCluster } from '../cluster/profiles.js';
import { collectInputs, runRules } from '../engine/run.js';
import { loadText } from '../manifests/load.js';

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

// A streamed `check` reads the Services first (AnalysisInputs.services) and pairs each workload as
// it is visited; without that first pass the rule keeps the workloads. Both must find the same.
describe('windows-service-unsupported with the Services read first', () => {
  const annotated = bigService.replace('metadata: { name: api, namespace: web }', 'metadata: { name: api, namespace: web, annotations: { kube-hybrid.io/ignore: "windows-service-unsupported" } }');
  const withSettings = `apiVersion: v1
kind: Service
metadata: { name: iis, namespace: web }
spec:
  selector: { app: iis }
  externalTrafficPolicy: Local
  sessionAffinity: ClientIP
  sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } }
  ipFamilies: [IPv6]
`;
  const inputs: [string, string][] = [
    ['Service first', `${bigService}---\n${bigBackends}---\n${withSettings}---\n${windowsDeployment}`],
    ['Service last', `${bigBackends}---\n${windowsDeployment}---\n${bigService}---\n${withSettings}`],
    ['Service between the workloads that tip it over', `${bigBackends.split('---')[0]}---\n${bigService}---\n${bigBackends.split('---')[1]}---\n${windowsDeployment}---\n${withSettings}`],
    ['Helm output and an ignore annotation', `# Source: chart/templates/svc.yaml\n${bigService}---\n${annotated}---\n${bigBackends}`],
    ['a List of Services', `apiVersion: v1\nkind: List\nitems:\n  - ${bigService.trimEnd().replace(/\n/g, '\n    ')}\n---\n${bigBackends}`],
  ];
  for (const [name, yaml] of inputs) {
    for (const cluster of ['default', 'multi-build']) {
      it(`${name} (${cluster}): the same findings`, () => {
        const { objects } = loadText('in.yaml', yaml);
        const inputs = collectInputs(objects, builtinCluster(cluster));
        const rules = [windowsServiceUnsupported];
        const kept = runRules(objects, inputs, rules);
        const read = inputServiceReader();
        const services = objects.map(read).filter((service) => service !== undefined);
        const paired = runRules(objects, { ...inputs, services }, rules);
        assert.deepEqual(paired, kept);
        if (name !== 'Helm output and an ignore annotation' || cluster === 'default') assert.ok(kept.length > 0, 'the case finds something');
      });
    }
  }
});
