import { ruleTester } from './testing/rule-tester.js';
import { windowsWorkloadOnLinuxNode } from './windows-workload-on-linux-node.js';

ruleTester(windowsWorkloadOnLinuxNode, {
  valid: [
    {
      name: 'a Windows deployment pinned with a kubernetes.io/os selector',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: iis }
spec:
  template:
    spec:
      nodeSelector: { kubernetes.io/os: windows }
      containers:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
`,
    },
    {
      name: 'a Linux deployment (this rule is about Windows workloads only)',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers: [{ name: web, image: nginx:1.27 }]
`,
    },
    {
      name: 'a Windows pod on a cluster whose Linux nodes are tainted and not tolerated',
      cluster: 'gke',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  tolerations: [{ key: node.kubernetes.io/os, value: windows, effect: NoSchedule }]
  nodeSelector: { kubernetes.io/os: windows }
  containers: [{ name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }]
`,
    },
  ],
  invalid: [
    {
      name: 'a Windows image without any selector can land on the Linux system pool',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: iis }
spec:
  template:
    spec:
      containers:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
`,
      errors: [{ messageId: 'canLandOnLinux', line: 6, path: '/spec/template/spec', message: 'system (3 nodes)' }],
    },
    {
      name: 'spec.os.name windows alone does not steer the scheduler',
      cluster: 'kubeadm',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  tolerations: [{ key: os, operator: Equal, value: windows, effect: NoSchedule }]
  containers: [{ name: c, image: example.com/app:1 }]
`,
      errors: [{ messageId: 'canLandOnLinux', line: 4, path: '/spec', message: 'spec.os.name is "windows"' }],
    },
  ],
});
