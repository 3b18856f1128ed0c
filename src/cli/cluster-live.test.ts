// check, simulate and prepull against a live cluster (a fake kube-apiserver on 127.0.0.1 reached
// through $KUBECONFIG / --kubeconfig / --context) and against a NodeList on stdin.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fakeNode, startFakeApiServer } from '../admission/testing/apiserver.js';
import { WINDOWS_APP, startHybridCluster } from '../admission/testing/hybrid-cluster.js';
import type { FakeApiServer } from '../admission/testing/apiserver.js';
import { captureIO } from './io.js';
import { main } from './main.js';

describe('--cluster live for check, simulate and prepull', () => {
  let api: FakeApiServer;
  let manifest: string;
  before(async () => {
    ({ api, manifest } = await startHybridCluster());
  });
  after(async () => api.close());

  function io(stdin = '') {
    const out = captureIO(stdin);
    out.env = { KUBECONFIG: api.kubeconfigFile };
    return out;
  }

  it('check --cluster live reads nodes and RuntimeClasses from the API server: no finding', async () => {
    const cli = io();
    const code = await main(['check', manifest, '--cluster', 'live', '-o', 'json'], cli);
    const report = JSON.parse(cli.out) as { findings: { ruleId: string }[] };
    assert.deepEqual(report.findings.map((f) => f.ruleId), []);
    assert.equal(code, 0, cli.err);
    assert.match(cli.err, /note: skipped gmsacredentialspecs\.windows\.k8s\.io: not served/);
  });

  it('check against the default profile (no live RuntimeClass) reports the unknown RuntimeClass: the live read matters', async () => {
    const cli = io();
    await main(['check', manifest, '-o', 'json'], cli);
    assert.ok((JSON.parse(cli.out) as { findings: { ruleId: string }[] }).findings.some((f) => f.ruleId === 'runtime-class-rejected'));
  });

  it('check --cluster live uses the GMSACredentialSpecs of the cluster when the CRD is served', async () => {
    const gmsaApp = join(api.dir, 'gmsa.yaml');
    writeFileSync(gmsaApp, WINDOWS_APP.replace('      runtimeClassName: windows-2022\n', '      runtimeClassName: windows-2022\n      securityContext: { windowsOptions: { gmsaCredentialSpecName: webapp1 } }\n'));
    const before = captureIO();
    before.env = { KUBECONFIG: api.kubeconfigFile };
    await main(['check', gmsaApp, '--cluster', 'live', '-o', 'json'], before);
    assert.deepEqual((JSON.parse(before.out) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId), ['gmsa-credential-spec-not-found']);
    const specs = api.resources.get('/apis/windows.k8s.io/v1/gmsacredentialspecs') ?? api.resource('/apis/windows.k8s.io/v1/gmsacredentialspecs', 'windows.k8s.io/v1', 'GMSACredentialSpec');
    specs.seed({ metadata: { name: 'webapp1' }, credspec: { CmsPlugins: ['ActiveDirectory'], DomainJoinConfig: { DnsName: 'contoso.com', MachineAccountName: 'webapp1', Guid: '244818ae-87ac-4fcd-92ec-e79e5252348a', DnsTreeName: 'contoso.com', NetBiosName: 'CONTOSO', Sid: 'S-1-5-21-2126449477-2524075714-3094792973' } } });
    const after = captureIO();
    after.env = { KUBECONFIG: api.kubeconfigFile };
    await main(['check', gmsaApp, '--cluster', 'live', '-o', 'json'], after);
    assert.deepEqual((JSON.parse(after.out) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId), []);
    assert.doesNotMatch(after.err, /gmsacredentialspecs/);
  });

  it('simulate --context NAME places the pods on the live Windows node', async () => {
    const cli = io();
    const code = await main(['simulate', manifest, '--context', 'fake', '-o', 'json'], cli);
    const result = JSON.parse(cli.out) as { pods: { node: string | null; status: string }[] };
    assert.deepEqual(result.pods.map((p) => [p.node, p.status]), [['win-1', 'Running'], ['win-1', 'Running']]);
    assert.equal(code, 0);
  });

  it('prepull --cluster live writes one DaemonSet for the live Windows build', async () => {
    const cli = io();
    const code = await main(['prepull', manifest, '--cluster', 'live', '--kubeconfig', api.kubeconfigFile, '-o', 'json'], cli);
    assert.equal(code, 0, cli.err);
    const list = JSON.parse(cli.out) as { items: { metadata: { name: string } }[] };
    assert.deepEqual(list.items.map((d) => d.metadata.name), ['kube-hybrid-prepull-10-0-20348']);
  });

  it('an unknown --context: one line naming it, exit 2, no stack', async () => {
    const cli = io();
    const code = await main(['check', manifest, '--context', 'prod'], cli);
    assert.equal(code, 2);
    assert.match(cli.err, /^kube-hybrid check: context "prod" does not exist in \$KUBECONFIG .*\(contexts: fake\)\n$/);
  });

  it('an unreachable server: one line naming it, exit 2, the token never printed', async () => {
    const file = join(api.dir, 'down.yaml');
    writeFileSync(file, `apiVersion: v1\nkind: Config\nclusters: [{ name: c, cluster: { server: "https://127.0.0.1:1" } }]\nusers: [{ name: u, user: { token: ${api.token} } }]\ncontexts: [{ name: x, context: { cluster: c, user: u } }]\ncurrent-context: x\n`);
    const cli = io();
    const code = await main(['simulate', manifest, '--cluster', 'live', '--kubeconfig', file], cli);
    assert.equal(code, 2);
    assert.equal(cli.err, 'kube-hybrid simulate: cannot reach the API server https://127.0.0.1:1: ECONNREFUSED\n');
  });
});

