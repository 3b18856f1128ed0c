// A read-only OCI distribution client: manifests and blobs by tag or digest, with anonymous,
// bearer-token and basic authentication, timeouts, retries and bounded concurrency.
// Spec: OCI distribution-spec "Pulling manifests" / "Pulling blobs"; docker token auth.
import { pullScope, parseAuthChallenges, TokenCache, TokenEndpointError } from './auth.js';
import type { AuthChallenge, TokenFetch, TokenRequest } from './auth.js';
import type { Credentials, CredentialLookup } from './credentials.js';
import { secretsOf } from './credentials.js';
import { redact, RegistryError } from './errors.js';
import type { RegistryErrorKind } from './errors.js';
import { DEFAULT_RETRY_POLICY, httpRequest, Limiter, readBodyLimited, RetriesExhaustedError, TransportError } from './http.js';
import type { HttpOptions, RetryPolicy } from './http.js';
import { digestLike, MANIFEST_ACCEPT, ManifestFormatError, parseManifest } from './manifest.js';
import type { ParsedManifest } from './manifest.js';
import { hostnameOf, isLoopbackDomain, isValidDigest, registryApiHost } from './reference.js';
import type { ImageReference } from './reference.js';

export interface RegistryClientOptions {
  /** Where credentials come from; none means anonymous only. */
  credentials?: CredentialLookup;
  /** Registry domains ("host" or "host:port") reached over plain HTTP; loopback always is. */
  plainHttpHosts?: readonly string[];
  /** Docker's default (true): loopback registries are plain HTTP. False: HTTPS there too. */
  plainHttpLoopback?: boolean;
  /** Per-request timeout (headers and body), default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Requests in flight at once, across all references and platforms; default 8. */
  concurrency?: number;
  userAgent?: string;
  /** Cancels every request. */
  signal?: AbortSignal;
  /** For tests: replaces global fetch / sleep. */
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Debug log (one line per request); receives no secrets. */
  log?: (line: string) => void;
}

export interface FetchedManifest {
  /** Digest of the bytes (verified against the requested digest or Docker-Content-Digest). */
  digest: string;
  mediaType: string;
  bytes: Buffer;
  manifest: ParsedManifest;
}

export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
export const MAX_CONFIG_BYTES = 32 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONCURRENCY = 8;

type HostAuth = { scheme: 'bearer'; realm: string; service?: string } | { scheme: 'basic'; realm?: string };

interface RegistryErrorBody {
  errors?: { code?: string; message?: string }[];
}

function describeErrorBody(bytes: Buffer): string {
  try {
    const body = JSON.parse(bytes.toString('utf8')) as RegistryErrorBody;
    const first = body.errors?.[0];
    if (first?.code || first?.message) return [first.code, first.message].filter(Boolean).join(': ');
  } catch {
    // not a registry error document
  }
  return '';
}

export class RegistryClient {
  private readonly limiter: Limiter;
  private readonly tokens = new TokenCache();
  private readonly hostAuth = new Map<string, HostAuth>();
  private readonly credentialsByDomain = new Map<string, Promise<Credentials | undefined>>();
  private readonly secrets = new Set<string>();
  private readonly http: HttpOptions;
  private readonly plainHttp: Set<string>;
  private readonly userAgent: string;

  constructor(private readonly options: RegistryClientOptions = {}) {
    this.limiter = new Limiter(options.concurrency ?? DEFAULT_CONCURRENCY);
    this.http = {
      fetch: options.fetch ?? fetch,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    };
    this.plainHttp = new Set((options.plainHttpHosts ?? []).map((h) => h.toLowerCase()));
    this.userAgent = options.userAgent ?? 'kube-hybrid';
  }

  /** Scheme and host of the registry API for a reference's domain. */
  baseUrl(domain: string): string {
    const plain = (this.options.plainHttpLoopback !== false && isLoopbackDomain(domain)) || this.plainHttp.has(domain.toLowerCase()) || this.plainHttp.has(hostnameOf(domain).toLowerCase());
    return `${plain ? 'http' : 'https'}://${registryApiHost(domain)}`;
  }

  /** GET /v2/<name>/manifests/<tag|digest>, verified and parsed. */
  async getManifest(image: ImageReference, tagOrDigest: string): Promise<FetchedManifest> {
    const url = `${this.baseUrl(image.domain)}/v2/${image.path}/manifests/${tagOrDigest}`;
    const { response, bytes } = await this.get(image, url, MANIFEST_ACCEPT, MAX_MANIFEST_BYTES);
    const what = `manifest ${image.domain}/${image.path}${tagOrDigest.includes(':') ? '@' : ':'}${tagOrDigest}`;
    let digest: string;
    if (isValidDigest(tagOrDigest)) {
      digest = digestLike(tagOrDigest, bytes);
      if (digest !== tagOrDigest) this.fail(image, 'malformed', `${what}: content digest is ${digest}, not the requested one`);
    } else {
      const header = response.headers.get('docker-content-digest')?.trim();
      digest = digestLike(header && isValidDigest(header) ? header : 'sha256:', bytes);
      if (header && isValidDigest(header) && header !== digest) {
        this.fail(image, 'malformed', `${what}: content digest ${digest} does not match Docker-Content-Digest ${header}`);
      }
    }
    let manifest: ParsedManifest;
    try {
      manifest = parseManifest(bytes, response.headers.get('content-type') ?? '');
    } catch (error) {
      if (error instanceof ManifestFormatError) this.fail(image, error.unsupported ? 'unsupported' : 'malformed', `${what}: ${error.message}`);
      throw error;
    }
    return { digest, mediaType: manifest.mediaType, bytes, manifest };
  }

