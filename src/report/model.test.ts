import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { captureIO } from '../cli/io.js';
import { main } from '../cli/main.js';
import { embedModel, renderReportHtml } from '../format/report/html.js';
import { repoPath } from '../testing/paths.js';
import { CELL_VERDICTS, buildReportModel } from './model.js';
import type { ReportModel } from './model.js';

const TEST_DAY = '2026-11-30';
const EXAMPLE = repoPath('examples/hybrid-app');

async function run(args: string[]) {
  const io = captureIO();
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

function workload(model: ReportModel, namespace: string, name: string) {
  const found = model.workloads.find((w) => w.namespace === namespace && w.name === name);
  assert.ok(found, `workload ${namespace}/${name} in the model`);
  return found;
}

function cellOf(model: ReportModel, namespace: string, name: string, pool: string) {
  const index = model.cluster.pools.findIndex((p) => p.name === pool);
  assert.ok(index >= 0, `pool ${pool}`);
  return workload(model, namespace, name).cells[index];
}

describe('report model', () => {
  it('holds check -o json and simulate -o json exactly as those verbs print them', async () => {
    const { model } = await buildReportModel({ paths: [EXAMPLE], cluster: 'multi-build', today: TEST_DAY });
    const check = await run(['check', EXAMPLE, '--cluster', 'multi-build', '--today', TEST_DAY, '-o', 'json']);
    const simulate = await run(['simulate', EXAMPLE, '--cluster', 'multi-build', '-o', 'json']);
    assert.deepEqual(model.check, JSON.parse(check.out));
    assert.deepEqual(model.simulate, JSON.parse(simulate.out));
    const lifecycle = await run(['plan', 'lifecycle', '--cluster', 'multi-build', '--today', TEST_DAY, '-o', 'json']);
    assert.deepEqual(model.lifecycle, JSON.parse(lifecycle.out));
  });

  it('adds the upgrade plan as plan upgrade -o json prints it, and names why there is none', async () => {
    const { model } = await buildReportModel({ paths: [EXAMPLE], cluster: 'multi-build', today: TEST_DAY, planTo: 26100 });
    const plan = await run(['plan', 'upgrade', '--to', '2025', EXAMPLE, '--cluster', 'multi-build', '--today', TEST_DAY, '-o', 'json']);
    assert.deepEqual(model.plan, JSON.parse(plan.out));
    assert.equal(model.summary.plan && 'steps' in model.summary.plan ? model.summary.plan.steps : -1, (JSON.parse(plan.out) as { steps: unknown[] }).steps.length);

    // The default cluster's only Windows pool already runs 2022: nothing to move from.
    const nothing = await buildReportModel({ paths: [EXAMPLE], today: TEST_DAY, planTo: 20348 });
    assert.ok(nothing.model.plan && 'error' in nothing.model.plan, 'a cluster with nothing to upgrade gives the planner\'s reason');
    assert.match(String(nothing.model.plan.error), /no Windows pool of another build than/);
    assert.ok(nothing.model.summary.plan && 'error' in nothing.model.summary.plan);
  });

  it('fills the placement matrix from the scheduler filters and the simulation', async () => {
    const { model } = await buildReportModel({ paths: [EXAMPLE], cluster: 'multi-build', today: TEST_DAY });
    assert.deepEqual(model.cluster.pools.map((p) => p.name), ['linux', 'win2019', 'win2022', 'win2025']);
    // The IIS pods select Windows but do not tolerate the os=windows taint: blocked everywhere, with kube-scheduler's words.
    assert.equal(cellOf(model, 'lob', 'lob-web', 'linux').verdict, 'blocked');
    assert.match(cellOf(model, 'lob', 'lob-web', 'linux').reason, /didn't match Pod's node affinity\/selector/);
    assert.equal(cellOf(model, 'lob', 'lob-web', 'win2022').verdict, 'blocked');
    assert.match(cellOf(model, 'lob', 'lob-web', 'win2022').reason, /untolerated taint \{os: windows\}/);
    // The storefront has no OS selector; the taint keeps it on Linux, where it runs.
    assert.equal(cellOf(model, 'shop', 'storefront', 'linux').verdict, 'runs');
    // The Linux node-exporter tolerates everything: its pods land on Windows nodes and fail there.
    const exporter = cellOf(model, 'monitoring', 'node-exporter', 'win2019');
    assert.equal(exporter.verdict, 'fails');
    assert.ok(exporter.pods && Object.keys(exporter.pods).every((s) => s !== 'Running'));
    assert.equal(cellOf(model, 'monitoring', 'windows-exporter', 'win2025').verdict, 'runs');
    for (const w of model.workloads) {
      assert.equal(w.cells.length, model.cluster.pools.length);
      for (const c of w.cells) assert.ok(CELL_VERDICTS.includes(c.verdict) && c.reason !== '', `${w.name}: ${c.verdict} ${c.reason}`);
    }
  });

  it('says where pods may land when the simulation put none there, and where they would fail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-report-'));
    // One replica, no selector, default cluster (untainted Windows pool): it lands on one pool only.
    writeFileSync(join(dir, 'one.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: one, namespace: a}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: one}}\n  template:\n    metadata: {labels: {app: one}}\n    spec:\n      containers: [{name: c, image: nginx:1.27}]\n');
    const { model } = await buildReportModel({ paths: [dir], today: TEST_DAY });
    const verdicts = workload(model, 'a', 'one').cells.map((c) => c.verdict).sort();
    assert.equal(verdicts.filter((v) => v === 'runs' || v === 'fails').length, 1, 'one pool got the pod');
    const windows = model.cluster.pools.findIndex((p) => p.os === 'windows');
    const cell = workload(model, 'a', 'one').cells[windows];
    assert.ok(cell.verdict === 'would-fail' || cell.verdict === 'fails', `an nginx pod on the Windows pool fails or would (got ${cell.verdict})`);
  });

  it('counts in the summary what the sections hold', async () => {
    const { model } = await buildReportModel({ paths: [EXAMPLE], cluster: 'multi-build', today: TEST_DAY });
    const s = model.summary;
    const sim = model.simulate as { pods: { status: string }[] };
    assert.equal(s.pods, sim.pods.length);
    assert.equal(s.podsRunning, sim.pods.filter((p) => p.status === 'Running').length);
    assert.equal(s.workloads, model.workloads.length);
    assert.deepEqual(s.findings, { errors: model.check.summary.errors, warnings: model.check.summary.warnings, infos: model.check.summary.infos });
    assert.equal(s.nodes, 9);
    assert.equal(s.verdict, 'broken');
    assert.equal(s.nextRetirement?.pool, 'win2019');
    for (const f of model.check.findings) {
      assert.ok(model.rules[f.ruleId]?.docs.endsWith(`/docs/rules/${f.ruleId}.md`), `docs link for ${f.ruleId}`);
      // Nodes of the profile have no source line (line 0); every manifest finding has one.
      if (f.line > 0) assert.equal(typeof model.frames[f.file]?.[f.line], 'string', `source line of ${f.file}:${f.line}`);
    }
  });

  it('still gives a model, marked not analysed, when the cluster cannot be read', async () => {
    const built = await buildReportModel({ paths: [EXAMPLE], cluster: '/nonexistent/cluster.yaml', today: TEST_DAY });
    assert.equal(built.analysed, false);
    assert.ok(built.problems.some((p) => p.severity === 'error'));
    assert.deepEqual(built.model.workloads, []);
    assert.equal(built.model.simulate, null);
  });
});

