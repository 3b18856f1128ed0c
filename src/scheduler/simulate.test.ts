import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureIO } from '../cli/io.js';
import { simulate } from '../cli/simulate.js';
import { builtinCluster } from '../cluster/profiles.js';
import { collectInputs, runRules } from '../engine/run.js';
import { loadManifests } from '../manifests/load.js';
import { RULES } from '../rules/index.js';
import { Scheduler } from './framework/scheduler.js';
import { DEFAULT_PLUGINS } from './plugins/registry.js';
import { oneNodePerClass, rulesForPods } from './simulate.js';

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: iis, namespace: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: iis}}
  template:
    metadata: {labels: {app: iis}}
    spec:
      nodeSelector: {kubernetes.io/os: windows}
      containers: [{name: iis, image: "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: ops}
spec:
  template:
    spec:
      containers: [{name: a, image: "nginx:1.27"}]
`;

async function run(...args: string[]) {
  const io = captureIO(manifests);
  const code = await simulate(['-', ...args], io);
  return { code, io };
}

test('-o json follows the contract: pods with namespace, name, owner, node, status, message, plus nodes', async () => {
  const { code, io } = await run('-o', 'json');
  const out = JSON.parse(io.out);
  assert.equal(code, 1);
  assert.equal(out.nodes.length, 6);
  assert.equal(out.pods.length, 8);
  for (const pod of out.pods) for (const key of ['namespace', 'name', 'owner', 'node', 'status', 'message']) assert.ok(key in pod, key);
  const agentsOnWindows = out.pods.filter((p: { owner: { kind: string }; node: string }) => p.owner.kind === 'DaemonSet' && p.node.startsWith('win22'));
  assert.equal(agentsOnWindows.length, 3);
  assert.ok(agentsOnWindows.every((p: { status: string }) => p.status === 'ImagePullBackOff'));
});

test('an image of unknown platform on Windows nodes is assumed to run, and the pod says so (never declared Linux-only on a guess)', async () => {
  const io = captureIO(manifests.replace('image: "nginx:1.27"', 'image: "contoso/agent:2.1"'));
  await simulate(['-', '-o', 'json'], io);
  const agentsOnWindows = (JSON.parse(io.out).pods as { owner: { kind: string }; node: string; status: string; message: string }[]).filter((p) => p.owner.kind === 'DaemonSet' && p.node.startsWith('win22'));
  assert.equal(agentsOnWindows.length, 3);
  for (const pod of agentsOnWindows) {
    assert.equal(pod.status, 'Running');
    assert.match(pod.message, /^image contoso\/agent:2\.1: platform unknown from its name/);
  }
  const text = captureIO(manifests.replace('image: "nginx:1.27"', 'image: "contoso/agent:2.1"'));
  await simulate(['-'], text);
  assert.match(text.out, /Running on Windows nodes with an image of unknown platform \(assumed to run\):\n {2}DaemonSet ops\/agent: 3 pods: image contoso\/agent:2\.1/);
});

test('the same input gives the same placement', async () => {
  assert.equal((await run('-o', 'json')).io.out, (await run('-o', 'json')).io.out);
});

test('removing the Windows pool leaves the IIS pods Pending with the scheduler text', async () => {
  const { io } = await run('-o', 'json', '--remove-pool', 'win22');
  const iis = JSON.parse(io.out).pods.filter((p: { owner: { kind: string } }) => p.owner.kind === 'ReplicaSet');
  assert.deepEqual(
    iis.map((p: { status: string; message: string }) => [p.status, p.message]),
    Array(2).fill(['Pending', "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."]),
  );
});

test('text output summarises pools and groups what is not running', async () => {
  const { io } = await run();
  assert.match(io.out, /POOL\s+OS\s+NODES/);
  assert.match(io.out, /DaemonSet ops\/agent: 3\/6 Running\n\s+3 ImagePullBackOff on win22 \(3\)/);
  assert.match(io.out, /Deployment web\/iis\s+ready after ~\d+ min: 3\.1 GB pull/);
});

test('bad flags exit 2', async () => {
  assert.equal((await run('--scale-pool', 'oops')).code, 2);
  assert.equal((await run('--remove-pool', 'nope')).code, 2);
});

test('a pod the API server refuses is FailedCreate, a volume Windows cannot mount leaves it ContainerCreating', async () => {
  const input = `apiVersion: apps/v1
kind: Deployment
metadata: {name: declared, namespace: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: declared}}
  template:
    metadata: {labels: {app: declared}}
    spec:
      os: {name: windows}
      nodeSelector: {kubernetes.io/os: windows}
      securityContext: {runAsUser: 1000}
      containers: [{name: c, image: "mcr.microsoft.com/windows/nanoserver:ltsc2022"}]
---
apiVersion: v1
kind: Pod
metadata: {name: nfs, namespace: web}
spec:
  nodeSelector: {kubernetes.io/os: windows}
  containers: [{name: c, image: "mcr.microsoft.com/windows/nanoserver:ltsc2022", volumeMounts: [{name: d, mountPath: 'C:\\\\data'}]}]
  volumes: [{name: d, nfs: {server: nfs.example.com, path: /export}}]
`;
  const io = captureIO(input);
  await simulate(['-', '-o', 'json'], io);
  const pods = JSON.parse(io.out).pods as { name: string; owner: { name: string }; status: string; node: string | null; message: string }[];
  const declared = pods.filter((p) => p.name.startsWith('declared-'));
  assert.equal(declared.length, 2);
  for (const pod of declared) {
    assert.equal(pod.status, 'FailedCreate');
    assert.equal(pod.node, null);
    assert.match(pod.message, /The API server rejects spec\.securityContext\.runAsUser/);
  }
  const nfs = pods.find((p) => p.name === 'nfs');
  assert.equal(nfs?.status, 'ContainerCreating');
  assert.match(nfs?.message ?? '', /NFS/);
  assert.match(nfs?.node ?? '', /^win22-/);
});

test('the rules simulate runs find the same with one node per class as with every node (they never read nodes)', () => {
  const { objects } = loadManifests([new URL('../../examples/hybrid-app', import.meta.url).pathname]);
  assert.ok(objects.length > 5);
  const cluster = builtinCluster('multi-build');
  const inputs = collectInputs(objects, cluster);
  const reduced = { ...inputs, cluster: { ...cluster, nodes: oneNodePerClass(new Scheduler(cluster.nodes, DEFAULT_PLUGINS).nodes) } };
  assert.ok(reduced.cluster.nodes.length < cluster.nodes.length);
  const rules = rulesForPods(RULES);
  const all = runRules(objects, inputs, rules);
  assert.ok(all.some((f) => f.stage !== undefined), 'the examples should stop some pod');
  assert.deepEqual(runRules(objects, reduced, rules), all);
});

test('a pod that selects a node by its hostname label lands on that node (node classes leave the hostname out)', async () => {
  const input = `apiVersion: v1
kind: Pod
metadata: {name: by-selector, namespace: web}
spec:
  nodeSelector: {kubernetes.io/hostname: linux-2}
  containers: [{name: c, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: by-affinity, namespace: web}
spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [linux-1]}]
  containers: [{name: c, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: nowhere, namespace: web}
spec:
  nodeSelector: {kubernetes.io/hostname: no-such-node}
  containers: [{name: c, image: nginx}]
`;
  const io = captureIO(input);
  // kubeadm: the Linux nodes have no zones, so they all fall into one node class.
  await simulate(['-', '-o', 'json', '--cluster', 'kubeadm'], io);
  const pods = Object.fromEntries((JSON.parse(io.out).pods as { name: string; node: string | null; status: string; message: string | null }[]).map((p) => [p.name, p]));
  assert.deepEqual([pods['by-selector'].node, pods['by-selector'].status], ['linux-2', 'Running']);
  assert.deepEqual([pods['by-affinity'].node, pods['by-affinity'].status], ['linux-1', 'Running']);
  assert.equal(pods.nowhere.status, 'Pending');
  assert.equal(pods.nowhere.message, "0/5 nodes are available: 2 node(s) had untolerated taint {os: windows}, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.");
});