  /** GET /v2/<name>/blobs/<digest>, verified against the digest. */
  async getBlob(image: ImageReference, digest: string, maxBytes = MAX_CONFIG_BYTES): Promise<Buffer> {
    const url = `${this.baseUrl(image.domain)}/v2/${image.path}/blobs/${digest}`;
    const { bytes } = await this.get(image, url, '*/*', maxBytes);
    const actual = digestLike(digest, bytes);
    if (actual !== digest) this.fail(image, 'malformed', `blob ${digest} of ${image.domain}/${image.path}: content digest is ${actual}`);
    return bytes;
  }

  private fail(image: ImageReference, kind: RegistryErrorKind, message: string, status?: number, cause?: unknown): never {
    throw new RegistryError(kind, image.original, redact(message, this.secrets), status, cause === undefined ? undefined : { cause });
  }

  private credentialsFor(domain: string): Promise<Credentials | undefined> {
    let found = this.credentialsByDomain.get(domain);
    if (!found) {
      found = (this.options.credentials?.(domain) ?? Promise.resolve(undefined)).then((credentials) => {
        for (const secret of secretsOf(credentials)) this.secrets.add(secret);
        return credentials;
      });
      this.credentialsByDomain.set(domain, found);
    }
    return found;
  }

  /** An authenticated GET with one re-authentication on 401; returns a 2xx response and its body. */
  private async get(image: ImageReference, url: string, accept: string, maxBytes: number): Promise<{ response: Response; bytes: Buffer }> {
    const credentials = await this.credentialsFor(image.domain);
    const scope = pullScope(image.path);
    let challengeScopes: string[] | undefined;
    let sentAuth = false;
    for (let round = 0; ; round++) {
      const headers: Record<string, string> = { Accept: accept, 'User-Agent': this.userAgent };
      const auth = this.hostAuth.get(image.domain);
      if (auth?.scheme === 'bearer') {
        const request: TokenRequest = { realm: auth.realm, ...(auth.service ? { service: auth.service } : {}), scopes: challengeScopes ?? [scope] };
        headers.Authorization = `Bearer ${await this.bearerToken(image, request, credentials)}`;
        sentAuth = true;
      } else if (auth?.scheme === 'basic' && credentials?.kind === 'password') {
        headers.Authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
        sentAuth = true;
      }
      const { response, bytes } = await this.send(image, url, headers, maxBytes);
      this.options.log?.(`GET ${url} → ${response.status}`);
      if (response.status >= 200 && response.status < 300) return { response, bytes };
      if (response.status === 401 && round < 2) {
        const challenge = this.pickChallenge(response.headers.get('www-authenticate'));
        const learned = challenge ? this.learn(image.domain, challenge) : undefined;
        if (learned?.scheme === 'bearer') {
          const scopes = challenge?.params.scope ? challenge.params.scope.split(' ').filter(Boolean) : [scope];
          const request: TokenRequest = { realm: learned.realm, ...(learned.service ? { service: learned.service } : {}), scopes };
          if (sentAuth) this.tokens.invalidate(request, credentials);
          challengeScopes = scopes;
          // Retry once with a (fresh) token; a second 401 means the token server granted too little.
          if (!sentAuth || round === 0) continue;
        } else if (learned?.scheme === 'basic' && credentials?.kind === 'password' && !sentAuth) {
          continue;
        }
      }
      this.failForStatus(image, url, response, bytes, credentials);
    }
  }

  private pickChallenge(header: string | null): AuthChallenge | undefined {
    if (!header) return undefined;
    const challenges = parseAuthChallenges(header);
    return challenges.find((c) => c.scheme === 'bearer' && c.params.realm) ?? challenges.find((c) => c.scheme === 'basic');
  }

  private learn(domain: string, challenge: AuthChallenge): HostAuth | undefined {
    let auth: HostAuth | undefined;
    if (challenge.scheme === 'bearer' && challenge.params.realm) {
      auth = { scheme: 'bearer', realm: challenge.params.realm, ...(challenge.params.service ? { service: challenge.params.service } : {}) };
    } else if (challenge.scheme === 'basic') {
      auth = { scheme: 'basic', ...(challenge.params.realm ? { realm: challenge.params.realm } : {}) };
    }
    if (auth) this.hostAuth.set(domain, auth);
    return auth;
  }

