// explain's live mode against the HTTPS stand-in serving a hybrid cluster with planted problems (the
// pod statuses and events kubelets and kube-scheduler write): each pod in trouble gets its cause.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeApiServer } from '../admission/testing/apiserver.js';
import type { FakeApiServer } from '../admission/testing/apiserver.js';
import { seedPlantedCluster } from '../audit/testing/cluster.js';
import { captureIO } from '../cli/io.js';
import { main } from '../cli/main.js';
import { createLiveClient } from '../live/client.js';
import { loadKubeconfig } from '../live/kubeconfig.js';
import type { LiveExplainReport } from './live.js';
import { explainLive } from './live.js';

const NOW = Date.parse('2025-01-02T00:00:00Z');

describe('explain pod NAME / explain -A against a served cluster', () => {
  let api: FakeApiServer;
  before(async () => {
    api = await startFakeApiServer();
    seedPlantedCluster(api);
  });
  after(async () => api.close());

  const client = () => createLiveClient(loadKubeconfig({ kubeconfig: api.kubeconfigFile, env: {} }));

  it('explain pod: the 2022 image on the 2019 node, from the kubelet\'s pull event, with the node\'s build and the predicting rule', async () => {
    const report = await explainLive(client(), { kind: 'pod', namespace: 'web', name: 'iis-7d9f-c' }, NOW);
    assert.equal(report.pods.length, 1);
    const [pod] = report.pods;
    assert.equal(pod.status, 'ImagePullBackOff');
    assert.equal(pod.node, 'akswin19-1');
    assert.equal(pod.nodeOs, 'windows');
    assert.equal(pod.windowsBuild, '10.0.17763');
    const pull = pod.explained.find((e) => e.rules.includes('windows-image-build-mismatch'));
    assert.ok(pull, JSON.stringify(pod.explained.map((e) => e.id)));
    assert.match(pull.seen, /^Failed to pull image/);
    assert.equal(pull.captures.image, 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022');
    assert.equal(pull.eventReason, 'Failed');
  });

  it('explain pod asks the API server for that pod, its Warning events and its node only (field selectors)', async () => {
    const before = { pods: api.requestsTo('/api/v1/namespaces/web/pods').length, events: api.requestsTo('/api/v1/namespaces/web/events').length };
    await explainLive(client(), { kind: 'pod', namespace: 'web', name: 'legacy-66f-a' }, NOW);
    const pods = api.requestsTo('/api/v1/namespaces/web/pods').slice(before.pods);
    const events = api.requestsTo('/api/v1/namespaces/web/events').slice(before.events);
    assert.deepEqual(pods.map((r) => r.query.fieldSelector), ['metadata.name=legacy-66f-a']);
    assert.deepEqual(events.map((r) => r.query.fieldSelector), ['involvedObject.kind=Pod,involvedObject.name=legacy-66f-a,type!=Normal']);
  });

  it('explain pod: a Pending pod is explained reason by reason from kube-scheduler\'s FailedScheduling text', async () => {
    const [pod] = (await explainLive(client(), { kind: 'pod', namespace: 'web', name: 'legacy-66f-a' }, NOW)).pods;
    assert.equal(pod.status, 'Pending');
    assert.equal(pod.node, null);
    const affinity = pod.explained.find((e) => /node affinity\/selector/.test(e.seen));
    assert.ok(affinity, JSON.stringify(pod.explained.map((e) => e.seen)));
    assert.equal(affinity.captures.count, '5');
  });

  it('explain -A: every pod in trouble and only those, each with at least one explanation or what was recognised', async () => {
    const report = await explainLive(client(), { kind: 'all' }, NOW);
    const names = report.pods.map((p) => `${p.namespace}/${p.name}`);
    for (const name of ['web/iis-7d9f-c', 'default/api-5c4b-b', 'web/legacy-66f-a', 'web/probe-8a1-a', 'web/wrong-os', 'kube-system/log-agent-w1']) assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    assert.ok(!names.includes('web/iis-7d9f-a'), 'a running pod is not listed');
    const probe = report.pods.find((p) => p.name === 'probe-8a1-a');
    assert.equal(probe?.status, 'CrashLoopBackOff');
    // Its probe event matches no catalogue entry, but the Win32 code in it is still decoded.
    assert.ok(probe?.recognised.some((r) => r.kind === 'status-code' && /ERROR_FILE_NOT_FOUND/.test(r.detail ?? '')), JSON.stringify(probe));
    for (const p of report.pods) assert.ok(p.explained.length + p.recognised.length > 0, `${p.name}: nothing said`);
  });

  it('explain -n NS limits -A to one namespace', async () => {
    const report = await explainLive(client(), { kind: 'all', namespace: 'kube-system' }, NOW);
    assert.ok(report.pods.length > 0);
    assert.ok(report.pods.every((p) => p.namespace === 'kube-system'));
  });

  it('the CLI: explain pod NAME -n NS through $KUBECONFIG (exit 0: explained), explain -A -o json (exit 1: one pod unexplained)', async () => {
    const io = captureIO();
    io.env = { KUBECONFIG: api.kubeconfigFile };
    assert.equal(await main(['explain', 'pod', 'iis-7d9f-c', '-n', 'web'], io), 0, io.err);
    assert.match(io.out, /^pod web\/iis-7d9f-c on akswin19-1 \(windows 10\.0\.17763\): ImagePullBackOff\n/);
    assert.match(io.out, /`check` would have caught this: rules? .*windows-image-build-mismatch/);

    // -A: exit 1, since one pod (the probe's) has only a decoded code, no catalogue entry.
    const json = captureIO();
    assert.equal(await main(['explain', '-A', '-o', 'json', '--kubeconfig', api.kubeconfigFile], json), 1, json.err);
    const report = JSON.parse(json.out) as LiveExplainReport;
    assert.equal(report.input, 'live');
    assert.ok(report.pods.length >= 6);
  });

  it('the CLI: a pod that does not exist is one line and exit 2; bad flag combinations are usage errors', async () => {
    const io = captureIO();
    io.env = { KUBECONFIG: api.kubeconfigFile };
    assert.equal(await main(['explain', 'pod', 'nope', '-n', 'web'], io), 2);
    assert.equal(io.err, 'kube-hybrid explain: pod "nope" not found in namespace web\n');
    for (const argv of [['explain', 'pod'], ['explain', 'pod', 'a', '-A'], ['explain', '-A', '-n', 'web'], ['explain', 'some message', '--kubeconfig', 'x']]) {
      const bad = captureIO();
      assert.equal(await main(argv, bad), 2, argv.join(' '));
      assert.match(bad.err, /^kube-hybrid explain: /);
    }
  });
});
