import { ruleTester } from './testing/rule-tester.js';
import { windowsHypervIsolationIgnored } from './windows-hyperv-isolation-ignored.js';

ruleTester(windowsHypervIsolationIgnored, {
  valid: [
    { name: 'a Windows pod without the annotation', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  nodeSelector: {kubernetes.io/os: windows}\n  containers: [{name: c, image: mcr.microsoft.com/windows/servercore:ltsc2019}]\n' },
  ],
  invalid: [
    {
      name: 'the dockershim Hyper-V annotation on a Deployment\'s pod template',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: legacy }
spec:
  template:
    metadata:
      annotations:
        experimental.windows.kubernetes.io/isolation-type: hyperv
    spec:
      nodeSelector: { kubernetes.io/os: windows }
      containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2019 }]
`,
      errors: [{ messageId: 'ignored', line: 8, path: '/spec/template/metadata/annotations/experimental.windows.kubernetes.io~1isolation-type', severity: 'warning', message: 'process isolation' }],
    },
  ],
});
