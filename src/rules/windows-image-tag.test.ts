import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unpublishedReleaseTag, windowsBaseImageOf } from '../windows/base-image.js';
import { hostProcessDaemonSet } from './testing/host-process.js';
import { ruleTester } from './testing/rule-tester.js';
import { windowsImageTag } from './windows-image-tag.js';

describe('Windows base images and their published release tags', () => {
  const cases: [string, string | undefined][] = [
    ['mcr.microsoft.com/windows/servercore:ltsc2016', undefined],
    ['mcr.microsoft.com/windows/nanoserver:ltsc2016', 'ltsc2016'],
    ['mcr.microsoft.com/windows/nanoserver:ltsc2019', 'ltsc2019'],
    ['mcr.microsoft.com/windows/nanoserver:1809', undefined],
    ['mcr.microsoft.com/windows/server:ltsc2019', 'ltsc2019'],
    ['mcr.microsoft.com/windows:ltsc2022', 'ltsc2022'],
    ['mcr.microsoft.com/windows:ltsc2019', undefined],
    ['mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2019', 'ltsc2019'],
    ['mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2025', undefined],
    ['mcr.microsoft.com/windows/nanoserver:10.0.20348.2582', undefined],
  ];
  for (const [image, expected] of cases) {
    it(`${image} → ${expected ?? 'published'}`, () => {
      const base = windowsBaseImageOf(image);
      assert.ok(base, 'a base image is recognised');
      assert.equal(unpublishedReleaseTag(base.base, image.slice(image.lastIndexOf(':') + 1)), expected);
    });
  }
  it('does not guess a base for other images', () => {
    assert.equal(windowsBaseImageOf('nginx:1.27'), undefined);
    assert.equal(windowsBaseImageOf('mcr.microsoft.com/dotnet/aspnet:8.0'), undefined);
  });
});

ruleTester(windowsImageTag, {
  valid: [
    {
      name: 'a HostProcess container with a latest tag: no build to drift from',
      yaml: hostProcessDaemonSet({ initImage: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', initCommand: 'cmd, /c, exit 0', image: 'ghcr.io/prometheus-community/windows-exporter:latest' }),
    },
    {
      name: 'published release tags, digests, multi-build tags, and Linux images tagged latest',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  containers:
    - { name: a, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }
    - { name: b, image: mcr.microsoft.com/windows/servercore:ltsc2016 }
    - { name: c, image: "mcr.microsoft.com/windows/servercore@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" }
    - { name: d, image: mcr.microsoft.com/dotnet/framework/aspnet:4.8 }
---
apiVersion: v1
kind: Pod
metadata: { name: l }
spec:
  containers: [{ name: a, image: nginx:latest }, { name: b, image: busybox }]
`,
    },
    {
      name: 'a third-party image names its own tags (ltsc2019 on a Nano Server derivative outside MCR)',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  containers: [{ name: a, image: example.com/tools:2.1-nanoserver-ltsc2019 }]
`,
    },
  ],
  invalid: [
    {
      name: 'nanoserver:ltsc2016, server:ltsc2019, and floating tags on Windows images',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      nodeSelector: { kubernetes.io/os: windows }
      initContainers:
        - name: init
          image: mcr.microsoft.com/windows/nanoserver:ltsc2016
      containers:
        - name: app
          image: mcr.microsoft.com/windows/server:ltsc2019
        - name: tools
          image: mcr.microsoft.com/windows/servercore
        - name: web
          image: mcr.microsoft.com/windows/servercore/iis:latest
`,
      errors: [
        { messageId: 'unpublishedRelease', line: 10, path: '/spec/template/spec/initContainers/0/image', severity: 'error', message: 'Microsoft does not publish Nano Server for "ltsc2016" (published: 1809, ltsc2022, ltsc2025)' },
        { messageId: 'unpublishedRelease', line: 13, path: '/spec/template/spec/containers/0/image', message: 'Windows Server for "ltsc2019"' },
        { messageId: 'floatingTag', line: 15, path: '/spec/template/spec/containers/1/image', severity: 'warning', message: 'with no tag (latest)' },
        { messageId: 'floatingTag', line: 17, path: '/spec/template/spec/containers/2/image', message: 'with tag latest' },
      ],
    },
  ],
});
