// `npm run bench:webhook`: the webhook (from dist/) against a bare node:https echo server, both
// measured in the same run over TLS keep-alive with autocannon, with realistic ~3 KB Pod and
// Deployment AdmissionReviews. Each server runs in its own process pinned to one core (taskset when
// available); autocannon runs in this process on another.
//
// A third server, JSON.parse of the review and a ~600-byte answer with nothing reviewed, is measured in
// the same run too: the floor of any webhook written in Node, printed for information beside the targets.
//
// Targets (issue 14), each printed as a ratio to its baseline measured in the same run, with pass/fail:
//   /validate ≥ 0.40× and /mutate ≥ 0.45× the echo server's reviews/s (8 connections);
//   p99 ≤ 5 ms at 8 connections; at 32 connections p99 ≤ 2× the echo server's p99 at 32.
// BENCH_CONNECTIONS=a,b sets the two connection counts (default 8,32). BENCH_BASE=<checkout> also
// runs that (built) checkout's webhook in the same run and prints this one's throughput as a ratio to it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = fileURLToPath(import.meta.url);
const dist = new URL('../dist/', import.meta.url);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const [CONNECTIONS, MANY_CONNECTIONS] = (process.env.BENCH_CONNECTIONS ?? '8,32').split(',').map(Number);
const BASE = process.env.BENCH_BASE;
/** Which webhook paths to drive (BENCH_PATHS=validate to profile one alone). */
const PATHS = (process.env.BENCH_PATHS ?? 'mutate,validate').split(',').filter((p) => p === 'mutate' || p === 'validate');

/**
 * The parse-and-answer server's warning, sized so that its answers are ~600 bytes: about the mean of
 * the webhook's answers to the three reviews (434–723 bytes for /mutate, 134–723 for /validate).
 */
const PARSE_FLOOR_PADDING = 'x'.repeat(480);

