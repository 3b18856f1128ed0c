// End to end through a real kube-apiserver: `kube-hybrid webhook serve` on 127.0.0.1, registered with
// the install manifests' webhook configurations (rules, selectors, matchConditions compiled by the real
// server) pointing at it by clientConfig.url with our CA in caBundle; then the real kubectl applies
// Windows and Linux workloads. Run by `npm run test:e2e` (needs the test bed: testbed/build.sh).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { APP_NAME, DEFAULT_IMAGE, DEFAULT_NAMESPACE, DEFAULT_POLICY_YAML, installObjects } from '../../../admission/install.js';
import type { FailurePolicy } from '../../../admission/install.js';
import { fieldOf } from '../../../admission/validate.js';
import { createServingCertificates } from '../../../admission/x509.js';
import type { KubeObject, Node } from '../../../kube/types.js';
import { repoPath } from '../../paths.js';
import { ControlPlane } from '../controlplane.js';
import { findingsOf } from '../findings.js';
import { kubectl } from '../kubectl.js';
import type { KubectlResult } from '../kubectl.js';
import { createNode, providerNode } from '../nodes.js';
import { freePort, startProcess, stopGroup } from '../processes.js';
import type { Managed } from '../processes.js';
import { testbedAvailability } from '../require.js';
import { waitForWebhookReady } from './webhook-ready.js';

const availability = testbedAvailability(true);
const NS = 'apps';
const WINDOWS_IMAGE = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';

type Json = Record<string, unknown>;

function deployment(name: string, podSpec: Json, extra: { annotations?: Record<string, string> } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: podSpec } },
  };
}

