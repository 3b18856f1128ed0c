import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNode, makePod } from '../../testing/builders.js';
import { clusterWith, filterWith, scoreWith } from '../../testing/harness.js';
import { CycleState } from '../../framework/types.js';
import { ERR_REASON_POD, nodeAffinity } from './index.js';

const linux = makeNode('linux').obj();
const windows = makeNode('windows').windows().obj();

const cases = [
  { name: 'a pod without selector or affinity fits every node', pod: makePod(), want: { linux: 'Success', windows: 'Success' } },
  { name: 'nodeSelector kubernetes.io/os=windows keeps the pod off Linux nodes', pod: makePod().nodeSelector({ 'kubernetes.io/os': 'windows' }), want: { linux: 'UnschedulableAndUnresolvable', windows: 'Success' } },
  { name: 'required affinity os NotIn windows keeps the pod off Windows nodes', pod: makePod().requiredNodeAffinity('kubernetes.io/os', 'NotIn', ['windows']), want: { linux: 'Success', windows: 'UnschedulableAndUnresolvable' } },
  {
    name: 'nodeSelector and required affinity must both match',
    pod: makePod().nodeSelector({ 'kubernetes.io/os': 'windows' }).requiredNodeAffinity('node.kubernetes.io/windows-build', 'In', ['10.0.17763']),
    want: { linux: 'UnschedulableAndUnresolvable', windows: 'UnschedulableAndUnresolvable' },
  },
] as const;

for (const c of cases) {
  test(c.name, () => {
    const result = filterWith(nodeAffinity, c.pod.obj(), [linux, windows]);
    assert.deepEqual({ linux: result.linux.code, windows: result.windows.code }, c.want);
    for (const r of Object.values(result)) if (r.code !== 'Success') assert.deepEqual(r.reasons, [ERR_REASON_POD]);
  });
}

test('preferred terms score matching nodes by weight, normalized to 100', () => {
  const pod = makePod().preferredNodeAffinity(20, 'kubernetes.io/os', ['windows']).preferredNodeAffinity(80, 'kubernetes.io/os', ['linux']);
  assert.deepEqual(scoreWith(nodeAffinity, pod.obj(), [linux, windows]), { linux: 100, windows: 25 });
});

test('PreFilter narrows a DaemonSet-style pod to the node its matchFields names', () => {
  const scheduler = clusterWith([linux, windows]);
  const result = nodeAffinity.preFilter(new CycleState(), makePod().nodeNameAffinity('windows').obj(), scheduler);
  assert.deepEqual([...(result.nodeNames ?? [])], ['windows']);
});
