import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNode, makePod } from '../../testing/builders.js';
import { filterWith } from '../../testing/harness.js';
import { ERR_REASON_UNSCHEDULABLE, nodeUnschedulable } from './index.js';

const cases = [
  { name: 'a schedulable node admits any pod', pod: makePod(), node: makeNode('n'), want: 'Success' },
  { name: 'a cordoned node rejects a pod without the toleration', pod: makePod(), node: makeNode('n').unschedulable(), want: 'UnschedulableAndUnresolvable' },
  {
    name: 'a cordoned node admits a pod tolerating node.kubernetes.io/unschedulable',
    pod: makePod().toleration({ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }),
    node: makeNode('n').unschedulable(),
    want: 'Success',
  },
] as const;

for (const c of cases) {
  test(c.name, () => {
    const result = filterWith(nodeUnschedulable, c.pod.obj(), [c.node.obj()]).n;
    assert.equal(result.code, c.want);
    if (c.want !== 'Success') assert.deepEqual(result.reasons, [ERR_REASON_UNSCHEDULABLE]);
  });
}
