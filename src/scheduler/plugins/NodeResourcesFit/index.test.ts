import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNode, makePod } from '../../testing/builders.js';
import { filterWith, scoreWith } from '../../testing/harness.js';
import { nodeResourcesFit } from './index.js';

const node = () => makeNode('n').capacity({ cpu: '2', memory: '4Gi', pods: '3', 'example.com/gpu': '1' });

const cases = [
  { name: 'a pod within what is left fits', pod: makePod().req({ cpu: '1', memory: '1Gi' }), existing: [makePod('e').req({ cpu: '500m' })], want: { code: 'Success', reasons: [] } },
  { name: 'a pod asking more cpu than is left is Insufficient cpu', pod: makePod().req({ cpu: '1600m' }), existing: [makePod('e').req({ cpu: '500m' })], want: { code: 'Unschedulable', reasons: ['Insufficient cpu'] } },
  {
    name: 'every short resource is a separate reason',
    pod: makePod().req({ cpu: '1600m', memory: '3.5Gi' }),
    existing: [makePod('e').req({ cpu: '500m', memory: '1Gi' })],
    want: { code: 'Unschedulable', reasons: ['Insufficient cpu', 'Insufficient memory'] },
  },
  // v1.33: Unschedulable even beyond the whole allocatable (UnschedulableAndUnresolvable is 1.34+, kubernetes#131345).
  { name: 'a request larger than the whole node is Unschedulable (v1.33)', pod: makePod().req({ cpu: '3' }), existing: [], want: { code: 'Unschedulable', reasons: ['Insufficient cpu'] } },
  { name: 'the pods capacity counts every pod', pod: makePod(), existing: [makePod('a'), makePod('b'), makePod('c')], want: { code: 'Unschedulable', reasons: ['Too many pods'] } },
  { name: 'an extended resource the node lacks is Insufficient by name', pod: makePod().req({ 'example.com/fpga': '1' }), existing: [], want: { code: 'Unschedulable', reasons: ['Insufficient example.com/fpga'] } },
  { name: 'an extended resource already taken is Insufficient', pod: makePod().req({ 'example.com/gpu': '1' }), existing: [makePod('e').req({ 'example.com/gpu': '1' })], want: { code: 'Unschedulable', reasons: ['Insufficient example.com/gpu'] } },
  {
    name: 'a large init container counts although it never runs beside the app',
    pod: makePod().req({ cpu: '500m' }).initContainer({ resources: { requests: { cpu: '1800m' } } }),
    existing: [makePod('e').req({ cpu: '500m' })],
    want: { code: 'Unschedulable', reasons: ['Insufficient cpu'] },
  },
  {
    name: 'pod overhead from a RuntimeClass counts',
    pod: makePod().req({ cpu: '1' }).overhead({ cpu: '600m' }),
    existing: [makePod('e').req({ cpu: '500m' })],
    want: { code: 'Unschedulable', reasons: ['Insufficient cpu'] },
  },
] as const;

for (const c of cases) {
  test(c.name, () => {
    const result = filterWith(nodeResourcesFit, c.pod.obj(), [node().obj()], c.existing.map((e) => [e.obj(), 'n'] as const)).n;
    assert.deepEqual(result, c.want);
  });
}

test('LeastAllocated prefers the emptier node, counting 100m / 200 MiB for requests left unset', () => {
  const nodes = [makeNode('empty').capacity({ cpu: '4', memory: '8Gi' }).obj(), makeNode('busy').capacity({ cpu: '4', memory: '8Gi' }).obj()];
  const scores = scoreWith(nodeResourcesFit, makePod().req({ cpu: '1', memory: '2Gi' }).obj(), nodes, [[makePod('e').req({ cpu: '2', memory: '4Gi' }).obj(), 'busy']]);
  assert.deepEqual(scores, { empty: 75, busy: 25 });
  const besteffort = scoreWith(nodeResourcesFit, makePod().container().obj(), [makeNode('n').capacity({ cpu: '1', memory: '1000Mi' }).obj()]);
  // cpu (1000-100)/1000 → 90, memory (1000-200)/1000 → 80, mean 85
  assert.deepEqual(besteffort, { n: 85 });
});
