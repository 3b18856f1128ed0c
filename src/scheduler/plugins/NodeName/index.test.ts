import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNode, makePod } from '../../testing/builders.js';
import { filterWith } from '../../testing/harness.js';
import { ERR_REASON, nodeName } from './index.js';

const cases = [
  { name: 'a pod without nodeName fits any node', pod: makePod(), want: { a: 'Success', b: 'Success' } },
  { name: 'a pod naming node a fits only node a', pod: makePod().nodeName('a'), want: { a: 'Success', b: 'UnschedulableAndUnresolvable' } },
] as const;

for (const c of cases) {
  test(c.name, () => {
    const result = filterWith(nodeName, c.pod.obj(), [makeNode('a').obj(), makeNode('b').obj()]);
    assert.deepEqual({ a: result.a.code, b: result.b.code }, c.want);
    if (c.want.b !== 'Success') assert.deepEqual(result.b.reasons, [ERR_REASON]);
  });
}
