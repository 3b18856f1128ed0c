import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText } from '../manifests/load.js';
import { workloadOf } from '../manifests/workloads.js';
import { makeNode } from './testing/builders.js';
import { CRONJOB_SCHEDULED_MINUTES, podsOfWorkload } from './controllers.js';
import { NameGenerator } from './names.js';

const nodes = [makeNode('linux-0').obj(), makeNode('win-0').windows().taint({ key: 'os', value: 'windows', effect: 'NoSchedule' }).obj(), makeNode('cordoned').unschedulable().obj()];

function pods(yaml: string) {
  const [object] = loadText('t.yaml', yaml).objects;
  return podsOfWorkload(workloadOf(object)!, { nodes, runtimeClasses: [], names: new NameGenerator(), defaultNamespace: 'default' });
}

const spec = 'containers: [{name: c, image: nginx}]';

test('a Deployment without replicas makes one pod named <deployment>-<hash>-<5 chars>', () => {
  const out = pods(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {${spec}}\n`);
  assert.equal(out.length, 1);
  assert.match(out[0].name, /^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.equal(out[0].owner.kind, 'ReplicaSet');
  assert.equal(out[0].labels['pod-template-hash'], out[0].owner.name.slice('web-'.length));
});

test('pod names are the same on every run', () => {
  const yaml = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  template:\n    spec: {${spec}}\n`;
  assert.deepEqual(pods(yaml).map((p) => p.name), pods(yaml).map((p) => p.name));
  assert.equal(new Set(pods(yaml).map((p) => p.name)).size, 3);
});

test('a ReplicaSet makes replicas pods owned by itself', () => {
  const out = pods(`apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs}\nspec:\n  replicas: 2\n  template:\n    spec: {${spec}}\n`);
  assert.deepEqual(out.map((p) => p.owner), [{ kind: 'ReplicaSet', name: 'rs' }, { kind: 'ReplicaSet', name: 'rs' }]);
});

test('a StatefulSet names its pods by ordinal', () => {
  const out = pods(`apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  replicas: 3\n  template:\n    spec: {${spec}}\n`);
  assert.deepEqual(out.map((p) => p.name), ['db-0', 'db-1', 'db-2']);
  assert.equal(out[2].labels['statefulset.kubernetes.io/pod-name'], 'db-2');
});

test('a DaemonSet makes one pod per eligible node, cordoned ones included, tainted ones not', () => {
  const out = pods(`apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  template:\n    spec: {${spec}}\n`);
  assert.deepEqual(out.map((p) => p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0].matchFields?.[0].values), [['linux-0'], ['cordoned']]);
  const keys = out[0].tolerations!.map((t) => t.key);
  assert.deepEqual(keys, ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable', 'node.kubernetes.io/disk-pressure', 'node.kubernetes.io/memory-pressure', 'node.kubernetes.io/pid-pressure', 'node.kubernetes.io/unschedulable']);
});

test('a hostNetwork DaemonSet also tolerates network-unavailable', () => {
  const out = pods(`apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: proxy}\nspec:\n  template:\n    spec: {hostNetwork: true, ${spec}}\n`);
  assert.ok(out[0].tolerations!.some((t) => t.key === 'node.kubernetes.io/network-unavailable'));
});

test('a DaemonSet tolerating the Windows taint also runs on the Windows node', () => {
  const out = pods(`apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  template:\n    spec: {tolerations: [{operator: Exists}], ${spec}}\n`);
  assert.equal(out.length, 3);
});

test('a Job runs min(parallelism, completions) pods at once', () => {
  const out = pods(`apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  parallelism: 4\n  completions: 3\n  template:\n    spec: {${spec}}\n`);
  assert.equal(out.length, 3);
  assert.ok(out.every((p) => p.name.startsWith('j-') && p.labels['job-name'] === 'j'));
});

test('an Indexed Job puts the index in the pod name', () => {
  const out = pods(`apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  parallelism: 2\n  completionMode: Indexed\n  completions: 2\n  template:\n    spec: {${spec}}\n`);
  assert.match(out[1].name, /^j-1-[a-z0-9]{5}$/);
});

test('a CronJob makes one run, its Job named after the scheduled minute', () => {
  const out = pods(`apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: "0 0 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec: {${spec}}\n`);
  assert.equal(out.length, 1);
  assert.equal(out[0].owner.name, `nightly-${CRONJOB_SCHEDULED_MINUTES}`);
});

test('a bare Pod keeps its name', () => {
  const out = pods(`apiVersion: v1\nkind: Pod\nmetadata: {name: solo}\nspec: {${spec}}\n`);
  assert.deepEqual(out.map((p) => [p.name, p.owner.kind]), [['solo', 'Pod']]);
});

test('a pod naming an unknown RuntimeClass is never created', () => {
  const out = pods(`apiVersion: v1\nkind: Pod\nmetadata: {name: solo}\nspec: {runtimeClassName: missing, ${spec}}\n`);
  assert.equal(out[0].createError, 'pod rejected: RuntimeClass "missing" not found');
});

// The DaemonSet controller's node set (pkg/controller/daemon: NodeShouldRunDaemonPod → predicates:
// node name, required node affinity with matchFields, NoSchedule/NoExecute taints after its own
// tolerations), then ReplaceDaemonSetPodNodeNameNodeAffinity (pkg/controller/daemon/util): the pod's
// required terms become one matchFields term on the node's name, its nodeSelector and preferred
// terms stay. Table modelled on upstream's TestNodeShouldRunDaemonPod and
// TestReplaceDaemonSetPodNodeNameNodeAffinity.
const affinity = (terms: string) => `affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: ${terms}}}}`;
const daemonSetCases: { name: string; template: string; nodes: string[] }[] = [
  { name: 'matchFields metadata.name In one node', template: affinity('[{matchFields: [{key: metadata.name, operator: In, values: [linux-0]}]}]'), nodes: ['linux-0'] },
  { name: 'matchFields metadata.name NotIn one node', template: affinity('[{matchFields: [{key: metadata.name, operator: NotIn, values: [linux-0]}]}]'), nodes: ['cordoned'] },
  {
    name: 'matchFields and matchExpressions in one term are ANDed',
    template: affinity('[{matchFields: [{key: metadata.name, operator: In, values: [win-0]}], matchExpressions: [{key: kubernetes.io/os, operator: In, values: [windows]}]}]') + ', tolerations: [{key: os, operator: Exists}]',
    nodes: ['win-0'],
  },
  {
    name: 'terms are ORed: one by name, one by label',
    template: affinity('[{matchFields: [{key: metadata.name, operator: In, values: [cordoned]}]}, {matchExpressions: [{key: kubernetes.io/os, operator: In, values: [windows]}]}]') + ', tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]',
    nodes: ['win-0', 'cordoned'],
  },
  { name: 'a matchFields term naming no node of the cluster', template: affinity('[{matchFields: [{key: metadata.name, operator: In, values: [ghost]}]}]'), nodes: [] },
  { name: 'spec.nodeName in the template pins the DaemonSet to that node', template: 'nodeName: cordoned', nodes: ['cordoned'] },
  { name: 'a NoSchedule taint keeps pods off unless tolerated with the exact value', template: "tolerations: [{key: os, operator: Equal, value: Windows, effect: NoSchedule}]", nodes: ['linux-0', 'cordoned'] },
];

for (const c of daemonSetCases) {
  test(`DaemonSet node set: ${c.name}`, () => {
    const out = pods(`apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  template:\n    spec: {${c.template}, ${spec}}\n`);
    const pinned = out.map((p) => p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms);
    assert.deepEqual(pinned.map((terms) => terms?.[0].matchFields?.[0].values?.[0]), c.nodes);
    // The pod's own required terms are replaced by exactly one matchFields term on its node.
    for (const terms of pinned) assert.deepEqual(terms?.map((t) => Object.keys(t)), [['matchFields']]);
  });
}

test('DaemonSet pods keep the template nodeSelector and preferred terms beside the controller\'s matchFields', () => {
  const out = pods(`apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  template:\n    spec:\n      nodeSelector: {kubernetes.io/os: linux}\n      affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, preference: {matchExpressions: [{key: a, operator: Exists}]}}]}}\n      ${spec}\n`);
  assert.deepEqual(out.map((p) => p.spec.nodeSelector), [{ 'kubernetes.io/os': 'linux' }, { 'kubernetes.io/os': 'linux' }]);
  assert.equal(out[0].spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length, 1);
});
