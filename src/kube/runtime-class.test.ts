import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  OVERHEAD_MISMATCH_MESSAGE,
  OVERHEAD_WITHOUT_RUNTIME_CLASS_MESSAGE,
  admitRuntimeClass,
  isTolerationSuperset,
  mergeTolerations,
  podForbiddenMessage,
  resourceListsEqual,
} from './runtime-class.js';
import type { PodSpec, RuntimeClass, Toleration } from './types.js';

function runtimeClass(name: string, extra: Partial<RuntimeClass> = {}): RuntimeClass {
  return { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name }, handler: 'runhcs-wcow-process', ...extra };
}

const windows2022 = runtimeClass('windows-2022', {
  overhead: { podFixed: { cpu: '100m', memory: '64Mi' } },
  scheduling: {
    nodeSelector: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' },
    tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }],
  },
});
const plain = runtimeClass('plain');

// Modelled on plugin/pkg/admission/runtimeclass/admission_test.go.
describe('admitRuntimeClass', () => {
  it('rejects a pod naming an unknown RuntimeClass with upstream wording', () => {
    const result = admitRuntimeClass({ runtimeClassName: 'gvisor' }, [windows2022]);
    assert.deepEqual(result.errors, ['pod rejected: RuntimeClass "gvisor" not found']);
  });

  it('admits a pod without RuntimeClass unchanged', () => {
    const spec: PodSpec = { nodeSelector: { a: 'b' } };
    assert.deepEqual(admitRuntimeClass(spec, [windows2022]), { spec, errors: [] });
  });

  it('merges the node selector, sets overhead and adds tolerations', () => {
    const spec: PodSpec = { runtimeClassName: 'windows-2022', nodeSelector: { app: 'iis' } };
    const result = admitRuntimeClass(spec, [plain, windows2022]);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.spec.nodeSelector, { app: 'iis', 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' });
    assert.deepEqual(result.spec.overhead, { cpu: '100m', memory: '64Mi' });
    assert.deepEqual(result.spec.tolerations, [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }]);
  });

  it('never modifies the input spec', () => {
    const spec: PodSpec = { runtimeClassName: 'windows-2022', nodeSelector: { app: 'iis' }, tolerations: [] };
    const before = structuredClone(spec);
    admitRuntimeClass(spec, [windows2022]);
    assert.deepEqual(spec, before);
  });

  it('rejects a node selector conflict with upstream wording', () => {
    const result = admitRuntimeClass({ runtimeClassName: 'windows-2022', nodeSelector: { 'kubernetes.io/os': 'linux' } }, [windows2022]);
    assert.deepEqual(result.errors, [
      'conflict: runtimeClass.scheduling.nodeSelector[kubernetes.io/os] = windows; pod.spec.nodeSelector[kubernetes.io/os] = linux',
    ]);
  });

  it('accepts a pod that already sets the same node selector value', () => {
    const result = admitRuntimeClass({ runtimeClassName: 'windows-2022', nodeSelector: { 'kubernetes.io/os': 'windows' } }, [windows2022]);
    assert.deepEqual(result.errors, []);
  });

  it('rejects a pod whose overhead differs from the RuntimeClass', () => {
    const result = admitRuntimeClass({ runtimeClassName: 'windows-2022', overhead: { cpu: '1' } }, [windows2022]);
    assert.deepEqual(result.errors, [OVERHEAD_MISMATCH_MESSAGE]);
  });

  it('accepts a pod whose overhead is semantically equal', () => {
    const result = admitRuntimeClass({ runtimeClassName: 'windows-2022', overhead: { cpu: '0.1', memory: '67108864' } }, [windows2022]);
    assert.deepEqual(result.errors, []);
  });

  it('rejects overhead without a RuntimeClass that defines one', () => {
    assert.deepEqual(admitRuntimeClass({ overhead: { cpu: '1' } }, []).errors, [OVERHEAD_WITHOUT_RUNTIME_CLASS_MESSAGE]);
    assert.deepEqual(admitRuntimeClass({ runtimeClassName: 'plain', overhead: { cpu: '1' } }, [plain]).errors, [OVERHEAD_WITHOUT_RUNTIME_CLASS_MESSAGE]);
  });
});

describe('mergeTolerations', () => {
  const windowsEqual: Toleration = { key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' };
  const osExists: Toleration = { key: 'os', operator: 'Exists' };
  const gpu: Toleration = { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' };
  const cases: { name: string; pod: Toleration[]; runtime: Toleration[]; expected: Toleration[] }[] = [
    { name: 'keeps the pod tolerations first, then the RuntimeClass ones', pod: [gpu], runtime: [windowsEqual], expected: [gpu, windowsEqual] },
    { name: 'keeps one of two identical tolerations', pod: [windowsEqual], runtime: [{ ...windowsEqual }], expected: [windowsEqual] },
    { name: 'drops a toleration a later one covers', pod: [windowsEqual], runtime: [osExists], expected: [osExists] },
    { name: 'drops a toleration an earlier one covers', pod: [osExists], runtime: [windowsEqual], expected: [osExists] },
    { name: 'a match-everything toleration covers all others', pod: [gpu, windowsEqual], runtime: [{ operator: 'Exists' }], expected: [{ operator: 'Exists' }] },
    { name: 'two values for one key are both kept', pod: [windowsEqual], runtime: [{ ...windowsEqual, value: 'linux' }], expected: [windowsEqual, { ...windowsEqual, value: 'linux' }] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(mergeTolerations(c.pod, c.runtime), c.expected));
  }

  it('does not let a NoExecute toleration with a shorter time cover a longer one', () => {
    const short: Toleration = { key: 'x', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 };
    const long: Toleration = { key: 'x', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
    assert.equal(isTolerationSuperset(short, long), false);
    assert.equal(isTolerationSuperset(long, short), true);
  });
});

describe('messages and equality', () => {
  it('wraps a reason as the API server does, falling back to generateName', () => {
    assert.equal(podForbiddenMessage({ name: 'web-0' }, 'x'), 'pods "web-0" is forbidden: x');
    assert.equal(podForbiddenMessage({ generateName: 'web-' }, 'x'), 'pods "web-" is forbidden: x');
    assert.equal(podForbiddenMessage(undefined, 'x'), 'pods "Unknown" is forbidden: x');
  });
  it('compares resource lists semantically', () => {
    assert.equal(resourceListsEqual({ cpu: '1' }, { cpu: '1000m' }), true);
    assert.equal(resourceListsEqual({ memory: '1Gi' }, { memory: '1G' }), false);
    assert.equal(resourceListsEqual({}, undefined), true);
    assert.equal(resourceListsEqual({ cpu: '1' }, { cpu: '1', memory: '1' }), false);
  });
});
