// Issue 9's webhook reproducers: slow and idle connections, a flood of connections, a rule that
// throws, a Pod with 40,000 containers, the private key's mode and the Secret on stdout.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connect } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webhook } from '../cli/webhook.js';
import { captureIO } from '../cli/io.js';
import type { Rule } from '../engine/types.js';
import type { KubeObject } from '../kube/types.js';
import type { AdmissionReviewOut } from './review.js';
import type { Running } from './testing/webhook.js';
import { admissionReview, iisDeployment, send, startServer } from './testing/webhook.js';
import { WARNING_ITEM_RUNES, WARNING_TOTAL_RUNES, capWarnings } from './warnings.js';

function openTls(running: Running): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: running.port, ca: running.tls.certs.ca.cert, servername: 'localhost' }, () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Resolves when the server has closed the connection (read to the end: a paused socket never sees it). */
function closed(socket: TLSSocket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.once('close', () => resolve());
    socket.resume();
  });
}

function runesOf(text: string): number {
  return [...text].length;
}

describe('admission warnings are capped as the API server caps them (k8s.io/apiserver/pkg/endpoints/filters/warning.go)', () => {
  it('keeps every warning whole while the total stays within 4096 runes, dropping duplicates', () => {
    const capped = capWarnings(['a', 'b', 'a', '', 'c']);
    assert.deepEqual(capped, { warnings: ['a', 'b', 'c'], omitted: 0 });
  });

  it('past 4096 runes cuts each warning to 256 runes and adds warnings only while under the total', () => {
    const long = (i: number) => `${i}:${'x'.repeat(1000)}`;
    const capped = capWarnings(Array.from({ length: 100 }, (_, i) => long(i)));
    assert.ok(capped.warnings.every((w) => runesOf(w) <= WARNING_ITEM_RUNES));
    // 16 cut warnings of 256 runes reach 4096: the 17th is not added.
    assert.equal(capped.warnings.length, WARNING_TOTAL_RUNES / WARNING_ITEM_RUNES);
    assert.equal(capped.omitted, 100 - capped.warnings.length);
    assert.ok(capped.warnings[0].startsWith('0:'));
  });

  it('cuts on rune boundaries, never inside a character', () => {
    const capped = capWarnings(Array.from({ length: 40 }, (_, i) => `${i}${'é🙂'.repeat(200)}`));
    for (const w of capped.warnings) assert.ok(!w.includes('\uFFFD') && runesOf(w) <= WARNING_ITEM_RUNES);
  });
});

