// windows-service-unsupported's own cost per pass over a corpus, as a streamed `check` runs it (the
// Services read first), in one warm process: the rule's marginal CPU over a companion rule that asks
// for every workload's analysis (shared with the other rules in a real run, so not the rule's cost).
// Usage: node bench/service-rule.mjs [--baseline <checkout>] [--docs N] [--passes N] [--runs N]
// Both builds run in the same process, alternated; prints the rule's first (cold) pass, then min and
// median ms per warm pass.
import { parseArgs } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeCorpus } from './corpus.mjs';

const { values } = parseArgs({ options: { baseline: { type: 'string' }, docs: { type: 'string' }, passes: { type: 'string' }, runs: { type: 'string' } } });
const DOCS = Number(values.docs ?? 10_000);
const PASSES = Number(values.passes ?? 10);
const RUNS = Number(values.runs ?? 5);

const dir = mkdtempSync(join(tmpdir(), 'kube-hybrid-bench-service-'));
writeCorpus(dir, DOCS, Math.max(1, Math.round(DOCS / 100)));
const texts = readdirSync(dir).sort().map((name) => [join(dir, name), readFileSync(join(dir, name), 'utf8')]);
rmSync(dir, { recursive: true, force: true });

async function buildOf(label, root) {
  const at = (path) => import(resolve(root, 'dist', path));
  const [{ loadText }, { collectInputs, runRules }, rule, { builtinCluster }] = await Promise.all([at('manifests/load.js'), at('engine/run.js'), at('rules/windows-service-unsupported.js'), at('cluster/profiles.js')]);
  const objects = texts.flatMap(([path, text]) => loadText(path, text).objects);
  const inputs = { ...collectInputs(objects, builtinCluster('default')), services: objects.map(rule.inputServiceReader()).filter((s) => s !== undefined) };
  const analyses = {
    id: 'bench-analyses',
    meta: { category: 'scheduling', defaultSeverity: 'info', description: 'asks for every workload analysis', messages: {}, source: 'bench' },
    create: (context) => ({ workload: (workload) => void context.analysisOf(workload) }),
  };
  const cpu = (rules) => {
    const start = process.cpuUsage();
    const findings = runRules(objects, inputs, rules);
    const used = process.cpuUsage(start);
    return { ms: (used.user + used.system) / 1000, findings: findings.length };
  };
  const pass = () => cpu([analyses, rule.windowsServiceUnsupported]).ms - cpu([analyses]).ms;
  // The rule's first pass with the engine and analysis already warm: what it pays while its own code is cold.
  const cold = () => {
    for (let i = 0; i < 3; i++) cpu([analyses]);
    return pass();
  };
  return { label, cold, pass, findings: () => cpu([analyses, rule.windowsServiceUnsupported]).findings };
}

const builds = [await buildOf('this build', '.')];
if (values.baseline) builds.push(await buildOf(`baseline (${values.baseline})`, values.baseline));
const coldMs = new Map(builds.map((build) => [build.label, build.cold()]));
const samples = new Map(builds.map((build) => [build.label, []]));
for (const build of builds) for (let i = 0; i < 3; i++) build.pass(); // warm-up
for (let run = 0; run < RUNS; run++) {
  for (const build of run % 2 === 0 ? builds : [...builds].reverse()) for (let i = 0; i < PASSES; i++) samples.get(build.label).push(build.pass());
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
console.log(`${DOCS} documents; ${RUNS} runs × ${PASSES} passes per build, alternated; marginal CPU of the rule per pass`);
for (const build of builds) {
  const list = samples.get(build.label);
  console.log(`${build.label}: first pass (rule code cold) ${coldMs.get(build.label).toFixed(1)} ms`);
  console.log(`${build.label}: min ${Math.min(...list).toFixed(1)} ms, median ${median(list).toFixed(1)} ms (${build.findings()} findings)`);
}
if (builds.length === 2) {
  const [mine, base] = builds.map((build) => median(samples.get(build.label)));
  console.log(`median ratio this/baseline: ${(mine / base).toFixed(2)}`);
}
