import { ruleTester } from './testing/rule-tester.js';
import { windowsHugepages } from './windows-hugepages.js';

ruleTester(windowsHugepages, {
  valid: [
    {
      name: 'a Linux pod may ask for huge pages',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  nodeSelector: { kubernetes.io/os: linux }
  containers: [{ name: c, image: redis:7, resources: { limits: { hugepages-2Mi: 100Mi, memory: 1Gi } } }]
`,
    },
  ],
  invalid: [
    {
      name: 'spec.os.name windows: limits and requests of hugepages (Deployment)',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      os: { name: windows }
      containers:
        - name: c
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          resources:
            limits: { hugepages-2Mi: 100Mi, memory: 1Gi }
            requests: { hugepages-1Gi: 1Gi }
`,
      errors: [
        { messageId: 'hugepages', line: 12, path: '/spec/template/spec/containers/0/resources/limits/hugepages-2Mi', severity: 'error', message: 'spec.os.name is "windows"' },
        { messageId: 'hugepages', line: 13, path: '/spec/template/spec/containers/0/resources/requests/hugepages-1Gi', severity: 'error' },
      ],
    },
    {
      name: 'OS inferred from the nodeSelector: an init container of a CronJob',
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
          initContainers:
            - name: init
              image: example.com/init:1
              resources: { limits: { hugepages-2Mi: 10Mi, cpu: "1" } }
          containers: [{ name: c, image: example.com/job:1 }]
          restartPolicy: Never
`,
      errors: [{ messageId: 'hugepages', line: 14, path: '/spec/jobTemplate/spec/template/spec/initContainers/0/resources/limits/hugepages-2Mi', severity: 'error', message: 'init container "init"' }],
    },
  ],
});