describe('webhook server limits (issue 9)', () => {
  it('closes a connection that sends no complete headers within --header-timeout', async () => {
    const running = await startServer({ limits: { headersTimeoutMs: 300, requestTimeoutMs: 300 } });
    try {
      const socket = await openTls(running);
      socket.write('POST /validate HTTP/1.1\r\nHost: x\r\n'); // and never the rest
      await closed(socket);
      assert.ok(socket.destroyed);
    } finally {
      await running.close();
    }
  });

  it('refuses connections beyond --max-connections while the first ones stay open', async () => {
    const running = await startServer({ limits: { maxConnections: 2 } });
    const sockets: TLSSocket[] = [];
    try {
      sockets.push(await openTls(running), await openTls(running));
      const third = connect({ host: '127.0.0.1', port: running.port, ca: running.tls.certs.ca.cert, servername: 'localhost' });
      third.on('error', () => undefined);
      await closed(third);
      assert.ok(third.destroyed);
      assert.ok(sockets.every((s) => !s.destroyed), 'the connections within the cap are kept');
    } finally {
      for (const s of sockets) s.destroy();
      await running.close();
    }
  });

  it('answers a Pod with 40,000 containers with at most ~4 KiB of warnings', async () => {
    const containers = Array.from({ length: 40_000 }, (_, i) => ({ name: `c${i}`, image: 'mcr.microsoft.com/windows/servercore:ltsc2022' }));
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'wide', namespace: 'web' }, spec: { nodeSelector: { 'kubernetes.io/os': 'windows' }, containers } };
    const running = await startServer();
    try {
      const reply = await send(running.port, running.agent, 'POST', '/validate', JSON.stringify(admissionReview(pod)));
      assert.equal(reply.status, 200);
      const review = reply.json<AdmissionReviewOut>();
      const warnings = review.response.warnings ?? [];
      assert.ok(warnings.length > 1, 'the per-container findings still show');
      const runes = warnings.reduce((n, w) => n + runesOf(w), 0);
      assert.ok(runes <= WARNING_TOTAL_RUNES + WARNING_ITEM_RUNES, `${runes} runes of warnings`);
      assert.match(warnings[warnings.length - 1], /more kube-hybrid warnings omitted/);
    } finally {
      await running.close();
    }
  });

  it('answers a DaemonSet with tolerations: [null] with 200 on /mutate and /validate (it used to be a 500)', async () => {
    const daemonSet: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'web' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { tolerations: [null], containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/servercore:ltsc2022' }] } } },
    };
    const running = await startServer();
    try {
      for (const path of ['/mutate', '/validate']) {
        const reply = await send(running.port, running.agent, 'POST', path, JSON.stringify(admissionReview(daemonSet)));
        assert.equal(reply.status, 200, `${path}: ${reply.body}`);
        const review = reply.json<AdmissionReviewOut>();
        assert.ok(!(review.response.warnings ?? []).some((w) => /internal error/.test(w)), `${path}: ${JSON.stringify(review.response.warnings)}`);
      }
    } finally {
      await running.close();
    }
  });

  it('skips a rule that throws, names it in a warning and lets the other rules decide', async () => {
    const throwing: Rule = {
      id: 'always-throws',
      meta: { category: 'operations', defaultSeverity: 'error', description: 'throws', messages: { m: 'never' }, source: 'test' },
      create: () => ({
        workload() {
          throw new Error('boom');
        },
      }),
    };
    const { RULES } = await import('../rules/index.js');
    const running = await startServer({ rules: [throwing, ...RULES] });
    try {
      const reply = await send(running.port, running.agent, 'POST', '/validate', JSON.stringify(admissionReview(iisDeployment())));
      assert.equal(reply.status, 200, reply.body);
      const review = reply.json<AdmissionReviewOut>();
      assert.ok((review.response.warnings ?? []).some((w) => /internal error in rule always-throws: boom/.test(w)), JSON.stringify(review.response.warnings));
    } finally {
      await running.close();
    }
  });
});

describe('webhook handlers and untrusted names (issue 9, found by the fuzz suite)', () => {
  it('a request in namespace "__proto__" or "constructor" is judged by the cluster-wide policy, not Object.prototype', async () => {
    const { actionFor, defaultPolicy } = await import('./policy.js');
    for (const namespace of ['__proto__', 'constructor', 'toString']) {
      assert.equal(actionFor(defaultPolicy().validation, namespace, 'windows-workload-on-linux-node', 'error'), 'deny');
    }
  });
});

describe('webhook CLI (issue 9)', () => {
  it('`webhook serve --help` and `webhook certs --help` print usage and exit 0', async () => {
    for (const [sub, flag] of [['serve', /--header-timeout/], ['certs', /--out-dir/]] as const) {
      const io = captureIO();
      assert.equal(await webhook([sub, '--help'], io), 0);
      assert.match(io.out, flag);
    }
  });

  it('`webhook certs --out-dir` writes tls.key 0600 also over an existing 0644 file, and prints no Secret unless asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-certs-'));
    try {
      mkdirSync(join(dir, 'out'));
      writeFileSync(join(dir, 'out', 'tls.key'), 'old key\n');
      chmodSync(join(dir, 'out', 'tls.key'), 0o644);
      const io = captureIO('', dir);
      assert.equal(await webhook(['certs', '--out-dir', 'out'], io), 0);
      assert.equal(statSync(join(dir, 'out', 'tls.key')).mode & 0o777, 0o600);
      assert.doesNotMatch(io.out, /kind: Secret|PRIVATE KEY|tls\.key:/);
      assert.match(io.err, /kubectl -n kube-hybrid create secret tls/);
      const asked = captureIO('', dir);
      assert.equal(await webhook(['certs', '--out-dir', 'out', '--print-secret'], asked), 0);
      assert.match(asked.out, /kind: Secret/);
      const nowhere = captureIO('', dir);
      assert.equal(await webhook(['certs'], nowhere), 2);
      assert.equal(nowhere.out, '');
      assert.ok(existsSync(join(dir, 'out', 'ca.crt')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
