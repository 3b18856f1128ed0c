// npm run bench:check — generates the hybrid corpus (bench/corpus.mjs: Deployments, DaemonSets and
// Services in 100 files; 10,000 documents ≈ 8 MB by default) and times, pinned to one core, the whole
// `kube-hybrid check -o json` process beside a process that only reads the same files with js-yaml's
// `loadAll` (the parser's limit), in the same run. Prints documents/s, the ratio to js-yaml and the
// peak RSS of check.
//
//   npm run bench:check                      10,000 documents, 3 runs each, medians
//   npm run bench:check -- --docs 1000000    scale mode: N documents (~800 bytes each), 1 run each
//   BENCH_RUNS=5 BENCH_PROF=1 …              more runs; BENCH_PROF=1 writes check's CPU profile to ./prof
//   BENCH_BASELINE=<checkout> …              also times that checkout's build (e.g. main) in the same runs
// Besides the target, it prints (information) the CPU of the same check with every rule turned off, and
// so what the rules cost and what the target leaves them.
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, existsSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeCorpus } from './corpus.mjs';

const { values } = parseArgs({ options: { docs: { type: 'string' } } });
const scaleMode = values.docs !== undefined;
const DOCUMENTS = Number(values.docs ?? process.env.BENCH_DOCS ?? 10_000);
const FILES = 100;
const RUNS = Number(process.env.BENCH_RUNS ?? (scaleMode ? 1 : 3));
const bin = fileURLToPath(new URL('../bin/kube-hybrid.js', import.meta.url));
const jsYamlEntry = fileURLToPath(new URL('../node_modules/js-yaml/index.js', import.meta.url));

const dir = join(tmpdir(), `kube-hybrid-bench-check-${process.pid}`);
const generated = process.hrtime.bigint();
const bytes = writeCorpus(dir, DOCUMENTS, FILES);
console.log(`corpus: ${DOCUMENTS} documents, ${FILES} files, ${(bytes / 1e6).toFixed(1)} MB (${dir}), written in ${(Number(process.hrtime.bigint() - generated) / 1e9).toFixed(1)} s`);
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const hasTime = existsSync('/usr/bin/time');
console.log(`${hasTaskset ? 'pinned to core 0 (taskset)' : 'taskset not found: not pinned'}; ${hasTime ? 'peak RSS by /usr/bin/time' : '/usr/bin/time not found: no peak RSS'}`);

// The parser alone: read every file and loadAll it, as one process (start-up included, like check).
const JS_YAML_ONLY = `
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const { default: jsyaml } = await import(${JSON.stringify(jsYamlEntry)});
const dir = process.argv[1];
let documents = 0;
for (const name of readdirSync(dir).sort()) documents += jsyaml.loadAll(readFileSync(join(dir, name), 'utf8')).length;
console.log(documents);
`;

