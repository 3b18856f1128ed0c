import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNode, makePod } from '../../testing/builders.js';
import { scoreWith } from '../../testing/harness.js';
import { balancedScore, nodeResourcesBalancedAllocation } from './index.js';

const cases = [
  { name: 'equal cpu and memory fractions score 100', cpu: 0.5, memory: 0.5, want: 100 },
  { name: 'a quarter apart scores 87', cpu: 0.25, memory: 0.5, want: 87 },
  { name: 'fractions above one are capped', cpu: 1.5, memory: 0, want: 50 },
  { name: 'a node without memory allocatable uses cpu alone', cpu: 0.3, memory: undefined, want: 100 },
];
for (const c of cases) test(c.name, () => assert.equal(balancedScore(c.cpu, c.memory), c.want));

test('the node where the pod evens out usage scores higher', () => {
  const nodes = [makeNode('cpu-heavy').capacity({ cpu: '4', memory: '8Gi' }).obj(), makeNode('even').capacity({ cpu: '4', memory: '8Gi' }).obj()];
  const scores = scoreWith(nodeResourcesBalancedAllocation, makePod().req({ cpu: '1', memory: '2Gi' }).obj(), nodes, [[makePod('e').req({ cpu: '2' }).obj(), 'cpu-heavy']]);
  assert.deepEqual(scores, { 'cpu-heavy': 75, even: 100 });
});

test('a best-effort pod is not scored', () => {
  assert.equal(scoreWith(nodeResourcesBalancedAllocation, makePod().container().obj(), [makeNode('n').obj()]), undefined);
});
