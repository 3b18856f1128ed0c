// npm run bench:startup — start-up of `kube-hybrid check` on one small file beside `node -e 0`, both
// pinned to one core, alternated, median of BENCH_RUNS (default 21) runs each. Target (issue 14):
// check ≤ 1.3 × node -e 0 + 50 ms. BENCH_BASELINE=<checkout> also times that checkout's build.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const bin = fileURLToPath(new URL('../bin/kube-hybrid.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kube-hybrid-startup-'));
const file = join(dir, 'iis.yaml');
writeFileSync(
  file,
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: iis
  namespace: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: iis
  template:
    metadata:
      labels:
        app: iis
    spec:
      nodeSelector:
        kubernetes.io/os: windows
      containers:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
          resources:
            limits:
              cpu: "1"
              memory: 512Mi
`,
);
const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
console.log(`${pinned ? 'pinned to core 0 (taskset)' : 'taskset not found: not pinned'}; ${RUNS} runs each, alternated`);

function timed(args) {
  const command = [...(pinned ? ['taskset', '-c', '0'] : []), process.execPath, ...args];
  const started = process.hrtime.bigint();
  const child = spawnSync(command[0], command.slice(1), { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0 && child.status !== 1) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return ms;
}

const node = [];
const check = [];
const baseline = [];
const baselineBin = process.env.BENCH_BASELINE ? join(process.env.BENCH_BASELINE, 'bin', 'kube-hybrid.js') : undefined;
// One warm-up each (file system cache), not counted.
timed(['-e', '0']);
timed([bin, 'check', file]);
for (let i = 0; i < RUNS; i++) {
  node.push(timed(['-e', '0']));
  check.push(timed([bin, 'check', file]));
  if (baselineBin) baseline.push(timed([baselineBin, 'check', file]));
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const nodeMs = median(node);
const checkMs = median(check);
const budget = 1.3 * nodeMs + 50;
console.log(`node -e 0: median ${nodeMs.toFixed(1)} ms`);
console.log(`kube-hybrid check (one small file): median ${checkMs.toFixed(1)} ms`);
if (baselineBin) console.log(`baseline check (${process.env.BENCH_BASELINE}): median ${median(baseline).toFixed(1)} ms`);
console.log(`ratio ${(checkMs / nodeMs).toFixed(2)}× node -e 0; target ≤ 1.3 × ${nodeMs.toFixed(1)} + 50 = ${budget.toFixed(1)} ms: ${checkMs <= budget ? 'met' : 'not met'} (${(checkMs - budget).toFixed(1)} ms ${checkMs <= budget ? 'under' : 'over'})`);
rmSync(dir, { recursive: true, force: true });
