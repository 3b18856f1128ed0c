import { ruleTester } from './testing/rule-tester.js';
import { windowsImagePullAlways } from './windows-image-pull-always.js';
import type { ImageFacts } from '../model/image-facts.js';

const GiB = 1024 ** 3;
function facts(reference: string, os: string, size: number): [string, ImageFacts] {
  return [reference, { reference, digest: 'sha256:00', source: 'registry', platforms: [{ os, architecture: 'amd64', osVersion: os === 'windows' ? '10.0.20348.2582' : undefined, digest: 'sha256:01', size }] }];
}

ruleTester(windowsImagePullAlways, {
  valid: [
    {
      name: 'IfNotPresent or a pinned tag on Server Core; Always on Nano Server and on Linux images',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  containers:
    - { name: a, image: mcr.microsoft.com/windows/servercore:ltsc2022, imagePullPolicy: IfNotPresent }
    - { name: b, image: mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022 }
    - { name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022, imagePullPolicy: Always }
    - { name: d, image: example.com/small-windows-tool:latest, imagePullPolicy: Always }
---
apiVersion: v1
kind: Pod
metadata: { name: l }
spec:
  containers: [{ name: a, image: nginx:latest, imagePullPolicy: Always }]
`,
    },
    {
      name: 'registry facts: a 300 MB Windows image with Always',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  containers: [{ name: a, image: example.com/app:1.0, imagePullPolicy: Always }]
`,
      imageFacts: new Map([facts('example.com/app:1.0', 'windows', 300 * 1024 ** 2)]),
    },
  ],
  invalid: [
    {
      name: 'Always on IIS and .NET Framework images; latest on Server Core; a 3 GiB Windows image known from the registry',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      nodeSelector: { kubernetes.io/os: windows }
      containers:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
          imagePullPolicy: Always
        - name: base
          image: mcr.microsoft.com/windows/servercore:latest
        - name: app
          image: example.com/lob/app:2.0
          imagePullPolicy: Always
`,
      imageFacts: new Map([facts('example.com/lob/app:2.0', 'windows', 3 * GiB)]),
      errors: [
        { messageId: 'always', line: 11, path: '/spec/template/spec/containers/0/imagePullPolicy', severity: 'warning', message: 'a Server Core image' },
        { messageId: 'defaultAlways', line: 13, path: '/spec/template/spec/containers/1/image', message: 'mcr.microsoft.com/windows/servercore:latest' },
        { messageId: 'always', line: 16, path: '/spec/template/spec/containers/2/imagePullPolicy', message: '3.0 GiB to pull (registry)' },
      ],
    },
  ],
});
