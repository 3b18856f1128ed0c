import { ruleTester } from './testing/rule-tester.js';
import { windowsCpuRequest } from './windows-cpu-request.js';

ruleTester(windowsCpuRequest, {
  valid: [
    {
      name: 'a CPU request, or only a CPU limit (the request defaults to it)',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  initContainers: [{ name: i, image: mcr.microsoft.com/windows/servercore:ltsc2022, resources: { limits: { cpu: 500m } } }]
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022, resources: { requests: { cpu: 250m } } }]
`,
    },
    {
      name: 'a Linux container without requests',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers: [{ name: c, image: nginx:1.27 }]
`,
    },
    {
      name: 'odd shapes: resources a string, requests a list',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  containers:
    - { name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022, resources: { requests: [cpu], limits: { cpu: "1" } } }
    - "not a container"
`,
    },
  ],
  invalid: [
    {
      name: 'no resources at all, and only a memory request (Deployment selected by nodeSelector)',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      nodeSelector: { kubernetes.io/os: windows }
      containers:
        - name: web
          image: mcr.microsoft.com/windows/servercore:ltsc2022
        - name: sidecar
          image: mcr.microsoft.com/windows/nanoserver:ltsc2022
          resources:
            requests: { memory: 100Mi }
`,
      errors: [
        { messageId: 'noRequest', line: 9, path: '/spec/template/spec/containers/0', severity: 'warning', message: 'container "web"' },
        { messageId: 'noRequest', line: 13, path: '/spec/template/spec/containers/1/resources', message: 'container "sidecar"' },
      ],
    },
  ],
});
