// The package as users get it: `npm pack` ships no tests, test helpers or fixtures, and the packed
// tarball installed into a temporary prefix runs `kube-hybrid check` and `kubectl-hybrid --version`.
// The install is offline (`npm install --offline`, from the npm cache `npm ci` filled): when the
// cache lacks a dependency the install test is skipped, saying so.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rmSync } from 'node:fs';
import { REPO_ROOT } from '../testing/paths.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

describe('the npm package', () => {
  const work = mkdtempSync(join(tmpdir(), 'kh-pack-'));
  let tarball = '';
  let files: string[] = [];

  before(() => {
    // --ignore-scripts: prepack would rebuild dist/ under the tests running from it; it is built.
    const packed = spawnSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(packed.status, 0, packed.stderr);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = join(work, info.filename);
    files = info.files.map((f) => f.path);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('ships the CLI, the schema, profiles and docs, and no tests, test helpers or fixtures', () => {
    for (const needed of ['bin/kube-hybrid.js', 'dist/cli/main.js', 'dist/cli/check.js', 'dist/bundle/main.js', 'schema/kube-hybrid-config.schema.json', 'README.md', 'docs/ci.md', '.pre-commit-hooks.yaml']) assert.ok(files.includes(needed), needed);
    const unwanted = files.filter((f) => /\.test\.js$|(^|\/)testing(\/|-)|^test\/|fixtures|\.map$|^src\/|^bench\/|^fuzz\/|^testbed\//.test(f));
    assert.deepEqual(unwanted, []);
  });

  it('installed from the tarball into a prefix: kube-hybrid check and kubectl-hybrid --version run', async (t) => {
    const prefix = join(work, 'prefix');
    const install = spawnSync(npm, ['install', '--global', '--prefix', prefix, tarball, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { encoding: 'utf8' });
    if (install.status !== 0) {
      const missing = /ENOTCACHED|only-if-cached/.test(install.stderr);
      if (missing) {
        t.skip(`the npm cache lacks a dependency for an offline install (${/request to (\S+)/.exec(install.stderr)?.[1] ?? 'see npm output'}): run \`npm ci\` or \`npm install --global --prefix /tmp/x <tarball> --prefer-offline\` once with network`);
        return;
      }
      assert.fail(install.stderr);
    }
    const bin = join(prefix, process.platform === 'win32' ? '' : 'bin');
    const versionRun = spawnSync(join(bin, 'kubectl-hybrid'), ['--version'], { encoding: 'utf8' });
    assert.equal(versionRun.status, 0, versionRun.stderr);
    assert.equal(versionRun.stdout, `kube-hybrid ${version}\n`);
    const manifest = join(work, 'pod.yaml');
    writeFileSync(manifest, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022}]\n');
    const checkRun = spawnSync(join(bin, 'kube-hybrid'), ['check', manifest, '-o', 'json'], { cwd: work, encoding: 'utf8' });
    assert.equal(checkRun.status, 1, checkRun.stderr);
    assert.ok((JSON.parse(checkRun.stdout) as { findings: { ruleId: string }[] }).findings.some((f) => f.ruleId === 'windows-workload-on-linux-node'));
    const schema = spawnSync(join(bin, 'kube-hybrid'), ['check', manifest, '--config', join(work, 'bad.yaml')], { cwd: work, encoding: 'utf8' });
    assert.equal(schema.status, 2);
    assert.match(schema.stderr, /bad\.yaml: error: cannot read the config file/);
  });
});

describe('bin/kube-hybrid.js in a clone that was not built', () => {
  it('says to run npm run build instead of ERR_MODULE_NOT_FOUND', () => {
    const clone = mkdtempSync(join(tmpdir(), 'kh-unbuilt-'));
    spawnSync('mkdir', ['-p', join(clone, 'bin')]);
    writeFileSync(join(clone, 'bin', 'kube-hybrid.js'), readFileSync(join(REPO_ROOT, 'bin', 'kube-hybrid.js')));
    writeFileSync(join(clone, 'package.json'), JSON.stringify({ type: 'module' }));
    const run = spawnSync(process.execPath, [join(clone, 'bin', 'kube-hybrid.js'), '--version'], { encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'kube-hybrid: dist/ is not built: run `npm run build` (or `npm install`) in the kube-hybrid folder first\n');
    assert.doesNotMatch(run.stderr, /ERR_MODULE_NOT_FOUND/);
    rmSync(clone, { recursive: true, force: true });
  });
});
