// check --fix end to end: golden diffs over the bundled example, a corpus (comments, anchors, flow
// style, CRLF, several documents, Helm output) and every fixable rule's docs examples; after writing,
// `check` reports none of the fixed findings and nothing new, and a second --fix changes nothing.
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { captureIO } from '../cli/io.js';
import { check } from '../cli/check.js';
import { runCheck } from '../engine/check.js';
import type { Finding } from '../engine/types.js';
import { RULES } from '../rules/index.js';
import { repoPath } from '../testing/paths.js';
import { FIX_CHANGES, checkAndFix, planDiff } from './fix.js';

const GOLDEN = repoPath('test/fixtures/fix/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const scratch = mkdtempSync(join(tmpdir(), 'kube-hybrid-fix-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
function copyOf(source: string): string {
  const target = join(scratch, `case-${counter++}`);
  cpSync(source, target, { recursive: true });
  return target;
}

function key(f: Finding): string {
  return `${f.ruleId} ${f.object.kind}/${f.object.name} ${f.messageId} ${f.path}`;
}

function golden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (UPDATE || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
    if (!UPDATE) assert.fail(`golden ${name} was missing and has been written; review and commit it`);
    return;
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `golden ${name} differs (UPDATE_GOLDEN=1 rewrites it)`);
}

/** Dry run, golden diff, write, re-check, second run: the invariants every case must meet. */
async function fixCase(folder: string, cluster: string, goldenName: string): Promise<{ fixed: number; notFixed: string[] }> {
  const options = { paths: [folder], cluster };
  const dry = await checkAndFix(options, 'dry-run');
  const outcomes = dry.plan.outcomes.map((o) => `${o.status} ${o.finding.ruleId} ${o.finding.object.kind}/${o.finding.object.name}${o.reason ? ` — ${o.reason}` : ''}`);
  golden(goldenName, [...outcomes, '', planDiff(dry.plan)].join('\n').split(folder + '/').join(''));

  const before = new Set(dry.report.findings.map(key));
  const fixedKeys = new Set(dry.plan.outcomes.filter((o) => o.status === 'fixed').map((o) => key(o.finding)));
  const run = await checkAndFix(options, 'write');
  assert.deepEqual(run.written.length, dry.plan.files.length);
  const afterFix = (await runCheck(options)).findings.map(key);
  assert.deepEqual(afterFix.filter((k) => !before.has(k)), [], 'no new findings after --fix');
  assert.deepEqual(afterFix.filter((k) => fixedKeys.has(k)), [], 'fixed findings are gone');
  const again = await checkAndFix(options, 'dry-run');
  assert.equal(planDiff(again.plan), '', 'a second --fix changes nothing');
  return { fixed: fixedKeys.size, notFixed: outcomes.filter((o) => !o.startsWith('fixed')) };
}

