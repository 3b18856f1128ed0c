// Kubeconfig loading and the paginated client against a fake kube-apiserver on 127.0.0.1; the real
// kubectl reads the same kubeconfig, and an exec credential plugin is a small script.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { fakeNode, startFakeApiServer } from '../admission/testing/apiserver.js';
import type { FakeApiServer, KubeObjectJson } from '../admission/testing/apiserver.js';
import { LiveError, createLiveClient, mapBounded } from './client.js';
import { readLiveCluster } from './cluster.js';
import { KubeconfigError, loadKubeconfig } from './kubeconfig.js';
import { NODES, PODS, auditClusterRole, pathOf } from './resources.js';

const run = promisify(execFile);
const KUBECTL = '/usr/bin/kubectl';

function kubeconfigYaml(options: { contexts: { name: string; cluster: string; user: string }[]; clusters: { name: string; server: string; ca?: string }[]; users: { name: string; body: string[] }[]; current?: string }): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (const c of options.clusters) lines.push(`- name: ${c.name}`, '  cluster:', `    server: ${c.server}`, ...(c.ca ? [`    certificate-authority-data: ${c.ca}`] : []));
  lines.push('users:');
  for (const u of options.users) lines.push(`- name: ${u.name}`, '  user:', ...u.body.map((l) => `    ${l}`));
  lines.push('contexts:');
  for (const c of options.contexts) lines.push(`- name: ${c.name}`, `  context: { cluster: ${c.cluster}, user: ${c.user} }`);
  if (options.current) lines.push(`current-context: ${options.current}`);
  return lines.join('\n') + '\n';
}

function caOf(api: FakeApiServer): string {
  return /certificate-authority-data: (\S+)/.exec(readFileSync(api.kubeconfigFile, 'utf8'))?.[1] ?? '';
}

