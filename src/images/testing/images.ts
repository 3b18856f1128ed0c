// Test support: builds image configs, manifests and indexes (OCI and Docker schema 2) and pushes
// them with RegistryPusher, returning what the client should report.
import { createHash, randomBytes } from 'node:crypto';
import { MEDIA_TYPE } from '../manifest.js';
import type { PushedContent, RegistryPusher } from './registry.js';

export type ImageFormat = 'oci' | 'docker';

export interface ForeignLayerSpec {
  size: number;
  /** OCI: nondistributable media type; Docker: rootfs.foreign. Default per format. */
  mediaType?: string;
}

export interface ImageSpec {
  format: ImageFormat;
  os: string;
  architecture: string;
  variant?: string;
  /** Written into the config blob. */
  osVersion?: string;
  osFeatures?: string[];
  /** Sizes of ordinary layers to upload (random bytes). */
  layers: number[];
  foreignLayers?: ForeignLayerSpec[];
}

export interface PushedImage {
  manifest: PushedContent;
  /** config + all layers, foreign included. */
  expectedSize: number;
  expectedForeignSize: number;
}

export async function pushImage(pusher: RegistryPusher, repository: string, spec: ImageSpec, tag?: string): Promise<PushedImage> {
  const layerDescriptors: { mediaType: string; digest: string; size: number; urls?: string[] }[] = [];
  const layerMediaType = spec.format === 'oci' ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.docker.image.rootfs.diff.tar.gzip';
  for (const size of spec.layers) {
    const pushed = await pusher.pushBlob(repository, randomBytes(size));
    layerDescriptors.push({ mediaType: layerMediaType, digest: pushed.digest, size: pushed.size });
  }
  let foreignSize = 0;
  for (const foreign of spec.foreignLayers ?? []) {
    // Never uploaded: the digest stands for a blob that lives at `urls` (like Windows base layers).
    const digest = `sha256:${createHash('sha256').update(randomBytes(32)).digest('hex')}`;
    const mediaType = foreign.mediaType ?? (spec.format === 'oci' ? 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip' : MEDIA_TYPE.dockerForeignLayer);
    layerDescriptors.unshift({ mediaType, digest, size: foreign.size, urls: [`https://mcr.microsoft.com/v2/windows/servercore/blobs/${digest}`] });
    foreignSize += foreign.size;
  }
  const config: Record<string, unknown> = {
    architecture: spec.architecture,
    os: spec.os,
    rootfs: { type: 'layers', diff_ids: layerDescriptors.map((l) => l.digest) },
    config: {},
  };
  if (spec.variant) config.variant = spec.variant;
  if (spec.osVersion) config['os.version'] = spec.osVersion;
  if (spec.osFeatures) config['os.features'] = spec.osFeatures;
  const configBytes = Buffer.from(JSON.stringify(config));
  const configMediaType = spec.format === 'oci' ? MEDIA_TYPE.ociConfig : MEDIA_TYPE.dockerConfig;
  const pushedConfig = await pusher.pushBlob(repository, configBytes, configMediaType);
  const manifestMediaType = spec.format === 'oci' ? MEDIA_TYPE.ociManifest : MEDIA_TYPE.dockerManifest;
  const manifest = {
    schemaVersion: 2,
    mediaType: manifestMediaType,
    config: { mediaType: configMediaType, digest: pushedConfig.digest, size: pushedConfig.size },
    layers: layerDescriptors,
  };
  const pushed = await pusher.pushManifest(repository, tag ?? `sha256:${createHash('sha256').update(JSON.stringify(manifest)).digest('hex')}`, manifestMediaType, manifest);
  const expectedSize = pushedConfig.size + layerDescriptors.reduce((sum, l) => sum + l.size, 0);
  return { manifest: pushed, expectedSize, expectedForeignSize: foreignSize };
}

export interface IndexEntry {
  image: PushedImage;
  platform: { os: string; architecture: string; variant?: string; 'os.version'?: string; 'os.features'?: string[] };
  annotations?: Record<string, string>;
}

export async function pushIndex(pusher: RegistryPusher, repository: string, tag: string, format: ImageFormat, entries: IndexEntry[]): Promise<PushedContent> {
  const mediaType = format === 'oci' ? MEDIA_TYPE.ociIndex : MEDIA_TYPE.dockerManifestList;
  const index = {
    schemaVersion: 2,
    mediaType,
    manifests: entries.map((entry) => ({
      mediaType: entry.image.manifest.mediaType,
      digest: entry.image.manifest.digest,
      size: entry.image.manifest.size,
      platform: entry.platform,
      ...(entry.annotations ? { annotations: entry.annotations } : {}),
    })),
  };
  return pusher.pushManifest(repository, tag, mediaType, index);
}