describe('check --fix', () => {
  it('fixes the bundled example, leaving only what needs a human', async () => {
    const folder = copyOf(repoPath('examples/hybrid-app'));
    const result = await fixCase(folder, 'default', 'hybrid-app.diff');
    assert.equal(result.fixed, 7);
    assert.equal(result.notFixed.length, 1);
    assert.match(result.notFixed[0], /windows-image-build-mismatch/);
    // What is left: findings of rules --fix does not fix, and the image no node runs.
    const left = (await runCheck({ paths: [folder], cluster: 'default' })).findings.map((f) => f.ruleId).sort();
    assert.deepEqual(left.filter((id) => FIX_CHANGES[id] && id !== 'windows-image-build-mismatch'), []);
  });

  for (const cluster of ['default', 'kubeadm']) {
    it(`fixes the corpus (comments, anchors, flow, JSON, CRLF, multi-document, Helm) against the ${cluster} cluster`, async () => {
      const folder = copyOf(repoPath('test/fixtures/fix/corpus'));
      const crlfBefore = readFileSync(join(folder, 'crlf.yaml'), 'utf8');
      const helmBefore = readFileSync(join(folder, 'helm-rendered.yaml'), 'utf8');
      await fixCase(folder, cluster, `corpus-${cluster}.diff`);
      const crlfAfter = readFileSync(join(folder, 'crlf.yaml'), 'utf8');
      assert.notEqual(crlfAfter, crlfBefore);
      assert.doesNotMatch(crlfAfter, /[^\r]\n/, 'CRLF kept in the whole file');
      assert.equal(readFileSync(join(folder, 'helm-rendered.yaml'), 'utf8'), helmBefore, 'Helm output is not rewritten');
      const json = readFileSync(join(folder, 'pod.json'), 'utf8');
      assert.doesNotThrow(() => JSON.parse(json), 'a .json manifest stays JSON');
    });
  }

  it('pins the RuntimeClass of the image\'s build when the input has one', async () => {
    const result = await fixCase(copyOf(repoPath('test/fixtures/fix/runtimeclass')), 'multi-build', 'runtimeclass-multi-build.diff');
    assert.equal(result.fixed, 1);
    assert.deepEqual(result.notFixed, []);
  });

  it('fixes what its own change reveals: pinning a pod to Windows, then to the build its image needs', async () => {
    const result = await fixCase(copyOf(repoPath('test/fixtures/fix/follow-up')), 'multi-build', 'follow-up-multi-build.diff');
    assert.equal(result.fixed, 1);
    assert.deepEqual(result.notFixed, []);
  });

  it('says to fix the chart for Helm-rendered documents', async () => {
    const folder = copyOf(repoPath('test/fixtures/fix/corpus'));
    const dry = await checkAndFix({ paths: [join(folder, 'helm-rendered.yaml')], cluster: 'default' }, 'dry-run');
    assert.ok(dry.plan.outcomes.length > 0);
    for (const outcome of dry.plan.outcomes) {
      assert.equal(outcome.status, 'helm');
      assert.match(outcome.reason ?? '', /shop\/templates\/deployment\.yaml: fix the chart/);
    }
  });

  it('fixes the ❌ examples of every fixable rule\'s docs page', async () => {
    for (const id of Object.keys(FIX_CHANGES)) {
      const page = readFileSync(repoPath(`docs/rules/${id}.md`), 'utf8');
      const incorrect = page.split('✅')[0];
      const blocks = [...incorrect.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
      assert.ok(blocks.length > 0, `${id}: no ❌ example`);
      const folder = join(scratch, `docs-${id}`);
      mkdirSync(folder, { recursive: true });
      blocks.forEach((block, i) => writeFileSync(join(folder, `example-${i}.yaml`), block));
      const cluster = id === 'windows-image-build-mismatch' ? 'multi-build' : 'default';
      await fixCase(folder, cluster, `docs-${id}.diff`);
    }
  });

  it('marks exactly the rules it can fix as fixable, in the rule meta and in the Fixable column of the rules index', () => {
    assert.deepEqual(RULES.filter((r) => r.meta.fixable).map((r) => r.id).sort(), Object.keys(FIX_CHANGES).sort());
    const index = readFileSync(repoPath('docs/rules/README.md'), 'utf8');
    for (const rule of RULES) {
      const row = index.split('\n').find((line) => line.startsWith(`| [${rule.id}](`));
      assert.ok(row, `${rule.id}: no row in docs/rules/README.md`);
      const cells = row.split('|').map((c) => c.trim());
      assert.equal(cells[cells.length - 2], rule.meta.fixable ? 'yes' : '—', `${rule.id}: Fixable column`);
    }
  });

  it('writes through a symlink and keeps the file\'s permissions', async () => {
    const folder = copyOf(repoPath('examples/hybrid-app'));
    const real = join(folder, '50-cronjob.yaml');
    chmodSync(real, 0o640);
    const linkDir = join(scratch, `link-${counter++}`);
    mkdirSync(linkDir);
    symlinkSync(real, join(linkDir, 'cronjob.yaml'));
    const run = await checkAndFix({ paths: [join(linkDir, 'cronjob.yaml')], cluster: 'default' }, 'write');
    assert.equal(run.written.length, 1);
    assert.ok(lstatSync(join(linkDir, 'cronjob.yaml')).isSymbolicLink(), 'the link stays a link');
    assert.match(readFileSync(real, 'utf8'), /kubernetes\.io\/os: windows/);
    assert.equal(statSync(real).mode & 0o777, 0o640);
  });

  it('refuses stdin, and exits 1 from --fix-dry-run when files would change', async () => {
    const io = captureIO('');
    assert.equal(await check(['-', '--fix'], io), 2);
    assert.match(io.err, /not - \(stdin\)/);
    const folder = copyOf(repoPath('examples/hybrid-app'));
    const dry = captureIO();
    assert.equal(await check([folder, '--fix-dry-run'], dry), 1);
    assert.match(dry.out, /^--- /m);
    assert.equal(readdirSync(folder).length, readdirSync(repoPath('examples/hybrid-app')).length, 'no temporary file left behind');
  });
});

// --- property: for random workloads in random layouts, fix → check → fix is stable ------------------

const IMAGES = ['mcr.microsoft.com/windows/servercore:ltsc2022', 'mcr.microsoft.com/windows/nanoserver:ltsc2022', 'nginx:1.27', 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022'];

const containerArb = fc.record({
  image: fc.constantFrom(...IMAGES),
  limit: fc.option(fc.constantFrom('256Mi', '1Gi', '2Gi'), { nil: undefined }),
  request: fc.option(fc.constantFrom('128Mi', '1Gi'), { nil: undefined }),
  probe: fc.option(fc.constantFrom<unknown[]>(['healthcheck.bat'], ['dir'], ['cmd', '/c', 'exit 0'], ['/bin/sh', '-c', 'true']), { nil: undefined }),
  probeDelay: fc.constantFrom(0, 5, 60),
  runAsUser: fc.boolean(),
});

const podArb = fc.record({
  os: fc.option(fc.constantFrom('windows', 'linux'), { nil: undefined }),
  selector: fc.boolean(),
  seccomp: fc.boolean(),
  containers: fc.array(containerArb, { minLength: 1, maxLength: 2 }),
  flow: fc.boolean(),
  crlf: fc.boolean(),
  indent: fc.constantFrom(2, 4),
  comment: fc.boolean(),
  emptySelector: fc.boolean(),
  tolerations: fc.constantFrom('none', 'flow', 'block'),
  indentSeqs: fc.boolean(),
});

type PodCase = typeof podArb extends fc.Arbitrary<infer T> ? T : never;

function render(c: PodCase, name: string): string {
  const i = ' '.repeat(c.indent);
  const lines: string[] = [];
  if (c.comment) lines.push('# generated case');
  lines.push('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `${i}name: ${name}`, 'spec:', `${i}selector:`, `${i}${i}matchLabels: {app: ${name}}`, `${i}template:`, `${i}${i}metadata:`, `${i}${i}${i}labels: {app: ${name}}`, `${i}${i}spec:`);
  const s = `${i}${i}${i}`;
  if (c.os) lines.push(`${s}os: {name: ${c.os}}`);
  if (c.selector && c.os) lines.push(`${s}nodeSelector:`, `${s}${i}kubernetes.io/os: ${c.os}`);
  else if (c.emptySelector) lines.push(`${s}nodeSelector: {}`);
  if (c.tolerations === 'flow') lines.push(`${s}tolerations: [{key: dedicated, operator: Equal, value: team-a, effect: NoSchedule}]`);
  if (c.tolerations === 'block') lines.push(`${s}tolerations:`, `${s}${c.indentSeqs ? i : ''}- key: dedicated`, `${s}${c.indentSeqs ? i : ''}  operator: Exists`);
  if (c.seccomp) lines.push(`${s}securityContext:`, `${s}${i}seccompProfile: {type: RuntimeDefault}`);
  lines.push(`${s}containers:`);
  const d = c.indentSeqs ? `${s}${i}` : s;
  c.containers.forEach((k, n) => {
    const ci = `${d}  `;
    if (c.comment) lines.push(`${d}# container ${n}`);
    lines.push(`${d}- name: c${n}`, `${ci}image: ${k.image}`);
    const limits = k.limit ? { memory: k.limit } : undefined;
    const requests = k.request ? { memory: k.request } : undefined;
    if (limits || requests) {
      if (c.flow) lines.push(`${ci}resources: ${JSON.stringify({ ...(limits ? { limits } : {}), ...(requests ? { requests } : {}) })}`);
      else {
        lines.push(`${ci}resources:`);
        if (limits) lines.push(`${ci}${i}limits:`, `${ci}${i}${i}memory: ${limits.memory}`);
        if (requests) lines.push(`${ci}${i}requests:`, `${ci}${i}${i}memory: ${requests.memory}`);
      }
    }
    if (k.probe) {
      if (c.flow) lines.push(`${ci}livenessProbe: {exec: {command: ${JSON.stringify(k.probe)}}, initialDelaySeconds: ${k.probeDelay}}`);
      else lines.push(`${ci}livenessProbe:`, `${ci}${i}exec:`, `${ci}${i}${i}command:`, ...k.probe.map((a) => `${ci}${i}${i}- ${JSON.stringify(a)}`), `${ci}${i}initialDelaySeconds: ${k.probeDelay}`);
    }
    if (k.runAsUser) lines.push(`${ci}securityContext:`, `${ci}${i}runAsUser: 1000`, `${ci}${i}windowsOptions: {runAsUserName: ContainerUser}`);
  });
  const text = lines.join('\n') + '\n';
  return c.crlf ? text.replace(/\n/g, '\r\n') : text;
}

describe('check --fix (property)', () => {
  it('fix, then check, then fix again: no new findings, nothing left to change', async () => {
    let caseNumber = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(podArb, { minLength: 1, maxLength: 3 }), fc.constantFrom('default', 'kubeadm', 'multi-build'), async (pods, cluster) => {
        const folder = join(scratch, `property-${caseNumber++}`);
        mkdirSync(folder, { recursive: true });
        const separator = pods.every((p) => p.crlf) ? '---\r\n' : '---\n';
        writeFileSync(join(folder, 'app.yaml'), pods.map((p, n) => render(p, `app-${n}`)).join(separator));
        const options = { paths: [folder], cluster };
        const before = new Set((await runCheck(options)).findings.map(key));
        const run = await checkAndFix(options, 'write');
        assert.deepEqual(run.plan.outcomes.filter((o) => o.status === 'refused').map((o) => o.reason), [], 'every planned change is written');
        const afterFix = (await runCheck(options)).findings.map(key);
        assert.deepEqual(afterFix.filter((k) => !before.has(k)), []);
        const again = await checkAndFix(options, 'dry-run');
        assert.equal(planDiff(again.plan), '');
        const text = readFileSync(join(folder, 'app.yaml'), 'utf8');
        if (pods.every((p) => p.crlf)) assert.doesNotMatch(text, /[^\r]\n/);
      }),
      // A fixed seed keeps CI reproducible; FIX_PROPERTY_RUNS=n explores n fresh cases.
      process.env.FIX_PROPERTY_RUNS ? { numRuns: Number(process.env.FIX_PROPERTY_RUNS) } : { numRuns: 60, seed: 20261130 },
    );
  });
});
