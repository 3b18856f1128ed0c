// The single entry point from image references to ImageFacts, used by `images`,
// `check --resolve-images` and `simulate --resolve-images`.
//   reference → (cache: tag → digest) → manifest or index (cache, else registry)
//             → per platform: image manifest (+ config blob when the index does not say enough)
import { guessImageOs } from '../windows/image-name.js';
import { ImageCache, defaultCacheDir } from './cache.js';
import { RegistryError } from './errors.js';
import { indexEntryNeedsConfig, isAttestationEntry, parseConfigPlatform, parseManifest, platformFacts, ManifestFormatError } from './manifest.js';
import type { ConfigPlatform, ImageManifest, ParsedManifest, Platform } from './manifest.js';
import { canonicalReference, manifestReference, parseImageReference, repositoryName } from './reference.js';
import type { ImageReference } from './reference.js';
import { RegistryClient } from './registry-client.js';
import type { RegistryClientOptions } from './registry-client.js';
import type { ImageFacts, ImageFactSource, PlatformFacts } from '../model/image-facts.js';

export interface ResolveOptions extends RegistryClientOptions {
  /** A client to reuse (its own options then apply); otherwise one is made from these options. */
  client?: RegistryClient;
  /**
   * The cache: an ImageCache, a directory, `false` for none. Default: defaultCacheDir(env).
   */
  cache?: ImageCache | string | false;
  /** Tag → digest freshness when online (default one hour). */
  tagTtlMs?: number;
  /** Never touch the network: cache only, then tag heuristics (source 'tag'). */
  offline?: boolean;
  /** For the default cache directory. */
  env?: NodeJS.ProcessEnv;
}

export interface ResolveResult {
  /** By the reference as written. */
  facts: Map<string, ImageFacts>;
  /** By the reference as written: InvalidReferenceError or RegistryError. */
  errors: Map<string, Error>;
}

/** Internal: where the bytes came from, so facts can say 'registry' or 'cache'. */
interface Sourced<T> {
  value: T;
  fromRegistry: boolean;
}

class Resolver {
  constructor(
    private readonly client: RegistryClient | undefined,
    private readonly cache: ImageCache | undefined,
    private readonly offline: boolean,
  ) {}

  async resolve(original: string): Promise<ImageFacts> {
    const image = parseImageReference(original);
    const root = await this.rootManifest(image);
    const manifest = root.value.manifest;
    let fromRegistry = root.fromRegistry;
    const platforms: PlatformFacts[] = [];
    if (manifest.kind === 'index') {
      const entries = manifest.manifests.filter((entry) => !isAttestationEntry(entry));
      const results = await Promise.all(entries.map((entry) => this.platform(image, entry.digest, entry.platform)));
      for (const result of results) {
        if (!result) continue;
        platforms.push(result.value);
        fromRegistry ||= result.fromRegistry;
      }
    } else {
      const result = await this.platformOf(image, root.value.digest, manifest, undefined);
      platforms.push(result.value);
      fromRegistry ||= result.fromRegistry;
    }
    const source: ImageFactSource = fromRegistry ? 'registry' : 'cache';
    return { reference: original, digest: root.value.digest, mediaType: manifest.mediaType, platforms, source };
  }

  /** The manifest or index the reference names, from the cache when possible. */
  private async rootManifest(image: ImageReference): Promise<Sourced<{ digest: string; manifest: ParsedManifest }>> {
    const tagName = image.digest === undefined ? canonicalReference(image) : undefined;
    let digest = image.digest;
    if (digest === undefined && tagName !== undefined && this.cache) {
      digest = (await this.cache.getTag(tagName, { allowStale: this.offline }))?.digest;
    }
    if (digest !== undefined) {
      const cached = await this.cachedManifest(image, digest);
      if (cached) return { value: { digest, manifest: cached }, fromRegistry: false };
    }
    if (this.offline || !this.client) {
      throw new RegistryError('not-cached', image.original, `not cached (--offline): ${canonicalReference(image)} has never been fetched into the cache`);
    }
    const fetched = await this.client.getManifest(image, manifestReference(image));
    if (this.cache) {
      await this.cache.putContent(fetched.digest, fetched.bytes).catch(() => undefined);
      if (tagName !== undefined) await this.cache.putTag(tagName, fetched.digest, fetched.mediaType).catch(() => undefined);
    }
    return { value: { digest: fetched.digest, manifest: fetched.manifest }, fromRegistry: true };
  }

  private async cachedManifest(image: ImageReference, digest: string): Promise<ParsedManifest | undefined> {
    const bytes = await this.cache?.getContent(digest);
    if (!bytes) return undefined;
    try {
      return parseManifest(bytes, '');
    } catch (error) {
      if (error instanceof ManifestFormatError) return undefined; // a cached document we cannot read: refetch
      throw error;
    }
  }

