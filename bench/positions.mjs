// npm run bench:positions — a Pod with 10k, 20k and 50k containers: the time to locate every
// container's fields (the work `check` does for one finding per container) and the whole in-process
// check of that Pod. Linear work doubles from 10k to 20k and grows 5x to 50k; the ratios printed
// beside the times show the curve. Issue 9 measured 7 s / 18 s / 60+ s for 20k / 30k / 50k before.
import { performance } from 'node:perf_hooks';
import { loadText } from '../dist/manifests/load.js';
import { runCheck } from '../dist/engine/check.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIZES = (process.env.BENCH_SIZES ?? '10000,20000,50000').split(',').map(Number);

function pod(containers) {
  const lines = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: wide', 'spec:', '  containers:'];
  for (let i = 0; i < containers; i++) {
    lines.push(`  - name: c${i}`, '    image: mcr.microsoft.com/windows/servercore:ltsc2022', '    resources:', '      requests:', '        cpu: 10m');
  }
  lines.push('  nodeSelector:', '    kubernetes.io/os: windows');
  return lines.join('\n') + '\n';
}

function time(fn) {
  const started = performance.now();
  const value = fn();
  return { ms: performance.now() - started, value };
}

const dir = mkdtempSync(join(tmpdir(), 'kh-positions-'));
const rows = [];
try {
  for (const n of SIZES) {
    const text = pod(n);
    const loaded = loadText('wide.yaml', text);
    const object = loaded.objects[0];
    const located = time(() => {
      let last = 0;
      for (let i = 0; i < n; i++) last = object.positionOf(`/spec/containers/${i}/resources/requests/cpu`).line;
      // and a key after the long list, which a scan from the top would reach only past every container
      last += object.positionOf('/spec/nodeSelector').line;
      return last;
    });
    const file = join(dir, `wide-${n}.yaml`);
    writeFileSync(file, text);
    const checked = await (async () => {
      const started = performance.now();
      const report = await runCheck({ paths: [file] });
      return { ms: performance.now() - started, findings: report.findings.length };
    })();
    rows.push({ n, bytes: text.length, locateMs: located.ms, checkMs: checked.ms, findings: checked.findings });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const base = rows[0];
console.log('containers  size      locate every container   ratio   whole check (in-process)   ratio   findings');
for (const r of rows) {
  const cells = [
    String(r.n).padStart(10),
    `${(r.bytes / 1e6).toFixed(1)} MB`.padStart(8),
    `${r.locateMs.toFixed(0)} ms`.padStart(24),
    `${(r.locateMs / base.locateMs).toFixed(2)}x`.padStart(7),
    `${r.checkMs.toFixed(0)} ms`.padStart(26),
    `${(r.checkMs / base.checkMs).toFixed(2)}x`.padStart(7),
    String(r.findings).padStart(10),
  ];
  console.log(cells.join('  '));
}
console.log(`size ratios: ${rows.map((r) => `${(r.n / base.n).toFixed(1)}x`).join(' / ')} (linear work follows these)`);