describe('report page embedding', () => {
  const model = { kind: 'KubeHybridReport', cluster: { name: 'c</script><script>alert(1)</script>' }, note: '\u2028' } as unknown as ReportModel;

  it('keeps small models as JSON that cannot close the script element', () => {
    const embedded = embedModel(model);
    assert.equal(embedded.encoding, 'json');
    assert.ok(!embedded.text.includes('<'), 'no < in the embedded JSON');
    assert.deepEqual(JSON.parse(embedded.text), JSON.parse(JSON.stringify(model)));
    const html = renderReportHtml(model);
    assert.equal(html.match(/<\/script>/g)?.length, 2, 'only the page\'s own two scripts close');
    assert.ok(html.includes('<title>kube-hybrid report: c&#60;/script&#62;'), 'the title is escaped');
  });

  it('gzips large models losslessly', () => {
    const embedded = embedModel(model, 0);
    assert.equal(embedded.encoding, 'gzip+base64');
    assert.deepEqual(JSON.parse(gunzipSync(Buffer.from(embedded.text, 'base64')).toString('utf8')), JSON.parse(JSON.stringify(model)));
  });

  it('forbids network access in the page itself', () => {
    const html = renderReportHtml(model);
    assert.match(html, /Content-Security-Policy" content="default-src 'none';/);
    assert.doesNotMatch(html, /\b(src|href)=["']?(https?:)?\/\/|url\(|@import|fetch\(|XMLHttpRequest|WebSocket/, 'no external resource is loaded');
  });
});

describe('kube-hybrid report', () => {
  it('writes the page to a file and says what is in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-report-'));
    const out = join(dir, 'report.html');
    const { code, err } = await run(['report', EXAMPLE, '--cluster', 'multi-build', '--today', TEST_DAY, '-o', out]);
    assert.equal(code, 1, 'the example has errors');
    assert.match(err, /wrote .*report\.html \(\d+ KiB\): 5 workloads, 13\/23 pods Running, 4 errors/);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /data-encoding="json"/);
  });

  it('prints the model with -o json, and a file ending .json gets the model too', async () => {
    const { out } = await run(['report', EXAMPLE, '--today', TEST_DAY, '-o', 'json']);
    const model = JSON.parse(out) as ReportModel;
    assert.equal(model.kind, 'KubeHybridReport');
    assert.equal(model.today, TEST_DAY);
    const file = join(mkdtempSync(join(tmpdir(), 'kh-report-')), 'model.json');
    await run(['report', EXAMPLE, '--today', TEST_DAY, '-o', file]);
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as ReportModel).kind, 'KubeHybridReport');
  });

  it('reads the cluster as a NodeList from standard input with --cluster -', async () => {
    const io = captureIO(readFileSync(repoPath('test/fixtures/clusters/nodes.yaml'), 'utf8'));
    const code = await main(['report', EXAMPLE, '--cluster', '-', '--today', TEST_DAY, '-o', 'json'], io);
    assert.notEqual(code, 2, io.err);
    const model = JSON.parse(io.out) as ReportModel;
    assert.equal(model.cluster.source, '<stdin>');
    assert.ok(model.cluster.pools.length > 0);
  });

  it('refuses bad flags with exit 2 and a reason', async () => {
    for (const [args, reason] of [
      [['report'], /no manifests given/],
      [['report', EXAMPLE, '--plan-to', 'vista'], /--plan-to must be a Windows build .*\(got "vista"\)/],
      [['report', EXAMPLE, '--today', 'tomorrow'], /--today must be a day as YYYY-MM-DD \(got "tomorrow"\)/],
      [['report', EXAMPLE, '--bandwidth', 'fast'], /--bandwidth must be a rate .*\(got "fast"\)/],
      [['report', EXAMPLE, '--nope'], /unknown flag --nope\n.*\nRun 'kube-hybrid report --help' for the flags/],
    ] as const) {
      const { code, err } = await run([...args]);
      assert.equal(code, 2, args.join(' '));
      assert.match(err, reason);
    }
  });

  it('exits 2 and still writes the page when an input cannot be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-report-'));
    writeFileSync(join(dir, 'bad.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n');
    writeFileSync(join(dir, 'good.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec:\n  nodeSelector: {kubernetes.io/os: linux}\n  containers: [{name: c, image: nginx:1.27}]\n');
    const out = join(dir, 'report.json');
    const { code, err } = await run(['report', dir, '--today', TEST_DAY, '-o', out]);
    assert.equal(code, 2);
    assert.match(err, /bad\.yaml:\d+:\d+: error/);
    const model = JSON.parse(readFileSync(out, 'utf8')) as ReportModel;
    assert.equal(model.summary.inputErrors, 1);
    assert.equal(model.workloads.length, 1);
  });
});
