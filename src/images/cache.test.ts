// The on-disk cache: content by digest (verified), tag entries with a TTL, atomic writes, and
// offline resolution from it against a real registry.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CacheDigestError, defaultCacheDir, ImageCache } from './cache.js';
import { RegistryError } from './errors.js';
import { resolveImageFacts } from './resolve.js';
import { pushImage, pushIndex } from './testing/images.js';
import { RegistryPusher, startRegistry } from './testing/registry.js';
import type { TestRegistry } from './testing/registry.js';

const digestOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name));
}

describe('ImageCache', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kube-hybrid-cache-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('the default directory: override env, XDG_CACHE_HOME, ~/.cache', () => {
    assert.equal(defaultCacheDir({ KUBE_HYBRID_CACHE_DIR: '/x', XDG_CACHE_HOME: '/y', HOME: '/h' }), '/x');
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/y', HOME: '/h' }), '/y/kube-hybrid');
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/h' }), '/h/.cache/kube-hybrid');
    assert.equal(defaultCacheDir({ HOME: '/h' }), '/h/.cache/kube-hybrid');
  });

  test('content is stored by digest and verified on write', async () => {
    const cache = new ImageCache({ dir });
    const bytes = Buffer.from('{"schemaVersion":2}');
    await cache.putContent(digestOf(bytes), bytes);
    assert.deepEqual(await cache.getContent(digestOf(bytes)), bytes);
    await assert.rejects(cache.putContent(digestOf(Buffer.from('other')), bytes), CacheDigestError);
    assert.equal(await cache.getContent(digestOf(Buffer.from('other'))), undefined);
  });

  test('a corrupted file is not returned (and is removed)', async () => {
    const cache = new ImageCache({ dir });
    const bytes = Buffer.from('original');
    const digest = digestOf(bytes);
    await cache.putContent(digest, bytes);
    const file = join(dir, 'v1', 'blobs', 'sha256', digest.slice(7));
    await writeFile(file, 'tampered');
    assert.equal(await cache.getContent(digest), undefined);
    await assert.rejects(readFile(file));
  });

  test('writes leave no temporary files, even when many race on one entry', async () => {
    const cache = new ImageCache({ dir });
    const bytes = Buffer.alloc(256 * 1024, 7);
    await Promise.all(Array.from({ length: 20 }, () => cache.putContent(digestOf(bytes), bytes)));
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.putTag('r/x:1', digestOf(bytes), `type-${i}`)));
    const files = await listFiles(dir);
    assert.deepEqual(files.filter((f) => f.includes('.tmp-')), []);
    assert.deepEqual(await cache.getContent(digestOf(bytes)), bytes);
    assert.match((await cache.getTag('r/x:1'))?.mediaType ?? '', /^type-\d+$/);
  });

  test('tag entries expire after the TTL, except offline', async () => {
    let now = 1_000_000;
    const cache = new ImageCache({ dir, tagTtlMs: 60_000, now: () => now });
    const digest = digestOf(Buffer.from('x'));
    await cache.putTag('example.com/a:1', digest, 'm');
    assert.equal((await cache.getTag('example.com/a:1'))?.digest, digest);
    now += 61_000;
    assert.equal(await cache.getTag('example.com/a:1'), undefined);
    assert.equal((await cache.getTag('example.com/a:1', { allowStale: true }))?.digest, digest);
    assert.equal(await cache.getTag('example.com/a:2', { allowStale: true }), undefined);
  });
});

describe('resolution through the cache (docker-registry)', () => {
  let registry: TestRegistry;
  let dir: string;
  let indexDigest: string;
  before(async () => {
    registry = await startRegistry();
    dir = await mkdtemp(join(tmpdir(), 'kube-hybrid-cache-'));
    const push = new RegistryPusher(registry.url);
    const win = await pushImage(push, 'cached/app', { format: 'oci', os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.1', layers: [100] });
    const lin = await pushImage(push, 'cached/app', { format: 'oci', os: 'linux', architecture: 'amd64', layers: [100] });
    indexDigest = (
      await pushIndex(push, 'cached/app', '1', 'oci', [
        { image: win, platform: { os: 'windows', architecture: 'amd64' } }, // os.version only in config
        { image: lin, platform: { os: 'linux', architecture: 'amd64' } },
      ])
    ).digest;
  });
  after(async () => {
    await registry?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('first from the registry, then from the cache, then offline with the registry gone', async () => {
    const reference = `${registry.host}/cached/app:1`;
    const first = await resolveImageFacts([reference], { cache: dir });
    assert.equal(first.facts.get(reference)?.source, 'registry', [...first.errors.values()].join());
    const second = await resolveImageFacts([reference], { cache: dir });
    assert.equal(second.facts.get(reference)?.source, 'cache');
    await registry.stop();
    const offline = await resolveImageFacts([reference], { cache: dir, offline: true, tagTtlMs: 0 });
    const facts = offline.facts.get(reference);
    assert.equal(facts?.source, 'cache');
    assert.equal(facts?.digest, indexDigest);
    assert.deepEqual(
      facts?.platforms.map((p) => p.osVersion),
      ['10.0.20348.1', undefined],
    );
  });

  test('offline and not cached: "not cached", or a guess from a Windows tag', async () => {
    const unknown = 'example.com/never/seen:1';
    const windows = 'mcr.microsoft.com/windows/servercore:ltsc2019';
    const { facts, errors } = await resolveImageFacts([unknown, windows], { cache: dir, offline: true });
    const error = errors.get(unknown);
    assert.ok(error instanceof RegistryError);
    assert.equal(error.kind, 'not-cached');
    assert.match(error.message, /^example\.com\/never\/seen:1: not cached/);
    const guessed = facts.get(windows);
    assert.equal(guessed?.source, 'tag');
    assert.equal(guessed?.platforms[0].os, 'windows');
    assert.equal(guessed?.platforms[0].osVersion, '10.0.17763');
  });
});
