// Real HTTPS requests carrying AdmissionReviews shaped as kube-apiserver sends them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import type { Rule } from '../engine/types.js';
import type { KubeObject } from '../kube/types.js';
import { defaultPolicy } from './policy.js';
import type { AdmissionReviewOut } from './review.js';
import type { Running } from './testing/webhook.js';
import { admissionReview, iisDeployment, nginxPod, patchOf, send, startServer } from './testing/webhook.js';
import { jsonLogger } from './log.js';

const { applyPatch } = fastJsonPatch;

function applied(object: KubeObject, review: AdmissionReviewOut): KubeObject {
  const ops = patchOf(review.response) as Operation[];
  return applyPatch(structuredClone(object), ops, true, false).newDocument;
}

async function post(running: Running, path: string, body: unknown): Promise<AdmissionReviewOut> {
  const reply = await send(running.port, running.agent, 'POST', path, JSON.stringify(body));
  assert.equal(reply.status, 200, reply.body);
  return reply.json<AdmissionReviewOut>();
}

describe('webhook server over HTTPS (kubeadm cluster: Windows nodes tainted os=windows:NoSchedule)', () => {
  let running: Running;
  const logs: string[] = [];
  before(async () => {
    running = await startServer({ cluster: 'kubeadm', logger: jsonLogger((line) => logs.push(line), 'info') });
  });
  after(() => running.close());

  it('patches a Windows Deployment with the nodeSelector and the toleration of the taint convention', async () => {
    const deployment = iisDeployment();
    const body = admissionReview(deployment);
    const review = await post(running, '/mutate', body);
    assert.equal(review.apiVersion, 'admission.k8s.io/v1');
    assert.equal(review.kind, 'AdmissionReview');
    assert.equal(review.response.uid, (body.request as { uid: string }).uid);
    assert.equal(review.response.allowed, true);
    assert.equal(review.response.patchType, 'JSONPatch');
    const result = applied(deployment, review);
    const spec = (result.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    assert.deepEqual(spec.nodeSelector, { 'kubernetes.io/os': 'windows' });
    assert.deepEqual(spec.tolerations, [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }]);
    // Everything else is as received.
    const untouched = structuredClone(result) as unknown as { spec: { template: { spec: Record<string, unknown> } } };
    delete untouched.spec.template.spec.nodeSelector;
    delete untouched.spec.template.spec.tolerations;
    assert.deepEqual(untouched, deployment);
    assert.match(review.response.auditAnnotations?.mutations ?? '', /nodeSelector,toleration/);
    assert.ok(logs.some((l) => JSON.parse(l).msg === 'mutated'), 'a structured log line for the mutation');
  });

  it('answers an admission.k8s.io/v1beta1 review in v1beta1', async () => {
    const body = admissionReview(iisDeployment(), { apiVersion: 'admission.k8s.io/v1beta1' });
    const review = await post(running, '/mutate', body);
    assert.equal(review.apiVersion, 'admission.k8s.io/v1beta1');
    assert.equal(review.response.uid, (body.request as { uid: string }).uid);
    assert.ok(review.response.patch);
  });

  it('adds only the missing member when nodeSelector and tolerations already exist', async () => {
    const deployment = iisDeployment();
    const spec = (deployment.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    spec.nodeSelector = { 'kubernetes.io/arch': 'amd64' };
    spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }];
    const review = await post(running, '/mutate', admissionReview(deployment));
    const ops = patchOf(review.response) as Operation[];
    assert.deepEqual(ops.map((o) => [o.op, o.path]), [
      ['add', '/spec/template/spec/nodeSelector/kubernetes.io~1os'],
      ['add', '/spec/template/spec/tolerations/-'],
    ]);
    const result = applied(deployment, review) as unknown as { spec: { template: { spec: Record<string, unknown> } } };
    assert.deepEqual(result.spec.template.spec.nodeSelector, { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'windows' });
    assert.equal((result.spec.template.spec.tolerations as unknown[]).length, 2);
  });

  it('never overrides a choice the user made (their nodeSelector, their toleration)', async () => {
    const deployment = iisDeployment();
    const spec = (deployment.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    spec.nodeSelector = { 'kubernetes.io/os': 'windows' };
    spec.tolerations = [{ key: 'os', operator: 'Exists' }];
    const review = await post(running, '/mutate', admissionReview(deployment));
    assert.equal(review.response.allowed, true);
    assert.equal(review.response.patch, undefined);
  });

  it('patches every workload kind at its pod template (CronJob, Pod, StatefulSet)', async () => {
    const template = (iisDeployment().spec as { template: Record<string, unknown> }).template;
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report', namespace: 'web' }, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template } } } };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'web' }, spec: structuredClone(template.spec) };
    const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', namespace: 'web' }, spec: { serviceName: 's', selector: { matchLabels: { app: 'iis' } }, template } };
    for (const [object, pointer] of [[cronJob, '/spec/jobTemplate/spec/template/spec'], [pod, '/spec'], [sts, '/spec/template/spec']] as const) {
      const review = await post(running, '/mutate', admissionReview(object as KubeObject));
      const ops = patchOf(review.response) as Operation[];
      assert.ok(ops.length > 0, `${object.kind} patched`);
      for (const op of ops) assert.ok(op.path.startsWith(pointer + '/'), `${op.path} under ${pointer}`);
      applied(object as KubeObject, review); // applies cleanly
    }
  });

  it('leaves a pod that names no OS alone, pins a Linux-only image to Linux, and skips pods on UPDATE (their spec is immutable)', async () => {
    const unnamed = nginxPod();
    (unnamed.spec as { containers: { image: string }[] }).containers[0].image = 'contoso/app:1.0';
    const undecided = await post(running, '/mutate', admissionReview(unnamed));
    assert.equal(undecided.response.allowed, true);
    assert.equal(undecided.response.patch, undefined);
    // nginx publishes no Windows platform: the pod is Linux, and the default cluster's Windows nodes are untainted.
    const linux = await post(running, '/mutate', admissionReview(nginxPod()));
    assert.equal(linux.response.allowed, true);
    assert.deepEqual(patchOf(linux.response), [{ op: 'add', path: '/spec/nodeSelector', value: { 'kubernetes.io/os': 'linux' } }]);
    const windowsPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'w', namespace: 'web' }, spec: { containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }] } };
    const update = await post(running, '/mutate', admissionReview(windowsPod, { operation: 'UPDATE', oldObject: windowsPod }));
    assert.equal(update.response.patch, undefined);
  });

  it('honours opt-outs: object annotation, pod template label, excluded namespace', async () => {
    const annotated = iisDeployment();
    annotated.metadata!.annotations = { 'kube-hybrid.io/webhook': 'disabled' };
    assert.equal((await post(running, '/mutate', admissionReview(annotated))).response.patch, undefined);
    const labelled = iisDeployment();
    (labelled.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels['kube-hybrid.io/webhook'] = 'no-mutation';
    assert.equal((await post(running, '/mutate', admissionReview(labelled))).response.patch, undefined);
    assert.equal((await post(running, '/mutate', admissionReview(iisDeployment('iis', 'kube-system')))).response.patch, undefined);
  });

  it('does not mutate a ReplicaSet its Deployment controls (the controller compares templates)', async () => {
    const rs = { ...iisDeployment(), kind: 'ReplicaSet' } as KubeObject;
    rs.metadata = { ...rs.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'iis', uid: 'x', controller: true }] };
    assert.equal((await post(running, '/mutate', admissionReview(rs))).response.patch, undefined);
  });

  it('answers a dry-run review exactly as the real one (the webhook has no side effects)', async () => {
    const real = await post(running, '/mutate', admissionReview(iisDeployment(), { uid: 'same' }));
    const dry = await post(running, '/mutate', admissionReview(iisDeployment(), { uid: 'same', dryRun: true }));
    assert.deepEqual(dry, real);
  });

  it('allows DELETE without looking', async () => {
    const review = await post(running, '/validate', admissionReview(iisDeployment(), { operation: 'DELETE', oldObject: iisDeployment() }));
    assert.equal(review.response.allowed, true);
  });

  it('serves /healthz, /readyz and Prometheus /metrics', async () => {
    assert.equal((await send(running.port, running.agent, 'GET', '/healthz')).status, 200);
    assert.equal((await send(running.port, running.agent, 'GET', '/readyz')).status, 200);
    const metrics = await send(running.port, running.agent, 'GET', '/metrics');
    assert.equal(metrics.status, 200);
    assert.match(String(metrics.headers['content-type']), /text\/plain/);
    assert.match(metrics.body, /kube_hybrid_webhook_reviews_total\{webhook="mutate",kind="Deployment",operation="CREATE",outcome="patched"\} \d+/);
    assert.match(metrics.body, /kube_hybrid_webhook_request_duration_seconds_bucket\{le="0.005",webhook="mutate"\} \d+/);
    assert.match(metrics.body, /kube_hybrid_webhook_mutations_total\{mutation="toleration"\} \d+/);
    assert.match(metrics.body, /kube_hybrid_webhook_cluster_nodes\{os="windows"\} \d+/);
    assert.match(metrics.body, /kube_hybrid_webhook_certificate_expiry_timestamp_seconds \d+/);
  });
});

