import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerImagesOf } from '../engine/images.js';
import type { ImageFacts } from '../model/image-facts.js';
import type { PodSpec } from '../kube/types.js';
import { makeNode } from './testing/builders.js';
import { kubeletOutcome, POD_OS_NOT_SUPPORTED_MESSAGE, POD_OS_SELECTOR_MESSAGE } from './kubelet.js';

const linux = makeNode('l').obj();
const win2019 = makeNode('w19').windows('10.0.17763').obj();
const win2022 = makeNode('w22').windows('10.0.20348').obj();

function outcome(spec: PodSpec, node = linux, labels: Record<string, string> = {}, facts?: Map<string, ImageFacts>, errors: string[] = [], mountErrors: string[] = []) {
  return kubeletOutcome({ labels, spec, images: containerImagesOf(spec, '/spec', facts), createErrors: errors, mountErrors }, node);
}

const cases: { name: string; spec: PodSpec; node: typeof linux; labels?: Record<string, string>; facts?: Map<string, ImageFacts>; errors?: string[]; status: string; message?: RegExp }[] = [
  { name: 'a Linux image on a Linux node runs', spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] }, node: linux, status: 'Running' },
  {
    name: 'a HostProcess container has no build requirement: an 1809 image runs on a 2022 node',
    spec: { securityContext: { windowsOptions: { hostProcess: true } }, hostNetwork: true, initContainers: [{ name: 'i', image: 'mcr.microsoft.com/powershell:lts-nanoserver-1809' }], containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }] },
    node: win2022,
    status: 'Running',
  },
  {
    name: 'the same 1809 image without HostProcess cannot be pulled on a 2022 node',
    spec: { initContainers: [{ name: 'i', image: 'mcr.microsoft.com/powershell:lts-nanoserver-1809' }], containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }] },
    node: win2022,
    status: 'ImagePullBackOff',
  },
  {
    name: 'spec.os.name windows on a Linux node is rejected by the kubelet with PodOSNotSupported',
    spec: { os: { name: 'windows' }, containers: [{ name: 'c', image: 'nginx' }] },
    node: linux,
    status: 'PodOSNotSupported',
    message: new RegExp(POD_OS_NOT_SUPPORTED_MESSAGE),
  },
  {
    name: 'a pod labelled kubernetes.io/os=linux on a Windows node fails PodOSSelectorNodeLabelDoesNotMatch',
    spec: { containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }] },
    labels: { 'kubernetes.io/os': 'linux' },
    node: win2022,
    status: 'PodOSSelectorNodeLabelDoesNotMatch',
    message: new RegExp(POD_OS_SELECTOR_MESSAGE.replace(/[`]/g, '.')),
  },
  {
    name: 'a Linux image on a Windows node cannot be pulled: no match for platform',
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
    node: win2022,
    status: 'ImagePullBackOff',
    message: /^Failed to pull image "nginx": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io\/library\/nginx:latest": no match for platform in manifest: not found$/,
  },
  {
    name: 'a Windows Server 2022 image on a 2019 node finds no matching build',
    spec: { containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/servercore:ltsc2022' }] },
    node: win2019,
    status: 'ImagePullBackOff',
    message: /no match for platform in manifest: not found/,
  },
  { name: 'a 2019 image on a 2019 node runs', spec: { containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/servercore:ltsc2019' }] }, node: win2019, status: 'Running' },
  {
    name: 'a single-platform Windows image on a Linux node: image operating system "windows"',
    spec: { containers: [{ name: 'c', image: 'registry.example.com/app:1.0-windowsservercore-ltsc2022' }] },
    node: linux,
    status: 'ImagePullBackOff',
    message: /image operating system "windows" cannot be used on this platform/,
  },
  {
    name: 'a single-platform 2019 image on a 2022 node pulls but HCS refuses to start it',
    spec: { containers: [{ name: 'app', image: 'registry.example.com/app:1.0-ltsc2019' }] },
    node: win2022,
    status: 'CrashLoopBackOff',
    message: /hcsshim::CreateComputeSystem app: The container operating system does not match the host operating system\./,
  },
  {
    name: 'registry facts decide over the name: a multi-OS image runs on Windows',
    spec: { containers: [{ name: 'c', image: 'example/multi:1' }] },
    facts: new Map([['example/multi:1', { reference: 'example/multi:1', digest: 'sha256:x', source: 'registry', platforms: [{ os: 'linux', architecture: 'amd64', digest: 'a', size: 1 }, { os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.1', digest: 'b', size: 1 }] }]]),
    node: win2022,
    status: 'Running',
  },
  {
    name: 'a field Windows cannot honour fails container creation',
    spec: { containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }] },
    errors: ['privileged containers are not supported on Windows'],
    node: win2022,
    status: 'CreateContainerError',
    message: /privileged/,
  },
];

for (const c of cases) {
  test(c.name, () => {
    const got = outcome(c.spec, c.node, c.labels, c.facts, c.errors);
    assert.equal(got.status, c.status);
    if (c.message) assert.match(got.message ?? '', c.message);
  });
}

test('a mount Windows cannot do keeps the pod ContainerCreating, before any image is pulled', () => {
  const spec: PodSpec = { containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/servercore:ltsc2019' }] };
  const result = outcome(spec, win2022, {}, undefined, [], ['NFS volumes are not supported on Windows']);
  assert.equal(result.status, 'ContainerCreating');
  assert.equal(result.message, 'NFS volumes are not supported on Windows');
  // The same pod on a Linux node mounts NFS fine (and then fails on the image instead).
  assert.notEqual(outcome(spec, linux, {}, undefined, [], ['NFS volumes are not supported on Windows']).status, 'ContainerCreating');
});

test('a finding met while the kubelet generates the container config (runAsNonRoot with ContainerAdministrator) is CreateContainerConfigError, before any create error', () => {
  const spec: PodSpec = { containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }] };
  const result = kubeletOutcome({ labels: {}, spec, images: containerImagesOf(spec, '/spec'), mountErrors: [], createErrors: ['create failed'], configErrors: ['runAsNonRoot refused'] }, win2022);
  assert.deepEqual(result, { status: 'CreateContainerConfigError', message: 'runAsNonRoot refused' });
});
