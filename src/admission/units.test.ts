// Policy parsing, the JSON patch builder, taint conventions, certificates, the install manifests.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import { MutatingWebhookConfiguration, ValidatingWebhookConfiguration } from 'kubernetes-models/admissionregistration.k8s.io/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ClusterRole, ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { builtinCluster } from '../cluster/profiles.js';
import { captureIO } from '../cli/io.js';
import { webhook } from '../cli/webhook.js';
import type { KubeObject } from '../kube/types.js';
import { snapshotOf, windowsTaintsOf } from './cluster-state.js';
import { DEFAULT_POLICY_YAML, deployFiles, installObjects } from './install.js';
import { JsonPatchBuilder } from './json-patch.js';
import { actionFor, defaultPolicy, formatPolicyProblem, parsePolicy } from './policy.js';
import { createServingCertificates, serviceHosts } from './x509.js';

describe('policy file', () => {
  it('the shipped default policy parses to the defaults', () => {
    const loaded = parsePolicy(DEFAULT_POLICY_YAML, 'policy.yaml');
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.policy, defaultPolicy());
  });

  it('an empty file means the defaults', () => {
    assert.deepEqual(parsePolicy('', 'p.yaml').policy, defaultPolicy());
  });

  it('reports problems at file:line:column, all of them', () => {
    const text = ['apiVersion: kube-hybrid.io/v1alpha1', 'kind: WebhookPolicy', 'mutation:', '  nodeSelectr: true', '  toleration: sometimes', 'validation:', '  severities:', '    error: reject', '  namespaces:', '    legacy:', '      rules: { foo: maybe }'].join('\n');
    const { policy, problems } = parsePolicy(text, 'policy.yaml');
    assert.equal(policy, undefined);
    assert.deepEqual(problems.map(formatPolicyProblem), [
      'policy.yaml:4:3: unknown field "nodeSelectr" (known: enabled, nodeSelector, toleration, osField, pinWindowsBuild, runtimeClassByBuild, undecided)',
      'policy.yaml:5:15: must be auto, none, or a toleration {key, operator, value, effect}',
      'policy.yaml:8:12: must be one of deny, warn, audit, off',
      'policy.yaml:11:21: must be one of deny, warn, audit, off',
    ]);
  });

  it('reports malformed YAML with its position', () => {
    const { problems } = parsePolicy('mutation:\n  enabled: [true\n', 'p.yaml');
    assert.equal(problems.length > 0, true);
    assert.match(formatPolicyProblem(problems[0]), /^p\.yaml:\d+:\d+: malformed YAML/);
  });

  it('precedence: namespace rule, namespace severity, rule, severity', () => {
    const { policy } = parsePolicy('validation:\n  rules: { r1: audit }\n  namespaces:\n    ns: { severities: { error: warn }, rules: { r2: off } }\n');
    assert.ok(policy);
    const v = policy.validation;
    assert.equal(actionFor(v, 'other', 'r0', 'error'), 'deny');
    assert.equal(actionFor(v, 'other', 'r1', 'error'), 'audit');
    assert.equal(actionFor(v, 'ns', 'r0', 'error'), 'warn');
    assert.equal(actionFor(v, 'ns', 'r2', 'error'), 'off');
    assert.equal(actionFor(v, 'ns', 'gmsa-credential-spec-not-found', 'warning'), 'off');
  });

  it('takes a fixed toleration and a RuntimeClass per build', () => {
    const { policy, problems } = parsePolicy('mutation:\n  toleration: { key: os, value: Windows, effect: NoSchedule }\n  runtimeClassByBuild: { "10.0.20348": windows-2022 }\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(policy?.mutation.toleration, { key: 'os', operator: 'Equal', value: 'Windows', effect: 'NoSchedule' });
    assert.deepEqual(policy?.mutation.runtimeClassByBuild, { '10.0.20348': 'windows-2022' });
  });
});

describe('JsonPatchBuilder', () => {
  it('creates a missing map once, then adds members into it', () => {
    const b = new JsonPatchBuilder({ spec: {} });
    assert.equal(b.addMember(['spec', 'nodeSelector', 'kubernetes.io/os'], 'windows'), true);
    assert.equal(b.addMember(['spec', 'nodeSelector', 'node.kubernetes.io/windows-build'], '10.0.20348'), true);
    assert.deepEqual(b.operations, [
      { op: 'add', path: '/spec/nodeSelector', value: { 'kubernetes.io/os': 'windows' } },
      { op: 'add', path: '/spec/nodeSelector/node.kubernetes.io~1windows-build', value: '10.0.20348' },
    ]);
  });

  it('never overwrites, and does not patch through a non-object', () => {
    const b = new JsonPatchBuilder({ spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: 'oops' } });
    assert.equal(b.addMember(['spec', 'nodeSelector', 'kubernetes.io/os'], 'windows'), false);
    assert.equal(b.appendTo(['spec', 'tolerations'], { key: 'os' }), false);
    assert.deepEqual(b.operations, []);
  });

  it('replaces a null member and appends to arrays', () => {
    const original = { spec: { nodeSelector: null, tolerations: [{ key: 'a' }] } };
    const b = new JsonPatchBuilder(original);
    b.addMember(['spec', 'nodeSelector', 'kubernetes.io/os'], 'windows');
    b.appendTo(['spec', 'tolerations'], { key: 'os' });
    assert.deepEqual(b.operations.map((o) => o.path), ['/spec/nodeSelector', '/spec/tolerations/-']);
    assert.deepEqual(original, { spec: { nodeSelector: null, tolerations: [{ key: 'a' }] } }, 'the object as received is untouched');
  });
});

