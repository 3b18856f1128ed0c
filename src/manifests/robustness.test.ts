// Issue 9's reproducers for `check`, `simulate` and the loader, each the smallest input that used to
// end a run or drop a file, and what the user gets now: a problem at file:line naming the field, the
// rest of the run analysed, exit code 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { captureIO } from '../cli/io.js';
import { main } from '../cli/main.js';
import { builtinCluster } from '../cluster/profiles.js';
import { collectInputs, runRules } from '../engine/run.js';
import type { Rule } from '../engine/types.js';
import type { LoadProblem } from './types.js';
import { RULES } from '../rules/index.js';
import { simulate } from '../scheduler/simulate.js';
import { repoPath } from '../testing/paths.js';
import { loadManifests, loadText } from './load.js';
import { InputError, parseByteSize, readBoundedFd } from './read.js';
import { workloadOf } from './workloads.js';

const NULL_TOLERATION_DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: ops}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      tolerations: [null]
      containers:
      - name: c
        image: mcr.microsoft.com/windows/servercore:ltsc2022
`;

const NULL_TOLERATION_POD = `apiVersion: v1
kind: Pod
metadata: {name: lone}
spec:
  tolerations:
  -
  containers:
  - name: c
    image: mcr.microsoft.com/windows/servercore:ltsc2022
`;

/** A Windows Pod without an OS selector: `check` always reports it; it must survive its neighbours. */
const CANARY = `apiVersion: v1
kind: Pod
metadata: {name: canary}
spec:
  containers:
  - name: c
    image: mcr.microsoft.com/windows/servercore:ltsc2022
`;

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kh-robust-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function check(args: string[], stdin = '') {
  const io = captureIO(stdin);
  const code = await main(['check', ...args], io);
  return { code, out: io.out, err: io.err };
}

describe('issue 9: null and wrongly typed entries are decoded as the API server would, never a crash', () => {
  for (const cluster of ['default', 'multi-build']) {
    it(`a DaemonSet with tolerations: [null] is a problem at its line naming the field, and the next file is still checked (--cluster ${cluster})`, async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'a-agent.yaml'), NULL_TOLERATION_DAEMONSET);
      writeFileSync(join(dir, 'b-canary.yaml'), CANARY);
      const { code, out, err } = await check([dir, '--cluster', cluster, '--fail-on', 'none', '-o', 'json']);
      assert.equal(code, 2, 'malformed input exits 2 even with --fail-on none');
      assert.match(err, /a-agent\.yaml:9:21: error: spec\.template\.spec\.tolerations\[0\] is null: the API server decodes it as an empty toleration, which validation rejects \(operator must be Exists when `key` is empty/);
      const report = JSON.parse(out) as { findings: { file: string; object: { name: string } }[] };
      assert.ok(report.findings.some((f) => f.file.endsWith('b-canary.yaml') && f.object.name === 'canary'));
      assert.doesNotMatch(err, /TypeError|internal error/);
    });
  }

  it('a Pod whose toleration is a bare `-` is the same problem, and simulate places the other pods', () => {
    const loaded = loadText('pod.yaml', `${NULL_TOLERATION_POD}---\n${CANARY}`);
    assert.deepEqual(
      loaded.problems.map((p) => [p.line, p.path, p.severity]),
      [[6, '/spec/tolerations/0', 'error']],
    );
    const result = simulate(loaded.objects, builtinCluster('multi-build'), { rules: RULES });
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.pods.map((p) => p.name).sort(), ['canary', 'lone']);
  });

  it('says what decoding makes of nulls and wrong types in containers, volumes, env, selectors and affinity', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    metadata:
      labels: {app: 1}
    spec:
      nodeSelector: {kubernetes.io/os: [windows]}
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms: [{matchExpressions: [null]}]
      volumes: [null]
      containers:
      - null
      - name: c
        image: 5
        args: [null]
        env: [null, {name: A, value: 1}]
`;
    const loaded = loadText('d.yaml', text);
    const byPath = new Map(loaded.problems.map((p) => [p.path, p]));
    const expect = (path: string, severity: LoadProblem['severity'], message: RegExp) => {
      const problem = byPath.get(path);
      assert.ok(problem, `a problem at ${path}: ${JSON.stringify(loaded.problems.map((p) => p.path))}`);
      assert.equal(problem.severity, severity, path);
      assert.match(problem.message, message);
      assert.ok(problem.line !== undefined && problem.line > 1, `${path} has its own line`);
    };
    expect('/spec/template/metadata/labels/app', 'error', /expected a string, found an integer: the API server cannot decode the object/);
    expect('/spec/template/spec/nodeSelector/kubernetes.io~1os', 'error', /expected a string, found a list/);
    expect('/spec/template/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0', 'error', /empty node selector requirement/);
    expect('/spec/template/spec/volumes/0', 'error', /empty volume, which validation rejects \(name: Required value; must specify a volume type\)/);
    expect('/spec/template/spec/containers/0', 'error', /empty container, which validation rejects \(name: Required value/);
    expect('/spec/template/spec/containers/1/image', 'error', /expected a string, found an integer/);
    expect('/spec/template/spec/containers/1/args/0', 'info', /decodes it as ""/);
    expect('/spec/template/spec/containers/1/env/0', 'error', /empty environment variable/);
    expect('/spec/template/spec/containers/1/env/1/value', 'error', /expected a string/);
    // The analysis sees what decoding made: indexes kept, wrong values left out.
    const workload = workloadOf(loaded.objects[0]);
    assert.ok(workload);
    assert.deepEqual(workload.podSpec.containers?.[0], {});
    assert.equal(workload.podSpec.containers?.[1].image, undefined);
    assert.deepEqual(workload.podSpec.nodeSelector, {});
    // and the object as written is untouched (the webhook patches it by pointer).
    assert.equal((loaded.objects[0].object.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers[0], null);
  });
});

