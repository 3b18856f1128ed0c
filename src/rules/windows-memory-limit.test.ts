import { ruleTester } from './testing/rule-tester.js';
import { windowsMemoryLimit } from './windows-memory-limit.js';

ruleTester(windowsMemoryLimit, {
  valid: [
    {
      name: 'limit set, request unset or equal (1Gi = 1024Mi)',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  initContainers: [{ name: i, image: mcr.microsoft.com/windows/servercore:ltsc2022, resources: { limits: { memory: 512Mi } } }]
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022, resources: { limits: { memory: 1Gi }, requests: { memory: 1024Mi } } }]
`,
    },
    {
      name: 'a Linux container without limits',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers: [{ name: c, image: nginx:1.27 }]
`,
    },
  ],
  invalid: [
    {
      name: 'spec.os.name windows: no limit, and a request below the limit (Deployment)',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      os: { name: windows }
      initContainers:
        - name: init
          image: mcr.microsoft.com/windows/servercore:ltsc2022
      containers:
        - name: c
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          resources:
            limits: { memory: 2Gi }
            requests: { memory: 1Gi }
`,
      errors: [
        { messageId: 'noLimit', line: 9, path: '/spec/template/spec/initContainers/0', severity: 'warning', message: 'init container "init"' },
        { messageId: 'requestDiffers', line: 16, path: '/spec/template/spec/containers/0/resources/requests/memory', message: 'requests 1Gi of memory but may use 2Gi' },
      ],
    },
    {
      name: 'OS inferred from the image: a CronJob with only a CPU limit',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: j }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: c
              image: mcr.microsoft.com/windows/servercore:ltsc2022
              resources: { limits: { cpu: "1" } }
          restartPolicy: Never
`,
      errors: [{ messageId: 'noLimit', line: 13, path: '/spec/jobTemplate/spec/template/spec/containers/0/resources', message: 'a Windows image' }],
    },
  ],
});