  private async manifestByDigest(image: ImageReference, digest: string): Promise<Sourced<ParsedManifest>> {
    const cached = await this.cachedManifest(image, digest);
    if (cached) return { value: cached, fromRegistry: false };
    if (this.offline || !this.client) {
      throw new RegistryError('not-cached', image.original, `not cached (--offline): manifest ${digest} of ${repositoryName(image)}`);
    }
    const fetched = await this.client.getManifest(image, digest);
    await this.cache?.putContent(fetched.digest, fetched.bytes).catch(() => undefined);
    return { value: fetched.manifest, fromRegistry: true };
  }

  private async config(image: ImageReference, digest: string): Promise<Sourced<ConfigPlatform>> {
    let bytes = await this.cache?.getContent(digest);
    let fromRegistry = false;
    if (!bytes) {
      if (this.offline || !this.client) {
        throw new RegistryError('not-cached', image.original, `not cached (--offline): config ${digest} of ${repositoryName(image)}`);
      }
      bytes = await this.client.getBlob(image, digest);
      fromRegistry = true;
      await this.cache?.putContent(digest, bytes).catch(() => undefined);
    }
    try {
      return { value: parseConfigPlatform(bytes), fromRegistry };
    } catch (error) {
      if (error instanceof ManifestFormatError) throw new RegistryError('malformed', image.original, `config ${digest}: ${error.message}`);
      throw error;
    }
  }

  /** One index entry → its facts; nested indexes are followed one level. */
  private async platform(image: ImageReference, digest: string, fromIndex: Platform | undefined): Promise<Sourced<PlatformFacts> | undefined> {
    const child = await this.manifestByDigest(image, digest);
    if (child.value.kind === 'index') return undefined; // an index inside an index: not an image for a node
    const result = await this.platformOf(image, digest, child.value, fromIndex);
    return { value: result.value, fromRegistry: result.fromRegistry || child.fromRegistry };
  }

  private async platformOf(image: ImageReference, digest: string, manifest: ImageManifest, fromIndex: Platform | undefined): Promise<Sourced<PlatformFacts>> {
    let config: Sourced<ConfigPlatform> | undefined;
    if (indexEntryNeedsConfig(fromIndex)) config = await this.config(image, manifest.config.digest);
    return { value: platformFacts(digest, manifest, fromIndex, config?.value), fromRegistry: config?.fromRegistry ?? false };
  }
}

/**
 * What image-name heuristics say, as facts with source 'tag' (offline, nothing cached). Only a
 * Windows guess is useful: the name of a Linux image rarely says so.
 */
export function factsFromTag(original: string): ImageFacts | undefined {
  const guess = guessImageOs(original);
  if (guess.os !== 'windows') return undefined;
  const platform: PlatformFacts = { os: 'windows', architecture: 'amd64', digest: '', size: 0 };
  if (guess.build !== undefined) platform.osVersion = `10.0.${guess.build}`;
  return { reference: original, digest: '', platforms: [platform], source: 'tag' };
}

function makeCache(options: ResolveOptions): ImageCache | undefined {
  if (options.cache === false) return undefined;
  if (options.cache instanceof ImageCache) return options.cache;
  const dir = typeof options.cache === 'string' ? options.cache : defaultCacheDir(options.env ?? process.env);
  return new ImageCache({ dir, ...(options.tagTtlMs !== undefined ? { tagTtlMs: options.tagTtlMs } : {}) });
}

/**
 * Resolves every reference (duplicates once) to ImageFacts. Never throws for a reference: its
 * error lands in `errors`, keyed by the reference as written. Network concurrency is bounded by
 * the client (`concurrency`), across references and platforms alike.
 */
export async function resolveImageFacts(references: string[], options: ResolveOptions = {}): Promise<ResolveResult> {
  const cache = makeCache(options);
  const offline = options.offline ?? false;
  const client = offline ? undefined : (options.client ?? new RegistryClient(options));
  const resolver = new Resolver(client, cache, offline);
  const facts = new Map<string, ImageFacts>();
  const errors = new Map<string, Error>();
  const unique = [...new Set(references)];
  await Promise.all(
    unique.map(async (reference) => {
      try {
        facts.set(reference, await resolver.resolve(reference));
      } catch (error) {
        if (offline && error instanceof RegistryError && error.kind === 'not-cached') {
          const guessed = factsFromTag(reference);
          if (guessed) {
            facts.set(reference, guessed);
            return;
          }
        }
        errors.set(reference, error instanceof Error ? error : new Error(String(error)));
      }
    }),
  );
  // Keep the caller's order.
  const ordered = new Map<string, ImageFacts>();
  for (const reference of unique) {
    const fact = facts.get(reference);
    if (fact) ordered.set(reference, fact);
  }
  return { facts: ordered, errors };
}