describe('validation over HTTPS (default cluster: Windows nodes untainted, as on AKS)', () => {
  let running: Running;
  before(async () => {
    running = await startServer({ cluster: 'default' });
  });
  after(() => running.close());

  function windowsPodWithoutSelector(): KubeObject {
    return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'win', namespace: 'web' }, spec: { os: { name: 'windows' }, containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/servercore:ltsc2022' }] } };
  }

  it('denies a Windows pod the scheduler may put on Linux nodes: 403, rule id, field and fix', async () => {
    const review = await post(running, '/validate', admissionReview(windowsPodWithoutSelector()));
    assert.equal(review.response.allowed, false);
    assert.equal(review.response.status?.code, 403);
    assert.equal(review.response.status?.reason, 'Forbidden');
    const message = review.response.status?.message ?? '';
    assert.match(message, /\[windows-workload-on-linux-node\]/);
    assert.match(message, /spec \(\/spec\)|spec\.nodeSelector/);
    assert.match(message, /Add nodeSelector kubernetes\.io\/os: windows/);
    assert.match(review.response.auditAnnotations?.['denied-by'] ?? '', /windows-workload-on-linux-node/);
  });

  it('admits the same pod once the mutating webhook has pinned it (the API server order)', async () => {
    const pod = windowsPodWithoutSelector();
    const mutated = applied(pod, await post(running, '/mutate', admissionReview(pod)));
    const review = await post(running, '/validate', admissionReview(mutated));
    assert.equal(review.response.allowed, true, review.response.status?.message);
  });

  it('on UPDATE, only warns about a finding the old object already had', async () => {
    const old = windowsPodWithoutSelector();
    const updated = structuredClone(old);
    updated.metadata!.labels = { release: 'two' };
    const review = await post(running, '/validate', admissionReview(updated, { operation: 'UPDATE', oldObject: old }));
    assert.equal(review.response.allowed, true);
    assert.ok(review.response.warnings?.some((w) => w.startsWith('[windows-workload-on-linux-node]') && w.includes('already present')));
  });
});

