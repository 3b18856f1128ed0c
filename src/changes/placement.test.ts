import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, RuntimeClass, Taint } from '../kube/types.js';
import { JsonPatchBuilder } from './json-patch.js';
import { addTolerations, missingTolerations, pinOs, runtimeClassForBuild, tolerationFor, windowsTaintsOf } from './placement.js';

const windowsNode = (taints: Taint[]): Node =>
  ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'w', labels: { 'kubernetes.io/os': 'windows' } }, spec: { taints } }) as Node;

describe('placement changes', () => {
  it('pins the OS without overwriting a selector the user wrote', () => {
    const b = new JsonPatchBuilder({ spec: { nodeSelector: { agentpool: 'win' } } });
    assert.equal(pinOs(b, ['spec'], 'windows'), true);
    assert.deepEqual(b.operations, [{ op: 'add', path: '/spec/nodeSelector/kubernetes.io~1os', value: 'windows' }]);
    assert.equal(pinOs(new JsonPatchBuilder({ spec: { nodeSelector: { 'kubernetes.io/os': 'linux' } } }), ['spec'], 'windows'), false);
  });

  it('adds one toleration per Windows taint the pod does not tolerate yet', () => {
    const taints = windowsTaintsOf([windowsNode([{ key: 'os', value: 'windows', effect: 'NoSchedule' }, { key: 'os', value: 'windows', effect: 'NoExecute' }, { key: 'sku', value: 'gpu', effect: 'NoSchedule' }])]);
    assert.deepEqual(taints.map((t) => t.effect), ['NoSchedule', 'NoExecute'], 'only Windows taints');
    const wanted = taints.map((taint) => ({ taint, toleration: tolerationFor(taint) }));
    const missing = missingTolerations([{ key: 'os', operator: 'Exists', effect: 'NoSchedule' }], wanted);
    assert.deepEqual(missing, [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoExecute' }]);
    const b = new JsonPatchBuilder({ spec: {} });
    assert.equal(addTolerations(b, ['spec'], missing), true);
    assert.deepEqual(b.operations, [{ op: 'add', path: '/spec/tolerations', value: missing }]);
  });

  it('finds the RuntimeClass of a Windows build only when exactly one selects it', () => {
    const rc = (name: string, build: string): [string, RuntimeClass] => [name, { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name }, handler: 'runhcs-wcow-process', scheduling: { nodeSelector: { 'node.kubernetes.io/windows-build': build } } }];
    assert.equal(runtimeClassForBuild(new Map([rc('win-2022', '10.0.20348'), rc('win-2019', '10.0.17763')]), '10.0.20348'), 'win-2022');
    assert.equal(runtimeClassForBuild(new Map([rc('a', '10.0.20348'), rc('b', '10.0.20348')]), '10.0.20348'), undefined);
  });
});
