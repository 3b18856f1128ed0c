import { gmsaOnLinuxPod } from './gmsa-on-linux-pod.js';
import { ruleTester } from './testing/rule-tester.js';

ruleTester(gmsaOnLinuxPod, {
  valid: [
    {
      name: 'a Windows pod with gMSA',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  nodeSelector: { kubernetes.io/os: windows }
  securityContext: { windowsOptions: { gmsaCredentialSpecName: gmsa-webapp1 } }
  containers: [{ name: c, image: example.com/app:1 }]
`,
    },
    {
      name: 'nothing names an OS: gMSA fields are themselves a hint, not reported',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext: { windowsOptions: { gmsaCredentialSpecName: gmsa-webapp1 } }
  containers: [{ name: c, image: example.com/app:1 }]
`,
    },
    {
      name: 'spec.os.name linux is left to windows-options-on-linux-pod (the API server rejects it)',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: linux }
  securityContext: { windowsOptions: { gmsaCredentialSpecName: gmsa-webapp1 } }
  containers: [{ name: c, image: example.com/app:1 }]
`,
    },
  ],
  invalid: [
    {
      name: 'a Linux nodeSelector with gMSA on pod and container (Deployment)',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      nodeSelector: { kubernetes.io/os: linux }
      securityContext:
        windowsOptions: { gmsaCredentialSpecName: gmsa-webapp1 }
      initContainers:
        - name: init
          image: busybox
          securityContext: { windowsOptions: { gmsaCredentialSpec: "{}" } }
      containers:
        - name: c
          image: nginx:1.27
`,
      errors: [
        { messageId: 'ignored', line: 9, path: '/spec/template/spec/securityContext/windowsOptions/gmsaCredentialSpecName', severity: 'warning', message: 'nodeSelector kubernetes.io/os=linux' },
        { messageId: 'ignored', line: 13, path: '/spec/template/spec/initContainers/0/securityContext/windowsOptions/gmsaCredentialSpec', message: 'init container "init"' },
      ],
    },
    {
      name: 'a CronJob whose required node affinity selects Linux',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: j }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms: [{ matchExpressions: [{ key: kubernetes.io/os, operator: In, values: [linux] }] }]
          containers:
            - name: c
              image: nginx:1.27
              securityContext: { windowsOptions: { gmsaCredentialSpecName: gmsa-batch } }
          restartPolicy: Never
`,
      errors: [{ messageId: 'ignored', line: 17, path: '/spec/jobTemplate/spec/template/spec/containers/0/securityContext/windowsOptions/gmsaCredentialSpecName', message: 'required node affinity' }],
    },
  ],
});
