// Benchmark for `kube-hybrid simulate` (issue 3 item 8): 5,000 nodes (Linux plus tainted Windows
// Server 2019, 2022 and 2025 pools) and ~160,000 pods from 3,000 Deployments and a few DaemonSets.
// Generates the corpus into a temp dir, runs the built CLI (dist/) as a whole process pinned to one
// core when `taskset` exists, and prints pods/s, wall time and peak RSS. Every pod must be in the output.
// Smaller corpora for quick checks: BENCH_NODES (default 5000, pools scaled alike), BENCH_DEPLOYMENTS
// (default 3000). BENCH_OUT=<file> keeps a copy of the JSON output (to compare placements run to run).
// BENCH_BASE=<checkout> also runs that (built) checkout on the same corpus, right after, and prints
// this run's speed as a ratio to it and whether the two JSON outputs are byte-identical.
// BENCH_GENERATE_ONLY=<dir> writes the corpus there and exits (bench/identical.mjs uses it).
// Targets (issue 14): ≤ 8 s wall for the full corpus (≥ 20,000 pods/s) and ≤ 600 MiB peak RSS, one core.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = process.env.BENCH_GENERATE_ONLY ?? mkdtempSync(join(tmpdir(), 'kube-hybrid-bench-'));
mkdirSync(dir, { recursive: true });

const NODES = Number(process.env.BENCH_NODES ?? 5000);
const DEPLOYMENTS = Number(process.env.BENCH_DEPLOYMENTS ?? 3000);
const POOLS = [
  { name: 'linux', os: 'linux', count: 3500, zones: ['z1', 'z2', 'z3'], allocatable: { cpu: '7820m', memory: '27Gi', pods: '110' } },
  { name: 'win19', os: 'windows', osSku: 'Windows2019', count: 400, zones: ['z1', 'z2', 'z3'], allocatable: { cpu: '3860m', memory: '11Gi', pods: '30' } },
  { name: 'win22', os: 'windows', osSku: 'Windows2022', count: 800, zones: ['z1', 'z2', 'z3'], allocatable: { cpu: '3860m', memory: '11Gi', pods: '30' } },
  { name: 'win25', os: 'windows', osSku: 'Windows2025', count: 300, zones: ['z1', 'z2', 'z3'], allocatable: { cpu: '3860m', memory: '11Gi', pods: '30' } },
].map((p) => ({ ...p, count: Math.max(1, Math.round((p.count * NODES) / 5000)) }));
const WINDOWS_TAINT = [{ key: 'os', value: 'windows', effect: 'NoSchedule' }];

function profile() {
  const lines = ['apiVersion: kube-hybrid.io/v1alpha1', 'kind: ClusterProfile', 'metadata: {name: bench-5k}', 'spec:', '  pools:'];
  for (const p of POOLS) {
    const pool = { ...p, ...(p.os === 'windows' ? { taints: WINDOWS_TAINT } : {}) };
    lines.push(`    - ${JSON.stringify(pool)}`);
  }
  return lines.join('\n') + '\n';
}

// Deterministic pseudo-random numbers (mulberry32) so every run gets the same corpus.
let seed = 42;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const WINDOWS_KINDS = [
  { build: '10.0.17763', image: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019' },
  { build: '10.0.20348', image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022' },
  { build: '10.0.26100', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2025' },
];

function deployment(i) {
  const windows = i % 5 === 0;
  const replicas = windows ? 16 + Math.floor(random() * 16) : 42 + Math.floor(random() * 30);
  const name = `app-${i}`;
  const namespace = `team-${i % 40}`;
  const labels = { app: name, tier: i % 3 === 0 ? 'web' : 'backend' };
  let spec;
  if (windows) {
    const kind = WINDOWS_KINDS[i % WINDOWS_KINDS.length];
    spec = {
      nodeSelector: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': kind.build },
      tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }],
      containers: [{ name: 'app', image: kind.image, resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } }, readinessProbe: { httpGet: { port: 80 }, initialDelaySeconds: 10 } }],
    };
  } else {
    spec = {
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      containers: [{ name: 'app', image: `registry.example.com/team/${name}:1.${i % 7}`, ports: [{ containerPort: 8080 }], resources: { requests: { cpu: `${50 + (i % 4) * 10}m`, memory: `${96 + (i % 5) * 32}Mi` } } }],
      ...(i % 50 === 1 ? { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: name } }, topologyKey: 'kubernetes.io/hostname' } }] } } } : {}),
    };
  }
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace }, spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels }, spec } } };
}

function daemonSets() {
  const ds = (name, spec) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, namespace: 'kube-system' }, spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } } });
  return [
    ds('kube-proxy', { nodeSelector: { 'kubernetes.io/os': 'linux' }, hostNetwork: true, containers: [{ name: 'p', image: 'registry.k8s.io/kube-proxy:v1.33.1', resources: { requests: { cpu: '100m' } } }] }),
    ds('node-exporter', { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'e', image: 'quay.io/prometheus/node-exporter:v1.8.2', ports: [{ containerPort: 9100, hostPort: 9100 }] }] }),
    ds('fluent-bit', { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'f', image: 'cr.fluentbit.io/fluent/fluent-bit:3.1' }] }),
    ds('windows-exporter', { nodeSelector: { 'kubernetes.io/os': 'windows' }, tolerations: [{ operator: 'Exists' }], containers: [{ name: 'w', image: 'ghcr.io/prometheus-community/windows-exporter:0.29.2-ltsc2022' }] }),
  ];
}

