import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinCluster } from '../cluster/profiles.js';
import { applyWhatIfs, parseScalePool } from './what-if.js';

const cluster = () => builtinCluster('default');

test('--scale-pool grows a pool by copying its last node', () => {
  const { cluster: c, applied } = applyWhatIfs(cluster(), [{ kind: 'scale-pool', pool: 'win22', count: 5 }]);
  assert.equal(c.nodes.length, 8);
  assert.deepEqual(c.pools.find((p) => p.name === 'win22')?.nodeNames, ['win22-0', 'win22-1', 'win22-2', 'win22-3', 'win22-4']);
  assert.equal(c.nodes.at(-1)!.metadata.labels!['kubernetes.io/hostname'], 'win22-4');
  assert.deepEqual(applied, ['scaled pool win22 from 3 to 5 nodes']);
});

test('--scale-pool shrinks a pool', () => {
  assert.equal(applyWhatIfs(cluster(), [{ kind: 'scale-pool', pool: 'system', count: 1 }]).cluster.nodes.length, 4);
});

test('--remove-pool drops every node of the pool', () => {
  const { cluster: c } = applyWhatIfs(cluster(), [{ kind: 'remove-pool', pool: 'win22' }]);
  assert.ok(c.nodes.every((n) => n.metadata.labels!['kubernetes.io/os'] === 'linux'));
  assert.deepEqual(c.pools.map((p) => p.name), ['system']);
});

test('--add-pool takes a pool written as in the profile format', () => {
  const { cluster: c, problems } = applyWhatIfs(cluster(), [{ kind: 'add-pool', spec: '{name: win25, os: windows, osSku: Windows2025, count: 2, taints: [{key: os, value: windows, effect: NoSchedule}]}' }]);
  assert.deepEqual(problems, []);
  const added = c.nodes.filter((n) => n.metadata.name.startsWith('win25-'));
  assert.equal(added.length, 2);
  assert.equal(added[0].metadata.labels!['node.kubernetes.io/windows-build'], '10.0.26100');
  assert.deepEqual(added[0].spec?.taints, [{ key: 'os', value: 'windows', effect: 'NoSchedule' }]);
});

test('--cordon marks one node, or every node of a pool, unschedulable', () => {
  const one = applyWhatIfs(cluster(), [{ kind: 'cordon', target: 'system-1' }]).cluster;
  assert.deepEqual(one.nodes.filter((n) => n.spec?.unschedulable).map((n) => n.metadata.name), ['system-1']);
  const pool = applyWhatIfs(cluster(), [{ kind: 'cordon', target: 'win22' }]).cluster;
  assert.equal(pool.nodes.filter((n) => n.spec?.unschedulable).length, 3);
});

test('an unknown pool is a problem, and the input cluster is untouched', () => {
  const before = cluster().nodes.length;
  const { problems } = applyWhatIfs(cluster(), [{ kind: 'remove-pool', pool: 'nope' }, { kind: 'cordon', target: 'nope' }]);
  assert.equal(problems.length, 2);
  assert.equal(cluster().nodes.length, before);
  assert.equal(cluster().nodes.some((n) => n.spec?.unschedulable), false);
});

test('NAME=N parses, anything else does not', () => {
  assert.deepEqual(parseScalePool('win22=4'), { pool: 'win22', count: 4 });
  assert.equal(parseScalePool('win22'), undefined);
});
