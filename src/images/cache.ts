// On-disk cache of registry answers.
//   <dir>/v1/blobs/<algorithm>/<hex>       manifests, indexes and config blobs, by content digest
//                                         (verified on write and on read; immutable)
//   <dir>/v1/tags/<sha256 of name:tag>.json  { name, digest, mediaType, storedAt } — a tag's digest,
//                                         fresh for `tagTtlMs`, used stale only offline
// Every write goes to a temporary file in the same directory and is renamed into place, so a
// reader never sees a partial file and concurrent writers of the same content are harmless.
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { digestLike } from './manifest.js';
import { isValidDigest } from './reference.js';
import { writeFileAtomic } from '../util/write-atomic.js';

/** Environment variable that overrides the cache directory. */
export const CACHE_DIR_ENV = 'KUBE_HYBRID_CACHE_DIR';
/** How long a tag → digest answer is trusted online: one hour. */
export const DEFAULT_TAG_TTL_MS = 60 * 60 * 1000;

/** `$KUBE_HYBRID_CACHE_DIR`, else `$XDG_CACHE_HOME/kube-hybrid`, else `~/.cache/kube-hybrid`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  if (env[CACHE_DIR_ENV]) return env[CACHE_DIR_ENV] as string;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'kube-hybrid');
  return join(env.HOME || homedir(), '.cache', 'kube-hybrid');
}

export interface TagEntry {
  /** "registry/path:tag", canonical. */
  name: string;
  digest: string;
  mediaType: string;
  /** Epoch ms. */
  storedAt: number;
}

export class CacheDigestError extends Error {
  override readonly name = 'CacheDigestError';
}

export interface ImageCacheOptions {
  dir: string;
  tagTtlMs?: number;
  now?: () => number;
}

export class ImageCache {
  readonly dir: string;
  private readonly tagTtlMs: number;
  private readonly now: () => number;

  constructor(options: ImageCacheOptions) {
    this.dir = options.dir;
    this.tagTtlMs = options.tagTtlMs ?? DEFAULT_TAG_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  private contentPath(digest: string): string {
    if (!isValidDigest(digest)) throw new CacheDigestError(`not a valid digest: ${digest}`);
    const colon = digest.indexOf(':');
    return join(this.dir, 'v1', 'blobs', digest.slice(0, colon), digest.slice(colon + 1));
  }

  private tagPath(name: string): string {
    return join(this.dir, 'v1', 'tags', `${createHash('sha256').update(name).digest('hex')}.json`);
  }

  /** Content by digest, or undefined. A file whose bytes no longer match is removed. */
  async getContent(digest: string): Promise<Buffer | undefined> {
    const file = this.contentPath(digest);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return undefined;
    }
    if (digestLike(digest, bytes) !== digest) {
      await rm(file, { force: true }).catch(() => undefined);
      return undefined;
    }
    return bytes;
  }

  /** Stores content under its digest; refuses bytes that do not hash to it. */
  async putContent(digest: string, bytes: Uint8Array): Promise<void> {
    const actual = digestLike(digest, bytes);
    if (actual !== digest) throw new CacheDigestError(`refusing to cache content as ${digest}: its digest is ${actual}`);
    await writeFileAtomic(this.contentPath(digest), bytes);
  }

  /** The digest a tag had; stale entries only when `allowStale` (offline). */
  async getTag(name: string, options: { allowStale?: boolean } = {}): Promise<TagEntry | undefined> {
    let entry: TagEntry;
    try {
      entry = JSON.parse(await readFile(this.tagPath(name), 'utf8')) as TagEntry;
    } catch {
      return undefined;
    }
    if (entry?.name !== name || typeof entry.digest !== 'string' || !isValidDigest(entry.digest) || typeof entry.storedAt !== 'number') {
      return undefined;
    }
    if (!options.allowStale && this.now() - entry.storedAt > this.tagTtlMs) return undefined;
    return entry;
  }

  async putTag(name: string, digest: string, mediaType: string): Promise<void> {
    const entry: TagEntry = { name, digest, mediaType, storedAt: this.now() };
    await writeFileAtomic(this.tagPath(name), `${JSON.stringify(entry)}\n`);
  }
}
