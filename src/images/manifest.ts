// Manifest, index and config documents (OCI image-spec v1.1, Docker Image Manifest V2 Schema 2)
// and what kube-hybrid reads from them. Pure functions: no I/O.
import { createHash } from 'node:crypto';
import type { PlatformFacts } from '../model/image-facts.js';

export const MEDIA_TYPE = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

/** The Accept header for a manifest GET: indexes first, then single-platform manifests. */
export const MANIFEST_ACCEPT = [
  MEDIA_TYPE.ociIndex,
  MEDIA_TYPE.dockerManifestList,
  MEDIA_TYPE.ociManifest,
  MEDIA_TYPE.dockerManifest,
].join(', ');

export type ManifestKind = 'index' | 'manifest';

/** OCI image-spec descriptor. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: Platform;
}

export interface Platform {
  architecture: string;
  os: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
}

export interface ImageIndex {
  kind: 'index';
  mediaType: string;
  manifests: Descriptor[];
}

export interface ImageManifest {
  kind: 'manifest';
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
}

export type ParsedManifest = ImageIndex | ImageManifest;

/** Thrown for documents that do not parse as what they claim; callers wrap it with the reference. */
export class ManifestFormatError extends Error {
  override readonly name = 'ManifestFormatError';
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

/** "sha256:<hex>" of the bytes. */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Digest of `bytes` with the algorithm of `expected` (sha256/384/512). */
export function digestLike(expected: string, bytes: Uint8Array): string {
  const algorithm = expected.slice(0, expected.indexOf(':'));
  const node = algorithm === 'sha384' ? 'sha384' : algorithm === 'sha512' ? 'sha512' : 'sha256';
  return `${node}:${createHash(node).update(bytes).digest('hex')}`;
}

/** Layer media types whose blob is not in the registry but at the descriptor's `urls`. */
export function isForeignLayer(mediaType: string): boolean {
  return (
    mediaType === MEDIA_TYPE.dockerForeignLayer ||
    mediaType.startsWith('application/vnd.oci.image.layer.nondistributable.') ||
    mediaType === 'application/vnd.docker.image.rootfs.foreign.diff.tar'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseDescriptor(value: unknown, where: string): Descriptor {
  if (!isRecord(value)) throw new ManifestFormatError(`${where} is not an object`);
  const { mediaType, digest, size, urls, annotations, platform } = value;
  if (typeof digest !== 'string' || !/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(digest)) {
    throw new ManifestFormatError(`${where} has no valid "digest"`);
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new ManifestFormatError(`${where} has no valid "size"`);
  }
  const descriptor: Descriptor = { mediaType: typeof mediaType === 'string' ? mediaType : '', digest, size };
  if (Array.isArray(urls)) descriptor.urls = urls.filter((u): u is string => typeof u === 'string');
  if (isRecord(annotations)) {
    descriptor.annotations = Object.fromEntries(Object.entries(annotations).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  }
  if (platform !== undefined) {
    if (!isRecord(platform) || typeof platform.os !== 'string' || typeof platform.architecture !== 'string') {
      throw new ManifestFormatError(`${where}.platform needs "os" and "architecture"`);
    }
    const p: Platform = { os: platform.os, architecture: platform.architecture };
    if (typeof platform.variant === 'string' && platform.variant) p.variant = platform.variant;
    if (typeof platform['os.version'] === 'string' && platform['os.version']) p['os.version'] = platform['os.version'];
    const features = platform['os.features'];
    if (Array.isArray(features)) p['os.features'] = features.filter((f): f is string => typeof f === 'string');
    descriptor.platform = p;
  }
  return descriptor;
}

/**
 * Parses a manifest or index. `contentType` is what the registry said (may be empty); the
 * document's own `mediaType` field and its shape decide when the header is generic.
 */
export function parseManifest(bytes: Uint8Array, contentType: string): ParsedManifest {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new ManifestFormatError('manifest is not valid JSON');
  }
  if (!isRecord(doc)) throw new ManifestFormatError('manifest is not a JSON object');
  const declared = typeof doc.mediaType === 'string' ? doc.mediaType : '';
  const header = contentType.split(';')[0].trim().toLowerCase();
  const known: string[] = Object.values(MEDIA_TYPE);
  let mediaType = known.includes(header) ? header : declared;
  if (!mediaType) {
    if (doc.schemaVersion === 1) mediaType = MEDIA_TYPE.dockerSchema1;
    else if (Array.isArray(doc.manifests)) mediaType = MEDIA_TYPE.ociIndex;
    else if (isRecord(doc.config)) mediaType = MEDIA_TYPE.ociManifest;
  }
  if (mediaType === MEDIA_TYPE.dockerSchema1 || mediaType === MEDIA_TYPE.dockerSchema1Signed || doc.schemaVersion === 1) {
    throw new ManifestFormatError('Docker image manifest schema 1 is not supported (deprecated by Docker; push the image again)', true);
  }
  if (mediaType === MEDIA_TYPE.ociIndex || mediaType === MEDIA_TYPE.dockerManifestList) {
    if (!Array.isArray(doc.manifests)) throw new ManifestFormatError(`${mediaType} has no "manifests" array`);
    const manifests = doc.manifests.map((m, i) => parseDescriptor(m, `manifests[${i}]`));
    return { kind: 'index', mediaType, manifests };
  }
  if (mediaType === MEDIA_TYPE.ociManifest || mediaType === MEDIA_TYPE.dockerManifest) {
    const config = parseDescriptor(doc.config, 'config');
    if (!Array.isArray(doc.layers)) throw new ManifestFormatError(`${mediaType} has no "layers" array`);
    const layers = doc.layers.map((l, i) => parseDescriptor(l, `layers[${i}]`));
    return { kind: 'manifest', mediaType, config, layers };
  }
  throw new ManifestFormatError(`unsupported manifest media type "${mediaType || header || 'unknown'}"`, true);
}

/** What an image config blob says about the platform (OCI image-spec config.md). */
export interface ConfigPlatform {
  os: string;
  architecture: string;
  variant?: string;
  osVersion?: string;
  osFeatures?: string[];
}

export function parseConfigPlatform(bytes: Uint8Array): ConfigPlatform {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new ManifestFormatError('image config is not valid JSON');
  }
  if (!isRecord(doc) || typeof doc.os !== 'string' || typeof doc.architecture !== 'string') {
    throw new ManifestFormatError('image config has no "os" and "architecture"');
  }
  const platform: ConfigPlatform = { os: doc.os, architecture: doc.architecture };
  if (typeof doc.variant === 'string' && doc.variant) platform.variant = doc.variant;
  if (typeof doc['os.version'] === 'string' && doc['os.version']) platform.osVersion = doc['os.version'];
  const features = doc['os.features'];
  if (Array.isArray(features)) platform.osFeatures = features.filter((f): f is string => typeof f === 'string');
  return platform;
}

/**
 * True for index entries that are not runnable images: BuildKit attestation manifests
 * (`vnd.docker.reference.type: attestation-manifest`, platform unknown/unknown).
 */
export function isAttestationEntry(descriptor: Descriptor): boolean {
  return (
    descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (descriptor.platform?.os === 'unknown' && descriptor.platform.architecture === 'unknown')
  );
}

/** Bytes to pull for one platform: config + all layers; foreign layers counted separately too. */
export function manifestSizes(manifest: ImageManifest): { size: number; foreignSize: number } {
  let size = manifest.config.size;
  let foreignSize = 0;
  for (const layer of manifest.layers) {
    size += layer.size;
    if (isForeignLayer(layer.mediaType)) foreignSize += layer.size;
  }
  return { size, foreignSize };
}

/**
 * PlatformFacts for one image manifest. The index entry's platform wins where it says something
 * (it is what containerd matches on); the config fills what the index leaves out, notably
 * `os.version` of single-platform Windows images.
 */
export function platformFacts(
  digest: string,
  manifest: ImageManifest,
  fromIndex: Platform | undefined,
  fromConfig: ConfigPlatform | undefined,
): PlatformFacts {
  const os = fromIndex?.os ?? fromConfig?.os ?? 'unknown';
  const architecture = fromIndex?.architecture ?? fromConfig?.architecture ?? 'unknown';
  const facts: PlatformFacts = { os, architecture, digest, size: 0 };
  const variant = fromIndex?.variant ?? fromConfig?.variant;
  if (variant) facts.variant = variant;
  const osVersion = fromIndex?.['os.version'] ?? fromConfig?.osVersion;
  if (osVersion) facts.osVersion = osVersion;
  const osFeatures = fromIndex?.['os.features'] ?? fromConfig?.osFeatures;
  if (osFeatures && osFeatures.length > 0) facts.osFeatures = osFeatures;
  const { size, foreignSize } = manifestSizes(manifest);
  facts.size = size;
  if (foreignSize > 0) facts.foreignSize = foreignSize;
  return facts;
}

/** Does the index entry already say everything the config would? */
export function indexEntryNeedsConfig(platform: Platform | undefined): boolean {
  if (!platform) return true;
  return platform.os === 'windows' && !platform['os.version'];
}