  private async bearerToken(image: ImageReference, request: TokenRequest, credentials: Credentials | undefined): Promise<string> {
    const fetchToken: TokenFetch = async (url, init) => {
      try {
        const response = await httpRequest(url, init, this.http);
        this.options.log?.(`${init.method} ${new URL(url).origin}${new URL(url).pathname} (token) → ${response.status}`);
        return response;
      } catch (error) {
        return this.failTransport(image, url, error);
      }
    };
    try {
      const token = await this.tokens.get(request, credentials, fetchToken);
      this.secrets.add(token);
      return token;
    } catch (error) {
      if (error instanceof TokenEndpointError) {
        const kind: RegistryErrorKind = error.status === 401 || error.status === 403 ? 'unauthorized' : error.status >= 500 ? 'server' : 'malformed';
        const why =
          kind === 'unauthorized'
            ? credentials
              ? `the token server refused the credentials for ${image.domain}`
              : `the token server refused anonymous access to ${image.path} (log in: docker login ${image.domain}, or --username/--password-stdin)`
            : error.message;
        this.fail(image, kind, `${why} (${error.message})`, error.status, error);
      }
      throw error;
    }
  }

  /** One GET through the limiter, body read inside it. */
  private async send(image: ImageReference, url: string, headers: Record<string, string>, maxBytes: number): Promise<{ response: Response; bytes: Buffer }> {
    return this.limiter.run(async () => {
      let response: Response;
      try {
        response = await httpRequest(url, { method: 'GET', headers }, this.http);
      } catch (error) {
        if (error instanceof RetriesExhaustedError) {
          const bytes = await readBodyLimited(error.response, 64 * 1024).catch(() => Buffer.alloc(0));
          const status = error.response.status;
          const detail = describeErrorBody(bytes);
          const wait = error.retryAfterMs !== undefined ? `; it asks to retry after ${Math.ceil(error.retryAfterMs / 1000)} s` : '';
          const kind: RegistryErrorKind = status === 429 ? 'rate-limited' : 'server';
          this.fail(image, kind, `${new URL(url).host} answered ${status}${detail ? ` (${detail})` : ''} after ${error.attempts} attempt(s)${wait}`, status, error);
        }
        return this.failTransport(image, url, error);
      }
      try {
        const limit = response.ok ? maxBytes : 64 * 1024;
        return { response, bytes: await readBodyLimited(response, limit) };
      } catch (error) {
        if (error instanceof RangeError) this.fail(image, 'malformed', `${url}: ${error.message}`);
        return this.failTransport(image, url, error);
      }
    });
  }

  private failTransport(image: ImageReference, url: string, error: unknown): never {
    const origin = new URL(url).origin;
    if (error instanceof RegistryError) throw error;
    if (error instanceof TransportError) {
      switch (error.failure) {
        case 'timeout':
          this.fail(image, 'timeout', `no answer from ${origin} within ${Math.round(this.http.timeoutMs / 1000)} s`, undefined, error);
          break;
        case 'tls':
          this.fail(
            image,
            'tls',
            `TLS failure talking to ${origin}: ${error.message} (a registry without TLS needs --plain-http ${new URL(url).host}; a private CA needs NODE_EXTRA_CA_CERTS)`,
            undefined,
            error,
          );
          break;
        case 'aborted':
          this.fail(image, 'network', `request to ${origin} was cancelled`, undefined, error);
          break;
        default:
          this.fail(image, 'network', `cannot reach ${origin}: ${error.message}`, undefined, error);
      }
    }
    // Errors from the body stream (e.g. timeout while reading) arrive unwrapped.
    const err = error as { name?: string; message?: string };
    if (err?.name === 'TimeoutError') this.fail(image, 'timeout', `no answer from ${origin} within ${Math.round(this.http.timeoutMs / 1000)} s`, undefined, error);
    this.fail(image, 'network', `${origin}: ${err?.message ?? String(error)}`, undefined, error);
  }

  private failForStatus(image: ImageReference, url: string, response: Response, bytes: Buffer, credentials: Credentials | undefined): never {
    const status = response.status;
    const detail = describeErrorBody(bytes);
    const suffix = detail ? ` (${detail})` : '';
    const path = new URL(url).pathname;
    if (status === 401) {
      const why = credentials
        ? `the credentials for ${image.domain} were rejected`
        : `authentication required to pull ${image.path} from ${image.domain} (no credentials found: docker login ${image.domain}, or --username/--password-stdin)`;
      this.fail(image, 'unauthorized', `unauthorized: ${why}${suffix}`, status);
    }
    if (status === 403) this.fail(image, 'denied', `denied: not allowed to pull ${image.path} from ${image.domain}${suffix}`, status);
    if (status === 404) this.fail(image, 'not-found', `not found: ${image.domain}${path}${suffix}`, status);
    if (status === 429) this.fail(image, 'rate-limited', `${image.domain} is rate-limiting requests (429)${suffix}`, status);
    this.fail(image, 'server', `${image.domain} answered ${status} ${response.statusText} for ${path}${suffix}`.replace(/ +/g, ' '), status);
  }
}
