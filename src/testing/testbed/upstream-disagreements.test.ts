// The disagreements the differential suite found with Kubernetes v1.33.13, as table tests of what
// upstream answered (docs/testing.md, "Known disagreements"). An entry is marked todo until the
// scheduler or the rules follow upstream; then the todo goes and the entry leaves diff/known.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fieldOf } from '../../admission/validate.js';
import type { KubeObject } from '../../kube/types.js';
import { manifestObjectFromValue } from '../../manifests/load.js';
import { simulate } from '../../scheduler/simulate.js';
import { clusterOfNodes, findingsOf } from './findings.js';
import { providerNode } from './nodes.js';

function smallLinuxNode(name: string) {
  const node = providerNode('kubeadm', 'linux', name);
  node.status = { ...node.status, allocatable: { cpu: '2', memory: '2Gi', pods: '110' }, capacity: { cpu: '2', memory: '2Gi', pods: '110' } };
  return node;
}

describe('K1 (fixed): preemption count for nodes smaller than the request (upstream v1.33: Unschedulable, so "No preemption victims")', () => {
  test('a pod requesting more memory than either node has', () => {
    const nodes = [smallLinuxNode('n0'), smallLinuxNode('n1')];
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'big' }, spec: { containers: [{ name: 'c', image: 'pause', resources: { requests: { memory: '4Gi' } } }] } };
    const result = simulate([manifestObjectFromValue(pod, 'k1')], clusterOfNodes(nodes));
    // What kube-scheduler v1.33.13 wrote in the test bed (case 5, seed 3978694159, has the same shape).
    assert.equal(result.pods[0].message, '0/2 nodes are available: 2 Insufficient memory. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
  });
});

describe('V1 (fixed): "all containers must be HostProcess containers" is reported by upstream once, at field spec', () => {
  test('one HostProcess container beside a plain one', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'mixed' },
      spec: { hostNetwork: true, containers: [{ name: 'a', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', securityContext: { windowsOptions: { hostProcess: true } } }, { name: 'b', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }] },
    };
    const fields = findingsOf([pod], [providerNode('aks', 'windows', 'w')])
      .filter((f) => f.ruleId === 'host-process-requirements' && f.severity === 'error')
      .map((f) => fieldOf(f.path));
    assert.deepEqual(fields, ['spec']);
  });
});