async function serve(kind, dir, checkout) {
  process.on('SIGTERM', () => process.exit(0)); // exit() so --cpu-prof (BENCH_PROF=1) writes its profile
  // bench/webhook-cpu.mjs asks for the CPU this process spent and the TLS handshakes it made.
  let sessions = 0;
  const countSessions = (server) => server.on('secureConnection', () => sessions++);
  process.on('message', (m) => m === 'cpu' && process.send({ ...process.cpuUsage(), sessions }));
  // 'alloc-start' / 'alloc-stop': bytes allocated meanwhile by function (V8's sampling heap profiler, collected objects included).
  process.on('message', async (m) => {
    if (m !== 'alloc-start' && m !== 'alloc-stop') return;
    const { Session } = await import('node:inspector/promises');
    serve.session ??= new Session();
    if (m === 'alloc-start') {
      serve.session.connect();
      await serve.session.post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      process.send({ alloc: 'started' });
      return;
    }
    const { profile } = await serve.session.post('HeapProfiler.stopSampling');
    const self = new Map();
    const walk = (n) => {
      const cf = n.callFrame;
      const key = `${cf.functionName || '(anonymous)'} ${cf.url.replace(/.*\/(dist|node_modules)\//, '$1/')}:${cf.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + n.selfSize);
      n.children.forEach(walk);
    };
    walk(profile.head);
    process.send({ alloc: [...self].sort((a, b) => b[1] - a[1]) });
  });
  const certFile = join(dir, 'tls.crt');
  const keyFile = join(dir, 'tls.key');
  if (kind === 'echo' || kind === 'parse') {
    // echo: the bare TLS server, answering without reading the review. parse: the floor of any webhook
    // in Node, JSON.parse of the review and an answer of about the webhook's size, reviewing nothing.
    const { createServer } = await import('node:https');
    const { readFileSync } = await import('node:fs');
    const echoAnswer = JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'x', allowed: true } });
    const answerTo = (body) => {
      if (kind === 'echo') return echoAnswer;
      const review = JSON.parse(body.toString('utf8'));
      return JSON.stringify({ apiVersion: review.apiVersion, kind: 'AdmissionReview', response: { uid: review.request.uid, allowed: true, warnings: [PARSE_FLOOR_PADDING] } });
    };
    const server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const answer = answerTo(Buffer.concat(chunks));
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(answer) });
        res.end(answer);
      });
    });
    server.keepAliveTimeout = 65_000;
    countSessions(server);
    server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
    return;
  }
  const from = checkout ? new URL(`file://${join(checkout, 'dist')}/`) : dist;
  const { createWebhookServer } = await import(new URL('admission/server.js', from));
  const { StaticClusterSource } = await import(new URL('admission/cluster-state.js', from));
  const { defaultPolicy } = await import(new URL('admission/policy.js', from));
  const { builtinCluster } = await import(new URL('cluster/profiles.js', from));
  const { RULES } = await import(new URL('rules/index.js', from));
  const { jsonLogger } = await import(new URL('admission/log.js', from));
  const server = createWebhookServer({
    tls: { certFile, keyFile },
    address: '127.0.0.1',
    port: 0,
    policy: defaultPolicy(),
    cluster: new StaticClusterSource(builtinCluster('kubeadm')),
    rules: RULES,
    // Info-level JSON logs, as deployed, written to /dev/null-like sink (their cost is measured).
    logger: jsonLogger(() => {}, 'info'),
  });
  countSessions(server.server);
  const port = await server.start();
  process.send({ port, rules: RULES.length });
}

/**
 * A server (`echo`, or `webhook` of this build or of `checkout`'s dist/) in its own process, pinned to
 * core 0 when taskset is there (BENCH_PROF=1 profiles it); resolves with its port. bench/webhook-cpu.mjs
 * starts its servers here too.
 */
export function startChild(kind, dir, checkout) {
  const args = [here, '--serve', kind, dir, ...(checkout ? [checkout] : [])];
  const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  // BENCH_NODE_FLAGS: extra node/V8 flags for the servers, for profiling (e.g. --no-turbo-inlining).
  const prof = [...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/khprof'] : []), ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)];
  const child = pinned ? spawn('taskset', ['-c', '0', process.execPath, ...prof, ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }) : spawn(process.execPath, [...prof, ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, pinned, ...m }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

/**
 * A temporary folder holding a serving certificate (tls.crt, tls.key) for the servers, and the
 * AdmissionReview bodies driven at them: realistic reviews, a Windows Deployment (patched), a
 * controller-made Linux Pod (allowed) and a Windows Pod.
 */
export async function benchFixtures() {
  const { admissionReview, iisDeployment, nginxPod } = await import(new URL('admission/testing/webhook.js', dist));
  const { createServingCertificates } = await import(new URL('admission/x509.js', dist));
  const dir = mkdtempSync(join(tmpdir(), 'kh-bench-'));
  const certs = createServingCertificates(['localhost', '127.0.0.1']);
  writeFileSync(join(dir, 'tls.crt'), certs.serving.cert);
  writeFileSync(join(dir, 'tls.key'), certs.serving.key);
  const windowsPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'iis-6d4cf56db6-x2x7q', namespace: 'web', labels: { app: 'iis' } }, spec: JSON.parse(JSON.stringify(iisDeployment().spec.template.spec)) };
  const bodies = [JSON.stringify(admissionReview(iisDeployment())), JSON.stringify(admissionReview(nginxPod())), JSON.stringify(admissionReview(windowsPod))];
  return { dir, bodies };
}

function run(port, path, bodies, connections = CONNECTIONS) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `https://127.0.0.1:${port}`,
        connections,
        pipelining: 1,
        duration: DURATION,
        requests: bodies.map((body) => ({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body })),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

function row(name, r, connections = CONNECTIONS) {
  const ok = r['2xx'];
  return { name, connections, 'reviews/s': Math.round(ok / r.duration), p50_ms: r.latency.p50, p90_ms: r.latency.p90, p99_ms: r.latency.p99, max_ms: r.latency.max, non2xx: r.non2xx, errors: r.errors, bytes: r.throughput.average };
}

async function main() {
  // autocannon on core 1, away from the server's core 0.
  if (spawnSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' }).status !== 0) console.warn('taskset unavailable: client and server may share a core');
  const { dir, bodies } = await benchFixtures();
  const sizes = bodies.map((b) => Buffer.byteLength(b));

  const results = [];
  const echo = await startChild('echo', dir);
  await run(echo.port, '/', bodies.slice(0, 1)); // warm-up
  const echoRow = row('node:https echo (baseline)', await run(echo.port, '/', bodies));
  const echoManyRow = row('node:https echo (baseline)', await run(echo.port, '/', bodies, MANY_CONNECTIONS), MANY_CONNECTIONS);
  results.push(echoRow, echoManyRow);
  echo.child.kill('SIGTERM');

  // What any Node webhook pays before reviewing anything (information: where the targets sit).
  const floor = await startChild('parse', dir);
  await run(floor.port, '/', bodies); // warm-up (JIT)
  const floorRow = row('node:https JSON.parse + answer (floor)', await run(floor.port, '/', bodies));
  results.push(floorRow);
  floor.child.kill('SIGTERM');

  const measured = {};
  for (const [label, checkout] of [['webhook', undefined], ...(BASE ? [['baseline webhook', BASE]] : [])]) {
    const hook = await startChild('webhook', dir, checkout);
    for (const path of PATHS) {
      await run(hook.port, `/${path}`, bodies); // warm-up (JIT)
      const few = row(`${label} POST /${path}`, await run(hook.port, `/${path}`, bodies));
      const many = row(`${label} POST /${path}`, await run(hook.port, `/${path}`, bodies, MANY_CONNECTIONS), MANY_CONNECTIONS);
      results.push(few, many);
      measured[`${label} ${path}`] = { few, many };
    }
    hook.child.kill('SIGTERM');
    if (!checkout) measured.pinned = hook.pinned;
    if (!checkout) measured.rules = hook.rules;
  }
  rmSync(dir, { recursive: true, force: true });

  console.log(`kube-hybrid webhook benchmark — node ${process.version}, ${CONNECTIONS} and ${MANY_CONNECTIONS} keep-alive TLS connections, ${DURATION}s per run,`);
  console.log(`server pinned to one core: ${measured.pinned ? 'yes (taskset -c 0)' : 'no'}; rules: ${measured.rules}; review sizes: ${sizes.join(', ')} bytes (Deployment, Linux Pod, Windows Pod)`);
  console.table(results);
  const verdict = (ok) => (ok ? 'PASS' : 'FAIL');
  const THROUGHPUT_TARGETS = { validate: 0.4, mutate: 0.45 };
  console.log('targets (ratios to the baselines measured above):');
  let failed = 0;
  for (const path of PATHS) {
    const { few, many } = measured[`webhook ${path}`];
    const ratio = few['reviews/s'] / echoRow['reviews/s'];
    const p99Ratio = many.p99_ms / Math.max(echoManyRow.p99_ms, 1);
    const checks = [
      [`/${path} ${few['reviews/s']} / echo ${echoRow['reviews/s']} reviews/s at ${CONNECTIONS} connections = ${ratio.toFixed(3)}× (target ≥ ${THROUGHPUT_TARGETS[path]}×)`, ratio >= THROUGHPUT_TARGETS[path]],
      [`/${path} p99 ${few.p99_ms} ms at ${CONNECTIONS} connections = ${(few.p99_ms / 5).toFixed(2)}× the 5 ms target (≤ 1×)`, few.p99_ms <= 5],
      [`/${path} p99 ${many.p99_ms} ms / echo p99 ${echoManyRow.p99_ms} ms at ${MANY_CONNECTIONS} connections = ${p99Ratio.toFixed(2)}× (target ≤ 2×)`, p99Ratio <= 2],
    ];
    const ofFloor = few['reviews/s'] / floorRow['reviews/s'];
    const floorRatio = floorRow['reviews/s'] / echoRow['reviews/s'];
    checks.push([`/${path} = ${ofFloor.toFixed(2)}× the JSON.parse + answer floor (${floorRow['reviews/s']} reviews/s = ${floorRatio.toFixed(3)}× echo); the target is ${(THROUGHPUT_TARGETS[path] / floorRatio).toFixed(2)}× that floor`, 'info']);
    if (BASE) {
      const base = measured[`baseline webhook ${path}`];
      checks.push([`/${path} ${few['reviews/s']} / baseline build ${base.few['reviews/s']} reviews/s = ${(few['reviews/s'] / base.few['reviews/s']).toFixed(2)}×`, 'info']);
    }
    for (const [text, ok] of checks) {
      if (!ok) failed++;
      console.log(`  ${ok === 'info' ? 'INFO' : verdict(ok)}  ${text}`);
    }
  }
  if (failed > 0) process.exitCode = 1;
}

if (process.argv[2] === '--serve') serve(process.argv[3], process.argv[4], process.argv[5]);
// Run, not imported (bench/webhook-cpu.mjs imports startChild and benchFixtures).
else if (process.argv[1] && realpathSync(process.argv[1]) === here) main().catch((e) => { console.error(e); process.exit(1); });
