import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { captureIO } from '../cli/io.js';
import { main } from '../cli/main.js';
import { RULES_BY_ID } from '../rules/index.js';
import { findConfigFile, loadConfigFile, unknownRuleWarnings } from './config.js';

const WINDOWS_POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec:\n  containers:\n    - name: c\n      image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n';
const PLACEMENT_RULE = 'windows-workload-on-linux-node';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kh-config-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function check(cwd: string, args: string[]) {
  const io = captureIO('', cwd);
  const code = await main(['check', ...args, '--today', '2026-11-30'], io);
  return { code, out: io.out, err: io.err };
}

describe('config discovery', () => {
  it('finds the nearest .kube-hybrid.yaml from the working directory upward', () => {
    const dir = project({ '.kube-hybrid.yaml': 'fail-on: none\n', 'a/b/c/x.yaml': '', 'a/.kube-hybrid.yml': 'fail-on: warning\n' });
    assert.equal(findConfigFile(join(dir, 'a/b/c')), join(dir, 'a/.kube-hybrid.yml'));
    assert.equal(findConfigFile(dir), join(dir, '.kube-hybrid.yaml'));
  });

  it('check in a subfolder uses the file above it; --config names another; --no-config reads none', async () => {
    const dir = project({ '.kube-hybrid.yaml': 'fail-on: none\n', 'deploy/pod.yaml': WINDOWS_POD, 'strict.yaml': 'fail-on: error\n' });
    assert.equal((await check(join(dir, 'deploy'), [join(dir, 'deploy/pod.yaml')])).code, 0);
    assert.equal((await check(join(dir, 'deploy'), [join(dir, 'deploy/pod.yaml'), '--config', '../strict.yaml'])).code, 1);
    assert.equal((await check(join(dir, 'deploy'), [join(dir, 'deploy/pod.yaml'), '--no-config'])).code, 1);
  });
});

describe('precedence: flags over the file over defaults', () => {
  it('fail-on, output and rule levels from the file; flags win', async () => {
    const dir = project({ '.kube-hybrid.yaml': `fail-on: none\noutput: json\nrules:\n  ${PLACEMENT_RULE}: warning\n`, 'pod.yaml': WINDOWS_POD });
    const fromFile = await check(dir, [join(dir, 'pod.yaml')]);
    assert.equal(fromFile.code, 0);
    const body = JSON.parse(fromFile.out) as { findings: { ruleId: string; severity: string }[] };
    assert.equal(body.findings.find((f) => f.ruleId === PLACEMENT_RULE)?.severity, 'warning');
    const flags = await check(dir, [join(dir, 'pod.yaml'), '--fail-on', 'warning', '-o', 'text', '--rule', `${PLACEMENT_RULE}=error`]);
    assert.equal(flags.code, 1);
    assert.match(flags.out, new RegExp(`error .*\\[${PLACEMENT_RULE}\\]`));
  });

  it('cluster: a file named in the config is relative to the config, a flag wins', async () => {
    const dir = project({ '.kube-hybrid.yaml': 'cluster: clusters/none.yaml\n', 'clusters/none.yaml': 'not: a cluster\n', 'deploy/pod.yaml': WINDOWS_POD });
    const fromFile = await check(join(dir, 'deploy'), [join(dir, 'deploy/pod.yaml')]);
    assert.equal(fromFile.code, 2);
    assert.match(fromFile.err, /clusters\/none\.yaml/);
    assert.notEqual((await check(join(dir, 'deploy'), [join(dir, 'deploy/pod.yaml'), '--cluster', 'default'])).code, 2);
  });
});

describe('ignores', () => {
  it('by rule, path glob, namespace and kind/name; each with a reason', async () => {
    const base = { 'apps/pod.yaml': WINDOWS_POD };
    const cases: [string, string, number][] = [
      ['rule', `- rule: ${PLACEMENT_RULE}\n  reason: known`, 0],
      ['rule list', `- rule: [other-rule, ${PLACEMENT_RULE}]\n  reason: known`, 0],
      ['path glob', '- paths: ["apps/**"]\n  reason: legacy', 0],
      ['another path', '- paths: ["other/**"]\n  reason: legacy', 1],
      ['namespace', '- namespace: ns\n  reason: sandbox', 0],
      ['kind and name', '- kind: Pod\n  name: p\n  reason: one pod', 0],
      ['kind and another name', '- kind: Pod\n  name: q\n  reason: one pod', 1],
    ];
    for (const [name, entries, expected] of cases) {
      const dir = project({ ...base, '.kube-hybrid.yaml': `fail-on: warning\nignore:\n${entries.replace(/^/gm, '  ')}\n` });
      const { code, err } = await check(join(dir, 'apps'), [join(dir, 'apps/pod.yaml'), '-o', 'json']);
      if (expected === 0) {
        // Other rules may still report on the pod: what matters is that this rule's findings went.
        const out = await check(join(dir, 'apps'), [join(dir, 'apps/pod.yaml'), '-o', 'json', '--fail-on', 'none']);
        assert.ok(!(JSON.parse(out.out) as { findings: { ruleId: string }[] }).findings.some((f) => f.ruleId === PLACEMENT_RULE), name);
        assert.match(err, /ignored by .*\.kube-hybrid\.yaml/, name);
      } else {
        assert.equal(code, expected, `${name}: ${err}`);
      }
    }
  });
});

