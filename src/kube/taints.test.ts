import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  countIntolerablePreferNoScheduleTaints,
  doNotScheduleTaints,
  findUntoleratedTaint,
  formatTaint,
  taintToString,
  toleratesTaint,
  untoleratedTaintReason,
} from './taints.js';
import type { Taint, Toleration } from './types.js';

// Modelled on k8s.io/api/core/v1 toleration_test.go (TestTolerationToleratesTaint).
describe('toleratesTaint', () => {
  const cases: { name: string; toleration: Toleration; taint: Taint; expected: boolean }[] = [
    {
      name: 'same key and effect with Exists and a taint without value is tolerated',
      toleration: { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
      taint: { key: 'foo', effect: 'NoSchedule' },
      expected: true,
    },
    {
      name: 'same key, effect and value with Equal is tolerated',
      toleration: { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' },
      taint: { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      expected: true,
    },
    {
      name: 'an absent operator means Equal and compares values',
      toleration: { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      taint: { key: 'foo', value: 'baz', effect: 'NoSchedule' },
      expected: false,
    },
    {
      name: 'an absent operator with equal values is tolerated',
      toleration: { key: 'foo', value: 'bar' },
      taint: { key: 'foo', value: 'bar', effect: 'NoExecute' },
      expected: true,
    },
    {
      name: 'a different effect is not tolerated',
      toleration: { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoExecute' },
      taint: { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      expected: false,
    },
    {
      name: 'an empty effect tolerates every effect',
      toleration: { key: 'foo', operator: 'Exists', effect: '' },
      taint: { key: 'foo', effect: 'PreferNoSchedule' },
      expected: true,
    },
    {
      name: 'a different key is not tolerated',
      toleration: { key: 'foo', operator: 'Exists' },
      taint: { key: 'bar', effect: 'NoSchedule' },
      expected: false,
    },
    {
      name: 'an empty key with Exists tolerates every taint',
      toleration: { operator: 'Exists' },
      taint: { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
      expected: true,
    },
    {
      name: 'Exists ignores the taint value',
      toleration: { key: 'os', operator: 'Exists', effect: 'NoSchedule' },
      taint: { key: 'os', value: 'windows', effect: 'NoSchedule' },
      expected: true,
    },
    {
      name: 'Equal with an empty value matches a taint without value',
      toleration: { key: 'dedicated', operator: 'Equal', value: '' },
      taint: { key: 'dedicated', effect: 'NoSchedule' },
      expected: true,
    },
    {
      name: 'an unknown operator tolerates nothing',
      toleration: { key: 'foo', operator: 'Gt' as Toleration['operator'], value: '1' },
      taint: { key: 'foo', value: '2', effect: 'NoSchedule' },
      expected: false,
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(toleratesTaint(c.toleration, c.taint), c.expected));
  }
});

describe('findUntoleratedTaint', () => {
  const windowsTaint: Taint = { key: 'os', value: 'windows', effect: 'NoSchedule' };
  const preferTaint: Taint = { key: 'spot', value: 'true', effect: 'PreferNoSchedule' };
  const executeTaint: Taint = { key: 'maintenance', effect: 'NoExecute' };

  it('returns the first untolerated taint in node order', () => {
    assert.deepEqual(findUntoleratedTaint([windowsTaint, executeTaint], [], doNotScheduleTaints), windowsTaint);
  });
  it('skips taints the pod tolerates', () => {
    const tolerations: Toleration[] = [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }];
    assert.deepEqual(findUntoleratedTaint([windowsTaint, executeTaint], tolerations, doNotScheduleTaints), executeTaint);
  });
  it('ignores PreferNoSchedule taints with the scheduler filter', () => {
    assert.equal(findUntoleratedTaint([preferTaint], [], doNotScheduleTaints), undefined);
  });
  it('considers every taint when no filter is given', () => {
    assert.deepEqual(findUntoleratedTaint([preferTaint], []), preferTaint);
  });
  it('returns undefined for a node without taints', () => {
    assert.equal(findUntoleratedTaint(undefined, undefined, doNotScheduleTaints), undefined);
  });
});

describe('countIntolerablePreferNoScheduleTaints', () => {
  const taints: Taint[] = [
    { key: 'a', value: '1', effect: 'PreferNoSchedule' },
    { key: 'b', value: '2', effect: 'PreferNoSchedule' },
    { key: 'c', value: '3', effect: 'NoSchedule' },
  ];
  it('counts only PreferNoSchedule taints', () => {
    assert.equal(countIntolerablePreferNoScheduleTaints(taints, []), 2);
  });
  it('lets tolerations with an empty effect count', () => {
    assert.equal(countIntolerablePreferNoScheduleTaints(taints, [{ key: 'a', operator: 'Exists' }]), 1);
  });
  it('ignores tolerations whose effect is NoSchedule', () => {
    assert.equal(countIntolerablePreferNoScheduleTaints(taints, [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }]), 2);
  });
});

describe('taint text', () => {
  it('prints a taint with a value as kube-scheduler does', () => {
    assert.equal(untoleratedTaintReason({ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }), 'node(s) had untolerated taint {dedicated: gpu}');
  });
  it('prints a taint without value with nothing after the colon', () => {
    assert.equal(formatTaint({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }), '{node-role.kubernetes.io/control-plane: }');
  });
  it('prints the kubectl form with and without value', () => {
    assert.equal(taintToString({ key: 'os', value: 'windows', effect: 'NoSchedule' }), 'os=windows:NoSchedule');
    assert.equal(taintToString({ key: 'maintenance', effect: 'NoExecute' }), 'maintenance:NoExecute');
  });
});
