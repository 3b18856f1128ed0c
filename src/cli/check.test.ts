import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoPath } from '../testing/paths.js';
import { captureIO } from './io.js';
import { main } from './main.js';

const WINDOWS_POD_WITHOUT_SELECTOR = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec:\n  containers:\n    - name: c\n      image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n';
const GOOD_LINUX_POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec:\n  nodeSelector: {kubernetes.io/os: linux}\n  containers: [{name: c, image: nginx:1.27}]\n';

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kh-cli-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Lifecycle rules compare dates with today: check runs here as of one fixed day, so verdicts do not change with the calendar. */
const TEST_DAY = '2026-11-30';

async function run(args: string[], stdin = '') {
  const io = captureIO(stdin);
  const pinned = args[0] === 'check' && !args.includes('--today') && !args.includes('--help') ? [...args, '--today', TEST_DAY] : args;
  const code = await main(pinned, io);
  return { code, out: io.out, err: io.err };
}

describe('kube-hybrid check', () => {
  it('exits 0 when nothing is at or above --fail-on', async () => {
    const { code, out } = await run(['check', tempFile('ok.yaml', GOOD_LINUX_POD)]);
    assert.equal(code, 0);
    assert.match(out, /no findings in 1 object from 1 file against cluster default/);
  });

  it('exits 1 on an error finding and prints file:line:column, the rule id and a code frame', async () => {
    const file = tempFile('win.yaml', WINDOWS_POD_WITHOUT_SELECTOR);
    const { code, out } = await run(['check', file]);
    assert.equal(code, 1);
    assert.ok(out.includes(`${file}:4:1 error Windows workload`), out);
    assert.match(out, /\[windows-workload-on-linux-node\]/);
    assert.match(out, /> 4 \| spec:/);
    assert.ok(!out.includes("\u001b["), "no colour when stdout is not a terminal");
  });

  it('--fail-on none exits 0 with the same findings; --fail-on warning counts warnings', async () => {
    const file = tempFile('win.yaml', WINDOWS_POD_WITHOUT_SELECTOR);
    assert.equal((await run(['check', file, '--fail-on', 'none'])).code, 0);
    const unknownRc = tempFile('rc.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  nodeSelector: {kubernetes.io/os: linux}\n  runtimeClassName: gvisor\n  containers: [{name: c, image: nginx}]\n');
    assert.equal((await run(['check', unknownRc])).code, 0);
    assert.equal((await run(['check', unknownRc, '--fail-on', 'warning'])).code, 1);
  });

  it('-o json follows the DESIGN.md contract', async () => {
    const file = tempFile('win.yaml', WINDOWS_POD_WITHOUT_SELECTOR);
    const { out } = await run(['check', file, '-o', 'json']);
    const body = JSON.parse(out) as { findings: Record<string, unknown>[]; summary: Record<string, number> };
    const placement = body.findings.find((f) => f.ruleId === 'windows-workload-on-linux-node');
    assert.ok(placement);
    assert.deepEqual(Object.keys(placement), ['ruleId', 'category', 'severity', 'message', 'object', 'path', 'file', 'line', 'column']);
    assert.deepEqual(placement.object, { apiVersion: 'v1', kind: 'Pod', name: 'p', namespace: 'ns' });
    assert.deepEqual([placement.category, placement.severity, placement.path, placement.line, placement.column], ['placement', 'error', '/spec', 4, 1]);
    const count = (severity: string) => body.findings.filter((f) => f.severity === severity).length;
    assert.deepEqual(body.summary, { errors: count('error'), warnings: count('warning'), infos: count('info'), objects: 1, files: 1 });
  });

  it('-o sarif is SARIF 2.1.0 with rules, help URIs and physical locations', async () => {
    const file = tempFile('win.yaml', WINDOWS_POD_WITHOUT_SELECTOR);
    const { out } = await run(['check', file, '-o', 'sarif']);
    const sarif = JSON.parse(out);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    const rule = run0.tool.driver.rules.find((r: { id: string }) => r.id === 'windows-workload-on-linux-node');
    assert.match(rule.helpUri, /docs\/rules\/windows-workload-on-linux-node\.md$/);
    const result = run0.results.find((r: { ruleId: string }) => r.ruleId === 'windows-workload-on-linux-node');
    assert.equal(result.level, 'error');
    assert.equal(run0.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 4, startColumn: 1 });
  });

  it('reads stdin for -', async () => {
    const { code, out } = await run(['check', '-', '-o', 'json'], WINDOWS_POD_WITHOUT_SELECTOR);
    assert.equal(code, 1);
    assert.equal(JSON.parse(out).findings[0].file, '<stdin>');
  });

  it('exits 2 on malformed YAML, names file:line:column on stderr, and still analyses the other files', async () => {
    const broken = tempFile('broken.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n');
    const good = tempFile('win.yaml', WINDOWS_POD_WITHOUT_SELECTOR);
    const { code, out, err } = await run(['check', broken, good, '-o', 'json']);
    assert.equal(code, 2);
    assert.match(err, new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: malformed YAML`));
    assert.ok((JSON.parse(out).findings as { ruleId: string }[]).some((f) => f.ruleId === 'windows-workload-on-linux-node'));
  });

  it('exits 2 with a message for a missing file', async () => {
    const { code, err } = await run(['check', '/no/such/file.yaml']);
    assert.equal(code, 2);
    assert.match(err, /\/no\/such\/file\.yaml: error: cannot read .*no such file/);
  });

  it('exits 2 on bad usage', async () => {
    assert.equal((await run(['check'])).code, 2);
    assert.equal((await run(['check', 'x.yaml', '-o', 'xml'])).code, 2);
    assert.equal((await run(['check', 'x.yaml', '--bogus'])).code, 2);
    assert.equal((await run(['check', 'x.yaml', '--rule', 'no-such-rule=off'])).code, 2);
    assert.equal((await run(['frobnicate'])).code, 2);
  });

  it('--rule ID=off turns a rule off and ID=warning lowers it', async () => {
    const file = tempFile('win.yaml', WINDOWS_POD_WITHOUT_SELECTOR);
    assert.equal((await run(['check', file, '--rule', 'windows-workload-on-linux-node=off'])).code, 0);
    const { code, out } = await run(['check', file, '--rule', 'windows-workload-on-linux-node=warning', '-o', 'json']);
    assert.equal(code, 0);
    assert.equal((JSON.parse(out).findings as { ruleId: string; severity: string }[]).find((f) => f.ruleId === 'windows-workload-on-linux-node')?.severity, 'warning');
  });

  it('honours the kube-hybrid.io/ignore annotation', async () => {
    const file = tempFile('ign.yaml', WINDOWS_POD_WITHOUT_SELECTOR.replace('namespace: ns}', 'namespace: ns, annotations: {kube-hybrid.io/ignore: "windows-workload-on-linux-node"}}'));
    assert.equal((await run(['check', file])).code, 0);
  });

  it('takes --cluster as a built-in name or a NodeList file', async () => {
    const file = tempFile('win.yaml', WINDOWS_POD_WITHOUT_SELECTOR.replace('spec:\n', 'spec:\n  nodeSelector: {kubernetes.io/os: windows}\n'));
    // kubeadm's Windows taint stops the pod; on GKE the platform's webhook adds the toleration.
    const kubeadm = await run(['check', file, '--cluster', 'kubeadm', '-o', 'json']);
    assert.ok((JSON.parse(kubeadm.out).findings as { ruleId: string }[]).some((f) => f.ruleId === 'no-eligible-node'));
    const gke = await run(['check', file, '--cluster', 'gke', '-o', 'json']);
    assert.ok(!(JSON.parse(gke.out).findings as { ruleId: string }[]).some((f) => f.ruleId === 'no-eligible-node'), gke.out);
    const nodes = await run(['check', file, '--cluster', repoPath('test/fixtures/clusters/nodes.json'), '-o', 'json']);
    assert.ok(!(JSON.parse(nodes.out).findings as { ruleId: string; category: string }[]).some((f) => f.category === 'placement' || f.ruleId === 'no-eligible-node'), nodes.out);
    assert.equal((await run(['check', file, '--cluster', 'nope'])).code, 2);
  });

  it('finds every deliberate mistake of the bundled example', async () => {
    const { code, out } = await run(['check', repoPath('examples/hybrid-app'), '-o', 'json']);
    assert.equal(code, 1);
    const ids = new Set((JSON.parse(out).findings as { ruleId: string }[]).map((f) => f.ruleId));
    for (const id of ['windows-image-build-mismatch', 'linux-workload-on-windows-node', 'windows-workload-on-linux-node', 'windows-image-pull-always', 'windows-nanoserver-tools']) assert.ok(ids.has(id), `${id} in ${[...ids].join(', ')}`);
  });
});

describe('kube-hybrid profiles and rules', () => {
  it('lists every built-in profile', async () => {
    const { code, out } = await run(['profiles']);
    assert.equal(code, 0);
    for (const name of ['default', 'aks', 'gke', 'eks', 'kubeadm', 'multi-build']) assert.match(out, new RegExp(`^${name}`, 'm'));
  });
  it('refuses an unknown output format with exit 2', async () => {
    for (const verb of ['profiles', 'rules']) {
      const { code, err } = await run([verb, '-o', 'xml']);
      assert.equal(code, 2);
      assert.match(err, new RegExp(`kube-hybrid ${verb}: --output must be one of text, json`));
    }
  });
  it('lists the rules as JSON', async () => {
    const { out } = await run(['rules', '-o', 'json']);
    assert.ok(JSON.parse(out).rules.length >= 7);
  });
});

describe('check --today', () => {
  it('takes a day as YYYY-MM-DD and refuses anything else (exit 2)', async () => {
    const file = tempFile('ok.yaml', GOOD_LINUX_POD);
    assert.equal((await run(['check', file, '--today', '2027-03-16'])).code, 0);
    const bad = await run(['check', file, '--today', '16/03/2027']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--today must be a day as YYYY-MM-DD \(got "16\/03\/2027"\)/);
  });

  it('moves the lifecycle verdict: the default (AKS-labelled) Windows Server 2022 pool is retiring before 15 March 2027 and retired after', async () => {
    const file = tempFile('win.yaml', WINDOWS_POD_WITHOUT_SELECTOR.replace('spec:\n', 'spec:\n  nodeSelector: {kubernetes.io/os: windows}\n'));
    const idsOn = async (day: string) => (JSON.parse((await run(['check', file, '-o', 'json', '--today', day])).out).findings as { ruleId: string }[]).map((f) => f.ruleId);
    assert.ok((await idsOn('2026-11-30')).includes('windows-build-retiring'));
    assert.ok((await idsOn('2027-04-01')).includes('windows-build-retired'));
  });
});

describe('never a false clean', () => {
  const okFile = () => tempFile('ok.yaml', GOOD_LINUX_POD);

  it('text: an unknown --cluster prints the error and no success line, exit 2', async () => {
    const { code, out, err } = await run(['check', okFile(), '--cluster', 'nosuch']);
    assert.equal(code, 2);
    assert.doesNotMatch(out, /✔|no findings/);
    assert.match(out, /nothing analysed/);
    assert.match(err, /--cluster nosuch: neither a file nor a built-in profile/);
  });

  it('json: the failure is in problems and complete is false', async () => {
    const { code, out } = await run(['check', okFile(), '--cluster', 'nosuch', '-o', 'json']);
    assert.equal(code, 2);
    const body = JSON.parse(out) as { complete: boolean; problems: { severity: string; message: string }[]; findings: unknown[] };
    assert.equal(body.complete, false);
    assert.ok(body.problems.some((p) => p.severity === 'error' && /nosuch/.test(p.message)));
  });

  it('sarif: executionSuccessful is false with a notification naming the failure', async () => {
    const { code, out } = await run(['check', okFile(), '--cluster', 'nosuch', '-o', 'sarif']);
    assert.equal(code, 2);
    const run0 = (JSON.parse(out) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[] }).runs[0];
    assert.equal(run0.invocations[0].executionSuccessful, false);
    assert.ok(run0.invocations[0].toolExecutionNotifications.some((n) => n.level === 'error' && /nosuch/.test(n.message.text)));
  });

  it('a file that cannot be read makes the run incomplete in every format, other files still analysed', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'kh-cli-')), 'missing.yaml');
    const windows = tempFile('win.yaml', WINDOWS_POD_WITHOUT_SELECTOR);
    const text = await run(['check', missing, okFile(), '--fail-on', 'none']);
    assert.equal(text.code, 2);
    assert.match(text.out, /✖ incomplete: 1 input problem/);
    assert.doesNotMatch(text.out, /✔/);
    const json = JSON.parse((await run(['check', missing, windows, '-o', 'json'])).out) as { complete: boolean; findings: unknown[] };
    assert.equal(json.complete, false);
    assert.ok(json.findings.length > 0, 'the readable file is still analysed');
    const sarif = JSON.parse((await run(['check', missing, okFile(), '-o', 'sarif'])).out) as { runs: { invocations: { executionSuccessful: boolean }[] }[] };
    assert.equal(sarif.runs[0].invocations[0].executionSuccessful, false);
  });

  it('a clean, complete run says so in every format', async () => {
    assert.match((await run(['check', okFile()])).out, /✔ no findings/);
    assert.equal((JSON.parse((await run(['check', okFile(), '-o', 'json'])).out) as { complete: boolean }).complete, true);
    const sarif = JSON.parse((await run(['check', okFile(), '-o', 'sarif'])).out) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: unknown[] }[] }[] };
    assert.deepEqual(sarif.runs[0].invocations[0], { executionSuccessful: true, toolExecutionNotifications: [] });
  });
});

describe('output to a closed pipe', () => {
  it('ends quietly, without a stack trace', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [repoPath('bin/kube-hybrid.js'), 'rules'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Close our end before the first write, as `| head -1` does once it has its line.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.doesNotMatch(stderr, /EPIPE|at .*\.js:\d+/);
    assert.notEqual(code, null);
  });
});