describe('schema errors point at file:line:column', () => {
  const cases: [string, string, RegExp][] = [
    ['an unknown setting', 'fail-on: error\nfailOn: warning\n', /:2:1: error: the file: unknown setting "failOn"/],
    ['a value outside the enum', 'output: xml\n', /:1:9: error: output: must be one of text, json, yaml, sarif, junit, github/],
    ['a bad rule level', 'rules:\n  some-rule: fatal\n', /:2:14: error: rules\.some-rule: must be one of error, warning, info, off/],
    ['an ignore without reason', 'ignore:\n  - rule: x\n', /:2:5: error: ignore\.0: needs "reason"/],
    ['an ignore matching everything', 'ignore:\n  - reason: why\n', /:2:5: error: ignore\.0: say what to ignore/],
    ['YAML that does not parse', 'rules: [\n', /:2:1: error: /],
  ];
  for (const [name, text, expected] of cases) {
    it(name, async () => {
      const dir = project({ '.kube-hybrid.yaml': text, 'pod.yaml': WINDOWS_POD });
      const { code, err, out } = await check(dir, [join(dir, 'pod.yaml')]);
      assert.equal(code, 2);
      assert.equal(out, '');
      assert.match(err, new RegExp(`^${join(dir, '.kube-hybrid.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${expected.source}`, 'm'));
    });
  }

  it('a rule id that does not exist is a warning, in the config and in the annotation', async () => {
    const config = `rules:\n  no-such-rule: off\nignore:\n  - rule: [${PLACEMENT_RULE}, typo-rule]\n    reason: r\n`;
    const loaded = loadConfigFile('/p/.kube-hybrid.yaml', config);
    const warnings = unknownRuleWarnings(loaded, new Set(RULES_BY_ID.keys()), config);
    assert.deepEqual(warnings.map((w) => [w.line, w.column, w.severity]), [[2, 3, 'warning'], [4, 44, 'warning']]);
    const annotated = WINDOWS_POD.replace('metadata: {name: p, namespace: ns}', 'metadata:\n  name: p\n  namespace: ns\n  annotations:\n    kube-hybrid.io/ignore: "typo-rule"');
    const dir = project({ 'pod.yaml': annotated });
    const { err } = await check(dir, [join(dir, 'pod.yaml')]);
    assert.match(err, /pod\.yaml:7:5: warning: kube-hybrid\.io\/ignore: no rule "typo-rule"/);
  });
});

describe('kube-hybrid init', () => {
  it('writes a commented starter that check accepts, and refuses to overwrite without --force', async () => {
    const dir = project({ 'pod.yaml': WINDOWS_POD });
    const io = captureIO('', dir);
    assert.equal(await main(['init', '--cluster', 'aks'], io), 0, io.err);
    const text = readFileSync(join(dir, '.kube-hybrid.yaml'), 'utf8');
    assert.match(text, /^# kube-hybrid settings/);
    assert.match(text, /cluster: "aks"/);
    assert.ok(loadConfigFile(join(dir, '.kube-hybrid.yaml')).config);
    assert.equal(await main(['init'], captureIO('', dir)), 2);
    assert.equal(await main(['init', '--force'], captureIO('', dir)), 0);
    assert.equal((await check(dir, [join(dir, 'pod.yaml')])).code, 1);
  });
});

describe('the config examples in the docs', () => {
  it('are valid and name rules that exist', async () => {
    const { readFileSync: read } = await import('node:fs');
    const { repoPath } = await import('../testing/paths.js');
    for (const doc of ['docs/cli.md', 'docs/ci.md']) {
      const text = read(repoPath(doc), 'utf8');
      const block = /```yaml\n(?:# \.kube-hybrid\.yaml\n)?((?:cluster|fail-on)[\s\S]*?)```/.exec(text)?.[1];
      assert.ok(block, doc);
      const loaded = loadConfigFile(`${doc}.yaml`, block);
      assert.deepEqual(loaded.problems, [], doc);
      assert.deepEqual(unknownRuleWarnings(loaded, new Set(RULES_BY_ID.keys()), block), [], doc);
    }
  });
});

describe('audit reads the same config: rule levels, fail-on and ignores', () => {
  it('ignores by namespace and rule, and a rule turned off, leave those findings out', async () => {
    const { startFakeApiServer } = await import('../admission/testing/apiserver.js');
    const { seedPlantedCluster } = await import('../audit/testing/cluster.js');
    const api = await startFakeApiServer();
    try {
      seedPlantedCluster(api);
      const auditJson = async (configText?: string) => {
        const dir = project(configText ? { '.kube-hybrid.yaml': configText } : {});
        const io = captureIO('', dir);
        io.env = { KUBECONFIG: api.kubeconfigFile };
        const code = await main(['audit', '-o', 'json'], io);
        return { code, err: io.err, findings: (JSON.parse(io.out) as { findings: { ruleId: string; object: { namespace?: string } }[] }).findings };
      };
      const plain = await auditJson();
      const [first] = plain.findings;
      assert.ok(first, 'the planted cluster has findings');
      const namespace = first.object.namespace ?? 'default';
      const configured = await auditJson(`rules:\n  ${first.ruleId}: off\nignore:\n  - namespace: ${namespace}\n    reason: sandbox\n`);
      assert.ok(!configured.findings.some((f) => f.ruleId === first.ruleId), configured.err);
      assert.ok(!configured.findings.some((f) => (f.object.namespace ?? 'default') === namespace), configured.err);
      assert.ok(configured.findings.length < plain.findings.length);
    } finally {
      await api.close();
    }
  });
});
