// CI outputs of check: JUnit XML (validated against the JUnit XSD Jenkins reads), GitHub Actions
// workflow commands (escaped as the runner unescapes), SARIF fingerprints that survive reformatting.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { verb as checkVerb } from '../cli/check.js';
import { captureIO } from '../cli/io.js';
import { main } from '../cli/main.js';
import { parseFlags } from '../cli/spec.js';
import { repoPath } from '../testing/paths.js';
import type { AuditReport } from '../audit/analyse.js';
import { escapeData, escapeProperty, formatAuditGithub, workflowCommand } from './github.js';
import { formatAuditJunit, xmlEscape } from './junit.js';

const WINDOWS_POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec:\n  containers:\n    - name: c\n      image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n';
const GOOD_POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec:\n  nodeSelector: {kubernetes.io/os: linux}\n  containers: [{name: c, image: nginx:1.27}]\n';

function files(entries: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kh-ci-'));
  for (const [name, text] of Object.entries(entries)) writeFileSync(join(dir, name), text);
  return dir;
}

async function check(args: string[]) {
  const io = captureIO();
  const code = await main(['check', '--no-config', '--today', '2026-11-30', ...args], io);
  return { code, out: io.out, err: io.err };
}

const XSD = repoPath('test/xsd/junit-10.xsd');
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

function validateJunit(xml: string): void {
  const file = join(mkdtempSync(join(tmpdir(), 'kh-junit-')), 'report.xml');
  writeFileSync(file, xml);
  const result = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  assert.equal(result.status, 0, `${result.stderr}\n${xml}`);
}

describe('check -o junit', () => {
  it('is valid against the JUnit XSD: a failure per finding, a passing case per clean object, an error per unreadable input', { skip: hasXmllint ? false : 'xmllint not installed (Debian: libxml2-utils, scripts/setup.sh installs it)' }, async () => {
    const dir = files({ 'win.yaml': WINDOWS_POD, 'ok.yaml': GOOD_POD, 'broken.yaml': 'kind: [\n', 'odd.yaml': WINDOWS_POD.replace('name: p', 'name: "p<&>\\"\\u0001"') });
    const { code, out } = await check([dir, '-o', 'junit']);
    assert.equal(code, 2);
    validateJunit(out);
    assert.match(out, /<testsuites name="kube-hybrid" tests="\d+" failures="[1-9]\d*" errors="1" time="0">/);
    assert.match(out, /<testcase name="windows-workload-on-linux-node: Pod\/ns\/p" classname="[^"]*win\.yaml" file="[^"]*win\.yaml" line="4" time="0">\n {6}<failure type="error" message="[^"]+">/);
    assert.match(out, /<testcase name="Pod\/ok" classname="[^"]*ok\.yaml" file="[^"]*ok\.yaml" time="0"\/>/);
    assert.match(out, /<error type="input"/);
    assert.match(out, /Pod\/ns\/p&lt;&amp;&gt;&quot;\uFFFD/);
  });

  it('--fail-on decides what is a failure: below it, the finding passes with its text in system-out', { skip: hasXmllint ? false : 'xmllint not installed' }, async () => {
    const dir = files({ 'win.yaml': WINDOWS_POD });
    const { code, out } = await check([dir, '-o', 'junit', '--fail-on', 'none']);
    assert.equal(code, 0);
    validateJunit(out);
    assert.match(out, /failures="0"/);
    assert.match(out, /<system-out>[^<]*windows-workload-on-linux-node/);
  });

  it('escapes what XML cannot hold', () => {
    assert.equal(xmlEscape(`a<b>&"'\u0000\u0007\t\n`), 'a&lt;b&gt;&amp;&quot;&apos;\uFFFD\uFFFD\t\n');
  });
});

describe('check -o github', () => {
  // Table modelled on actions/toolkit's command tests (packages/core/__tests__/command.test.ts).
  const data: [string, string][] = [
    ['plain', 'plain'],
    ['100%', '100%25'],
    ['a\r\nb', 'a%0D%0Ab'],
    ['k: v, w', 'k: v, w'],
    ['%0A literal', '%250A literal'],
  ];
  const property: [string, string][] = [
    ['app.yaml', 'app.yaml'],
    ['kube-hybrid: rule', 'kube-hybrid%3A rule'],
    ['a,b', 'a%2Cb'],
    ['50%\n', '50%25%0A'],
  ];
  for (const [input, expected] of data) it(`escapeData(${JSON.stringify(input)})`, () => assert.equal(escapeData(input), expected));
  for (const [input, expected] of property) it(`escapeProperty(${JSON.stringify(input)})`, () => assert.equal(escapeProperty(input), expected));

  it('writes ::error file=…,line=…,col=…,title=…::message per finding', async () => {
    const dir = files({ 'win.yaml': WINDOWS_POD });
    const { code, out } = await check([join(dir, 'win.yaml'), '-o', 'github']);
    assert.equal(code, 1);
    const line = out.split('\n').find((l) => l.includes('windows-workload-on-linux-node'));
    assert.ok(line, out);
    assert.match(line, new RegExp(`^::error file=${escapeProperty(join(dir, 'win.yaml')).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},line=4,col=1,title=kube-hybrid%3A windows-workload-on-linux-node::Pod/ns/p: `));
    assert.doesNotMatch(line.slice(2), /::.*::.*::/);
  });

  it('a message with a newline stays one command', () => {
    assert.equal(workflowCommand({ command: 'warning', file: 'a,b.yaml', line: 3, col: 2, title: 't: x', message: 'one\ntwo' }), '::warning file=a%2Cb.yaml,line=3,col=2,title=t%3A x::one%0Atwo\n');
  });
});

