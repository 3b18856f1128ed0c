import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNode, makePod } from './testing/builders.js';
import { scheduleAll } from './testing/harness.js';
import { fitErrorMessage, preemptionNotHelpfulMessage } from '../kube/fit-error.js';

const windowsTaint = { key: 'os', value: 'windows', effect: 'NoSchedule' } as const;

test('the issue example reads exactly like kube-scheduler', () => {
  const nodes = [
    ...[1, 2].map((i) => makeNode(`linux-${i}`).obj()),
    ...[1, 2, 3, 4].map((i) => makeNode(`win-${i}`).windows().taint(windowsTaint).obj()),
  ];
  const [outcome] = scheduleAll(nodes, [makePod().nodeSelector({ 'kubernetes.io/os': 'windows' }).obj()]);
  assert.deepEqual(outcome, {
    pending:
      "0/6 nodes are available: 2 node(s) didn't match Pod's node affinity/selector, 4 node(s) had untolerated taint {os: windows}. preemption: 0/6 nodes are available: 6 Preemption is not helpful for scheduling.",
  });
});

test('reasons sort as strings, so 10 comes before 2', () => {
  const reasons = [...Array(10).fill(['Insufficient cpu']), ...Array(2).fill(['node(s) were unschedulable'])];
  assert.equal(fitErrorMessage(12, reasons), '0/12 nodes are available: 10 Insufficient cpu, 2 node(s) were unschedulable.');
});

test('resource shortages end with "No preemption victims found"', () => {
  const [outcome] = scheduleAll([makeNode('n').capacity({ cpu: '1' }).obj()], [makePod().req({ cpu: '800m' }).obj(), makePod('second').req({ cpu: '800m' }).obj()]).slice(1);
  assert.deepEqual(outcome, {
    pending: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
  });
});

test('a DaemonSet pod pinned to a full node counts the other nodes as not satisfying NodeAffinity', () => {
  const nodes = [makeNode('a').capacity({ pods: '0' }).obj(), makeNode('b').obj(), makeNode('c').obj()];
  const [outcome] = scheduleAll(nodes, [makePod().nodeNameAffinity('a').obj()]);
  assert.deepEqual(outcome, {
    pending:
      "0/3 nodes are available: 1 Too many pods, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
  });
});

test('preemptionPolicy Never says so', () => {
  const pod = makePod().req({ cpu: '8' }).obj();
  (pod.profile.spec as Record<string, unknown>).preemptionPolicy = 'Never';
  const [outcome] = scheduleAll([makeNode('n').obj()], [pod]);
  assert.deepEqual(outcome, { pending: '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.' });
});

test('the not-helpful helper keeps its old shape', () => {
  assert.equal(preemptionNotHelpfulMessage(3), 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
});
