import { ruleTester } from './testing/rule-tester.js';
import { windowsEphemeralTargetContainer } from './windows-ephemeral-target-container.js';

ruleTester(windowsEphemeralTargetContainer, {
  valid: [
    {
      name: 'an ephemeral container without a target on Windows; a targeted one on Linux',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: w }
spec:
  os: { name: windows }
  containers: [{ name: app, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
  ephemeralContainers: [{ name: debug, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
---
apiVersion: v1
kind: Pod
metadata: { name: l }
spec:
  containers: [{ name: app, image: nginx:1.27 }]
  ephemeralContainers: [{ name: debug, image: busybox:1.36, targetContainerName: app }]
`,
    },
    {
      name: 'odd shapes: ephemeralContainers a map, a target that is not a string',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: w }
spec:
  os: { name: windows }
  containers: [{ name: app, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
  ephemeralContainers: [{ name: debug, targetContainerName: { name: app } }, 7]
---
apiVersion: v1
kind: Pod
metadata: { name: x }
spec:
  os: { name: windows }
  containers: [{ name: app, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
  ephemeralContainers: { debug: { targetContainerName: app } }
`,
    },
  ],
  invalid: [
    {
      name: 'kubectl debug --target on a Windows pod',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: w }
spec:
  nodeSelector: { kubernetes.io/os: windows }
  containers: [{ name: app, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
  ephemeralContainers:
    - name: debugger-x7
      image: mcr.microsoft.com/windows/servercore:ltsc2022
      targetContainerName: app
`,
      errors: [{ messageId: 'target', line: 10, path: '/spec/ephemeralContainers/0/targetContainerName', severity: 'warning', message: 'ephemeral container "debugger-x7" targets container "app"' }],
    },
  ],
});