describe('taint conventions', () => {
  it('finds os=windows (kubeadm), node.kubernetes.io/os=windows (GKE), none (AKS)', () => {
    assert.deepEqual(windowsTaintsOf(builtinCluster('kubeadm').nodes), [{ key: 'os', value: 'windows', effect: 'NoSchedule' }]);
    assert.deepEqual(windowsTaintsOf(builtinCluster('gke').nodes), [{ key: 'node.kubernetes.io/os', value: 'windows', effect: 'NoSchedule' }]);
    assert.deepEqual(windowsTaintsOf(builtinCluster('aks').nodes), []);
  });

  it('keeps the value as written (AKS-HCI writes Windows) and ignores Linux nodes', () => {
    const nodes = [
      { metadata: { name: 'w', labels: { 'kubernetes.io/os': 'windows' } }, spec: { taints: [{ key: 'os', value: 'Windows', effect: 'NoSchedule' as const }, { key: 'other', value: 'x', effect: 'NoSchedule' as const }] } },
      { metadata: { name: 'l', labels: { 'kubernetes.io/os': 'linux' } }, spec: { taints: [{ key: 'os', value: 'windows', effect: 'NoExecute' as const }] } },
    ];
    assert.deepEqual(windowsTaintsOf(nodes), [{ key: 'os', value: 'Windows', effect: 'NoSchedule' }]);
  });

  it('lists the Windows builds of a multi-build cluster', () => {
    assert.deepEqual(snapshotOf(builtinCluster('multi-build'), [], 1).windowsBuilds, ['10.0.17763', '10.0.20348', '10.0.26100']);
  });
});