describe('the validation policy maps severities and rules to deny / warn / audit', () => {
  const fake = (id: string, severity: 'error' | 'warning' | 'info'): Rule => ({
    id,
    meta: { category: 'placement', defaultSeverity: severity, description: id, messages: { m: `${id} says fix it like so` }, source: 'test' },
    create: (context) => ({ workload: (w) => context.report({ target: w.source, messageId: 'm', path: w.specPointer + '/containers/0/image' }) }),
  });
  const rules = [fake('rule-error', 'error'), fake('rule-warning', 'warning'), fake('rule-info', 'info')];
  let running: Running;
  const logs: string[] = [];
  before(async () => {
    const policy = defaultPolicy();
    policy.validation.namespaces.legacy = { severities: { error: 'warn' }, rules: {} };
    policy.validation.rules['rule-info'] = 'warn';
    running = await startServer({ policy, rules, logger: jsonLogger((l) => logs.push(l), 'info') });
  });
  after(() => running.close());

  it('denies on error, warns on warning, warns on the info rule the policy raised', async () => {
    const review = await post(running, '/validate', admissionReview(nginxPod()));
    assert.equal(review.response.allowed, false);
    assert.match(review.response.status?.message ?? '', /\[rule-error\] spec\.containers\[0\]\.image \(\/spec\/containers\/0\/image\): rule-error says fix it like so/);
    assert.deepEqual(review.response.warnings, ['[rule-info] spec.containers[0].image: rule-info says fix it like so', '[rule-warning] spec.containers[0].image: rule-warning says fix it like so']);
  });

  it('applies namespace overrides', async () => {
    const review = await post(running, '/validate', admissionReview(nginxPod('legacy')));
    assert.equal(review.response.allowed, true);
    assert.equal(review.response.warnings?.length, 3);
  });

  it('audit only logs and counts', async () => {
    const policy = defaultPolicy();
    policy.validation.severities = { error: 'audit', warning: 'audit', info: 'off' };
    const quiet = await startServer({ policy, rules, logger: jsonLogger((l) => logs.push(l), 'info') });
    try {
      const review = await post(quiet, '/validate', admissionReview(nginxPod()));
      assert.equal(review.response.allowed, true);
      assert.equal(review.response.warnings, undefined);
      assert.equal(review.response.auditAnnotations?.['audited-by'], 'rule-error,rule-warning');
      const metrics = await send(quiet.port, quiet.agent, 'GET', '/metrics');
      assert.match(metrics.body, /kube_hybrid_webhook_decisions_total\{rule="rule-error",severity="error",action="audit"\} 1/);
    } finally {
      await quiet.close();
    }
  });
});