/** Runs a node process pinned, stdout to a file; returns seconds, peak RSS (KiB) and the output's path. */
function timedNode(args, label) {
  const out = join(tmpdir(), `kube-hybrid-bench-${label}-${process.pid}.out`);
  const fd = openSync(out, 'w');
  const command = [...(hasTaskset ? ['taskset', '-c', '0'] : []), ...(hasTime ? ['/usr/bin/time', '-f', 'peak-rss-kib %M cpu %U %S'] : []), process.execPath, ...args];
  const started = process.hrtime.bigint();
  const child = spawnSync(command[0], command.slice(1), { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  closeSync(fd);
  const rss = /peak-rss-kib (\d+) cpu ([\d.]+) ([\d.]+)/.exec(child.stderr ?? '');
  if (child.status !== 0) {
    console.error(child.stderr);
    throw new Error(`${label} exited ${child.status}`);
  }
  // CPU seconds (user + system) beside the wall clock: on a busy machine the wall clock waits for the core.
  return { seconds, cpu: rss ? Number(rss[2]) + Number(rss[3]) : undefined, peakKiB: rss ? Number(rss[1]) : undefined, out };
}

/**
 * check's `-o json` output read line by line (JSON.stringify's 2-space layout): each finding as its
 * line and column only, and the summary; enough for the checks below.
 */
async function readLargeCheckJson(path) {
  const findings = [];
  let finding;
  const summary = {};
  let section = '';
  for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
    const key = /^ {2}"(\w+)":/.exec(line);
    if (key) section = key[1];
    if (section === 'findings') {
      if (line === '    {') findings.push((finding = {}));
      const field = /^ {6}"(line|column)": (\d+),?$/.exec(line);
      if (field) finding[field[1]] = Number(field[2]);
    } else if (section === 'summary') {
      const field = /^ {4}"(\w+)": (\d+),?$/.exec(line);
      if (field) summary[field[1]] = Number(field[2]);
    }
  }
  return { findings, summary };
}

// The same check with every rule turned off (reading, positions, the output; information): where the
// target sits between the parser and the rules. Not in scale mode (one more long run).
const { RULES } = await import(new URL('../dist/rules/index.js', import.meta.url));
/** Issue 14's target: check's throughput at least this share of js-yaml's. */
const TARGET_RATIO = 0.6;
const RULES_OFF = RULES.flatMap((rule) => ['--rule', `${rule.id}=off`]);
const noRuleRuns = [];

const mib = (kib) => (kib === undefined ? 'n/a' : `${(kib / 1024).toFixed(0)} MiB`);
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const checkRuns = [];
const parserRuns = [];
const baselineRuns = [];
let summary;
for (let run = 0; run < RUNS; run++) {
  const parser = timedNode(['--input-type=module', '-e', JS_YAML_ONLY, dir], 'js-yaml');
  const parsed = Number(readFileSync(parser.out, 'utf8'));
  rmSync(parser.out);
  if (parsed !== DOCUMENTS) throw new Error(`js-yaml read ${parsed} documents, expected ${DOCUMENTS}`);
  parserRuns.push(parser);
  const profile = process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=prof'] : [];
  const check = timedNode([...profile, bin, 'check', dir, '-o', 'json', '--fail-on', 'none'], 'check');
  // Past ~500 MB (about 700,000 findings) the JSON is longer than a JavaScript string may be: read line by line.
  const body = statSync(check.out).size < 256e6 ? JSON.parse(readFileSync(check.out, 'utf8')) : await readLargeCheckJson(check.out);
  rmSync(check.out);
  const unpositioned = body.findings.filter((f) => !(f.line >= 1 && f.column >= 1)).length;
  if (unpositioned > 0) throw new Error(`${unpositioned} findings without a position`);
  if (body.summary.objects !== DOCUMENTS) throw new Error(`check saw ${body.summary.objects} objects, expected ${DOCUMENTS}`);
  summary = body.summary;
  checkRuns.push(check);
  if (!scaleMode) {
    const noRules = timedNode([bin, 'check', dir, '-o', 'json', '--fail-on', 'none', ...RULES_OFF], 'check-no-rules');
    rmSync(noRules.out);
    noRuleRuns.push(noRules);
  }
  if (process.env.BENCH_BASELINE) {
    const base = timedNode([join(process.env.BENCH_BASELINE, 'bin', 'kube-hybrid.js'), 'check', dir, '-o', 'json', '--fail-on', 'none'], 'baseline');
    rmSync(base.out);
    baselineRuns.push(base);
    console.log(`run ${run + 1}: baseline check (${process.env.BENCH_BASELINE}) ${base.seconds.toFixed(2)} s, cpu ${base.cpu?.toFixed(2)} s, peak RSS ${mib(base.peakKiB)}`);
  }
  console.log(
    `run ${run + 1}: check ${check.seconds.toFixed(2)} s, cpu ${check.cpu?.toFixed(2)} s (${(DOCUMENTS / check.seconds).toFixed(0)} documents/s, peak RSS ${mib(check.peakKiB)}, ${body.findings.length} findings, all positioned); ` +
      `js-yaml loadAll ${parser.seconds.toFixed(2)} s, cpu ${parser.cpu?.toFixed(2)} s (${(DOCUMENTS / parser.seconds).toFixed(0)} documents/s, peak RSS ${mib(parser.peakKiB)}); ratio ${(parser.seconds / check.seconds).toFixed(2)}`,
  );
}
const checkSeconds = median(checkRuns.map((r) => r.seconds));
const parserSeconds = median(parserRuns.map((r) => r.seconds));
const peak = Math.max(...checkRuns.map((r) => r.peakKiB ?? 0));
console.log(`summary: ${JSON.stringify(summary)}`);
console.log(`check: median ${checkSeconds.toFixed(2)} s whole process → ${(DOCUMENTS / checkSeconds).toFixed(0)} documents/s (${(bytes / 1e6 / checkSeconds).toFixed(1)} MB/s), peak RSS ${mib(peak || undefined)}, one process, one core`);
console.log(`js-yaml loadAll: median ${parserSeconds.toFixed(2)} s → ${(DOCUMENTS / parserSeconds).toFixed(0)} documents/s`);
if (hasTime) {
  const checkCpu = median(checkRuns.map((r) => r.cpu));
  const parserCpu = median(parserRuns.map((r) => r.cpu));
  console.log(`cpu time (user + system): check ${checkCpu.toFixed(2)} s, js-yaml ${parserCpu.toFixed(2)} s → ratio ${(parserCpu / checkCpu).toFixed(2)}× (what the ratio is on a quiet core)`);
  if (noRuleRuns.length > 0) {
    const noRulesCpu = median(noRuleRuns.map((r) => r.cpu));
    const allowed = parserCpu / TARGET_RATIO;
    console.log(
      `information: check with all ${RULES.length} rules off (reading, positions, output) cpu ${noRulesCpu.toFixed(2)} s = ${(parserCpu / noRulesCpu).toFixed(2)}× js-yaml; ` +
        `the rules cost ${(checkCpu - noRulesCpu).toFixed(2)} s cpu here, and the ${TARGET_RATIO}× target (check ≤ ${allowed.toFixed(2)} s cpu) leaves them ${(allowed - noRulesCpu).toFixed(2)} s`,
    );
  }
}
if (baselineRuns.length > 0) {
  // The baseline's figures from the same runs, beside this build's (wall clock and CPU, medians).
  const baseSeconds = median(baselineRuns.map((r) => r.seconds));
  const baseCpu = hasTime ? median(baselineRuns.map((r) => r.cpu)) : undefined;
  const parserCpu = hasTime ? median(parserRuns.map((r) => r.cpu)) : undefined;
  console.log(
    `baseline (${process.env.BENCH_BASELINE}): median ${baseSeconds.toFixed(2)} s → ${(DOCUMENTS / baseSeconds).toFixed(0)} documents/s, ratio to js-yaml ${(parserSeconds / baseSeconds).toFixed(2)}×` +
      (baseCpu !== undefined ? `; cpu ${baseCpu.toFixed(2)} s, ratio ${(parserCpu / baseCpu).toFixed(2)}×` : ''),
  );
}
console.log(`ratio check / js-yaml loadAll: ${(parserSeconds / checkSeconds).toFixed(2)}× (target ≥ ${TARGET_RATIO}×)${scaleMode ? `; peak RSS ${mib(peak || undefined)} for ${DOCUMENTS} documents (target ≤ 1024 MiB at 1,000,000)` : ''}`);
rmSync(dir, { recursive: true, force: true });