describe('loadKubeconfig follows kubectl loading rules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-hybrid-kubeconfig-'));
  const a = join(dir, 'a.yaml');
  const b = join(dir, 'b.yaml');
  writeFileSync(a, kubeconfigYaml({ clusters: [{ name: 'one', server: 'https://one.example:6443' }], users: [{ name: 'u1', body: ['token: secret-one'] }], contexts: [{ name: 'ctx-one', cluster: 'one', user: 'u1' }], current: 'ctx-one' }));
  writeFileSync(b, kubeconfigYaml({ clusters: [{ name: 'one', server: 'https://shadowed.example' }, { name: 'two', server: 'https://two.example:6443' }], users: [{ name: 'u2', body: ['token: secret-two'] }], contexts: [{ name: 'ctx-two', cluster: 'two', user: 'u2' }], current: 'ctx-two' }));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('merges the $KUBECONFIG files: the first file to set a name or current-context wins, missing files are skipped', () => {
    const loaded = loadKubeconfig({ env: { KUBECONFIG: [a, join(dir, 'missing.yaml'), b].join(':') } });
    assert.equal(loaded.origin, 'env');
    assert.equal(loaded.contextName, 'ctx-one');
    assert.equal(loaded.server, 'https://one.example:6443');
    assert.deepEqual(loaded.kubeConfig.contexts.map((c) => c.name), ['ctx-one', 'ctx-two']);
  });

  it('--context picks a context from any merged file', () => {
    const loaded = loadKubeconfig({ context: 'ctx-two', env: { KUBECONFIG: `${a}:${b}` } });
    assert.equal(loaded.server, 'https://two.example:6443');
    assert.equal(loaded.userName, 'u2');
  });

  it('--kubeconfig wins over $KUBECONFIG and reads only that file', () => {
    const loaded = loadKubeconfig({ kubeconfig: b, env: { KUBECONFIG: a } });
    assert.equal(loaded.origin, 'flag');
    assert.equal(loaded.contextName, 'ctx-two');
    assert.deepEqual(loaded.files, [b]);
  });

  it('falls back to ~/.kube/config', () => {
    const home = mkdtempSync(join(tmpdir(), 'kube-hybrid-home-'));
    try {
      const kubeDir = join(home, '.kube');
      mkdirSync(kubeDir);
      writeFileSync(join(kubeDir, 'config'), readFileSync(b));
      const loaded = loadKubeconfig({ env: { HOME: home } });
      assert.equal(loaded.origin, 'home');
      assert.equal(loaded.contextName, 'ctx-two');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  const errors: [string, Parameters<typeof loadKubeconfig>[0], RegExp][] = [
    ['an unknown --context is named with the known ones', { context: 'nope', env: { KUBECONFIG: a } }, /^context "nope" does not exist in \$KUBECONFIG .*\(contexts: ctx-one\)$/],
    ['a missing --kubeconfig file is named', { kubeconfig: join(dir, 'gone.yaml'), env: {} }, /^kubeconfig .*gone\.yaml does not exist$/],
    ['no kubeconfig anywhere and not in a cluster', { env: {} }, /^no kubeconfig: /],
  ];
  for (const [name, options, message] of errors) {
    it(`fails with one line when ${name}`, () => {
      assert.throws(() => loadKubeconfig(options), (e: unknown) => e instanceof KubeconfigError && message.test(e.message) && !e.message.includes('secret-'));
    });
  }
});

describe('the live client against a fake kube-apiserver', () => {
  let api: FakeApiServer;
  before(async () => {
    api = await startFakeApiServer();
    api.nodes.seed(fakeNode('linux-1', { os: 'linux' }), fakeNode('win-1', { os: 'windows' }), fakeNode('win-2', { os: 'windows' }));
    api.resource('/api/v1/namespaces', 'v1', 'Namespace').seed({ metadata: { name: 'web' } }, { metadata: { name: 'batch' } });
    const pods = api.resource('/api/v1/pods', 'v1', 'Pod', true);
    const seeded: KubeObjectJson[] = [];
    for (let i = 0; i < 7; i++) seeded.push({ metadata: { name: `p${i}`, namespace: i % 2 ? 'web' : 'batch' }, spec: { containers: [] } });
    pods.seed(...seeded);
  });
  after(async () => api.close());

  it('lists in pages of `limit`, following `continue` until the end, as kubectl does', async () => {
    const client = createLiveClient(loadKubeconfig({ kubeconfig: api.kubeconfigFile, env: {} }));
    const result = await client.list<KubeObjectJson>(PODS, { limit: 3 });
    assert.equal(result.pages, 3);
    assert.equal(result.items.length, 7);
    const requests = api.requestsTo('/api/v1/pods', 'list');
    assert.deepEqual(requests.map((r) => r.query.limit), ['3', '3', '3']);
    assert.equal(requests[0].query.continue, undefined);
    assert.ok(requests[1].query.continue);
  });

  it('lists one namespace through its namespaced path', async () => {
    const client = createLiveClient(loadKubeconfig({ kubeconfig: api.kubeconfigFile, env: {} }));
    const result = await client.list<KubeObjectJson>(PODS, { namespace: 'web' });
    assert.deepEqual(result.items.map((p) => p.metadata.name), ['p1', 'p3', 'p5']);
    assert.equal(pathOf(PODS, 'web'), '/api/v1/namespaces/web/pods');
  });

  it('the real kubectl accepts the same kubeconfig and sees the same nodes', { skip: !existsSync(KUBECTL) && 'no kubectl' }, async () => {
    const { stdout } = await run(KUBECTL, ['--kubeconfig', api.kubeconfigFile, 'get', 'nodes', '-o', 'name'], { env: { PATH: process.env.PATH ?? '', HOME: tmpdir() } });
    assert.deepEqual(stdout.trim().split('\n'), ['node/linux-1', 'node/win-1', 'node/win-2']);
    const client = createLiveClient(loadKubeconfig({ kubeconfig: api.kubeconfigFile, env: {} }));
    const ours = await client.list<KubeObjectJson>(NODES);
    assert.deepEqual(ours.items.map((n) => `node/${n.metadata.name}`), ['node/linux-1', 'node/win-1', 'node/win-2']);
  });

  it('authenticates through an exec credential plugin that returns an ExecCredential', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-hybrid-exec-'));
    try {
      const plugin = join(dir, 'credential-plugin.sh');
      writeFileSync(plugin, '#!/bin/sh\necho \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-exec-plugin"}}\'\n');
      chmodSync(plugin, 0o755);
      api.acceptedTokens.add('from-exec-plugin');
      const file = join(dir, 'kubeconfig');
      writeFileSync(
        file,
        kubeconfigYaml({
          clusters: [{ name: 'fake', server: api.url, ca: caOf(api) }],
          users: [{ name: 'exec-user', body: ['exec:', '  apiVersion: client.authentication.k8s.io/v1', `  command: ${plugin}`, '  interactiveMode: Never'] }],
          contexts: [{ name: 'exec', cluster: 'fake', user: 'exec-user' }],
          current: 'exec',
        }),
      );
      const client = createLiveClient(loadKubeconfig({ kubeconfig: file, env: {} }));
      const before = api.requests.length;
      const nodes = await client.list<KubeObjectJson>(NODES);
      assert.equal(nodes.items.length, 3);
      assert.equal(api.requests[before].authorization, 'Bearer from-exec-plugin');
      const { stdout } = await run(KUBECTL, ['--kubeconfig', file, 'get', 'nodes', '-o', 'name'], { env: { PATH: process.env.PATH ?? '', HOME: dir } });
      assert.equal(stdout.trim().split('\n').length, 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('authenticates with a client certificate from the kubeconfig (ours and the real kubectl)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-hybrid-cert-'));
    try {
      const { cert, key } = api.clientCertificate('cert-admin');
      const b64 = (text: string) => Buffer.from(text).toString('base64');
      const file = join(dir, 'kubeconfig');
      writeFileSync(
        file,
        kubeconfigYaml({
          clusters: [{ name: 'fake', server: api.url, ca: caOf(api) }],
          users: [{ name: 'cert-user', body: [`client-certificate-data: ${b64(cert)}`, `client-key-data: ${b64(key)}`] }],
          contexts: [{ name: 'cert', cluster: 'fake', user: 'cert-user' }],
          current: 'cert',
        }),
      );
      const before = api.certificateUsers.length;
      const client = createLiveClient(loadKubeconfig({ kubeconfig: file, env: {} }));
      assert.equal((await client.list<KubeObjectJson>(NODES)).items.length, 3);
      assert.equal(api.certificateUsers[before], 'cert-admin');
      const { stdout } = await run(KUBECTL, ['--kubeconfig', file, 'get', 'nodes', '-o', 'name'], { env: { PATH: process.env.PATH ?? '', HOME: dir } });
      assert.equal(stdout.trim().split('\n').length, 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the cluster kinds, skipping an absent CRD and a forbidden kind with notes', async () => {
    api.runtimeClasses.forbidden = true;
    try {
      const client = createLiveClient(loadKubeconfig({ kubeconfig: api.kubeconfigFile, env: {} }));
      const read = await readLiveCluster(client, 'fake');
      assert.deepEqual(read.cluster.nodes.map((n) => n.metadata.name), ['linux-1', 'win-1', 'win-2']);
      assert.equal(read.serverVersion?.gitVersion, 'v1.31.2');
      assert.deepEqual(read.notes.map((n) => n.resource).sort(), ['gmsacredentialspecs.windows.k8s.io', 'runtimeclasses.node.k8s.io']);
      const rc = read.notes.find((n) => n.resource === 'runtimeclasses.node.k8s.io');
      assert.match(rc?.message ?? '', /forbidden \(403\).*\n- apiGroups: \["node\.k8s\.io"\]\n {2}resources: \["runtimeclasses"\]\n {2}verbs: \["get", "list"\]/);
      assert.match(read.notes.find((n) => n.resource.startsWith('gmsa'))?.message ?? '', /not served by this cluster/);
    } finally {
      api.runtimeClasses.forbidden = false;
    }
  });

  const bad: [string, () => string, RegExp, string][] = [
    ['an expired or wrong token', () => writeConfig('token: expired-token'), /refused the credentials \(401 Unauthorized\) for list nodes/, 'unauthorized'],
    ['a server certificate signed by an unknown CA', () => writeConfig(`token: ${api.token}`, false), /^TLS error talking to https:\/\/127\.0\.0\.1:\d+: (SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)/, 'tls'],
    ['an unreachable server', () => writeConfig(`token: ${api.token}`, true, 'https://127.0.0.1:1'), /^cannot reach the API server https:\/\/127\.0\.0\.1:1: ECONNREFUSED$/, 'unreachable'],
    ['a failing exec plugin', () => writeConfig('exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /bin/false'), /^cannot get credentials for user "u"/, 'credentials'],
  ];
  function writeConfig(userBody: string, withCa = true, server?: string): string {
    const file = join(api.dir, `bad-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, kubeconfigYaml({ clusters: [{ name: 'c', server: server ?? api.url, ca: withCa ? caOf(api) : undefined }], users: [{ name: 'u', body: userBody.split('\n').map((l, i) => (i === 0 ? l : l.slice(4))) }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], current: 'x' }));
    return file;
  }
  for (const [name, make, message, kind] of bad) {
    it(`reports ${name} in one line naming what failed, without the credential`, async () => {
      const client = createLiveClient(loadKubeconfig({ kubeconfig: make(), env: {} }), { timeoutMs: 5000 });
      await assert.rejects(client.list(NODES), (e: unknown) => {
        assert.ok(e instanceof LiveError);
        assert.equal(e.kind, kind);
        assert.match(e.message, message);
        assert.ok(!e.message.includes('\n') && !e.message.includes(api.token) && !e.message.includes('expired-token'));
        return true;
      });
    });
  }
});

describe('mapBounded', () => {
  it('never runs more than the limit at once and keeps input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return n * 10;
    });
    assert.deepEqual(out, [10, 20, 30, 40, 50, 60, 70]);
    assert.equal(peak, 3);
  });
});

describe('auditClusterRole', () => {
  it('grants only get and list, and never Secrets', () => {
    const role = auditClusterRole();
    assert.doesNotMatch(role, /secrets|create|update|patch|delete|watch/);
    assert.match(role, /resources: \["nodes", "namespaces", "pods", "events"\]/);
  });
});