describe('issue 9: a rule or step that throws on one object is a problem on that object', () => {
  const throwing: Rule = {
    id: 'throws-on-lone',
    meta: { category: 'operations', defaultSeverity: 'error', description: 'test', messages: { m: 'never' }, source: 'test' },
    create: () => ({
      workload(workload) {
        if (workload.name === 'lone') throw new TypeError("Cannot read properties of null (reading 'key')");
      },
    }),
  };

  it('reports "internal error in rule X" at the object\'s file:line and keeps every other finding', () => {
    const loaded = loadText('two.yaml', `${CANARY}---\n${NULL_TOLERATION_POD}`);
    const problems: LoadProblem[] = [];
    const findings = runRules(loaded.objects, collectInputs(loaded.objects, builtinCluster('default')), [throwing, ...RULES], { onProblem: (p) => problems.push(p) });
    assert.equal(problems.length, 1);
    assert.equal(problems[0].severity, 'error');
    assert.equal(problems[0].file, 'two.yaml');
    assert.equal(problems[0].line, 9); // the second document starts after the 7 lines of the canary and its `---`
    assert.match(problems[0].message, /^internal error in rule throws-on-lone: Cannot read properties of null \(reading 'key'\) \(Pod\/lone;/);
    assert.ok(findings.some((f) => f.object.name === 'canary'));
    assert.ok(findings.some((f) => f.object.name === 'lone'), 'the other rules still ran on the object that threw');
  });
});

describe('issue 9: bounded work in simulate', () => {
  it('a Deployment asking for 100,000,000 replicas is simulated up to the cap, with a problem saying so', () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: many}
spec:
  replicas: 100000000
  selector: {matchLabels: {app: many}}
  template:
    metadata: {labels: {app: many}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      containers: [{name: c, image: nginx:1.27}]
`;
    const loaded = loadText('many.yaml', `${deployment}---\n${CANARY}`);
    const result = simulate(loaded.objects, builtinCluster('default'), { rules: RULES, maxPodsPerWorkload: 20 });
    assert.equal(result.pods.filter((p) => p.workload.name === 'many').length, 20);
    assert.ok(result.pods.some((p) => p.name === 'canary'));
    assert.deepEqual(result.problems.map((p) => [p.severity, p.line, p.message]), [['info', 4, 'Deployment/many asks for 100,000,000 pods: simulated the first 20']]);
  });
});

describe('issue 9: bounded reads', () => {
  it('refuses /dev/zero while reading, naming the file and the limit', () => {
    const loaded = loadManifests(['/dev/zero'], { limits: { maxFileBytes: 1024 * 1024 } });
    assert.equal(loaded.objects.length, 0);
    assert.equal(loaded.problems.length, 1);
    assert.match(loaded.problems[0].message, /\/dev\/zero is larger than 1 MiB, the limit for one input file: refused while reading \(raise it with --max-file-size\)/);
  });

  it('refuses a file with one 2 MiB line under --max-file-size 1MiB and reads the next file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a-huge.yaml'), `a: ${'x'.repeat(2 * 1024 * 1024)}\n`);
    writeFileSync(join(dir, 'b-canary.yaml'), CANARY);
    const { code, out, err } = await check([dir, '--max-file-size', '1MiB', '-o', 'json']);
    assert.equal(code, 2);
    assert.match(err, /a-huge\.yaml: error: cannot read .*a-huge\.yaml: .* is larger than 1 MiB/);
    assert.equal((JSON.parse(out) as { findings: unknown[] }).findings.length > 0, true);
  });

  it('refuses one document over --max-document-size and loads the documents after it', () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: {a: "${'x'.repeat(4096)}"}\n`;
    const loaded = loadText('docs.yaml', `${big}---\n${CANARY}`, { maxDocumentBytes: 1024 });
    assert.deepEqual(loaded.objects.map((o) => o.object.metadata?.name), ['canary']);
    assert.match(loaded.problems[0].message, /refused document 1: it is larger than 1 KiB/);
    assert.equal(loaded.problems[0].line, 1);
  });

  it('stdin that is a directory is a clear error (check - < .)', () => {
    const dir = tempDir();
    const fd = openSync(dir, 'r');
    try {
      assert.throws(() => readBoundedFd(fd, 1024, 'standard input'), (error: unknown) => error instanceof InputError && /standard input is a directory/.test(error.message));
      const run = spawnSync(process.execPath, [repoPath('bin/kube-hybrid.js'), 'check', '-'], { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8' });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /<stdin>: error: cannot read standard input: standard input is a directory/);
      assert.doesNotMatch(run.stderr, /EISDIR|at /);
      assert.doesNotMatch(run.stdout, /✔ no findings/);
    } finally {
      closeSync(fd);
    }
  });

  it('reads sizes as the flags write them', () => {
    assert.equal(parseByteSize('64MiB'), 64 * 1024 * 1024);
    assert.equal(parseByteSize('500k'), 500 * 1024);
    assert.equal(parseByteSize('1048576'), 1048576);
    assert.equal(parseByteSize('10q'), undefined);
    assert.equal(parseByteSize('0'), undefined);
  });
});

describe('issue 9: folders', () => {
  it('reads a file through a symlink (a mounted ConfigMap: app.yaml -> ..data/app.yaml)', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '..2026_11_30'));
    writeFileSync(join(dir, '..2026_11_30', 'app.yaml'), CANARY);
    symlinkSync('..2026_11_30', join(dir, '..data'));
    symlinkSync(join('..data', 'app.yaml'), join(dir, 'app.yaml'));
    const loaded = loadManifests([dir]);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.files.map((f) => f.path), [join(dir, 'app.yaml')]);
  });

  it('reports each unreadable entry by its own path and reads the rest; a link back to a parent folder ends', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'ok.yaml'), CANARY);
    symlinkSync('..', join(dir, 'sub', 'up'));
    symlinkSync('missing.yaml', join(dir, 'dangling.yaml'));
    const fifo = join(dir, 'pipe.yaml');
    const made = spawnSync('mkfifo', [fifo]).status === 0;
    const loaded = loadManifests([dir]);
    assert.deepEqual(loaded.files.map((f) => f.path), [join(dir, 'sub', 'ok.yaml')]);
    const problems = loaded.problems.map((p) => [p.file, p.severity]);
    assert.deepEqual(problems, [[join(dir, 'dangling.yaml'), 'error'], ...(made ? [[fifo, 'error']] : [])]);
    if (made) assert.match(loaded.problems[1].message, /it is a FIFO, not a regular file/);
  });
});
