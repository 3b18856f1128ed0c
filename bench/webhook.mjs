// `npm run bench:webhook`: the webhook (from dist/) against a bare node:https echo server, both
// measured in the same run over TLS keep-alive with autocannon, with realistic ~3 KB Pod and
// Deployment AdmissionReviews. Each server runs in its own process pinned to one core (taskset when
// available); autocannon runs in this process on another.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = fileURLToPath(import.meta.url);
const dist = new URL('../dist/', import.meta.url);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
/** Which webhook paths to drive (BENCH_PATHS=validate to profile one alone). */
const PATHS = (process.env.BENCH_PATHS ?? 'mutate,validate').split(',').filter((p) => p === 'mutate' || p === 'validate');

async function serve(kind, dir) {
  process.on('SIGTERM', () => process.exit(0)); // exit() so --cpu-prof (BENCH_PROF=1) writes its profile
  const certFile = join(dir, 'tls.crt');
  const keyFile = join(dir, 'tls.key');
  if (kind === 'echo') {
    const { createServer } = await import('node:https');
    const { readFileSync } = await import('node:fs');
    const answer = JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'x', allowed: true } });
    const server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        Buffer.concat(chunks);
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(answer) });
        res.end(answer);
      });
    });
    server.keepAliveTimeout = 65_000;
    server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
    return;
  }
  const { createWebhookServer } = await import(new URL('admission/server.js', dist));
  const { StaticClusterSource } = await import(new URL('admission/cluster-state.js', dist));
  const { defaultPolicy } = await import(new URL('admission/policy.js', dist));
  const { builtinCluster } = await import(new URL('cluster/profiles.js', dist));
  const { RULES } = await import(new URL('rules/index.js', dist));
  const { jsonLogger } = await import(new URL('admission/log.js', dist));
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
  const port = await server.start();
  process.send({ port, rules: RULES.length });
}

function startChild(kind, dir) {
  const args = [here, '--serve', kind, dir];
  const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  const child = pinned ? spawn('taskset', ['-c', '0', process.execPath, ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/khprof'] : []), ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }) : spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, pinned, ...m }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

function run(port, path, bodies) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `https://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        pipelining: 1,
        duration: DURATION,
        requests: bodies.map((body) => ({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body })),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

function row(name, r) {
  const ok = r['2xx'];
  return { name, 'reviews/s': Math.round(ok / r.duration), p50_ms: r.latency.p50, p90_ms: r.latency.p90, p99_ms: r.latency.p99, max_ms: r.latency.max, non2xx: r.non2xx, errors: r.errors, bytes: r.throughput.average };
}

async function main() {
  // autocannon on core 1, away from the server's core 0.
  if (spawnSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' }).status !== 0) console.warn('taskset unavailable: client and server may share a core');
  const { admissionReview, iisDeployment, nginxPod } = await import(new URL('admission/testing/webhook.js', dist));
  const { createServingCertificates } = await import(new URL('admission/x509.js', dist));
  const dir = mkdtempSync(join(tmpdir(), 'kh-bench-'));
  const certs = createServingCertificates(['localhost', '127.0.0.1']);
  writeFileSync(join(dir, 'tls.crt'), certs.serving.cert);
  writeFileSync(join(dir, 'tls.key'), certs.serving.key);

  // Realistic reviews: a Windows Deployment (patched) and a controller-made Linux Pod (allowed).
  const windowsPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'iis-6d4cf56db6-x2x7q', namespace: 'web', labels: { app: 'iis' } }, spec: JSON.parse(JSON.stringify(iisDeployment().spec.template.spec)) };
  const bodies = [JSON.stringify(admissionReview(iisDeployment())), JSON.stringify(admissionReview(nginxPod())), JSON.stringify(admissionReview(windowsPod))];
  const sizes = bodies.map((b) => Buffer.byteLength(b));

  const results = [];
  const echo = await startChild('echo', dir);
  await run(echo.port, '/', bodies.slice(0, 1)); // warm-up
  results.push(row('node:https echo (baseline)', await run(echo.port, '/', bodies)));
  echo.child.kill('SIGTERM');

  const hook = await startChild('webhook', dir);
  for (const path of PATHS) {
    await run(hook.port, `/${path}`, bodies); // warm-up (JIT)
    results.push(row(`webhook POST /${path}`, await run(hook.port, `/${path}`, bodies)));
  }
  hook.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });

  console.log(`kube-hybrid webhook benchmark — node ${process.version}, ${CONNECTIONS} keep-alive TLS connections, ${DURATION}s per run,`);
  console.log(`server pinned to one core: ${hook.pinned ? 'yes (taskset -c 0)' : 'no'}; rules: ${hook.rules}; review sizes: ${sizes.join(', ')} bytes (Deployment, Linux Pod, Windows Pod)`);
  console.table(results);
}

if (process.argv[2] === '--serve') serve(process.argv[3], process.argv[4]);
else main().catch((e) => { console.error(e); process.exit(1); });
