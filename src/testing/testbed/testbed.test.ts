// The test bed's pure parts (no binaries needed): token users, warning headers, kubelet-like node
// status, provider node shapes, the seeded case generators and the comparison logic.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../../kube/types.js';
import { warningText } from './client.js';
import { TESTBED_CONTROLLERS, tokenFile } from './controlplane.js';
import { Random, caseSeed } from './diff/random.js';
import { bestNodeSet, compareSchedulingCase } from './diff/scheduling-compare.js';
import { schedulingCase } from './diff/scheduling-cases.js';
import { compareValidation, validationPod } from './diff/validation.js';
import { kubeletStatus, providerNode } from './nodes.js';
import { GUARD_SCRIPT } from './processes.js';

describe('control plane configuration', () => {
  test('the token file makes an admin in system:masters, a reader with no group, and the component users', () => {
    const lines = tokenFile({ admin: 'a', reader: 'r', scheduler: 's', 'controller-manager': 'k' }).trim().split('\n');
    assert.deepEqual(lines, ['a,testbed-admin,uid-admin,"system:masters"', 'r,testbed-reader,uid-reader', 's,system:kube-scheduler,uid-scheduler', 'k,system:kube-controller-manager,uid-kcm']);
  });

  test('the controller manager runs the workload controllers but not the node lifecycle controller', () => {
    for (const c of ['daemonset-controller', 'deployment-controller', 'replicaset-controller', 'job-controller', 'cronjob-controller', 'statefulset-controller']) assert.ok(TESTBED_CONTROLLERS.includes(c as never), c);
    assert.ok(!TESTBED_CONTROLLERS.includes('node-lifecycle-controller' as never));
  });

  test('the process guard ends the child when the watched process is gone', () => {
    assert.match(GUARD_SCRIPT, /kill -0 "\$KH_WATCH_PID"/);
    assert.match(GUARD_SCRIPT, /kill -TERM "\$child"/);
  });
});

describe('warning headers', () => {
  test('the warn-text of a 299 header is what kubectl prints after "Warning: "', () => {
    assert.equal(warningText('299 - "[rule] spec.x: do \\"this\\""'), '[rule] spec.x: do "this"');
    assert.equal(warningText('not a warning header'), 'not a warning header');
  });
});

describe('nodes without kubelets', () => {
  test('provider nodes keep the profile shape under a new name', () => {
    const gke = providerNode('gke', 'windows', 'w1');
    assert.equal(gke.metadata.name, 'w1');
    assert.equal(gke.metadata.labels?.['kubernetes.io/hostname'], 'w1');
    assert.equal(gke.metadata.labels?.['kubernetes.io/os'], 'windows');
    assert.deepEqual(gke.spec?.taints, [{ key: 'node.kubernetes.io/os', value: 'windows', effect: 'NoSchedule' }]);
    assert.equal(providerNode('aks', 'linux', 'l1').metadata.labels?.['kubernetes.azure.com/os-sku'], 'Ubuntu');
  });

  test('the status a kubelet would report has a Ready condition with times', () => {
    const status = kubeletStatus(providerNode('kubeadm', 'linux', 'x'), new Date('2026-01-02T03:04:05.678Z'));
    const ready = (status.conditions as Record<string, unknown>[]).find((c) => c.type === 'Ready');
    assert.deepEqual({ status: ready?.status, time: ready?.lastHeartbeatTime }, { status: 'True', time: '2026-01-02T03:04:05Z' });
    assert.ok((status.allocatable as Record<string, string>).cpu);
  });
});

describe('seeded generators', () => {
  test('the same seed gives the same numbers; case seeds differ by index', () => {
    const a = new Random(7);
    const b = new Random(7);
    assert.deepEqual([a.next(), a.int(1, 6), a.pick(['x', 'y', 'z'])], [b.next(), b.int(1, 6), b.pick(['x', 'y', 'z'])]);
    assert.notEqual(caseSeed(1, 0), caseSeed(1, 1));
  });

  test('a scheduling case is reproducible and its node names are its own', () => {
    assert.deepEqual(schedulingCase(42, 3), schedulingCase(42, 3));
    const c = schedulingCase(42, 3);
    assert.ok(c.nodes.length >= 2 && c.nodes.length <= 6);
    for (const n of c.nodes) assert.match(n.metadata.name, /^c3-n\d$/);
    for (const p of c.pods) assert.match(String(p.metadata?.name), /^c3-p\d$/);
  });

  test('validation pods are reproducible', () => {
    assert.deepEqual(validationPod(9, 1), validationPod(9, 1));
  });
});

