import type { ImageFacts } from '../model/image-facts.js';
import { imageOsMismatch } from './image-os-mismatch.js';
import { ruleTester } from './testing/rule-tester.js';

const linuxOnly: ImageFacts = { reference: 'busybox:1.36', digest: 'sha256:bb', source: 'registry', platforms: [{ os: 'linux', architecture: 'amd64', digest: 'sha256:01', size: 1 }] };

ruleTester(imageOsMismatch, {
  valid: [
    { name: 'Windows images in a Windows pod', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  nodeSelector: {kubernetes.io/os: windows}\n  containers: [{name: c, image: "mcr.microsoft.com/windows/nanoserver:ltsc2022"}]\n' },
    { name: 'an image of unknown OS (tag says nothing)', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  nodeSelector: {kubernetes.io/os: windows}\n  containers: [{name: c, image: busybox}]\n' },
  ],
  invalid: [
    {
      name: 'a Windows app with a Linux-only sidecar runs on no node: said once, at the sidecar',
      cluster: 'multi-build',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: mixed }
spec:
  containers:
    - name: app
      image: mcr.microsoft.com/windows/servercore:ltsc2022
    - name: log
      image: redis:7.4
`,
      errors: [{ messageId: 'mixedOs', line: 9, path: '/spec/containers/1/image' }],
    },
    {
      name: 'a Windows-selected pod whose only known image is Linux-only: a plain mismatch (the other image is unknown)',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  nodeSelector: { kubernetes.io/os: windows }
  containers:
    - name: app
      image: contoso/app:1.0
    - name: proxy
      image: nginx:1.27
`,
      errors: [{ messageId: 'mismatch', line: 10, path: '/spec/containers/1/image' }],
    },
    {
      name: 'a Windows image in a pod that selects Linux nodes',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  nodeSelector: {kubernetes.io/os: linux}\n  containers:\n    - name: c\n      image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n',
      errors: [{ messageId: 'mismatch', line: 8, path: '/spec/containers/0/image', message: 'no match for platform in manifest' }],
    },
    {
      name: 'registry facts: a Linux-only sidecar in a Windows pod',
      imageFacts: new Map([['busybox:1.36', linuxOnly]]),
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  nodeSelector: {kubernetes.io/os: windows}\n  containers:\n    - name: app\n      image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n    - name: sidecar\n      image: busybox:1.36\n',
      errors: [{ messageId: 'mixedOs', line: 10, path: '/spec/containers/1/image', message: 'busybox:1.36 is linux-only (registry: linux/amd64)' }],
    },
  ],
});
