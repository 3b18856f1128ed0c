// `kube-hybrid explain pod NAME -n NS` and `explain -A` against a real kube-apiserver: the real
// kube-scheduler writes FailedScheduling for a pod pinned to a Windows build no node has; where a
// kubelet would act (image pull, admission), the pod status and Warning event are written through
// the API as the kubelet writes them. The built CLI runs as a user runs it, through a kubeconfig.
// Run by `npm run test:e2e`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LiveExplainReport } from '../../../explain/live.js';
import type { KubeObject } from '../../../kube/types.js';
import { ControlPlane } from '../controlplane.js';
import { kubectl } from '../kubectl.js';
import { createNode, providerNode } from '../nodes.js';
import { testbedAvailability } from '../require.js';
import { aksWindowsNode, kubeHybrid } from './audit-helpers.js';

const availability = testbedAvailability(true);

type Json = Record<string, unknown>;

const NS = 'shop';
const IIS_2022 = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';
const WINDOWS = { 'kubernetes.io/os': 'windows' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

describe('explain live against a real kube-apiserver', { skip: availability.skip }, () => {
  let plane: ControlPlane;
  let admin = '';
  let iisPod = '';
  let legacyPod = '';

  async function firstPod(app: string, bound: boolean): Promise<Json> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const pods = (await plane.admin.must<{ items: Json[] }>('GET', `/api/v1/namespaces/${NS}/pods?labelSelector=app%3D${app}`)).items;
      const pod = pods.find((p) => !bound || (p.spec as Json).nodeName);
      if (pod) return pod;
      if (Date.now() > deadline) throw new Error(`timed out waiting for a pod of ${app}\n${plane.logOf('kube-scheduler')}`);
      await sleep(250);
    }
  }

  async function warning(pod: Json, reason: string, message: string): Promise<void> {
    const meta = pod.metadata as Json;
    await plane.admin.must('POST', `/api/v1/namespaces/${NS}/events`, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${String(meta.name)}.${reason.toLowerCase()}`, namespace: NS },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace: NS, name: meta.name, uid: meta.uid },
      reason,
      message,
      type: 'Warning',
      source: { component: 'kubelet', host: String((pod.spec as Json).nodeName ?? '') },
      count: 3,
      firstTimestamp: stamp(),
      lastTimestamp: stamp(),
    });
  }

  before(async () => {
    plane = await ControlPlane.start({ binDir: availability.binDir! });
    admin = plane.state.kubeconfigs.admin;
    for (const node of [providerNode('aks', 'linux', 'aks-nodepool1-0'), aksWindowsNode('akswin22-0', 'win22', '10.0.20348'), aksWindowsNode('akswin19-0', 'win19', '10.0.17763')]) await createNode(plane.admin, node);
    const deployment = (name: string, spec: Json): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: NS },
      spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } },
    });
    const objects = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
      deployment('iis', { nodeSelector: { ...WINDOWS, agentpool: 'win19' }, containers: [{ name: 'iis', image: IIS_2022 }] }),
      deployment('legacy', { nodeSelector: { ...WINDOWS, 'node.kubernetes.io/windows-build': '10.0.14393' }, containers: [{ name: 'app', image: 'mcr.microsoft.com/windows/servercore:ltsc2016' }] }),
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'wrong-os', namespace: NS }, spec: { nodeName: 'akswin22-0', os: { name: 'linux' }, containers: [{ name: 'c', image: 'busybox:1.36' }] } },
      deployment('web', { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'web', image: 'nginx:1.27' }] }),
    ];
    const applied = await kubectl(availability.kubectl!, admin, ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
    assert.equal(applied.code, 0, applied.stderr);

    // The kubelet's part: the 2022 image cannot be pulled on the 2019 node; the Linux pod is refused.
    const iis = await firstPod('iis', true);
    iisPod = String((iis.metadata as Json).name);
    await plane.admin.must('PATCH', `/api/v1/namespaces/${NS}/pods/${iisPod}/status`, {
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'iis', image: IIS_2022, imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${IIS_2022}"` } } }] },
    }, 'application/strategic-merge-patch+json');
    await warning(iis, 'Failed', `Failed to pull image "${IIS_2022}": rpc error: code = NotFound desc = failed to pull and unpack image "${IIS_2022}": no match for platform in manifest: not found`);
    await plane.admin.must('PATCH', `/api/v1/namespaces/${NS}/pods/wrong-os/status`, { status: { phase: 'Failed', reason: 'PodOSNotSupported', message: "Pod Failed to admit pod as the OS field doesn't match node OS" } }, 'application/merge-patch+json');

    // The real scheduler's FailedScheduling event for the legacy pod.
    legacyPod = String(((await firstPod('legacy', false)).metadata as Json).name);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const events = (await plane.admin.must<{ items: Json[] }>('GET', `/api/v1/namespaces/${NS}/events?fieldSelector=reason%3DFailedScheduling`)).items;
      if (events.length > 0) break;
      if (Date.now() > deadline) throw new Error(`no FailedScheduling event in 60 s\n${plane.logOf('kube-scheduler')}`);
      await sleep(250);
    }
  });

  after(async () => {
    await plane?.stop();
  });

  test('explain pod: the real FailedScheduling, reason by reason, with node counts', async () => {
    const run = await kubeHybrid(['explain', 'pod', legacyPod, '-n', NS, '-o', 'json'], admin);
    assert.equal(run.code, 0, run.stderr);
    const [pod] = (JSON.parse(run.stdout) as LiveExplainReport).pods;
    assert.equal(pod.status, 'Pending');
    const affinity = pod.explained.find((e) => /didn't match Pod's node affinity\/selector/.test(e.seen));
    assert.ok(affinity, JSON.stringify(pod.explained.map((e) => e.seen)));
    assert.equal(affinity.captures.count, '3', 'kube-scheduler counted the three nodes');
    // kube-scheduler writes the same text to the PodScheduled condition (reason Unschedulable) and to
    // the FailedScheduling event: explained once, from whichever came first (the pod's status).
    assert.ok(['Unschedulable', 'FailedScheduling'].includes(affinity.eventReason ?? ''), affinity.eventReason);
  });

  test('explain pod: the image pull on the 2019 node, with the node\'s build and the rule that predicts it (text)', async () => {
    const run = await kubeHybrid(['explain', 'pod', iisPod, '-n', NS], admin);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^pod ${NS}/${iisPod} on akswin19-0 \\(windows 10\\.0\\.17763\\): ImagePullBackOff\\n`));
    assert.match(run.stdout, /\[no-match-for-platform\]/);
    assert.match(run.stdout, /`check` would have caught this: rules .*windows-image-build-mismatch/);
  });

  test('explain -A: the pods in trouble, each explained, and not the running ones', async () => {
    const run = await kubeHybrid(['explain', '-A', '-o', 'json'], admin);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as LiveExplainReport;
    assert.deepEqual(report.pods.map((p) => p.name).sort(), [iisPod, legacyPod, 'wrong-os'].sort());
    const wrongOs = report.pods.find((p) => p.name === 'wrong-os');
    assert.equal(wrongOs?.status, 'PodOSNotSupported');
    assert.deepEqual(wrongOs?.explained.map((e) => e.id), ['kubelet-pod-os-not-supported']);
  });

  test('explain pod of a pod that does not exist: one line, exit 2', async () => {
    const run = await kubeHybrid(['explain', 'pod', 'nope', '-n', NS], admin);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, `kube-hybrid explain: pod "nope" not found in namespace ${NS}\n`);
  });
});
