// node bench/webhook-callgrind.mjs [checkout…] — instructions the server executes per request, counted
// by valgrind's callgrind: steady whatever the machine's load, to ±3–5 % (when the GC runs moves it),
// where bench:webhook-cpu's CPU time moves ±30 % with the other work on a shared machine. The echo server and the webhook (this build,
// or each checkout's dist/) run under callgrind uninstrumented; each answers a warm-up over TLS
// keep-alive (JIT), instrumentation (counting) is switched on for a fixed number of requests, then off. Prints
// instructions per request and the echo/webhook ratio (what the throughput ratio would be if
// instructions were time; cache misses are not counted). ~50× slower than native: small amounts.
// BENCH_REQUESTS (default 2000), BENCH_WARMUP (default 10000), BENCH_CONNECTIONS (default 8),
// BENCH_PATHS (default mutate,validate), BENCH_KEEP=1 keeps the callgrind files for callgrind_annotate.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { benchFixtures } from './webhook.mjs';

const here = fileURLToPath(new URL('./webhook.mjs', import.meta.url));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const PATHS = (process.env.BENCH_PATHS ?? 'mutate,validate').split(',');
// BENCH_NODE_FLAGS: extra node flags for the servers (--perf-basic-prof names JIT code in /tmp/perf-<pid>.map).
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const checkouts = process.argv.slice(2).map((c) => resolve(c));

/**
 * One autocannon run of warm-up + measured requests over the same keep-alive connections (a new run
 * would open new ones, and TLS handshakes cost more instructions than hundreds of requests): counting
 * is switched on at the warm-up's last answer and off at the end.
 */
function drive(port, path, bodies, pid) {
  return new Promise((resolve, reject) => {
    let answered = 0;
    const instance = autocannon({ url: `https://127.0.0.1:${port}`, connections: CONNECTIONS, pipelining: 1, amount: WARMUP + REQUESTS, timeout: 60, requests: bodies.map((body) => ({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body })) }, (error, result) => {
      if (error) return reject(error);
      callgrindControl(pid, '--instr=off');
      resolve(result);
    });
    instance.on('response', () => {
      if (++answered === WARMUP) callgrindControl(pid, '--instr=on');
    });
  });
}

function callgrindControl(pid, option) {
  const r = spawnSync('callgrind_control', [option, String(pid)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`callgrind_control ${option}: ${r.stderr}`);
}

async function measure(kind, dir, checkout, path, bodies, out) {
  const file = join(out, `callgrind.${kind}.${Date.now()}`);
  const child = spawn('valgrind', ['--tool=callgrind', '--instr-atstart=no', '--separate-threads=yes', `--callgrind-out-file=${file}`, process.execPath, ...NODE_FLAGS, here, '--serve', kind, dir, ...(checkout ? [checkout] : [])], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  const { port } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  const r = await drive(port, path, bodies, child.pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  if (r.non2xx || r.errors || r['2xx'] !== WARMUP + REQUESTS) throw new Error(`${kind} ${path}: ${r['2xx']} answered, ${r.non2xx} non-2xx, ${r.errors} errors`);
  // One file per thread (`<file>-01` is the main thread, the others V8's compiler and GC helpers),
  // each with a `totals:` line: the instructions counted while on.
  let main = 0;
  let all = 0;
  for (const name of readdirSync(out).filter((n) => n.startsWith(`${basename(file)}-`))) {
    const count = Number((/^totals: (\d+)/m.exec(readFileSync(join(out, name), 'utf8')) ?? [])[1] ?? 0);
    all += count;
    if (name.endsWith('-01')) main = count;
  }
  return { main: main / REQUESTS, all: all / REQUESTS };
}

async function main() {
  const { dir, bodies } = await benchFixtures();
  const out = mkdtempSync(join(tmpdir(), 'kh-callgrind-'));
  const subjects = [['echo', 'echo', undefined, ['/']], ...[undefined, ...checkouts].map((c) => [c ?? 'this build', 'webhook', c, PATHS.map((p) => `/${p}`)])];
  const results = [];
  for (const [label, kind, checkout, paths] of subjects) {
    for (const path of paths) {
      const perRequest = await measure(kind, dir, checkout, path, bodies, out);
      results.push([`${label} ${path}`, perRequest]);
      console.log(`${`${label} ${path}`.padEnd(40)} ${kilo(perRequest.main)} k instructions/request in the main thread, ${kilo(perRequest.all)} k in all threads`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  if (process.env.BENCH_KEEP) console.log(`callgrind files (callgrind_annotate): ${out}`);
  else rmSync(out, { recursive: true, force: true });
  const echo = results[0][1];
  console.log(`\nserver instructions per request (callgrind), ${REQUESTS} requests after ${WARMUP} of warm-up, ${CONNECTIONS} connections:`);
  console.log(`  ${''.padEnd(40)} ${'main thread'.padStart(12)} ${'all threads'.padStart(12)}   echo/this (main, all)`);
  for (const [key, n] of results) console.log(`  ${key.padEnd(40)} ${kilo(n.main).padStart(10)} k ${kilo(n.all).padStart(10)} k   ${(echo.main / n.main).toFixed(3)}×, ${(echo.all / n.all).toFixed(3)}×`);
}

const kilo = (n) => (n / 1000).toFixed(1);

main().catch((e) => { console.error(e); process.exit(1); });