describe('check -o sarif', () => {
  interface Result { ruleId: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[]; relatedLocations?: unknown[] }
  const resultsOf = (out: string) => (JSON.parse(out) as { runs: { results: Result[]; invocations: { executionSuccessful: boolean }[] }[] }).runs[0];

  it('partialFingerprints stay the same when the file is reformatted and lines move', async () => {
    const compact = WINDOWS_POD;
    const reformatted = `# a comment added above\n\n${GOOD_POD}---\napiVersion: v1\nkind: Pod\nmetadata:\n  namespace: ns\n  name: p\nspec:\n  containers:\n  - image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n    name: c\n`;
    const dir = files({ 'app.yaml': compact });
    const before = resultsOf((await check([join(dir, 'app.yaml'), '-o', 'sarif'])).out).results;
    writeFileSync(join(dir, 'app.yaml'), reformatted);
    const after = resultsOf((await check([join(dir, 'app.yaml'), '-o', 'sarif'])).out).results;
    const key = (r: Result) => `${r.ruleId} ${JSON.stringify(r.partialFingerprints)}`;
    assert.ok(before.length > 0);
    assert.deepEqual(after.map(key).sort(), before.map(key).sort());
    assert.notDeepEqual(after.map((r) => r.locations[0].physicalLocation.region?.startLine), before.map((r) => r.locations[0].physicalLocation.region?.startLine));
  });

  it('helm template output: the # Source: template is the location (and in -o json)', async () => {
    const rendered = `---\n# Source: app/templates/pod.yaml\n${WINDOWS_POD}`;
    const dir = files({ 'rendered.yaml': rendered });
    const run = resultsOf((await check([join(dir, 'rendered.yaml'), '-o', 'sarif'])).out);
    const result = run.results.find((r) => r.ruleId === 'windows-workload-on-linux-node');
    assert.ok(result);
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'app/templates/pod.yaml');
    assert.equal(result.relatedLocations?.length, 1);
    const json = JSON.parse((await check([join(dir, 'rendered.yaml'), '-o', 'json'])).out) as { findings: { helmSource?: string }[] };
    assert.equal(json.findings[0].helmSource, 'app/templates/pod.yaml');
  });

  it('unreadable input: executionSuccessful false, the problem as a notification', async () => {
    const dir = files({ 'broken.yaml': 'kind: [\n' });
    const out = JSON.parse((await check([join(dir, 'broken.yaml'), '-o', 'sarif'])).out) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string }[] }[] }[] };
    assert.equal(out.runs[0].invocations[0].executionSuccessful, false);
    assert.equal(out.runs[0].invocations[0].toolExecutionNotifications[0].level, 'error');
  });
});

describe('audit -o junit and -o github', () => {
  const report = {
    cluster: { context: 'prod', server: 'https://k', nodes: 2, pools: [] },
    notes: [],
    findings: [{ ruleId: 'windows-workload-on-linux-node', category: 'placement', severity: 'error', message: 'no OS selector', object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'iis' }, path: '/spec/template/spec' }],
    podProblems: [{ kind: 'image-os', namespace: 'web', name: 'iis-1', owner: { kind: 'Deployment', namespace: 'web', name: 'iis' }, node: 'lin-1', status: 'ErrImagePull', message: 'no matching manifest for linux/amd64', events: [], predictedBy: ['image-os-mismatch'] }],
    daemonSets: [],
    buildSpreads: [],
    disagreements: [],
    summary: { errors: 1, warnings: 0, infos: 0, nodes: 2, workloads: 1, podProblems: 1, daemonSetGaps: 0, disagreements: 0 },
  } as unknown as AuditReport;

  it('junit: one suite per namespace, valid against the XSD', { skip: hasXmllint ? false : 'xmllint not installed' }, () => {
    const xml = formatAuditJunit(report);
    validateJunit(xml);
    assert.match(xml, /<testsuite name="namespace web" tests="2" failures="2" errors="0"/);
  });

  it('github: one command per finding and pod in trouble, without a file', () => {
    assert.equal(formatAuditGithub(report), '::error title=kube-hybrid%3A windows-workload-on-linux-node::Deployment/web/iis /spec/template/spec: no OS selector\n::error title=kube-hybrid%3A pod/image-os::Pod/web/iis-1 ErrImagePull: no matching manifest for linux/amd64\n');
  });
});

describe('docs/ci.md', () => {
  const text = readFileSync(repoPath('docs/ci.md'), 'utf8');

  it('every YAML snippet parses', () => {
    const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.ok(blocks.length >= 4);
    for (const block of blocks) assert.doesNotThrow(() => parseYaml(block), block);
  });

  it('every kube-hybrid check command in it parses with the flags check has', () => {
    const commands = [...text.matchAll(/kube-hybrid (check(?: [^\n`|>]*)?)/g)].map((m) => m[1].trim().split(/\s+/).slice(1));
    assert.ok(commands.length >= 3);
    for (const args of commands) assert.doesNotThrow(() => parseFlags(args.filter((a) => !a.startsWith('$')), checkVerb.flags), args.join(' '));
  });
});

describe('.pre-commit-hooks.yaml', () => {
  it('declares a hook that runs kube-hybrid check on YAML files', () => {
    const hooks = parseYaml(readFileSync(repoPath('.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; types_or?: string[]; files?: string }[];
    const hook = hooks.find((h) => h.id === 'kube-hybrid-check');
    assert.ok(hook);
    assert.equal(hook.language, 'node');
    assert.match(hook.entry, /^kube-hybrid check\b/);
    assert.doesNotThrow(() => parseFlags(hook.entry.split(/\s+/).slice(2), checkVerb.flags));
  });
});
