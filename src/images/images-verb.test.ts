// `kube-hybrid images` end to end against docker-registry, in-process with captureIO.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { humanSize, images, parseImagesArgs } from '../cli/images.js';
import { captureIO } from '../cli/io.js';
import { pushImage, pushIndex } from './testing/images.js';
import type { PushedImage } from './testing/images.js';
import { RegistryPusher, startRegistry } from './testing/registry.js';
import type { TestRegistry } from './testing/registry.js';

const PASSWORD = 'correct horse battery';
const HTPASSWD = 'tester:$2b$05$kubehybridtestsaltsalejAXcc1pogLPpBrojLLGV.8E4oIBgzp6\n'; // see auth.test.ts

describe('kube-hybrid images', () => {
  let registry: TestRegistry;
  let secured: TestRegistry;
  let dir: string;
  let indexDigest: string;
  let win: PushedImage;
  let lin: PushedImage;

  before(async () => {
    registry = await startRegistry();
    secured = await startRegistry({ auth: { htpasswd: { realm: 'test', contents: HTPASSWD } } });
    dir = await mkdtemp(join(tmpdir(), 'kube-hybrid-verb-'));
    const push = new RegistryPusher(registry.url);
    win = await pushImage(push, 'iis', { format: 'docker', os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.2582', layers: [3000], foreignLayers: [{ size: 2_760_000_000 }] });
    lin = await pushImage(push, 'iis', { format: 'docker', os: 'linux', architecture: 'arm64', variant: 'v8', layers: [1000] });
    indexDigest = (
      await pushIndex(push, 'iis', 'ltsc2022', 'docker', [
        { image: win, platform: { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.2582' } },
        { image: lin, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      ])
    ).digest;
    const basic = `Basic ${Buffer.from(`tester:${PASSWORD}`).toString('base64')}`;
    await pushImage(new RegistryPusher(secured.url, () => basic), 'private', { format: 'oci', os: 'linux', architecture: 'amd64', layers: [10] }, '1');
  });
  after(async () => {
    await registry?.stop();
    await secured?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (argv: string[], stdin = '') => {
    const io = captureIO(stdin, dir);
    io.env = { HOME: dir, KUBE_HYBRID_CACHE_DIR: join(dir, 'cache') };
    const code = await images(argv, io);
    return { code, out: io.out, err: io.err };
  };

  test('-o json: exactly the contract, in the order asked; a failing reference on stderr, exit 1', async () => {
    const good = `${registry.host}/iis:ltsc2022`;
    const bad = `${registry.host}/missing:1`;
    const { code, out, err } = await run([bad, good, '-o', 'json', '--no-cache']);
    assert.equal(code, 1);
    const json = JSON.parse(out) as { images: Record<string, unknown>[]; errors: { reference: string; kind: string }[] };
    assert.deepEqual(json.images, [
      {
        reference: good,
        digest: indexDigest,
        mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
        source: 'registry',
        platforms: [
          { os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.2582', digest: win.manifest.digest, size: win.expectedSize, foreignSize: 2_760_000_000 },
          { os: 'linux', architecture: 'arm64', variant: 'v8', digest: lin.manifest.digest, size: lin.expectedSize },
        ],
      },
    ]);
    assert.deepEqual(json.errors.map((e) => [e.reference, e.kind]), [[bad, 'not-found']]);
    assert.match(err, new RegExp(`error: ${bad.replace(/\./g, '\\.')}: not found`));
  });

  test('text: a table with short digest, platform, os.version, human size and foreign marker', async () => {
    const { code, out } = await run([`${registry.host}/iis:ltsc2022`]);
    assert.equal(code, 0);
    const lines = out.trimEnd().split('\n');
    assert.match(lines[0], /^REFERENCE\s+DIGEST\s+PLATFORM\s+OS VERSION\s+SIZE\s+SOURCE$/);
    assert.match(lines[1], new RegExp(`^${registry.host.replace(/\./g, '\\.')}/iis:ltsc2022\\s+sha256:[0-9a-f]{12}\\s+windows/amd64\\s+10\\.0\\.20348\\.2582\\s+2\\.76 GB \\(2\\.76 GB foreign\\)\\s+registry$`));
    assert.match(lines[2], /^\s+linux\/arm64\/v8\s+-\s+\d+(\.\d+)? kB$/);
  });

  test('the second run comes from the cache; --offline works without the network', async () => {
    const reference = `${registry.host}/iis:ltsc2022`;
    const cached = JSON.parse((await run([reference, '-o', 'json'])).out) as { images: { source: string }[] };
    assert.equal(cached.images[0].source, 'cache');
    const offline = await run([reference, '-o', 'json', '--offline', '--plain-http', 'nowhere.invalid']);
    assert.equal(offline.code, 0);
    const unknown = await run(['example.invalid/x:1', '--offline']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /example\.invalid\/x:1: not cached/);
  });

  test('--username with --password-stdin; the password never printed', async () => {
    const reference = `${secured.host}/private:1`;
    const ok = await run([reference, '--username', 'tester', '--password-stdin', '--no-cache'], `${PASSWORD}\n`);
    assert.equal(ok.code, 0, ok.err);
    const secret = 'definitely-wrong-pw';
    const denied = await run([reference, '--username', 'tester', '--password-stdin', '--no-cache', '-o', 'json'], `${secret}\n`);
    assert.equal(denied.code, 1);
    assert.ok(!`${denied.out}${denied.err}`.includes(secret));
    assert.match(denied.err, /unauthorized/);
  });

  test('--from reads the images of workloads', async () => {
    const file = join(dir, 'deploy.yaml');
    await writeFile(
      file,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: iis}\nspec:\n  selector: {matchLabels: {app: iis}}\n  template:\n    metadata: {labels: {app: iis}}\n    spec:\n      containers:\n      - name: iis\n        image: ${registry.host}/iis:ltsc2022\n`,
    );
    const { code, out } = await run(['--from', file, '-o', 'json']);
    assert.equal(code, 0);
    assert.equal((JSON.parse(out) as { images: unknown[] }).images.length, 1);
  });

  test('bad usage and malformed references exit 2', async () => {
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['x', '-o', 'xml'])).code, 2);
    assert.equal((await run(['x', '--bogus'])).code, 2);
    assert.equal((await run(['x', '--timeout', '0'])).code, 2);
    assert.equal((await run(['x', '--username', 'u'])).code, 2);
    const malformed = await run(['Not/Valid:ref', '--offline']);
    assert.equal(malformed.code, 2);
    assert.match(malformed.err, /invalid image reference "Not\/Valid:ref"/);
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /Usage: kube-hybrid images/);
  });

  test('flag parsing and sizes', () => {
    assert.deepEqual(parseImagesArgs(['a', '--timeout=2.5', '--concurrency', '3', '--plain-http', 'h:1', '--plain-http=h2']).plainHttp, ['h:1', 'h2']);
    assert.equal(humanSize(0), '0 B');
    assert.equal(humanSize(999), '999 B');
    assert.equal(humanSize(1000), '1 kB');
    assert.equal(humanSize(1_523_456_789), '1.52 GB');
    assert.equal(humanSize(123_456_789), '123 MB');
    assert.equal(humanSize(12_340_000), '12.3 MB');
  });
});
