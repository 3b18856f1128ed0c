// report --cluster live: the cluster (nodes and RuntimeClasses) read from a fake kube-apiserver on
// 127.0.0.1 through $KUBECONFIG, as check and simulate read it.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fakeNode, fakeRuntimeClass, startFakeApiServer } from '../admission/testing/apiserver.js';
import type { FakeApiServer } from '../admission/testing/apiserver.js';
import { captureIO } from '../cli/io.js';
import { main } from '../cli/main.js';
import type { ReportModel } from './model.js';

const WINDOWS_TAINT = { key: 'os', value: 'windows', effect: 'NoSchedule' };
const WINDOWS_APP = `apiVersion: apps/v1
kind: Deployment
metadata: { name: iis, namespace: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: iis } }
  template:
    metadata: { labels: { app: iis } }
    spec:
      runtimeClassName: windows-2022
      containers: [{ name: iis, image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022, resources: { requests: { cpu: 500m }, limits: { memory: 2Gi } } }]
`;

describe('kube-hybrid report --cluster live', () => {
  let api: FakeApiServer;
  let manifest: string;
  before(async () => {
    api = await startFakeApiServer();
    api.nodes.seed(
      fakeNode('linux-1', { os: 'linux' }),
      fakeNode('win-1', { os: 'windows', taints: [WINDOWS_TAINT], labels: { 'node.kubernetes.io/windows-build': '10.0.20348' } }),
    );
    // The RuntimeClass exists only in the cluster: its toleration lets the pods onto the tainted Windows node.
    api.runtimeClasses.seed(fakeRuntimeClass('windows-2022', 'runhcs-wcow-process', { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' }, [WINDOWS_TAINT]));
    manifest = join(api.dir, 'app.yaml');
    writeFileSync(manifest, WINDOWS_APP);
  });
  after(async () => api.close());

  it('draws the live cluster\'s pools and places the workload with its RuntimeClass', async () => {
    const io = captureIO();
    io.env = { KUBECONFIG: api.kubeconfigFile };
    const code = await main(['report', manifest, '--cluster', 'live', '--today', '2026-11-30', '-o', 'json'], io);
    assert.equal(code, 0, io.err);
    const model = JSON.parse(io.out) as ReportModel;
    assert.equal(model.cluster.source, 'live');
    assert.equal(model.cluster.pools.reduce((n, p) => n + p.nodes, 0), 2);
    const windows = model.cluster.pools.findIndex((p) => p.os === 'windows');
    const iis = model.workloads.find((w) => w.name === 'iis');
    assert.equal(iis?.cells[windows].verdict, 'runs');
    assert.equal(iis?.running, 2);
    assert.deepEqual(model.check.findings.map((f) => f.ruleId), []);
  });
});
