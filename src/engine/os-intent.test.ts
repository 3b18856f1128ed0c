import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PodSpec, RuntimeClass } from '../kube/types.js';
import { containerImagesOf } from './images.js';
import { inferOsIntent } from './os-intent.js';

function intentOf(spec: PodSpec, runtimeClass?: RuntimeClass) {
  return inferOsIntent({ spec, specPointer: '/spec', runtimeClass, images: containerImagesOf(spec, '/spec') });
}

const windowsRuntimeClass: RuntimeClass = {
  apiVersion: 'node.k8s.io/v1',
  kind: 'RuntimeClass',
  metadata: { name: 'win' },
  handler: 'runhcs-wcow-process',
  scheduling: { nodeSelector: { 'kubernetes.io/os': 'windows' } },
};

describe('which OS a workload wants', () => {
  it('spec.os.name decides first', () => {
    const intent = intentOf({ os: { name: 'windows' }, nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'c', image: 'nginx' }] });
    assert.equal(intent.os, 'windows');
    assert.equal(intent.evidence[0].kind, 'spec.os.name');
    assert.equal(intent.evidence[1].kind, 'nodeSelector');
  });
  it('a kubernetes.io/os nodeSelector decides next', () => {
    const intent = intentOf({ nodeSelector: { 'kubernetes.io/os': 'windows' }, containers: [{ name: 'c', image: 'x' }] });
    assert.deepEqual([intent.os, intent.evidence[0].kind, intent.evidence[0].path], ['windows', 'nodeSelector', '/spec/nodeSelector/kubernetes.io~1os']);
  });
  it('required node affinity on kubernetes.io/os, In and NotIn', () => {
    const term = (operator: 'In' | 'NotIn', values: string[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator, values }] }] } } }, containers: [] });
    assert.equal(intentOf(term('In', ['windows'])).os, 'windows');
    assert.equal(intentOf(term('NotIn', ['windows'])).os, 'linux');
    assert.equal(intentOf(term('In', ['windows', 'linux'])).decided, false);
  });
  it('affinity terms that pin different OSes decide nothing (terms are ORed)', () => {
    const spec: PodSpec = {
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
        { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }] },
        { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] },
      ] } } },
    };
    assert.equal(intentOf(spec).decided, false);
  });
  it('the RuntimeClass nodeSelector decides after the pod\'s own selectors', () => {
    const intent = intentOf({ runtimeClassName: 'win', containers: [{ name: 'c', image: 'x' }] }, windowsRuntimeClass);
    assert.deepEqual([intent.os, intent.evidence[0].kind], ['windows', 'runtimeClass']);
  });
  // A toleration is permission, not intent (k8s.io/api/core/v1/toleration.go ToleratesTaint): only
  // one that names the Windows taint's value says the pod is meant for Windows.
  const tolerationCases: { name: string; toleration: Record<string, unknown>; decided: boolean }[] = [
    { name: 'os=windows, Equal', toleration: { key: 'os', value: 'windows', operator: 'Equal', effect: 'NoSchedule' }, decided: true },
    { name: 'os=Windows (AKS-HCI casing), no operator', toleration: { key: 'os', value: 'Windows', effect: 'NoSchedule' }, decided: true },
    { name: 'node.kubernetes.io/os=windows (GKE), any effect', toleration: { key: 'node.kubernetes.io/os', value: 'windows' }, decided: true },
    { name: 'os Exists: tolerates the taint, names no OS', toleration: { key: 'os', operator: 'Exists' }, decided: false },
    { name: 'node.kubernetes.io/os Exists', toleration: { key: 'node.kubernetes.io/os', operator: 'Exists', effect: 'NoSchedule' }, decided: false },
    { name: 'os=linux names another OS', toleration: { key: 'os', value: 'linux', operator: 'Equal' }, decided: false },
    { name: 'another key with value windows', toleration: { key: 'team', value: 'windows', operator: 'Equal' }, decided: false },
    { name: 'blanket Exists without a key', toleration: { operator: 'Exists' }, decided: false },
  ];
  for (const c of tolerationCases) {
    it(`toleration ${c.name}: ${c.decided ? 'says Windows' : 'says nothing about the OS'}`, () => {
      const intent = intentOf({ tolerations: [c.toleration], containers: [{ name: 'c', image: 'contoso/agent:1.0' }] });
      assert.deepEqual([intent.os, intent.decided], c.decided ? ['windows', true] : ['linux', false]);
      if (c.decided) assert.equal(intent.evidence[0].path, '/spec/tolerations/0');
    });
  }
  it('an image whose platform is known outranks a Windows toleration', () => {
    const intent = intentOf({ tolerations: [{ key: 'os', value: 'windows', operator: 'Equal', effect: 'NoSchedule' }], containers: [{ name: 'c', image: 'nginx:1.27' }] });
    assert.deepEqual([intent.os, intent.evidence[0].kind, intent.evidence[1].kind], ['linux', 'image', 'toleration']);
  });
  it('a DaemonSet of a Linux-only image that tolerates os with Exists is a Linux workload', () => {
    const intent = intentOf({ tolerations: [{ key: 'os', operator: 'Exists' }], containers: [{ name: 'c', image: 'docker.io/library/redis:7.4' }] });
    assert.deepEqual([intent.os, intent.decided, intent.evidence[0].kind], ['linux', true, 'image']);
  });
  it('a blanket toleration says nothing about the OS', () => {
    const intent = intentOf({ tolerations: [{ operator: 'Exists' }], containers: [{ name: 'c', image: 'busybox' }] });
    assert.deepEqual([intent.os, intent.decided], ['linux', false]);
  });
  it('an image tag decides last, and says which image', () => {
    const intent = intentOf({ initContainers: [{ name: 'i', image: 'busybox' }], containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }] });
    assert.equal(intent.os, 'windows');
    assert.equal(intent.evidence[0].path, '/spec/containers/0/image');
    assert.match(intent.evidence[0].detail, /ltsc2022/);
  });
  it('with no evidence Linux is assumed and marked undecided', () => {
    const intent = intentOf({ containers: [{ name: 'c', image: 'contoso/app:1.0' }] });
    assert.deepEqual([intent.os, intent.decided, intent.evidence[0].kind], ['linux', false, 'default']);
  });
  it('copes with fields of the wrong type', () => {
    const intent = intentOf({ os: 'windows', nodeSelector: 'x', tolerations: 'y', containers: 'z' } as unknown as PodSpec);
    assert.equal(intent.decided, false);
  });
});
