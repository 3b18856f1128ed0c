// node bench/webhook-cpu.mjs [checkout…] — server CPU per request over TLS keep-alive, robust to a busy
// machine: the echo server and the webhook (this build, or each checkout's dist/) each answer a fixed
// number of requests from autocannon, and the server process reports the CPU (user + system) it spent
// meanwhile. Prints µs of server CPU per request and the echo/webhook ratio (the throughput ratio the
// server would reach if its core were the only limit). Servers are bench/webhook.mjs's, pinned alike.
// BENCH_REQUESTS (default 40000), BENCH_CONNECTIONS (default 8), BENCH_ROUNDS (default 3, alternated).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { benchFixtures, startChild } from './webhook.mjs';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PATHS = (process.env.BENCH_PATHS ?? 'mutate,validate').split(',');
const checkouts = process.argv.slice(2).map((c) => resolve(c));

const cpuOf = (child) => new Promise((resolve) => { child.once('message', resolve); child.send('cpu'); });

function drive(port, path, bodies, amount) {
  return new Promise((resolve, reject) => {
    autocannon({ url: `https://127.0.0.1:${port}`, connections: CONNECTIONS, pipelining: 1, amount, requests: bodies.map((body) => ({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body })) }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function measure(kind, dir, checkout, path, bodies) {
  const server = await startChild(kind, dir, checkout);
  await drive(server.port, path, bodies, REQUESTS / 4); // warm-up (JIT)
  const before = await cpuOf(server.child);
  const started = process.hrtime.bigint();
  const r = await drive(server.port, path, bodies, REQUESTS);
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const after = await cpuOf(server.child);
  server.child.kill('SIGTERM');
  const answered = r['2xx'];
  if (r.non2xx || r.errors) throw new Error(`${kind} ${path}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  const cpu = after.user + after.system - before.user - before.system;
  return { cpuUs: cpu / answered, perSecond: answered / wall, sessions: after.sessions - before.sessions, p99: r.latency.p99 };
}

async function main() {
  spawnSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
  const { dir, bodies } = await benchFixtures();
  const subjects = [['echo', 'echo', undefined, ['/']], ...[undefined, ...checkouts].map((c) => [c ?? 'this build', 'webhook', c, PATHS.map((p) => `/${p}`)])];
  const results = new Map();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, kind, checkout, paths] of subjects) {
      for (const path of paths) {
        const m = await measure(kind, dir, checkout, path, bodies);
        const key = `${label} ${path}`;
        results.set(key, [...(results.get(key) ?? []), m]);
        console.log(`round ${round + 1}: ${key.padEnd(40)} ${m.cpuUs.toFixed(1).padStart(6)} µs CPU/request, ${Math.round(m.perSecond)}/s, p99 ${m.p99} ms, TLS sessions ${m.sessions}`);
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const echo = median(results.get('echo /').map((m) => m.cpuUs));
  console.log(`\nmedian server CPU per request over ${ROUNDS} alternated rounds, ${REQUESTS} requests, ${CONNECTIONS} connections:`);
  for (const [key, ms] of results) {
    const us = median(ms.map((m) => m.cpuUs));
    console.log(`  ${key.padEnd(40)} ${us.toFixed(1).padStart(6)} µs   echo/this = ${(echo / us).toFixed(3)}×`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