/** A Windows pod spec that already selects and tolerates the Windows nodes: the mutating webhook leaves it as written. */
function pinnedWindows(spec: Json): Json {
  return { nodeSelector: { 'kubernetes.io/os': 'windows' }, tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }], ...spec };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the webhook behind a real kube-apiserver, driven by kubectl', { skip: availability.skip }, () => {
  let plane: ControlPlane;
  let webhook: Managed | undefined;
  let webhookPort = 0;
  let caPem = '';
  let dir = '';
  const nodes: Node[] = [];

  const apply = (object: KubeObject): Promise<KubectlResult> => kubectl(availability.kubectl!, plane.state.kubeconfigs.admin, ['apply', '-f', '-'], JSON.stringify(object));
  const stored = async (name: string, namespace = NS): Promise<Json> => plane.admin.must<Json>('GET', `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`);
  const templateSpec = (d: Json): Json => ((d.spec as Json).template as Json).spec as Json;

  async function startWebhook(): Promise<void> {
    webhook = startProcess({
      name: 'kube-hybrid-webhook',
      command: process.execPath,
      args: [
        repoPath('bin/kube-hybrid.js'),
        'webhook',
        'serve',
        `--tls-cert-file=${join(dir, 'webhook.crt')}`,
        `--tls-private-key-file=${join(dir, 'webhook.key')}`,
        '--address=127.0.0.1',
        `--port=${webhookPort}`,
        `--kubeconfig=${join(dir, 'webhook.kubeconfig')}`,
        '--log-level=warn',
      ],
      logFile: join(dir, 'webhook.log'),
      guardParent: true,
    });
    await waitForWebhookReady(webhookPort, caPem);
  }

  async function stopWebhook(): Promise<void> {
    if (webhook) await stopGroup(webhook.pid);
    webhook = undefined;
  }

  /** The install manifests' webhook configurations, pointed at 127.0.0.1 by URL with our CA. */
  async function registerWebhooks(failurePolicy: FailurePolicy): Promise<void> {
    const objects = installObjects({ namespace: DEFAULT_NAMESPACE, image: DEFAULT_IMAGE, tls: 'self-signed', failurePolicy, policyYaml: DEFAULT_POLICY_YAML });
    for (const o of objects.filter((x) => x.kind === 'MutatingWebhookConfiguration' || x.kind === 'ValidatingWebhookConfiguration')) {
      const config = structuredClone(o) as Json;
      for (const hook of config.webhooks as Json[]) {
        const service = (hook.clientConfig as Json).service as Json;
        hook.clientConfig = { url: `https://127.0.0.1:${webhookPort}${String(service.path)}`, caBundle: Buffer.from(caPem).toString('base64') };
      }
      const plural = o.kind === 'MutatingWebhookConfiguration' ? 'mutatingwebhookconfigurations' : 'validatingwebhookconfigurations';
      await plane.admin.request('DELETE', `/apis/admissionregistration.k8s.io/v1/${plural}/${o.metadata?.name}`);
      await plane.admin.must('POST', `/apis/admissionregistration.k8s.io/v1/${plural}`, config);
    }
    // The API server picks up webhook configurations through an informer: give it a moment.
    await sleep(1500);
  }

  before(async () => {
    plane = await ControlPlane.start({ binDir: availability.binDir! });
    dir = plane.state.dataDir;
    // A kubeadm-shaped hybrid cluster: Linux workers and Windows workers tainted os=windows:NoSchedule.
    nodes.push(providerNode('kubeadm', 'linux', 'linux-0'), providerNode('kubeadm', 'linux', 'linux-1'), providerNode('kubeadm', 'windows', 'win-0'), providerNode('kubeadm', 'windows', 'win-1'));
    for (const node of nodes) await createNode(plane.admin, node);
    await plane.admin.must('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });

    // The install manifests' namespace, ServiceAccount and RBAC, for real: the webhook reads the
    // cluster with a token of its own ServiceAccount, so a missing permission would show here.
    const objects = installObjects({ namespace: DEFAULT_NAMESPACE, image: DEFAULT_IMAGE, tls: 'self-signed', failurePolicy: 'Ignore', policyYaml: DEFAULT_POLICY_YAML });
    const paths: Record<string, string> = {
      Namespace: '/api/v1/namespaces',
      ServiceAccount: `/api/v1/namespaces/${DEFAULT_NAMESPACE}/serviceaccounts`,
      ClusterRole: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
      ClusterRoleBinding: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
    };
    for (const o of objects) if (paths[o.kind]) await plane.admin.must('POST', paths[o.kind], o);
    const tokenRequest = await plane.admin.must<Json>('POST', `/api/v1/namespaces/${DEFAULT_NAMESPACE}/serviceaccounts/${APP_NAME}/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } });
    const token = String((tokenRequest.status as Json).token);
    const ca = Buffer.from(plane.state.ca).toString('base64');
    writeFileSync(
      join(dir, 'webhook.kubeconfig'),
      `apiVersion: v1\nkind: Config\nclusters:\n- name: t\n  cluster: {server: "${plane.server}", certificate-authority-data: ${ca}}\nusers:\n- name: w\n  user: {token: "${token}"}\ncontexts:\n- name: w\n  context: {cluster: t, user: w}\ncurrent-context: w\n`,
      { mode: 0o600 },
    );

    const certs = createServingCertificates(['127.0.0.1', 'localhost']);
    caPem = certs.ca.cert;
    writeFileSync(join(dir, 'webhook.crt'), certs.serving.cert);
    writeFileSync(join(dir, 'webhook.key'), certs.serving.key, { mode: 0o600 });
    webhookPort = await freePort();
    await startWebhook();
    await registerWebhooks('Ignore');
  });

  after(async () => {
    await stopWebhook();
    await plane?.stop();
  });

  test('a Windows Deployment is stored with our nodeSelector and toleration, and the real scheduler puts its pods on Windows nodes', async () => {
    const result = await apply(deployment('iis', { containers: [{ name: 'iis', image: WINDOWS_IMAGE }] }));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /deployment\.apps\/iis created/);
    const spec = templateSpec(await stored('iis'));
    assert.deepEqual(spec.nodeSelector, { 'kubernetes.io/os': 'windows' });
    assert.deepEqual(spec.tolerations, [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }]);

    const deadline = Date.now() + 60_000;
    let placed: string[] = [];
    while (Date.now() < deadline) {
      const pods = await plane.admin.must<{ items: Json[] }>('GET', `/api/v1/namespaces/${NS}/pods?labelSelector=app%3Diis`);
      placed = pods.items.map((p) => String((p.spec as Json).nodeName ?? '')).filter((n) => n !== '');
      if (placed.length === 2) break;
      await sleep(250);
    }
    assert.equal(placed.length, 2, 'both replicas are bound');
    for (const node of placed) assert.match(node, /^win-/);
  });

  test('a Linux Deployment that declares spec.os.name gets the Linux nodeSelector', async () => {
    const result = await apply(deployment('web', { os: { name: 'linux' }, containers: [{ name: 'web', image: 'nginx:1.27' }] }));
    assert.equal(result.code, 0, result.stderr);
    const spec = templateSpec(await stored('web'));
    assert.deepEqual(spec.nodeSelector, { 'kubernetes.io/os': 'linux' });
    assert.equal(spec.tolerations, undefined);
  });

  test('a denial reaches kubectl with our message', async () => {
    const object = deployment('nfs-share', pinnedWindows({
      containers: [{ name: 'app', image: WINDOWS_IMAGE, volumeMounts: [{ name: 'share', mountPath: 'C:\\share' }] }],
      volumes: [{ name: 'share', nfs: { server: 'files.example', path: '/exports' } }],
    }));
    const expected = findingsOf([object], nodes).filter((f) => f.severity === 'error');
    assert.ok(expected.some((f) => f.ruleId === 'windows-unsupported-volume'), 'check finds the NFS volume');
    const result = await apply(object);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /admission webhook "validate\.webhook\.kube-hybrid\.io" denied the request: kube-hybrid refused/);
    for (const f of expected) assert.ok(result.stderr.includes(`[${f.ruleId}] ${fieldOf(f.path)} (${f.path}): ${f.message}`), `kubectl shows ${f.ruleId}: ${result.stderr}`);
    const get = await plane.admin.get(`/apis/apps/v1/namespaces/${NS}/deployments/nfs-share`);
    assert.equal(get.status, 404, 'nothing was stored');
  });

  test('warnings appear as kubectl prints them', async () => {
    const object = deployment('priv', pinnedWindows({ containers: [{ name: 'app', image: WINDOWS_IMAGE, securityContext: { privileged: true } }] }));
    const expected = findingsOf([object], nodes).filter((f) => f.severity === 'warning');
    assert.ok(expected.some((f) => f.ruleId === 'windows-forbidden-field'), 'check warns about privileged on Windows');
    const result = await apply(object);
    assert.equal(result.code, 0, result.stderr);
    // The field can differ where the server's defaults add one (resources: {} on a container).
    const lines = result.stderr.split('\n');
    for (const f of expected) assert.ok(lines.some((l) => l.startsWith(`Warning: [${f.ruleId}] `) && l.endsWith(`: ${f.message}`)), `kubectl prints the warning for ${f.ruleId}: ${result.stderr}`);
    const privileged = expected.find((f) => f.ruleId === 'windows-forbidden-field')!;
    assert.ok(lines.includes(`Warning: [windows-forbidden-field] ${fieldOf(privileged.path)}: ${privileged.message}`), result.stderr);
  });

  test('the annotation opt-out is honoured by the matchConditions the real server compiled', async () => {
    const result = await apply(deployment('opted-out', { containers: [{ name: 'iis', image: WINDOWS_IMAGE }] }, { annotations: { 'kube-hybrid.io/webhook': 'disabled' } }));
    assert.equal(result.code, 0, result.stderr);
    assert.equal(templateSpec(await stored('opted-out')).nodeSelector, undefined);
  });

  test('failurePolicy Ignore: with the webhook down the object is stored unchanged', async () => {
    await stopWebhook();
    try {
      const result = await apply(deployment('while-down', { containers: [{ name: 'iis', image: WINDOWS_IMAGE }] }));
      assert.equal(result.code, 0, result.stderr);
      assert.equal(templateSpec(await stored('while-down')).nodeSelector, undefined);
    } finally {
      await startWebhook();
    }
  });

  test('failurePolicy Fail: with the webhook down kubectl reports the failed call and nothing is stored', async () => {
    await registerWebhooks('Fail');
    await stopWebhook();
    try {
      const result = await apply(deployment('fail-closed', { containers: [{ name: 'iis', image: WINDOWS_IMAGE }] }));
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /failed calling webhook "mutate\.webhook\.kube-hybrid\.io"/);
      assert.equal((await plane.admin.get(`/apis/apps/v1/namespaces/${NS}/deployments/fail-closed`)).status, 404);
    } finally {
      await startWebhook();
      await registerWebhooks('Ignore');
    }
  });

  test('the restricted reader can read but not write', async () => {
    const reader = plane.state.kubeconfigs.reader;
    const get = await kubectl(availability.kubectl!, reader, ['get', 'deployments', '-n', NS, '-o', 'name']);
    assert.equal(get.code, 0, get.stderr);
    assert.match(get.stdout, /deployment\.apps\/iis/);
    const write = await kubectl(availability.kubectl!, reader, ['apply', '-f', '-'], JSON.stringify(deployment('by-reader', { containers: [{ name: 'a', image: 'nginx' }] })));
    assert.notEqual(write.code, 0);
    assert.match(write.stderr, /forbidden/i);
  });
});