describe('bad input never takes the server down', () => {
  let running: Running;
  const boom: Rule = {
    id: 'boom',
    meta: { category: 'placement', defaultSeverity: 'error', description: 'throws', messages: { m: 'x' }, source: 'test' },
    create: () => ({ workload: () => { throw new Error('rule exploded'); } }),
  };
  before(async () => {
    running = await startServer({ rules: [boom] });
  });
  after(() => running.close());

  const cases: [string, string | Buffer, RegExp][] = [
    ['malformed JSON', '{"kind": "AdmissionReview", ', /not valid JSON/],
    ['an empty body', '', /empty/],
    ['a JSON array', '[]', /not a JSON object/],
    ['another kind', JSON.stringify({ kind: 'Pod', apiVersion: 'v1' }), /kind is "Pod"/],
    ['an unknown apiVersion', JSON.stringify({ kind: 'AdmissionReview', apiVersion: 'admission.k8s.io/v2', request: {} }), /apiVersion "admission.k8s.io\/v2" is not supported/],
    ['no request', JSON.stringify({ kind: 'AdmissionReview', apiVersion: 'admission.k8s.io/v1' }), /request is missing/],
    ['no uid', JSON.stringify({ ...admissionReview(nginxPod()), request: { ...(admissionReview(nginxPod()).request as object), uid: '' } }), /uid is missing/],
    ['a string object', JSON.stringify({ ...admissionReview(nginxPod()), request: { ...(admissionReview(nginxPod()).request as object), object: 'pod' } }), /object is not an object/],
    ['over 3 MiB', Buffer.alloc(3 * 1024 * 1024 + 10, 0x20), /exceeds the limit of 3145728 bytes/],
  ];
  for (const [what, body, message] of cases) {
    it(`answers ${what} with 400 and a clear message`, async () => {
      const reply = await send(running.port, { ca: running.tls.certs.ca.cert }, 'POST', '/validate', body);
      assert.equal(reply.status, 400);
      const status = reply.json<{ kind: string; code: number; message: string }>();
      assert.equal(status.kind, 'Status');
      assert.equal(status.code, 400);
      assert.match(status.message, message);
    });
  }

  it('answers a streamed body over 3 MiB (no Content-Length) with 400', async () => {
    const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: running.port, method: 'POST', path: '/mutate', ca: running.tls.certs.ca.cert, servername: 'localhost', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 4 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    }).catch((e: NodeJS.ErrnoException) => ({ status: e.code === 'ECONNRESET' || e.code === 'EPIPE' ? 400 : 0, body: 'reset' }));
    assert.equal(reply.status, 400);
  });

  it('answers a non-JSON content type, a GET on /mutate and an unknown path with 4xx', async () => {
    assert.equal((await send(running.port, running.agent, 'POST', '/mutate', 'x', { 'content-type': 'text/plain' })).status, 400);
    assert.equal((await send(running.port, running.agent, 'GET', '/mutate')).status, 405);
    assert.equal((await send(running.port, running.agent, 'GET', '/nope')).status, 404);
  });

  it('answers a rule that throws with 200: the rule is skipped for the object and named in a warning (docs/webhook.md)', async () => {
    const reply = await send(running.port, running.agent, 'POST', '/validate', JSON.stringify(admissionReview(nginxPod())));
    assert.equal(reply.status, 200);
    const review = reply.json<AdmissionReviewOut>();
    assert.equal(review.response.allowed, true);
    assert.ok((review.response.warnings ?? []).some((w) => /internal error in rule boom: rule exploded/.test(w)), JSON.stringify(review.response.warnings));
  });

  it('answers a failure outside the rules with 500 and the reason, so the API server applies failurePolicy', async () => {
    const broken = await startServer({
      cluster: { snapshot: () => { throw new Error('state exploded'); }, ready: () => true, start: async () => undefined, stop: async () => undefined, describe: () => 'broken' },
    });
    try {
      const reply = await send(broken.port, broken.agent, 'POST', '/validate', JSON.stringify(admissionReview(nginxPod())));
      assert.equal(reply.status, 500);
      const review = reply.json<AdmissionReviewOut>();
      assert.equal(review.response.allowed, false);
      assert.match(review.response.status?.message ?? '', /state exploded/);
    } finally {
      await broken.close();
    }
  });

  it('answers concurrent reviews, good and bad, each with its own answer (the reviews of one turn run together)', async () => {
    const requests = Array.from({ length: 24 }, (_, i) => {
      const path = i % 4 === 0 ? '/mutate' : '/validate';
      if (i % 6 === 5) return { path, uid: undefined, body: '{"kind": ' };
      const uid = `concurrent-${i}`;
      return { path, uid, body: JSON.stringify(admissionReview(i % 2 === 0 ? iisDeployment() : nginxPod(), { uid })) };
    });
    // Over the keep-alive agent (4 sockets) and over a connection of their own, all sent at once.
    const replies = await Promise.all(requests.map(({ path, body }, i) => send(running.port, i % 3 === 0 ? running.agent : { ca: running.tls.certs.ca.cert }, 'POST', path, body)));
    replies.forEach((reply, i) => {
      const { uid } = requests[i];
      if (uid === undefined) {
        assert.equal(reply.status, 400);
        assert.match(reply.json<{ message: string }>().message, /not valid JSON/);
        return;
      }
      assert.equal(reply.status, 200);
      assert.equal(reply.json<AdmissionReviewOut>().response.uid, uid);
    });
    assert.equal(running.server.inFlight(), 0);
  });

  it('still answers a good review afterwards', async () => {
    const reply = await send(running.port, running.agent, 'POST', '/mutate', JSON.stringify(admissionReview(iisDeployment())));
    assert.equal(reply.status, 200);
  });
});

