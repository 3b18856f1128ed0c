// Typed failures of the registry client, the cache and resolution. Every message names the image
// reference it concerns and never contains a credential (see redact()).

export type RegistryErrorKind =
  /** 401 after trying the credentials we have (or none). */
  | 'unauthorized'
  /** 403: authenticated, but not allowed to pull. */
  | 'denied'
  /** 404 / MANIFEST_UNKNOWN / NAME_UNKNOWN / BLOB_UNKNOWN. */
  | 'not-found'
  /** 429 that outlasted the retries (or asked us to wait too long). */
  | 'rate-limited'
  /** 5xx that outlasted the retries, or another unexpected status. */
  | 'server'
  /** Certificate or TLS handshake failure. */
  | 'tls'
  /** No answer within the timeout. */
  | 'timeout'
  /** Connection refused, DNS failure, reset. */
  | 'network'
  /** Body is not what the media type promises, or its digest does not match. */
  | 'malformed'
  /** A media type we cannot read (e.g. Docker schema 1). */
  | 'unsupported'
  /** `--offline` and nothing in the cache. */
  | 'not-cached';

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(
    readonly kind: RegistryErrorKind,
    /** The image reference as the user wrote it (or the repository when no reference is known). */
    readonly reference: string,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${reference}: ${message}`, options);
  }
}

/** Replaces every secret (password, token, base64 auth) found in `text` with "***". */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue; // too short to search for without mangling ordinary text
    out = out.split(secret).join('***');
  }
  return out;
}
