import { ruleTester } from './testing/rule-tester.js';
import { windowsRunAsNonRootAdministrator } from './windows-run-as-non-root-administrator.js';

ruleTester(windowsRunAsNonRootAdministrator, {
  valid: [
    {
      name: 'runAsNonRoot with ContainerUser; ContainerAdministrator without runAsNonRoot; a container that turns runAsNonRoot off',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: ContainerUser } }
  containers:
    - { name: a, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }
    - { name: b, image: mcr.microsoft.com/windows/servercore:ltsc2022, securityContext: { runAsNonRoot: false, windowsOptions: { runAsUserName: ContainerAdministrator } } }
---
apiVersion: v1
kind: Pod
metadata: { name: q }
spec:
  os: { name: windows }
  securityContext: { windowsOptions: { runAsUserName: ContainerAdministrator } }
  containers: [{ name: a, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
`,
    },
    {
      name: 'the kubelet compares case-sensitively; odd shapes do not throw',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: containeradministrator } }
  containers:
    - { name: a, image: mcr.microsoft.com/windows/servercore:ltsc2022, securityContext: { windowsOptions: [x] } }
    - { name: b, image: mcr.microsoft.com/windows/servercore:ltsc2022, securityContext: "odd" }
`,
    },
    {
      name: "a Linux pod is not the Windows kubelet's business",
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: linux }
  securityContext: { runAsNonRoot: true }
  containers: [{ name: a, image: nginx:1.27 }]
`,
    },
  ],
  invalid: [
    {
      name: 'pod-level runAsNonRoot with a container-level ContainerAdministrator, and both at pod level (Deployment)',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      nodeSelector: { kubernetes.io/os: windows }
      securityContext:
        runAsNonRoot: true
        windowsOptions: { runAsUserName: ContainerAdministrator }
      containers:
        - name: web
          image: mcr.microsoft.com/windows/servercore:ltsc2022
        - name: tool
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          securityContext:
            windowsOptions:
              runAsUserName: ContainerAdministrator
`,
      errors: [
        { messageId: 'administrator', line: 10, path: '/spec/template/spec/securityContext/windowsOptions/runAsUserName', severity: 'error', message: 'container "web"' },
        { messageId: 'administrator', line: 18, path: '/spec/template/spec/containers/1/securityContext/windowsOptions/runAsUserName', message: 'container "tool"' },
      ],
    },
  ],
});
