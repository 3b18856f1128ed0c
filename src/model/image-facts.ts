// What the registry (or, failing that, the tag) tells us about an image. Shared by `images`,
// `check --resolve-images`, `simulate --resolve-images` and `prepull`.

/** One entry of an image index, or the single platform of a plain manifest. */
export interface PlatformFacts {
  os: string;
  architecture: string;
  variant?: string;
  /** `os.version`, e.g. "10.0.20348.2582" (Windows only). */
  osVersion?: string;
  osFeatures?: string[];
  /** Digest of this platform's image manifest. */
  digest: string;
  /** Bytes to pull: config blob + every layer (compressed), foreign layers included. */
  size: number;
  /** Bytes of layers marked foreign/non-distributable (pulled from their `urls`, e.g. Windows base layers). */
  foreignSize?: number;
}

/** Where an image fact came from: the registry itself, the on-disk cache of it, or a guess from the tag. */
export type ImageFactSource = 'registry' | 'cache' | 'tag';

export interface ImageFacts {
  /** The reference as the user wrote it. */
  reference: string;
  /** Digest of the manifest or index the reference resolved to. */
  digest: string;
  mediaType?: string;
  platforms: PlatformFacts[];
  source: ImageFactSource;
}

/** Facts by the reference as written in manifests (`Container.image`). */
export type ImageFactsByReference = ReadonlyMap<string, ImageFacts>;
