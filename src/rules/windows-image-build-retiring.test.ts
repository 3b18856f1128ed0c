import type { ImageFacts } from '../model/image-facts.js';
import { hostProcessDaemonSet } from './testing/host-process.js';
import { ruleTester } from './testing/rule-tester.js';
import { windowsImageBuildRetiring } from './windows-image-build-retiring.js';

const pod = (image: string) => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  nodeSelector: {kubernetes.io/os: windows}
  containers:
    - name: c
      image: ${image}
`;

const both: ImageFacts = {
  reference: 'contoso.io/app:1.0',
  digest: 'sha256:aa',
  source: 'registry',
  platforms: [
    { os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.3807', digest: 'sha256:01', size: 1 },
    { os: 'windows', architecture: 'amd64', osVersion: '10.0.26100.4061', digest: 'sha256:02', size: 1 },
  ],
};

// The default profile is AKS-labelled.
ruleTester(windowsImageBuildRetiring, {
  valid: [
    {
      name: 'a HostProcess image of a retiring build: HostProcess images are not tied to the host build',
      yaml: hostProcessDaemonSet({ initImage: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', initCommand: 'cmd, /c, exit 0', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }),
    },
    { name: 'an ltsc2025 image on AKS', today: '2026-11-30', yaml: pod('mcr.microsoft.com/windows/servercore:ltsc2025') },
    { name: 'an ltsc2022 image on AKS more than 180 days before 15 March 2027', today: '2026-09-15', yaml: pod('mcr.microsoft.com/windows/servercore:ltsc2022') },
    { name: 'an image offering 2022 and 2025 (registry facts)', today: '2026-11-30', yaml: pod('contoso.io/app:1.0'), imageFacts: new Map([['contoso.io/app:1.0', both]]) },
    { name: 'an image whose tag names no build', today: '2026-11-30', yaml: pod('contoso.io/app:1.0') },
    { name: 'an ltsc2019 image on a self-managed cluster (Microsoft support until 2029)', cluster: 'kubeadm', today: '2026-11-30', yaml: pod('mcr.microsoft.com/windows/servercore:ltsc2019') },
  ],
  invalid: [
    {
      name: 'an ltsc2019 image on AKS after the Windows Server 2019 retirement',
      today: '2026-11-30',
      yaml: pod('mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019'),
      errors: [{ messageId: 'onlyRetiring', severity: 'warning', line: 8, path: '/spec/containers/0/image', message: 'which AKS retired on 1 March 2026' }],
    },
    {
      name: 'an ltsc2022 image on AKS within 180 days of the Windows Server 2022 retirement',
      today: '2026-11-30',
      yaml: pod('mcr.microsoft.com/windows/servercore:ltsc2022'),
      errors: [{ messageId: 'onlyRetiring', message: 'retires on 15 March 2027 (in 105 days). Source: https://github.com/Azure/AKS/issues/4168. Publish it for Windows Server 2025 (10.0.26100)' }],
    },
  ],
});
