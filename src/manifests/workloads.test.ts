import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadText } from './load.js';
import { workloadOf } from './workloads.js';

const template = (indent: string) => `${indent}template:\n${indent}  metadata: {labels: {app: a}}\n${indent}  spec:\n${indent}    containers: [{name: c, image: x}]\n`;

const cases: { kind: string; apiVersion: string; body: string; specPointer: string }[] = [
  { kind: 'Pod', apiVersion: 'v1', body: 'spec:\n  containers: [{name: c, image: x}]\n', specPointer: '/spec' },
  { kind: 'Deployment', apiVersion: 'apps/v1', body: `spec:\n${template('  ')}`, specPointer: '/spec/template/spec' },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', body: `spec:\n${template('  ')}`, specPointer: '/spec/template/spec' },
  { kind: 'ReplicationController', apiVersion: 'v1', body: `spec:\n${template('  ')}`, specPointer: '/spec/template/spec' },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', body: `spec:\n${template('  ')}`, specPointer: '/spec/template/spec' },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', body: `spec:\n${template('  ')}`, specPointer: '/spec/template/spec' },
  { kind: 'Job', apiVersion: 'batch/v1', body: `spec:\n${template('  ')}`, specPointer: '/spec/template/spec' },
  { kind: 'CronJob', apiVersion: 'batch/v1', body: `spec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n${template('      ')}`, specPointer: '/spec/jobTemplate/spec/template/spec' },
];

describe('the pod template of each workload kind', () => {
  for (const c of cases) {
    it(`${c.kind} keeps its pod spec at ${c.specPointer}`, () => {
      const [object] = loadText('w.yaml', `apiVersion: ${c.apiVersion}\nkind: ${c.kind}\nmetadata: {name: w, namespace: ns}\n${c.body}`).objects;
      const workload = workloadOf(object);
      assert.ok(workload);
      assert.equal(workload.specPointer, c.specPointer);
      assert.equal(workload.namespace, 'ns');
      assert.equal(workload.podSpec.containers?.[0].image, 'x');
      // The pointer addresses the same spec in the source.
      assert.ok(object.positionOf(`${c.specPointer}/containers/0/image`).line > 1);
    });
  }
  it('ignores a custom resource that happens to be called Deployment', () => {
    const [object] = loadText('crd.yaml', `apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: w}\nspec:\n${template('  ')}`).objects;
    assert.equal(workloadOf(object), undefined);
  });
  it('ignores a workload whose template spec is not an object', () => {
    const [object] = loadText('bad.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec:\n  template:\n    spec: 3\n').objects;
    assert.equal(workloadOf(object), undefined);
  });
});
