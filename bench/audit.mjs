// Benchmark for `kube-hybrid audit` (issue 16): a served cluster of 5,000 nodes and 150,000 pods
// (bench/audit-cluster.mjs, its own process, on core 1 when taskset exists), audited by the built CLI
// (dist/) as one process pinned to core 0, timed by /usr/bin/time (wall, peak RSS). Runs the pod
// counts in BENCH_SCALES (default "0.25,0.5,1" of BENCH_PODS=150000) on the same BENCH_NODES=5000
// nodes, to show how time grows with pods. Every pod in trouble the server planted must be reported.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'kube-hybrid.js');
const PODS = Number(process.env.BENCH_PODS ?? 150000);
const NODES = Number(process.env.BENCH_NODES ?? 5000);
const SCALES = (process.env.BENCH_SCALES ?? '0.25,0.5,1').split(',').map(Number);
// BENCH_PIN=0 runs unpinned (on a shared machine, other benchmarks pin to core 0 too).
const hasTaskset = process.env.BENCH_PIN !== '0' && spawnSync('sh', ['-c', 'command -v taskset'], { encoding: 'utf8' }).status === 0;
// Wall, peak RSS, and the CPU time the audit used (user + sys): on a loaded machine the wall time
// says more about the neighbours than about audit; the CPU time is what one free core would take.
const timed = spawnSync('sh', ['-c', 'command -v /usr/bin/time'], { encoding: 'utf8' }).status === 0 ? ['/usr/bin/time', '-f', '%e %M %U %S'] : [];

async function serve(pods, nodes) {
  const argv = [...(hasTaskset ? ['taskset', '-c', '1'] : []), 'node', join(root, 'bench', 'audit-cluster.mjs')];
  const child = spawn(argv[0], argv.slice(1), { env: { ...process.env, BENCH_PODS: String(pods), BENCH_NODES: String(nodes) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`cluster server exited ${code}`)));
  });
  return { child, info: JSON.parse(line) };
}

const rows = [];
for (const scale of SCALES) {
  const pods = Math.round(PODS * scale);
  const nodes = NODES;
  const { child, info } = await serve(pods, nodes);
  try {
    const argv = [...timed, ...(hasTaskset ? ['taskset', '-c', '0'] : []), 'node', bin, 'audit', '-A', '-o', 'json', '--kubeconfig', info.kubeconfig];
    const started = process.hrtime.bigint();
    const run = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 30 });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    if ((run.status !== 0 && run.status !== 1) || run.stdout.trim() === '') throw new Error(`audit exited ${run.status}: ${run.stderr.slice(0, 3000)}`);
    const [, maxRssKb, userS, sysS] = (run.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
    const cpu = userS !== undefined && sysS !== undefined ? userS + sysS : undefined;
    const report = JSON.parse(run.stdout);
    if (report.summary.pods !== info.pods) throw new Error(`read ${report.summary.pods} pods, served ${info.pods}`);
    if (report.podProblems.length !== info.failing) throw new Error(`reported ${report.podProblems.length} pods in trouble, planted ${info.failing}`);
    rows.push({ scale, nodes: info.nodes, pods: info.pods, workloads: report.summary.workloads, wall, cpu, load: loadavg()[0], rssMiB: maxRssKb ? maxRssKb / 1024 : undefined, problems: report.podProblems.length, findings: report.findings.length, disagreements: report.disagreements.length });
    const r = rows.at(-1);
    console.log(`${r.nodes} nodes, ${r.pods} pods, ${r.workloads} workloads: wall ${wall.toFixed(2)} s${r.cpu !== undefined ? `, CPU ${r.cpu.toFixed(2)} s (user+sys)` : ''}, load ${r.load.toFixed(1)}, ${(r.pods / wall).toFixed(0)} pods/s${r.rssMiB ? `, peak RSS ${r.rssMiB.toFixed(0)} MiB` : ''}; ${r.problems} pods in trouble (all planted ones), ${r.findings} findings, ${r.disagreements} disagreements${hasTaskset ? ' (audit on core 0, server on core 1)' : ''}`);
  } finally {
    child.kill('SIGTERM');
    rmSync(info.dir, { recursive: true, force: true });
  }
}
if (rows.length > 1) {
  const base = rows[0];
  for (const r of rows.slice(1)) {
    console.log(`×${(r.pods / base.pods).toFixed(2)} pods → ×${(r.wall / base.wall).toFixed(2)} time${r.cpu && base.cpu ? `, ×${(r.cpu / base.cpu).toFixed(2)} CPU` : ''}${r.rssMiB && base.rssMiB ? `, ×${(r.rssMiB / base.rssMiB).toFixed(2)} RSS` : ''}`);
  }
}
