import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNode, makePod } from '../../testing/builders.js';
import { filterWith } from '../../testing/harness.js';
import { ERR_REASON, nodePorts } from './index.js';

const cases = [
  { name: 'a free host port fits', pod: makePod().hostPort(8080), existing: makePod('e').hostPort(9090), want: 'Success' },
  { name: 'the same TCP host port conflicts', pod: makePod().hostPort(8080), existing: makePod('e').hostPort(8080), want: 'Unschedulable' },
  { name: 'the same port on another protocol does not conflict', pod: makePod().hostPort(53, 'UDP'), existing: makePod('e').hostPort(53, 'TCP'), want: 'Success' },
  { name: 'different specific host IPs do not conflict', pod: makePod().hostPort(80, 'TCP', '10.0.0.1'), existing: makePod('e').hostPort(80, 'TCP', '10.0.0.2'), want: 'Success' },
  { name: 'a wildcard host IP conflicts with a specific one', pod: makePod().hostPort(80, 'TCP', '0.0.0.0'), existing: makePod('e').hostPort(80, 'TCP', '10.0.0.2'), want: 'Unschedulable' },
] as const;

for (const c of cases) {
  test(c.name, () => {
    const result = filterWith(nodePorts, c.pod.obj(), [makeNode('n').obj()], [[c.existing.obj(), 'n']]).n;
    assert.equal(result.code, c.want);
    if (c.want !== 'Success') assert.deepEqual(result.reasons, [ERR_REASON]);
  });
}