describe('comparison with simulate', () => {
  const nodes = [providerNode('kubeadm', 'linux', 'l0'), providerNode('kubeadm', 'linux', 'l1'), providerNode('kubeadm', 'windows', 'w0')];
  const pod = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'pause' }], ...spec } });

  test('equal Linux nodes are both best nodes; the tainted Windows node is not', () => {
    assert.deepEqual([...bestNodeSet([pod('p', {})], nodes)].sort(), ['l0', 'l1']);
  });

  test('an upstream pick outside our best nodes and a different FailedScheduling text are disagreements', () => {
    const c = { index: 0, seed: 1, nodes, pods: [pod('a', {}), pod('b', { nodeSelector: { missing: 'label' } })] };
    const result = compareSchedulingCase(c, {
      pods: [
        { name: 'a', node: 'w0', message: null, boundBefore: {}, racy: false },
        { name: 'b', node: null, message: 'upstream text', boundBefore: { a: 'w0' }, racy: false },
      ],
    });
    assert.deepEqual(result.disagreements.map((d) => d.area), ['best-node', 'failed-scheduling-text']);
    assert.match(result.disagreements[1].ours, /^0\/3 nodes are available: /);
  });

  test('a server rejection at a field we flag agrees; one we do not flag is reported as missed', () => {
    const p = pod('v', { securityContext: { windowsOptions: { runAsUserName: 'a\\b\\c' } } });
    const field = 'spec.securityContext.windowsOptions.runAsUserName';
    assert.equal(compareValidation(0, 1, p, { accepted: false, causes: [{ field, message: 'x' }] }, nodes), undefined);
    const d = compareValidation(0, 1, pod('w', { hostNetwork: true }), { accepted: false, causes: [{ field: 'spec.hostNetwork', message: 'x' }] }, nodes);
    assert.deepEqual(d?.missed, ['spec.hostNetwork']);
  });
});

describe('server fields against fields as written', () => {
  test('a rejected field the pod does not write is compared at its nearest written ancestor', async () => {
    const { writtenField } = await import('./diff/validation.js');
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', securityContext: { privileged: true } }] } };
    assert.equal(writtenField(pod, 'spec.hostNetwork'), 'spec');
    assert.equal(writtenField(pod, 'spec.containers[0].securityContext.privileged'), 'spec.containers[0].securityContext.privileged');
    assert.equal(writtenField(pod, 'spec.containers[0].securityContext.windowsOptions.hostProcess'), 'spec.containers[0].securityContext');
  });
});

describe('known disagreements', () => {
  test('K1 matches only a preemption count moved from "No preemption victims" to "not helpful" on an Insufficient node', async () => {
    const { K1: k1, KNOWN_SCHEDULING } = await import('./diff/known.js');
    assert.ok(!KNOWN_SCHEDULING.includes(k1), 'K1 is fixed: the differential suite no longer excuses it');
    const base = { area: 'failed-scheduling-text' as const, caseIndex: 0, seed: 0, subject: 'pod p' };
    const up = '0/2 nodes are available: 2 Insufficient memory. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.';
    const ours = '0/2 nodes are available: 2 Insufficient memory. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.';
    assert.equal(k1.matches({ ...base, upstream: up, ours }), true);
    assert.equal(k1.matches({ ...base, upstream: up, ours: ours.replace('2 Insufficient memory', '2 Insufficient cpu') }), false);
    assert.equal(k1.matches({ ...base, upstream: ours, ours: up }), false);
  });

  test('a validation disagreement is known only when every differing field is explained', async () => {
    const { explainValidation } = await import('./diff/known.js');
    const sysctl = "may not be specified when 'hostNetwork' is true";
    const d = { caseIndex: 0, seed: 0, pod: { apiVersion: 'v1', kind: 'Pod' }, upstream: [`spec.securityContext.sysctls[0].name: Invalid value: "net.ipv4.ip_forward": ${sysctl}`], ours: [], missed: ['spec.securityContext.sysctls[0].name'], extra: [] };
    assert.deepEqual(explainValidation(d), ['V2']);
    assert.equal(explainValidation({ ...d, missed: ['spec.securityContext.sysctls[0].name', 'spec.hostPID'] }), undefined);
  });
});