describe('--cluster - reads a NodeList from stdin', () => {
  const nodeList = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [fakeNode('linux-1', { os: 'linux' }), fakeNode('win-1', { os: 'windows', labels: { 'node.kubernetes.io/windows-build': '10.0.20348' } })] });

  it('simulate uses the nodes on stdin', async () => {
    const cli = captureIO(nodeList);
    const code = await main(['simulate', 'examples/hybrid-app', '--cluster', '-', '-o', 'json'], cli);
    assert.notEqual(code, 2, cli.err);
    const result = JSON.parse(cli.out) as { nodes: { name: string }[] };
    assert.deepEqual(result.nodes.map((n) => n.name).sort(), ['linux-1', 'win-1']);
  });

  it('refuses - for both the cluster and the manifests', async () => {
    const cli = captureIO(nodeList);
    const code = await main(['check', '-', '--cluster', '-'], cli);
    assert.equal(code, 2);
    assert.match(cli.err, /both read standard input/);
  });
});

describe('webhook certs --apply uses the same kubeconfig loading', () => {
  it('reaches the API server of $KUBECONFIG with its credentials (no "Invalid URL")', async () => {
    const api = await startFakeApiServer();
    try {
      const cli = captureIO();
      cli.env = { KUBECONFIG: api.kubeconfigFile };
      const code = await main(['webhook', 'certs', '--apply'], cli);
      // The fake server refuses writes (405): what matters is that the request went to it, authenticated.
      const write = api.requests.find((r) => r.method === 'POST');
      assert.equal(write?.path, '/api/v1/namespaces/kube-hybrid/secrets');
      assert.equal(write?.authorization, `Bearer ${api.token}`);
      assert.equal(code, 1);
      assert.doesNotMatch(cli.err, /Invalid URL/);
    } finally {
      await api.close();
    }
  });

  it('an unknown --context is refused in one line, exit 2', async () => {
    const api = await startFakeApiServer();
    try {
      const cli = captureIO();
      cli.env = { KUBECONFIG: api.kubeconfigFile };
      assert.equal(await main(['webhook', 'certs', '--apply', '--context', 'nope'], cli), 2);
      assert.match(cli.err, /^kube-hybrid webhook certs: cannot load cluster credentials: context "nope" does not exist/);
    } finally {
      await api.close();
    }
  });
});
