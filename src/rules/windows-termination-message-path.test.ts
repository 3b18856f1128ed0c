import { ruleTester } from './testing/rule-tester.js';
import { windowsTerminationMessagePath } from './windows-termination-message-path.js';

ruleTester(windowsTerminationMessagePath, {
  valid: [
    {
      name: 'the default path, written out',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022, terminationMessagePath: /dev/termination-log }]
`,
    },
    {
      name: 'a Linux container with a custom path',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers: [{ name: c, image: nginx:1.27, terminationMessagePath: /tmp/msg }]
`,
    },
  ],
  invalid: [
    {
      name: 'spec.os.name windows: custom paths in init, regular and ephemeral containers (Deployment)',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      os: { name: windows }
      initContainers: [{ name: init, image: mcr.microsoft.com/windows/servercore:ltsc2022, terminationMessagePath: 'C:\\msg.txt' }]
      containers:
        - name: c
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          terminationMessagePath: 'C:\\logs\\termination.log'
      ephemeralContainers: [{ name: e, image: mcr.microsoft.com/windows/servercore:ltsc2022, terminationMessagePath: 'C:\\e.txt' }]
`,
      errors: [
        { messageId: 'custom', line: 8, path: '/spec/template/spec/initContainers/0/terminationMessagePath', severity: 'warning', message: 'init container "init"' },
        { messageId: 'custom', line: 12, path: '/spec/template/spec/containers/0/terminationMessagePath' },
        { messageId: 'custom', line: 13, path: '/spec/template/spec/ephemeralContainers/0/terminationMessagePath' },
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
          containers: [{ name: c, image: example.com/job:1, terminationMessagePath: 'C:\\msg' }]
          restartPolicy: Never
`,
      errors: [{ messageId: 'custom', line: 11, path: '/spec/jobTemplate/spec/template/spec/containers/0/terminationMessagePath', message: 'nodeSelector kubernetes.io/os=windows' }],
    },
  ],
});
