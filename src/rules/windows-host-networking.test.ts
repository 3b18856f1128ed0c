import { ruleTester } from './testing/rule-tester.js';
import { windowsHostNetworking } from './windows-host-networking.js';

ruleTester(windowsHostNetworking, {
  valid: [
    {
      name: 'a HostProcess pod uses the host network',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  hostNetwork: true
  securityContext: { windowsOptions: { hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM" } }
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
`,
    },
    {
      name: 'a Linux pod on the host network',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  hostNetwork: true
  dnsPolicy: ClusterFirstWithHostNet
  containers: [{ name: c, image: nginx:1.27 }]
`,
    },
  ],
  invalid: [
    {
      name: 'spec.os.name windows with hostNetwork and ClusterFirstWithHostNet (Deployment)',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      os: { name: windows }
      hostNetwork: true
      dnsPolicy: ClusterFirstWithHostNet
      containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
`,
      errors: [
        { messageId: 'hostNetwork', line: 8, path: '/spec/template/spec/hostNetwork', severity: 'warning', message: 'container network' },
        { messageId: 'dnsPolicy', line: 9, path: '/spec/template/spec/dnsPolicy', severity: 'warning' },
      ],
    },
    {
      name: 'OS inferred from the image: a CronJob with ClusterFirstWithHostNet',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: j }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          dnsPolicy: ClusterFirstWithHostNet
          containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
          restartPolicy: Never
`,
      errors: [{ messageId: 'dnsPolicy', line: 10, path: '/spec/jobTemplate/spec/template/spec/dnsPolicy', message: 'a Windows image' }],
    },
  ],
});
