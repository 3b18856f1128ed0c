// report --cluster live: the cluster (nodes and RuntimeClasses) read from a fake kube-apiserver on
// 127.0.0.1 through $KUBECONFIG, as check and simulate read it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHybridCluster } from '../admission/testing/hybrid-cluster.js';
import type { FakeApiServer } from '../admission/testing/apiserver.js';
import { captureIO } from '../cli/io.js';
import { main } from '../cli/main.js';
import type { ReportModel } from './model.js';

describe('kube-hybrid report --cluster live', () => {
  let api: FakeApiServer;
  let manifest: string;
  before(async () => {
    ({ api, manifest } = await startHybridCluster());
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
