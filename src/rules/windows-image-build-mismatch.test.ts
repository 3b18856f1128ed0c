import type { ImageFacts } from '../model/image-facts.js';
import { ruleTester } from './testing/rule-tester.js';
import { windowsImageBuildMismatch } from './windows-image-build-mismatch.js';

const pod = (image: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  nodeSelector: {kubernetes.io/os: windows${extra}}
  tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]
  containers:
    - name: c
      image: ${image}
`;

const multiArch: ImageFacts = {
  reference: 'contoso.io/app:1.0',
  digest: 'sha256:aa',
  source: 'registry',
  platforms: [
    { os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.6893', digest: 'sha256:01', size: 1 },
    { os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.3807', digest: 'sha256:02', size: 1 },
  ],
};

ruleTester(windowsImageBuildMismatch, {
  valid: [
    { name: 'an ltsc2022 image on Windows Server 2022 nodes', yaml: pod('mcr.microsoft.com/windows/servercore:ltsc2022') },
    { name: 'an image whose tag names no build', yaml: pod('contoso.io/app:1.0') },
    { name: 'an ltsc2019 image pinned to the 2019 pool', cluster: 'multi-build', yaml: pod('mcr.microsoft.com/windows/servercore:ltsc2019', ', node.kubernetes.io/windows-build: 10.0.17763') },
    { name: 'an ltsc2022 image on 2022 and 2025 nodes (2025 hosts run 2022 images)', cluster: 'multi-build', yaml: pod('mcr.microsoft.com/windows/servercore:ltsc2022', ', node.kubernetes.io/windows-build: 10.0.26100') },
    {
      // The windows_exporter pattern: a 1809 PowerShell init container in a HostProcess pod runs on
      // 2022 nodes (create-hostprocess-pod docs: the base image version need not match the host).
      name: 'a HostProcess pod: an 1809 image on 2022 nodes (no build requirement)',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: exporter}
spec:
  template:
    spec:
      nodeSelector: {kubernetes.io/os: windows}
      hostNetwork: true
      securityContext: {windowsOptions: {hostProcess: true, runAsUserName: "NT AUTHORITY\\\\system"}}
      initContainers: [{name: config, image: "mcr.microsoft.com/powershell:lts-nanoserver-1809"}]
      containers: [{name: exporter, image: "ghcr.io/prometheus-community/windows-exporter:0.29.2"}]
`,
    },
    { name: 'registry facts: a multi-build image covers 2019 and 2022 pools', cluster: 'multi-build', yaml: pod('contoso.io/app:1.0', ', node.kubernetes.io/windows-build: 10.0.17763'), imageFacts: new Map([['contoso.io/app:1.0', multiArch]]) },
  ],
  invalid: [
    {
      name: 'an ltsc2019 image on the default Windows Server 2022 pool',
      yaml: pod('mcr.microsoft.com/windows/servercore:ltsc2019'),
      errors: [{ messageId: 'noNode', line: 9, path: '/spec/containers/0/image', message: 'win22 (3 nodes) run Windows Server 2022 (10.0.20348)' }],
    },
    {
      name: 'an ltsc2019 image on a cluster with 2019, 2022 and 2025 pools: some nodes refuse it, pin the build',
      cluster: 'multi-build',
      yaml: pod('mcr.microsoft.com/windows/servercore:ltsc2019'),
      errors: [{ messageId: 'someNodes', path: '/spec/containers/0/image', message: 'node.kubernetes.io/windows-build: 10.0.17763' }],
    },
    {
      name: 'an ltsc2025 image cannot run on 2022 nodes (no host runs a newer image)',
      cluster: 'multi-build',
      yaml: pod('mcr.microsoft.com/windows/servercore:ltsc2025', ', node.kubernetes.io/windows-build: 10.0.20348'),
      errors: [{ messageId: 'noNode', message: 'Windows Server 2025 (10.0.26100)' }],
    },
    {
      name: 'registry facts win over a misleading tag: "ltsc2022" tag holding only a 2019 build',
      imageFacts: new Map([['contoso.io/app:ltsc2022', { ...multiArch, reference: 'contoso.io/app:ltsc2022', platforms: [multiArch.platforms[0]] }]]),
      yaml: pod('contoso.io/app:ltsc2022'),
      errors: [{ messageId: 'noNode', message: 'registry: windows/amd64 10.0.17763.6893' }],
    },
  ],
});