describe('certificate rotation and shutdown', () => {
  function peerCertificate(port: number, ca: string): Promise<X509Certificate> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
        const cert = socket.getPeerX509Certificate();
        socket.end();
        if (cert) resolve(cert);
        else reject(new Error('no peer certificate'));
      });
      socket.on('error', reject);
    });
  }

  it('serves a rotated certificate to new connections while open keep-alive connections keep working', async () => {
    const running = await startServer({ certCheckIntervalMs: 50 });
    try {
      const first = running.tls.certs;
      // Open a keep-alive connection trusting the first CA.
      assert.equal((await send(running.port, running.agent, 'GET', '/healthz')).status, 200);
      const second = running.tls.rotate();
      // The interval (or the folder watch) picks the new files up.
      let served: X509Certificate | undefined;
      for (let i = 0; i < 1500 && !served; i++) { // up to 30 s: CI is a busy 2-core machine
        await new Promise((r) => setTimeout(r, 20));
        served = await peerCertificate(running.port, second.ca.cert).catch(() => undefined);
        if (served) break;
      }
      assert.ok(served, 'a new connection is served the rotated certificate');
      assert.equal(served.fingerprint256, new X509Certificate(second.serving.cert).fingerprint256);
      // The connection opened before the rotation still answers reviews.
      const reply = await send(running.port, running.agent, 'POST', '/mutate', JSON.stringify(admissionReview(iisDeployment())));
      assert.equal(reply.status, 200);
      assert.notEqual(first.ca.cert, second.ca.cert);
      assert.match((await send(running.port, running.agent, 'GET', '/metrics')).body, /kube_hybrid_webhook_certificate_reloads_total\{result="reloaded"\} 1/);
    } finally {
      await running.close();
    }
  });

  it('keeps the old certificate when the new files do not match (a rotation half written)', async () => {
    const running = await startServer();
    try {
      const before = running.tls.certs;
      writeFileSync(running.tls.certFile, running.tls.rotate().serving.cert);
      writeFileSync(running.tls.keyFile, before.serving.key); // new cert, old key
      assert.equal(running.server.reloadCertificate(), false);
      const served = await peerCertificate(running.port, before.ca.cert);
      assert.equal(served.fingerprint256, new X509Certificate(before.serving.cert).fingerprint256);
    } finally {
      await running.close();
    }
  });

  it('finishes an in-flight review on stop, fails readiness, then refuses new connections', async () => {
    const running = await startServer();
    const body = JSON.stringify(admissionReview(iisDeployment()));
    let finishRequest: () => void = () => undefined;
    const inFlight = new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: running.port, method: 'POST', path: '/mutate', ca: running.tls.certs.ca.cert, servername: 'localhost', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.write(body.slice(0, 100)); // the server starts reading this review
      finishRequest = () => req.end(body.slice(100));
    });
    // Poll rather than sleep: on a busy machine the first bytes may take a while to arrive.
    for (let waited = 0; running.server.inFlight() !== 1; waited += 10) {
      if (waited > 30_000) assert.fail('the review never became in flight');
      await new Promise((r) => setTimeout(r, 10));
    }
    const stopped = running.server.stop();
    finishRequest(); // the rest of the review arrives after stop() began
    assert.equal(await inFlight, 200);
    await stopped;
    await assert.rejects(send(running.port, { ca: running.tls.certs.ca.cert }, 'GET', '/healthz'));
    running.agent.destroy();
    running.tls.cleanup();
  });
});
