import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_MEMORY_REQUEST,
  addResources,
  exceededResources,
  fitsWithin,
  formatResourceAmount,
  maxResources,
  podNonZeroRequests,
  podRequests,
  subtractResources,
  toResourceVector,
} from './requests.js';
import type { Container, PodSpec, ResourceList } from './types.js';

const Mi = 2 ** 20;
const Gi = 2 ** 30;

function container(name: string, requests?: ResourceList, limits?: ResourceList, restartPolicy?: 'Always'): Container {
  return { name, resources: { requests, limits }, ...(restartPolicy ? { restartPolicy } : {}) };
}

// Modelled on component-helpers resource/helpers_test.go (TestPodRequests and the sidecar cases).
describe('podRequests', () => {
  const cases: { name: string; spec: PodSpec; expected: Record<string, number> }[] = [
    { name: 'a pod without requests requests nothing', spec: { containers: [container('c')] }, expected: {} },
    {
      name: 'regular containers add up',
      spec: { containers: [container('a', { cpu: '250m', memory: '64Mi' }), container('b', { cpu: 1, memory: '1Gi' })] },
      expected: { cpu: 1250, memory: 64 * Mi + Gi },
    },
    {
      name: 'requests default to limits for resources without a request',
      spec: { containers: [container('a', { cpu: '100m' }, { cpu: '2', memory: '1Gi' })] },
      expected: { cpu: 100, memory: Gi },
    },
    {
      name: 'a larger init container sets the request',
      spec: { containers: [container('a', { cpu: '1' })], initContainers: [container('init', { cpu: '2' })] },
      expected: { cpu: 2000 },
    },
    {
      name: 'sidecars add to the regular containers and to every later init container',
      spec: {
        containers: [container('a', { cpu: '1' })],
        initContainers: [container('i1', { cpu: '2' }), container('s1', { cpu: '1' }, undefined, 'Always'), container('i2', { cpu: '2' })],
      },
      expected: { cpu: 3000 },
    },
    {
      name: 'an init container before a sidecar does not run beside it',
      spec: {
        containers: [container('a', { cpu: '500m' })],
        initContainers: [container('i1', { cpu: '1' }), container('s1', { cpu: '1' }, undefined, 'Always')],
      },
      expected: { cpu: 1500 },
    },
    {
      name: 'pod overhead is added',
      spec: { containers: [container('a', { cpu: '1', memory: '1Gi' })], overhead: { cpu: '250m', memory: '120Mi' } },
      expected: { cpu: 1250, memory: Gi + 120 * Mi },
    },
    {
      name: 'extended resources are counted',
      spec: { containers: [container('a', { 'nvidia.com/gpu': 1 }), container('b', undefined, { 'nvidia.com/gpu': '2' })] },
      expected: { 'nvidia.com/gpu': 3 },
    },
    {
      name: 'sub-millicore requests are summed before rounding, as Quantities are',
      spec: { containers: [container('a', { cpu: '0.5m' }), container('b', { cpu: '0.5m' })] },
      expected: { cpu: 1 },
    },
    {
      name: 'pod-level requests override the container aggregate for cpu and memory',
      spec: { containers: [container('a', { cpu: '1', 'ephemeral-storage': '1Gi' })], resources: { requests: { cpu: '4' } } },
      expected: { cpu: 4000, 'ephemeral-storage': Gi },
    },
    {
      name: 'a pod-level limit without request defaults the request when no container asks',
      spec: { containers: [container('a', { cpu: '1' })], resources: { limits: { cpu: '3', memory: '2Gi' } } },
      expected: { cpu: 1000, memory: 2 * Gi },
    },
    {
      name: 'malformed quantities are left out',
      spec: { containers: [container('a', { cpu: 'lots', memory: '1Gi' })] },
      expected: { memory: Gi },
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(podRequests(c.spec), c.expected));
  }

  it('leaves overhead out when asked', () => {
    assert.deepEqual(podRequests({ containers: [container('a', { cpu: '1' })], overhead: { cpu: '1' } }, { excludeOverhead: true }), { cpu: 1000 });
  });
  it('copes with a malformed spec from a manifest', () => {
    assert.deepEqual(podRequests({ containers: 'nginx' } as unknown as PodSpec), {});
  });
});

describe('podNonZeroRequests', () => {
  const cases: { name: string; spec: PodSpec; expected: Record<string, number> }[] = [
    { name: 'a container without requests counts as 100m and 200 MiB', spec: { containers: [container('a')] }, expected: { cpu: 100, memory: DEFAULT_MEMORY_REQUEST } },
    { name: 'each container without requests gets the defaults', spec: { containers: [container('a'), container('b')] }, expected: { cpu: 200, memory: 2 * DEFAULT_MEMORY_REQUEST } },
    { name: 'an explicit zero request stays zero', spec: { containers: [container('a', { cpu: '0' })] }, expected: { cpu: 0, memory: DEFAULT_MEMORY_REQUEST } },
    {
      name: 'set requests are kept and only missing ones defaulted',
      spec: { containers: [container('a', { cpu: '2' }), container('b', { memory: '1Gi' })] },
      expected: { cpu: 2100, memory: DEFAULT_MEMORY_REQUEST + Gi },
    },
    {
      name: 'with pod-level requests only resources requested nowhere are defaulted',
      spec: { containers: [container('a'), container('b')], resources: { requests: { cpu: '1' } } },
      expected: { cpu: 1000, memory: 2 * DEFAULT_MEMORY_REQUEST },
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(podNonZeroRequests(c.spec), c.expected));
  }
});

describe('resource vectors', () => {
  it('converts a resource list to scheduler units', () => {
    assert.deepEqual(toResourceVector({ cpu: '3920m', memory: '15Gi', pods: '110' }), { cpu: 3920, memory: 15 * Gi, pods: 110 });
  });
  it('adds, subtracts and takes the maximum per resource', () => {
    assert.deepEqual(addResources({ cpu: 100 }, { cpu: 50, memory: 10 }), { cpu: 150, memory: 10 });
    assert.deepEqual(subtractResources({ cpu: 100 }, { cpu: 50, memory: 10 }), { cpu: 50, memory: -10 });
    assert.deepEqual(maxResources({ cpu: 100, memory: 5 }, { cpu: 50, memory: 10 }), { cpu: 100, memory: 10 });
  });
  it('lists exceeded resources, treating a missing one as zero available', () => {
    assert.deepEqual(exceededResources({ cpu: 2000, memory: 1, 'nvidia.com/gpu': 1 }, { cpu: 1000, memory: 10 }), ['cpu', 'nvidia.com/gpu']);
  });
  it('never fails on a zero request', () => {
    assert.equal(fitsWithin({ cpu: 0, 'example.com/dongle': 0 }, {}), true);
  });
  it('formats amounts by resource kind', () => {
    assert.equal(formatResourceAmount('cpu', 500), '500m');
    assert.equal(formatResourceAmount('memory', 200 * Mi), '200 MiB');
    assert.equal(formatResourceAmount('nvidia.com/gpu', 2), '2');
  });
});
