import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNode, makePod } from '../../testing/builders.js';
import { filterWith, scoreWith } from '../../testing/harness.js';
import { taintToleration } from './index.js';

const windowsTaint = { key: 'os', value: 'windows', effect: 'NoSchedule' } as const;

const filterCases = [
  { name: 'an untainted node admits a pod without tolerations', pod: makePod(), node: makeNode('n'), want: { code: 'Success', reasons: [] } },
  {
    name: 'a Windows-tainted node rejects a pod without the toleration, naming the taint',
    pod: makePod(),
    node: makeNode('n').taint(windowsTaint),
    want: { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {os: windows}'] },
  },
  {
    name: 'a pod tolerating os=windows lands on the tainted node',
    pod: makePod().toleration({ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }),
    node: makeNode('n').taint(windowsTaint),
    want: { code: 'Success', reasons: [] },
  },
  {
    name: 'a PreferNoSchedule taint never rejects',
    pod: makePod(),
    node: makeNode('n').taint({ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }),
    want: { code: 'Success', reasons: [] },
  },
  {
    name: 'a NoExecute taint rejects like NoSchedule',
    pod: makePod(),
    node: makeNode('n').taint({ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }),
    want: { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'] },
  },
] as const;

for (const c of filterCases) {
  test(c.name, () => {
    assert.deepEqual(filterWith(taintToleration, c.pod.obj(), [c.node.obj()]).n, c.want);
  });
}

test('nodes with fewer untolerated PreferNoSchedule taints score higher', () => {
  const nodes = [
    makeNode('clean').obj(),
    makeNode('one').taint({ key: 'a', effect: 'PreferNoSchedule' }).obj(),
    makeNode('two').taint({ key: 'a', effect: 'PreferNoSchedule' }).taint({ key: 'b', effect: 'PreferNoSchedule' }).obj(),
  ];
  assert.deepEqual(scoreWith(taintToleration, makePod().obj(), nodes), { clean: 100, one: 50, two: 0 });
});

test('scoring is skipped when no node has a PreferNoSchedule taint', () => {
  assert.equal(scoreWith(taintToleration, makePod().obj(), [makeNode('a').obj(), makeNode('b').obj()]), undefined);
});
