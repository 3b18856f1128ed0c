// The config file where it was not honoured yet: its ignores stop --fix, its warnings reach every
// machine-readable output, and report and simulate take its cluster (report also its rule levels).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { captureIO } from '../cli/io.js';
import { main } from '../cli/main.js';
import { repoPath } from '../testing/paths.js';

const PLACEMENT_RULE = 'windows-workload-on-linux-node';
const windowsPod = (name: string, annotations = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ns\n${annotations}spec:\n  containers:\n    - name: c\n      image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n`;
const LINUX_POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec:\n  nodeSelector: {kubernetes.io/os: linux}\n  containers: [{name: c, image: nginx:1.27}]\n';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kh-settings-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function kubeHybrid(cwd: string, args: string[]) {
  const io = captureIO('', cwd);
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

describe('check --fix and --fix-dry-run leave what the config file ignores', () => {
  const cases: [string, string][] = [
    ['by rule', `- rule: ${PLACEMENT_RULE}\n  reason: pinned by an admission policy`],
    ['by path', '- paths: ["apps/**"]\n  reason: generated'],
    ['by kind and name', '- kind: Pod\n  name: a\n  reason: one pod'],
  ];
  for (const [name, entries] of cases) {
    it(`${name}: no diff, no rewrite; without the file the same finding is fixed`, async () => {
      const dir = project({ 'apps/pod.yaml': windowsPod('a'), '.kube-hybrid.yaml': `ignore:\n${entries.replace(/^/gm, '  ')}\n` });
      const file = join(dir, 'apps/pod.yaml');
      const dry = await kubeHybrid(dir, ['check', file, '--fix-dry-run', '--today', '2026-11-30']);
      assert.equal(dry.out, '', dry.err);
      assert.equal(dry.code, 0, dry.err);
      assert.match(dry.err, /0 findings fixed/);
      assert.ok(!dry.err.includes(PLACEMENT_RULE), dry.err);

      const write = await kubeHybrid(dir, ['check', file, '--fix', '--today', '2026-11-30', '-o', 'json']);
      assert.equal(readFileSync(file, 'utf8'), windowsPod('a'), write.err);
      assert.ok(!(JSON.parse(write.out) as { findings: { ruleId: string }[] }).findings.some((f) => f.ruleId === PLACEMENT_RULE));

      const unconfigured = await kubeHybrid(dir, ['check', file, '--fix-dry-run', '--no-config', '--today', '2026-11-30']);
      assert.equal(unconfigured.code, 1, unconfigured.err);
      assert.match(unconfigured.out, /\+ {4}kubernetes\.io\/os: windows/);
    });
  }

  it('a follow-up change is not made for an ignored finding, nor is a change refused for causing one', async () => {
    // Pinning this Deployment to Windows reveals that its ltsc2022 image runs on only some of the
    // cluster's builds; unconfigured, --fix pins the build too (test/fixtures/fix/follow-up).
    const app = readFileSync(repoPath('test/fixtures/fix/follow-up/app.yaml'), 'utf8');
    const dir = project({ 'app.yaml': app, '.kube-hybrid.yaml': 'cluster: multi-build\nignore:\n  - rule: [windows-image-build-mismatch, windows-build-unpinned]\n    reason: one image per build next quarter\n' });
    const configured = await kubeHybrid(dir, ['check', join(dir, 'app.yaml'), '--fix-dry-run', '--today', '2026-11-30']);
    assert.match(configured.out, /\+ {8}kubernetes\.io\/os: windows/, configured.err);
    assert.ok(!configured.out.includes('windows-build'), configured.out);
    const unconfigured = await kubeHybrid(dir, ['check', join(dir, 'app.yaml'), '--fix-dry-run', '--no-config', '--cluster', 'multi-build', '--today', '2026-11-30']);
    assert.match(unconfigured.out, /\+ {8}node\.kubernetes\.io\/windows-build: 10\.0\.20348/, unconfigured.err);
  });

  it('an ignore naming one object leaves it and fixes its neighbour in the same file', async () => {
    const text = `${windowsPod('a')}---\n${windowsPod('b')}`;
    const dir = project({ 'pods.yaml': text, '.kube-hybrid.yaml': 'ignore:\n  - kind: Pod\n    name: a\n    reason: one pod\n' });
    const file = join(dir, 'pods.yaml');
    const run = await kubeHybrid(dir, ['check', file, '--fix', '--today', '2026-11-30', '-o', 'json']);
    const [first, second] = readFileSync(file, 'utf8').split('---\n');
    assert.equal(first, windowsPod('a'), run.err);
    assert.match(second, /kubernetes\.io\/os: windows/);
    assert.match(run.err, /1 finding fixed/);
  });
});

describe('config and ignore-annotation warnings in every machine-readable output', () => {
  const annotation = '  annotations:\n    kube-hybrid.io/ignore: "typo-rule"\n';
  const setup = () => {
    const dir = project({ '.kube-hybrid.yaml': 'fail-on: none\nrules:\n  no-such-rule: off\n', 'pod.yaml': windowsPod('a', annotation) });
    return { dir, config: join(dir, '.kube-hybrid.yaml'), pod: join(dir, 'pod.yaml') };
  };
  const checkOutput = async (format: string) => {
    const { dir, config, pod } = setup();
    const result = await kubeHybrid(dir, ['check', pod, '-o', format, '--today', '2026-11-30']);
    assert.equal(result.code, 0, result.err);
    // stderr keeps them too, for people reading the log.
    assert.match(result.err, /\.kube-hybrid\.yaml:3:3: warning: rules: no rule "no-such-rule"/);
    return { ...result, config, pod };
  };

  it('json: a warnings array beside problems, with file, line and column; the run stays complete', async () => {
    const { out, config, pod } = await checkOutput('json');
    const body = JSON.parse(out) as { warnings: { file: string; line: number; column: number; message: string }[]; complete: boolean; problems: unknown[] };
    assert.deepEqual(body.warnings.map((w) => [w.file, w.line, w.column]), [[config, 3, 3], [pod, 7, 5]]);
    assert.match(body.warnings[1].message, /kube-hybrid\.io\/ignore: no rule "typo-rule"/);
    assert.equal(body.complete, true);
    assert.deepEqual(body.problems, []);
  });

  it('sarif: toolConfigurationNotifications at level warning, located at the setting', async () => {
    const { out } = await checkOutput('sarif');
    const invocation = (JSON.parse(out) as { runs: { invocations: Record<string, unknown>[] }[] }).runs[0].invocations[0] as {
      executionSuccessful: boolean;
      toolExecutionNotifications: unknown[];
      toolConfigurationNotifications: { level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[];
    };
    assert.equal(invocation.executionSuccessful, true);
    assert.deepEqual(invocation.toolExecutionNotifications, []);
    assert.deepEqual(invocation.toolConfigurationNotifications.map((n) => [n.level, n.locations[0].physicalLocation.region.startLine, n.locations[0].physicalLocation.region.startColumn]), [['warning', 3, 3], ['warning', 7, 5]]);
    assert.match(invocation.toolConfigurationNotifications[0].locations[0].physicalLocation.artifactLocation.uri, /\.kube-hybrid\.yaml$/);
  });

  it('github: ::warning commands with file, line and col', async () => {
    const { out, config, pod } = await checkOutput('github');
    const escape = (s: string) => s.replace(/%/g, '%25').replace(/:/g, '%3A').replace(/,/g, '%2C');
    assert.ok(out.includes(`::warning file=${escape(config)},line=3,col=3,title=kube-hybrid%3A config::rules: no rule "no-such-rule"`), out);
    assert.ok(out.includes(`::warning file=${escape(pod)},line=7,col=5,title=kube-hybrid%3A config::kube-hybrid.io/ignore: no rule "typo-rule"`), out);
  });

  const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
  it('junit: in the system-err of the suite of the file that says them, valid against the XSD', { skip: hasXmllint ? false : 'xmllint not installed (Debian: libxml2-utils, scripts/setup.sh installs it)' }, async () => {
    const { out, config } = await checkOutput('junit');
    assert.ok(out.includes(`<testsuite name="${config}" tests="0" failures="0" errors="0" skipped="0" time="0">\n    <system-err>${config}:3:3 warning rules: no rule &quot;no-such-rule&quot;`), out);
    assert.match(out, /<system-err>[^<]*pod\.yaml:7:5 warning kube-hybrid\.io\/ignore: no rule &quot;typo-rule&quot;/);
    const file = join(mkdtempSync(join(tmpdir(), 'kh-junit-')), 'report.xml');
    writeFileSync(file, out);
    const result = spawnSync('xmllint', ['--noout', '--schema', repoPath('test/xsd/junit-10.xsd'), file], { encoding: 'utf8' });
    assert.equal(result.status, 0, `${result.stderr}\n${out}`);
  });

  it('json with no warnings: an empty array (the field is always there)', async () => {
    const dir = project({ 'ok.yaml': LINUX_POD });
    const { out } = await kubeHybrid(dir, ['check', join(dir, 'ok.yaml'), '-o', 'json', '--no-config']);
    assert.deepEqual((JSON.parse(out) as { warnings: unknown[] }).warnings, []);
  });
});

describe('report and simulate read the cluster (report also rule levels) from the config file; flags win', () => {
  it('report: cluster and rule levels from the file, --cluster and --rule override them', async () => {
    const dir = project({ '.kube-hybrid.yaml': `cluster: aks\nrules:\n  ${PLACEMENT_RULE}: warning\n`, 'pod.yaml': windowsPod('a') });
    const model = async (args: string[]) => {
      const { out, err } = await kubeHybrid(dir, ['report', join(dir, 'pod.yaml'), '-o', 'json', '--today', '2026-11-30', ...args]);
      return JSON.parse(out || err) as { cluster: { name: string }; check: { findings: { ruleId: string; severity: string }[] } };
    };
    const fromFile = await model([]);
    assert.equal(fromFile.cluster.name, 'aks');
    assert.equal(fromFile.check.findings.find((f) => f.ruleId === PLACEMENT_RULE)?.severity, 'warning');
    const flags = await model(['--cluster', 'eks', '--rule', `${PLACEMENT_RULE}=info`]);
    assert.equal(flags.cluster.name, 'eks');
    assert.equal(flags.check.findings.find((f) => f.ruleId === PLACEMENT_RULE)?.severity, 'info');
    const none = await model(['--no-config']);
    assert.equal(none.cluster.name, 'default');
    assert.equal(none.check.findings.find((f) => f.ruleId === PLACEMENT_RULE)?.severity, 'error');
  });

  it('report: the file\'s ignore entries leave the page as they leave check\'s output', async () => {
    const dir = project({
      '.kube-hybrid.yaml': `ignore:\n  - rule: ${PLACEMENT_RULE}\n    kind: Pod\n    name: a\n    reason: moving to Windows pools next sprint\n`,
      'pods.yaml': `${windowsPod('a')}---\n${windowsPod('b')}`,
    });
    const placementObjects = async (verb: string[], args: string[] = []) => {
      const { out } = await kubeHybrid(dir, [...verb, join(dir, 'pods.yaml'), '-o', 'json', '--today', '2026-11-30', ...args]);
      const json = JSON.parse(out) as { findings?: { ruleId: string; object: { name: string } }[]; check?: { findings: { ruleId: string; object: { name: string } }[] } };
      return (json.check?.findings ?? json.findings ?? []).filter((f) => f.ruleId === PLACEMENT_RULE).map((f) => f.object.name).sort();
    };
    assert.deepEqual(await placementObjects(['report']), ['b']);
    assert.deepEqual(await placementObjects(['report']), await placementObjects(['check']));
    assert.deepEqual(await placementObjects(['report'], ['--no-config']), ['a', 'b']);
  });

  it('simulate: the file\'s cluster (relative to the file), a flag wins, --no-config reads none', async () => {
    const nodes = readFileSync(repoPath('profiles/aks.yaml'), 'utf8');
    const dir = project({ '.kube-hybrid.yaml': 'cluster: clusters/mine.yaml\n', 'clusters/mine.yaml': nodes, 'deploy/ok.yaml': LINUX_POD });
    const header = async (args: string[]) => {
      const { out, err, code } = await kubeHybrid(join(dir, 'deploy'), ['simulate', join(dir, 'deploy/ok.yaml'), ...args]);
      assert.equal(code, 0, err);
      return out.split('\n')[0];
    };
    assert.ok((await header([])).includes(join(dir, 'clusters/mine.yaml')));
    assert.match(await header(['--cluster', 'eks']), /^Cluster eks /);
    assert.match(await header(['--no-config']), /^Cluster default /);
  });

  it('an invalid config file stops report and simulate with exit 2 and file:line:column', async () => {
    const dir = project({ '.kube-hybrid.yaml': 'clustre: aks\n', 'ok.yaml': LINUX_POD });
    for (const verb of ['report', 'simulate']) {
      const { code, err, out } = await kubeHybrid(dir, [verb, join(dir, 'ok.yaml'), '-o', 'json']);
      assert.equal(code, 2, verb);
      assert.equal(out, '', verb);
      assert.match(err, /\.kube-hybrid\.yaml:1:1: error: the file: unknown setting "clustre"/, verb);
    }
  });
});

describe('audit: the config file\'s warnings in its machine-readable outputs', () => {
  it('json warnings, SARIF toolConfigurationNotifications, GitHub ::warning', async () => {
    const { startFakeApiServer } = await import('../admission/testing/apiserver.js');
    const { seedPlantedCluster } = await import('../audit/testing/cluster.js');
    const api = await startFakeApiServer();
    try {
      seedPlantedCluster(api);
      const dir = project({ '.kube-hybrid.yaml': 'fail-on: none\nrules:\n  no-such-rule: off\n' });
      const audit = async (format: string) => {
        const io = captureIO('', dir);
        io.env = { KUBECONFIG: api.kubeconfigFile };
        assert.equal(await main(['audit', '-o', format], io), 0, io.err);
        return io.out;
      };
      const json = JSON.parse(await audit('json')) as { warnings: { line: number; column: number; message: string }[] };
      assert.deepEqual(json.warnings.map((w) => [w.line, w.column]), [[3, 3]]);
      const sarif = JSON.parse(await audit('sarif')) as { runs: { invocations: { toolConfigurationNotifications: { level: string; message: { text: string } }[] }[] }[] };
      assert.match(sarif.runs[0].invocations[0].toolConfigurationNotifications[0].message.text, /no rule "no-such-rule"/);
      assert.match(await audit('github'), /^::warning file=[^,]*\.kube-hybrid\.yaml,line=3,col=3,title=kube-hybrid%3A config::rules: no rule "no-such-rule"/m);
    } finally {
      await api.close();
    }
  });
});