describe('self-signed certificates (node:crypto, no openssl)', () => {
  it('makes a CA and a serving certificate for the Service names', () => {
    const hosts = serviceHosts('kube-hybrid-webhook', 'kube-hybrid');
    const { ca, serving } = createServingCertificates(hosts);
    const caCert = new X509Certificate(ca.cert);
    const leaf = new X509Certificate(serving.cert);
    assert.equal(caCert.ca, true);
    assert.equal(leaf.ca, false);
    assert.equal(leaf.checkIssued(caCert), true);
    assert.equal(leaf.verify(caCert.publicKey), true);
    assert.equal(leaf.checkHost('kube-hybrid-webhook.kube-hybrid.svc'), 'kube-hybrid-webhook.kube-hybrid.svc');
    assert.equal(leaf.checkPrivateKey(createPrivateKey(serving.key)), true);
  });

  it('is accepted by openssl verify as a TLS server certificate', (t) => {
    try {
      execFileSync('openssl', ['version']);
    } catch {
      t.skip('openssl not installed');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'kh-x509-'));
    try {
      const { ca, serving } = createServingCertificates(['localhost', '127.0.0.1']);
      writeFileSync(join(dir, 'ca.pem'), ca.cert);
      writeFileSync(join(dir, 'leaf.pem'), serving.cert);
      const out = execFileSync('openssl', ['verify', '-CAfile', join(dir, 'ca.pem'), '-purpose', 'sslserver', join(dir, 'leaf.pem')]).toString();
      assert.match(out, /leaf\.pem: OK/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** kubernetes-models validates against the Kubernetes OpenAPI schemas; cert-manager is checked by shape. */
function validateObject(object: KubeObject): void {
  const models: Record<string, new (data: never) => { validate(): void }> = {
    Namespace, ServiceAccount, ConfigMap, Secret, Service, Deployment, PodDisruptionBudget, ClusterRole, ClusterRoleBinding, MutatingWebhookConfiguration, ValidatingWebhookConfiguration,
  };
  const Model = models[object.kind];
  if (Model) {
    new Model(object as never).validate();
    return;
  }
  assert.equal(object.apiVersion, 'cert-manager.io/v1', `no schema for ${object.kind}`);
  const spec = object.spec as Record<string, unknown>;
  if (object.kind === 'Issuer') assert.deepEqual(spec, { selfSigned: {} });
  else {
    assert.equal(object.kind, 'Certificate');
    assert.equal(typeof spec.secretName, 'string');
    assert.ok(Array.isArray(spec.dnsNames) && spec.dnsNames.length > 0);
    assert.equal((spec.issuerRef as { name: string }).name, 'kube-hybrid-webhook-selfsigned');
  }
}

describe('install manifests', () => {
  for (const tls of ['cert-manager', 'self-signed'] as const) {
    it(`every object validates against the Kubernetes schemas (${tls})`, () => {
      const made = createServingCertificates(serviceHosts('kube-hybrid-webhook', 'kube-hybrid'));
      const objects = installObjects({ namespace: 'kube-hybrid', image: 'example/kube-hybrid:1', tls, failurePolicy: 'Fail', policyYaml: DEFAULT_POLICY_YAML, certificates: tls === 'self-signed' ? { caCert: made.ca.cert, cert: made.serving.cert, key: made.serving.key } : undefined });
      for (const object of objects) validateObject(object);
      const kinds = objects.map((o) => o.kind);
      for (const k of ['Namespace', 'Deployment', 'PodDisruptionBudget', 'Service', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap']) assert.ok(kinds.includes(k), k);
      assert.ok(kinds.includes(tls === 'self-signed' ? 'Secret' : 'Certificate'));
      const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as { spec: { replicas: number; template: { spec: { nodeSelector: Record<string, string>; containers: { readinessProbe: unknown; resources: { requests: unknown } }[]; securityContext: { runAsNonRoot: boolean } } } } };
      assert.equal(deployment.spec.replicas, 2);
      assert.deepEqual(deployment.spec.template.spec.nodeSelector, { 'kubernetes.io/os': 'linux' });
      assert.equal(deployment.spec.template.spec.securityContext.runAsNonRoot, true);
      assert.ok(deployment.spec.template.spec.containers[0].readinessProbe && deployment.spec.template.spec.containers[0].resources.requests);
      const mutating = objects.find((o) => o.kind === 'MutatingWebhookConfiguration') as unknown as { webhooks: { timeoutSeconds: number; failurePolicy: string; matchConditions: unknown[]; clientConfig: { caBundle?: string } }[] };
      assert.equal(mutating.webhooks[0].failurePolicy, 'Fail');
      assert.ok(mutating.webhooks[0].timeoutSeconds <= 10);
      assert.ok(mutating.webhooks[0].matchConditions.length > 0);
      if (tls === 'self-signed') assert.equal(Buffer.from(mutating.webhooks[0].clientConfig.caBundle ?? '', 'base64').toString(), made.ca.cert);
    });
  }

  it('deploy/ holds exactly what the generator makes, and every file parses and validates', () => {
    const deploy = fileURLToPath(new URL('../../deploy/', import.meta.url));
    for (const [file, text] of Object.entries(deployFiles((o) => stringify(o, { lineWidth: 0 })))) {
      const onDisk = readFileSync(join(deploy, file), 'utf8');
      assert.equal(onDisk, text, `deploy/${file} is out of date: regenerate it from installObjects()`);
      for (const doc of parseAllDocuments(onDisk)) {
        const object = (Array.isArray(doc) ? undefined : doc.toJS()) as KubeObject;
        if (object.kind !== 'Kustomization') validateObject(object);
      }
    }
  });

  it('`webhook manifests` prints them as YAML; `-o json` as a List', async () => {
    const io = captureIO();
    assert.equal(await webhook(['manifests', '--tls', 'self-signed', '--namespace', 'hybrid'], io), 0);
    const objects = parseAllDocuments(io.out).map((d) => (Array.isArray(d) ? undefined : d.toJS()) as KubeObject);
    assert.ok(objects.length >= 11);
    for (const object of objects) validateObject(object);
    const json = captureIO();
    assert.equal(await webhook(['manifests', '-o', 'json'], json), 0);
    assert.equal(JSON.parse(json.out).kind, 'List');
  });

  it('`webhook certs --out-dir` writes a usable CA, certificate and key; bad flags exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-certs-'));
    try {
      const io = captureIO('', dir);
      assert.equal(await webhook(['certs', '--out-dir', 'out', '--namespace', 'hybrid', '--print-secret'], io), 0);
      const leaf = new X509Certificate(readFileSync(join(dir, 'out', 'tls.crt')));
      assert.ok(leaf.checkIssued(new X509Certificate(readFileSync(join(dir, 'out', 'ca.crt')))));
      assert.ok(leaf.checkHost('kube-hybrid-webhook.hybrid.svc'));
      assert.match(io.out, /kind: Secret/);
      assert.match(io.err, /kubectl patch mutatingwebhookconfiguration kube-hybrid --type=json/);
      assert.equal(await webhook(['serve'], captureIO()), 2);
      assert.equal(await webhook(['manifests', '--tls', 'magic'], captureIO()), 2);
      assert.equal(await webhook(['nope'], captureIO()), 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