const docs = [];
for (let i = 0; i < DEPLOYMENTS; i++) docs.push(JSON.stringify(deployment(i)));
for (const d of daemonSets()) docs.push(JSON.stringify(d));
const corpus = join(dir, 'workloads.yaml');
const cluster = join(dir, 'cluster.yaml');
writeFileSync(corpus, docs.join('\n---\n') + '\n');
writeFileSync(cluster, profile());
if (process.env.BENCH_GENERATE_ONLY) process.exit(0);

const TARGET_SECONDS = 8;
const TARGET_PODS_PER_SECOND = 20_000;
const TARGET_RSS_MIB = 600;
const pinned = spawnSync('sh', ['-c', 'command -v taskset'], { encoding: 'utf8' }).status === 0 ? ['taskset', '-c', '0'] : [];
const timed = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%e %M %U %S'] : [];
const expectedPods = docs.slice(0, DEPLOYMENTS).reduce((n, d) => n + JSON.parse(d).spec.replicas, 0);

/** One whole `simulate -o json` process of a checkout, pinned and timed. */
function measure(checkout, label) {
  const command = ['node', ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []), join(checkout, 'bin', 'kube-hybrid.js'), 'simulate', corpus, '--cluster', cluster, '-o', 'json'];
  const argv = [...timed, ...pinned, ...command];
  const started = process.hrtime.bigint();
  const run = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.error) throw run.error;
  const stderrLines = run.stderr.trim().split('\n');
  const [, maxRssKb, userSeconds, systemSeconds] = (stderrLines.at(-1) ?? '').split(' ').map(Number);
  // CPU time (user + system) moves less than wall time on a machine shared with other work.
  const cpu = userSeconds + systemSeconds;
  const result = JSON.parse(run.stdout);
  const pods = result.pods.length;
  const byStatus = {};
  for (const p of result.pods) byStatus[p.status] = (byStatus[p.status] ?? 0) + 1;
  console.log(`${label}: nodes ${result.nodes.length}, pods ${pods} (deployment replicas ${expectedPods}), statuses ${JSON.stringify(byStatus)}`);
  console.log(`${label}: wall ${wall.toFixed(2)} s${Number.isFinite(cpu) ? ` (CPU ${cpu.toFixed(2)} s)` : ''}, ${(pods / wall).toFixed(0)} pods/s${maxRssKb ? `, peak RSS ${(maxRssKb / 1024).toFixed(0)} MiB` : ''}${pinned.length ? ' (one core: taskset -c 0)' : ''}, exit ${run.status}`);
  if (run.status !== 0 && run.status !== 1) {
    console.error(stderrLines.slice(0, 20).join('\n'));
    process.exitCode = 1;
  }
  return { stdout: run.stdout, wall, cpu, pods, rssMiB: maxRssKb ? maxRssKb / 1024 : undefined };
}

const mine = measure(root, 'this checkout');
if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, mine.stdout);
const verdict = (ok) => (ok ? 'PASS' : 'FAIL');
const fullScale = NODES === 5000 && DEPLOYMENTS === 3000;
console.log(`targets${fullScale ? '' : ' (scaled corpus: the targets are for 5,000 nodes / 3,000 Deployments)'}:`);
console.log(`  wall ${mine.wall.toFixed(2)} s / ${TARGET_SECONDS} s target = ${(mine.wall / TARGET_SECONDS).toFixed(2)}× (≤ 1 passes): ${verdict(mine.wall <= TARGET_SECONDS)}`);
console.log(`  ${(mine.pods / mine.wall).toFixed(0)} pods/s / ${TARGET_PODS_PER_SECOND} target = ${(mine.pods / mine.wall / TARGET_PODS_PER_SECOND).toFixed(2)}× (≥ 1 passes): ${verdict(mine.pods / mine.wall >= TARGET_PODS_PER_SECOND)}`);
if (mine.rssMiB !== undefined) console.log(`  peak RSS ${mine.rssMiB.toFixed(0)} MiB / ${TARGET_RSS_MIB} MiB target = ${(mine.rssMiB / TARGET_RSS_MIB).toFixed(2)}× (≤ 1 passes): ${verdict(mine.rssMiB <= TARGET_RSS_MIB)}`);
if (process.env.BENCH_BASE) {
  const theirs = measure(process.env.BENCH_BASE, 'baseline');
  console.log(`baseline (${process.env.BENCH_BASE}) in the same run: this checkout is ${(theirs.wall / mine.wall).toFixed(2)}× its speed${Number.isFinite(mine.cpu) && Number.isFinite(theirs.cpu) ? ` (${(theirs.cpu / mine.cpu).toFixed(2)}× by CPU time)` : ''}, ${theirs.rssMiB && mine.rssMiB ? `${(mine.rssMiB / theirs.rssMiB).toFixed(2)}× its peak RSS, ` : ''}JSON output ${theirs.stdout === mine.stdout ? 'byte-identical' : 'DIFFERENT'}`);
  if (theirs.stdout !== mine.stdout) process.exitCode = 1;
}
if (process.env.BENCH_KEEP) console.log(`corpus kept in ${dir}`);
else rmSync(dir, { recursive: true, force: true });
