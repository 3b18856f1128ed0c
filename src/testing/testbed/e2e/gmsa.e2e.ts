// gMSA end to end through a real kube-apiserver: the GMSACredentialSpec CRD installed, RBAC granting
// or not granting `use`, `kube-hybrid webhook serve` with policy `gmsa: enforce` registered by the
// install manifests' webhook configurations, real LocalSubjectAccessReviews answered by the real RBAC
// authorizer, pods applied with the real kubectl. Run by `npm run test:e2e` (needs testbed/build.sh).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { APP_NAME, DEFAULT_IMAGE, DEFAULT_NAMESPACE, DEFAULT_POLICY_YAML, installObjects } from '../../../admission/install.js';
import { createServingCertificates } from '../../../admission/x509.js';
import { goJson } from '../../../gmsa/admission.js';
import { gmsaCredentialSpecCrd } from '../../../gmsa/crd.js';
import type { KubeObject } from '../../../kube/types.js';
import { repoPath } from '../../paths.js';
import { ControlPlane } from '../controlplane.js';
import { kubectl } from '../kubectl.js';
import type { KubectlResult } from '../kubectl.js';
import { createNode, providerNode } from '../nodes.js';
import { freePort, startProcess, stopGroup } from '../processes.js';
import type { Managed } from '../processes.js';
import { testbedAvailability } from '../require.js';
import { waitForWebhookReady } from './webhook-ready.js';

const availability = testbedAvailability(true);
const NS = 'gmsa-apps';
const WINDOWS_IMAGE = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';
type Json = Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const credspec = {
  CmsPlugins: ['ActiveDirectory'],
  DomainJoinConfig: { Sid: 'S-1-5-21-3700119848-2853083131-2094573802', MachineAccountName: 'WebApp01', Guid: '630a7dd3-2d3e-4471-ae91-1d9ea2556cd5', DnsTreeName: 'contoso.com', DnsName: 'contoso.com', NetBiosName: 'CONTOSO' },
  ActiveDirectoryConfig: { GroupManagedServiceAccounts: [{ Name: 'WebApp01', Scope: 'contoso.com' }, { Name: 'WebApp01', Scope: 'CONTOSO' }] },
};

function pod(name: string, serviceAccountName: string, windowsOptions: Json, pinned = true): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS },
    spec: {
      serviceAccountName,
      ...(pinned ? { nodeSelector: { 'kubernetes.io/os': 'windows' }, tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }] } : {}),
      securityContext: { windowsOptions },
      containers: [{ name: 'iis', image: WINDOWS_IMAGE }],
    },
  };
}

