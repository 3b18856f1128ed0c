// npm run bench:report — the report of the 10,000-document corpus bench/check.mjs generates (the
// shared generator, bench/corpus.mjs): writes it with the built CLI, prints
// its size, and how long Debian's Chromium takes to open it until the page says it is drawn, next to
// the time to open an empty page in the same browser in the same run (the baseline). Budgets (issue
// 13): at most 5 MB and 2 s. Needs /usr/bin/chromium (scripts/setup.sh) or KUBE_HYBRID_CHROMIUM.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeCorpus } from './corpus.mjs';

const DOCUMENTS = Number(process.env.BENCH_DOCS ?? 10_000);
const FILES = 100;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CLUSTER = process.env.BENCH_CLUSTER ?? 'multi-build';
const MAX_BYTES = 5 * 1000 * 1000;
const MAX_RENDER_MS = 2000;
const bin = fileURLToPath(new URL('../bin/kube-hybrid.js', import.meta.url));
const chromiumPath = process.env.KUBE_HYBRID_CHROMIUM ?? '/usr/bin/chromium';

const dir = join(tmpdir(), `kube-hybrid-bench-report-${process.pid}`);
writeCorpus(join(dir, 'corpus'), DOCUMENTS, FILES);
console.log(`corpus: ${DOCUMENTS} documents in ${FILES} files (as bench/check.mjs), cluster ${CLUSTER}`);

const reportPath = join(dir, 'report.html');
const started = process.hrtime.bigint();
const child = spawnSync(process.execPath, [bin, 'report', join(dir, 'corpus'), '--cluster', CLUSTER, '--today', '2026-11-30', '-o', reportPath], { encoding: 'utf8', maxBuffer: 1 << 28 });
const writeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
if (child.status !== 0 && child.status !== 1) {
  console.error(child.stderr);
  throw new Error(`report exited ${child.status}`);
}
const bytes = statSync(reportPath).size;
console.log(`kube-hybrid report: ${writeSeconds.toFixed(2)} s whole process; ${child.stderr.trim().split('\n').pop()}`);
console.log(`size: ${(bytes / 1e6).toFixed(2)} MB (budget ${MAX_BYTES / 1e6} MB) ${bytes <= MAX_BYTES ? 'within budget' : 'OVER BUDGET'}`);

if (!existsSync(chromiumPath)) {
  console.log(`render: skipped, no browser at ${chromiumPath} (bash scripts/setup.sh installs Debian's chromium)`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(bytes <= MAX_BYTES ? 0 : 1);
}

const emptyPath = join(dir, 'empty.html');
writeFileSync(emptyPath, '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>empty</title></head><body><p>empty</p><script>document.documentElement.setAttribute("data-report-ready", "true")</script></body></html>\n');

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });

/** Milliseconds from the start of navigation until the page marks itself drawn, in a fresh tab. */
async function openMs(path) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const t0 = process.hrtime.bigint();
  await page.goto(pathToFileURL(path).href);
  await page.waitForSelector('[data-report-ready]', { timeout: 60_000 });
  // The first frame after drawing: layout and paint of what is on screen count too.
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const shown = await page.evaluate("document.querySelectorAll('#matrix-table tbody tr[data-workload]').length");
  await page.close();
  if (errors.length > 0) throw new Error(`console errors in ${path}: ${errors.join('; ')}`);
  return { ms, shown };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
await openMs(emptyPath); // warm the browser
const baseline = [];
const report = [];
let shown = 0;
for (let run = 0; run < RUNS; run++) {
  baseline.push((await openMs(emptyPath)).ms);
  const r = await openMs(reportPath);
  report.push(r.ms);
  shown = r.shown;
  console.log(`run ${run + 1}: empty page ${baseline[run].toFixed(0)} ms, report ${r.ms.toFixed(0)} ms`);
}
await browser.close();
const b = median(baseline);
const r = median(report);
console.log(`render (median of ${RUNS}): report ${r.toFixed(0)} ms, empty page ${b.toFixed(0)} ms, ratio ${(r / b).toFixed(1)}x; ${shown} matrix rows drawn (the first page)`);
console.log(`render budget ${MAX_RENDER_MS} ms: ${r <= MAX_RENDER_MS ? 'within budget' : 'OVER BUDGET'}`);
rmSync(dir, { recursive: true, force: true });
process.exit(bytes <= MAX_BYTES && r <= MAX_RENDER_MS ? 0 : 1);