describe('gMSA: generate, check and admit through a real kube-apiserver', { skip: availability.skip }, () => {
  let plane: ControlPlane;
  let webhook: Managed | undefined;
  let webhookPort = 0;
  let caPem = '';
  let dir = '';

  const apply = (object: KubeObject): Promise<KubectlResult> => kubectl(availability.kubectl!, plane.state.kubeconfigs.admin, ['apply', '-f', '-'], JSON.stringify(object));

  async function startWebhook(): Promise<void> {
    webhook = startProcess({
      name: 'kube-hybrid-webhook-gmsa',
      command: process.execPath,
      args: [repoPath('bin/kube-hybrid.js'), 'webhook', 'serve', `--tls-cert-file=${join(dir, 'gmsa-webhook.crt')}`, `--tls-private-key-file=${join(dir, 'gmsa-webhook.key')}`, '--address=127.0.0.1', `--port=${webhookPort}`, `--kubeconfig=${join(dir, 'gmsa-webhook.kubeconfig')}`, `--policy=${join(dir, 'gmsa-policy.yaml')}`, '--log-level=warn'],
      logFile: join(dir, 'gmsa-webhook.log'),
      guardParent: true,
    });
    await waitForWebhookReady(webhookPort, caPem);
    await sleep(1000); // the GMSACredentialSpec watch lists after start
  }

  before(async () => {
    plane = await ControlPlane.start({ binDir: availability.binDir! });
    dir = plane.state.dataDir;
    for (const node of [providerNode('kubeadm', 'linux', 'linux-0'), providerNode('kubeadm', 'windows', 'win-0')]) await createNode(plane.admin, node);
    await plane.admin.must('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    for (const sa of ['iis', 'frontend']) await plane.admin.must('POST', `/api/v1/namespaces/${NS}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa } });

    // The CRD, then a credential spec and RBAC granting `use` to the iis service account only.
    await plane.admin.must('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', gmsaCredentialSpecCrd());
    for (let i = 0; i < 100; i++) {
      if ((await plane.admin.get('/apis/windows.k8s.io/v1/gmsacredentialspecs')).status === 200) break;
      await sleep(100);
    }
    const setup: KubeObject[] = [
      { apiVersion: 'windows.k8s.io/v1', kind: 'GMSACredentialSpec', metadata: { name: 'gmsa-webapp01' }, credspec },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'gmsa-webapp01-user' }, rules: [{ apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'], verbs: ['use'], resourceNames: ['gmsa-webapp01'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'iis-uses-gmsa-webapp01', namespace: NS }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'gmsa-webapp01-user' }, subjects: [{ kind: 'ServiceAccount', name: 'iis', namespace: NS }] },
    ];
    for (const o of setup) {
      const result = await apply(o);
      assert.equal(result.code, 0, result.stderr);
    }

    // The install manifests' ServiceAccount and RBAC (which now include gMSA's), used for real.
    const objects = installObjects({ namespace: DEFAULT_NAMESPACE, image: DEFAULT_IMAGE, tls: 'self-signed', failurePolicy: 'Fail', policyYaml: DEFAULT_POLICY_YAML });
    const paths: Record<string, string> = {
      Namespace: '/api/v1/namespaces',
      ServiceAccount: `/api/v1/namespaces/${DEFAULT_NAMESPACE}/serviceaccounts`,
      ClusterRole: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
      ClusterRoleBinding: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
    };
    for (const o of objects) if (paths[o.kind]) await plane.admin.must('POST', paths[o.kind], o);
    const tokenRequest = await plane.admin.must<Json>('POST', `/api/v1/namespaces/${DEFAULT_NAMESPACE}/serviceaccounts/${APP_NAME}/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } });
    const ca = Buffer.from(plane.state.ca).toString('base64');
    writeFileSync(join(dir, 'gmsa-webhook.kubeconfig'), `apiVersion: v1\nkind: Config\nclusters:\n- name: t\n  cluster: {server: "${plane.server}", certificate-authority-data: ${ca}}\nusers:\n- name: w\n  user: {token: "${String((tokenRequest.status as Json).token)}"}\ncontexts:\n- name: w\n  context: {cluster: t, user: w}\ncurrent-context: w\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'gmsa-policy.yaml'), DEFAULT_POLICY_YAML.replace("gmsa: 'off'", 'gmsa: enforce'));

    const certs = createServingCertificates(['127.0.0.1', 'localhost']);
    caPem = certs.ca.cert;
    writeFileSync(join(dir, 'gmsa-webhook.crt'), certs.serving.cert);
    writeFileSync(join(dir, 'gmsa-webhook.key'), certs.serving.key, { mode: 0o600 });
    webhookPort = await freePort();
    await startWebhook();
    for (const o of objects.filter((x) => x.kind === 'MutatingWebhookConfiguration' || x.kind === 'ValidatingWebhookConfiguration')) {
      const config = structuredClone(o) as Json;
      for (const hook of config.webhooks as Json[]) {
        const service = (hook.clientConfig as Json).service as Json;
        hook.clientConfig = { url: `https://127.0.0.1:${webhookPort}${String(service.path)}`, caBundle: Buffer.from(caPem).toString('base64') };
      }
      const plural = o.kind === 'MutatingWebhookConfiguration' ? 'mutatingwebhookconfigurations' : 'validatingwebhookconfigurations';
      await plane.admin.must('POST', `/apis/admissionregistration.k8s.io/v1/${plural}`, config);
    }
    await sleep(1500);
  });

  after(async () => {
    if (webhook) await stopGroup(webhook.pid);
    await plane?.stop();
  });

  test('a pod whose service account may use the spec is stored with the contents filled in, as windows-gmsa fills them', async () => {
    const result = await apply(pod('allowed', 'iis', { gmsaCredentialSpecName: 'gmsa-webapp01' }));
    assert.equal(result.code, 0, result.stderr);
    const stored = await plane.admin.must<Json>('GET', `/api/v1/namespaces/${NS}/pods/allowed`);
    const options = ((stored.spec as Json).securityContext as Json).windowsOptions as Json;
    assert.equal(options.gmsaCredentialSpec, goJson(credspec));
  });

  test('a service account without `use` is refused with 403 by the real SubjectAccessReview', async () => {
    const result = await apply(pod('refused', 'frontend', { gmsaCredentialSpecName: 'gmsa-webapp01' }));
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /denied the request: kube-hybrid gMSA: service account "frontend" is not authorized to `use` GMSA cred spec "gmsa-webapp01"/);
    assert.equal((await plane.admin.get(`/api/v1/namespaces/${NS}/pods/refused`)).status, 404);
  });

  test('an unknown spec is refused (404), contents without a name (422), contents that differ (422)', async () => {
    const unknown = await apply(pod('unknown', 'iis', { gmsaCredentialSpecName: 'gmsa-nope' }));
    assert.match(unknown.stderr, /cred spec gmsa-nope does not exist/);
    const nameless = await apply(pod('nameless', 'iis', { gmsaCredentialSpec: goJson(credspec) }));
    assert.match(nameless.stderr, /has a GMSA cred spec set, but does not define the name/);
    // A valid credential spec for another account: only the comparison with the resource refuses it.
    const other = structuredClone(credspec);
    other.DomainJoinConfig.MachineAccountName = 'WebApp02';
    other.ActiveDirectoryConfig.GroupManagedServiceAccounts = [{ Name: 'WebApp02', Scope: 'contoso.com' }];
    const differs = await apply(pod('differs', 'iis', { gmsaCredentialSpecName: 'gmsa-webapp01', gmsaCredentialSpec: JSON.stringify(other) }));
    assert.match(differs.stderr, /does not match the contents of GMSA resource "gmsa-webapp01"/);
  });

  test('a gMSA pod that could land on the Linux node is refused (by the placement rule, before the gMSA check says the same)', async () => {
    const object = pod('unpinned', 'iis', { gmsaCredentialSpecName: 'gmsa-webapp01' }, false);
    (object.spec as Json).os = undefined;
    const result = await apply({ ...object, metadata: { ...object.metadata, annotations: { 'kube-hybrid.io/webhook': 'no-mutation' } } });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /can be scheduled onto 1 Linux node|may be scheduled on Linux nodes \(linux-0\)/);
  });

  test('changing the gMSA name of a stored pod is refused (the pod-spec immutability of the API server answers before any webhook; our 403 is the second line, as upstream has it)', async () => {
    const object = pod('allowed', 'iis', { gmsaCredentialSpecName: 'gmsa-other', gmsaCredentialSpec: goJson(credspec) });
    const result = await apply(object);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /pod updates may not change fields|cannot update an existing pod's GMSA settings/);
    const stored = await plane.admin.must<Json>('GET', `/api/v1/namespaces/${NS}/pods/allowed`);
    assert.equal((((stored.spec as Json).securityContext as Json).windowsOptions as Json).gmsaCredentialSpecName, 'gmsa-webapp01');
  });

  test('check --cluster live asks the same question with a real SubjectAccessReview', async () => {
    const file = join(dir, 'gmsa-pods.yaml');
    writeFileSync(file, [pod('live-iis', 'iis', { gmsaCredentialSpecName: 'gmsa-webapp01' }), pod('live-frontend', 'frontend', { gmsaCredentialSpecName: 'gmsa-webapp01' })].map((o) => JSON.stringify(o)).join('\n---\n'));
    const { stdout } = await new Promise<{ stdout: string }>((done, fail) => {
      execFile(process.execPath, [repoPath('bin/kube-hybrid.js'), 'check', file, '--cluster', 'live', '--kubeconfig', plane.state.kubeconfigs.admin, '-o', 'json'], (error, out) => (error && error.code !== 1 ? fail(error) : done({ stdout: out })));
    });
    const findings = (JSON.parse(stdout) as { findings: { ruleId: string; messageId?: string; object: { name: string } }[] }).findings.filter((f) => f.ruleId === 'gmsa-service-account-cannot-use');
    assert.deepEqual(findings.map((f) => f.object.name), ['live-frontend']);
  });

  test('fail closed: when the SubjectAccessReview cannot be made the pod is refused', async () => {
    // Take away the webhook's right to ask: every review now errors, as an unreachable authorizer does.
    const role = await plane.admin.must<Json>('GET', `/apis/rbac.authorization.k8s.io/v1/clusterroles/${APP_NAME}`);
    role.rules = (role.rules as Json[]).filter((r) => !(r.apiGroups as string[]).includes('authorization.k8s.io'));
    await plane.admin.must('PUT', `/apis/rbac.authorization.k8s.io/v1/clusterroles/${APP_NAME}`, role);
    await sleep(11_000); // past the answer cache
    const result = await apply(pod('closed', 'iis', { gmsaCredentialSpecName: 'gmsa-webapp01' }));
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /error when checking authz access/);
    assert.equal((await plane.admin.get(`/api/v1/namespaces/${NS}/pods/closed`)).status, 404);
  });
});
