// Registry authentication (docker/distribution token spec, docs/spec/auth/{token,oauth}.md):
// a 401 carries `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` (or `Basic realm="…"`);
// the client asks the realm for a token — GET with `service` & `scope` (Basic credentials when
// known), or, with an identity (refresh) token, POST `grant_type=refresh_token` — accepts `token`
// or `access_token`, and retries with `Authorization: Bearer …`. Tokens are cached per realm,
// service and scope until they expire.
import type { Credentials } from './credentials.js';

export interface AuthChallenge {
  /** Lowercased scheme: "bearer", "basic", … */
  scheme: string;
  /** Parameters with lowercased names. */
  params: Record<string, string>;
}

/**
 * Parses one or more `WWW-Authenticate` challenges (RFC 7235 §4.1; several headers arrive joined
 * by ", "): `Bearer realm="x",service="y", Basic realm="z"`.
 */
export function parseAuthChallenges(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let i = 0;
  const n = header.length;
  const skipSpaces = () => {
    while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
  };
  const readToken = () => {
    const start = i;
    while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(header[i])) i++;
    return header.slice(start, i);
  };
  let current: AuthChallenge | undefined;
  while (i < n) {
    skipSpaces();
    if (header[i] === ',') {
      i++;
      continue;
    }
    const token = readToken();
    if (token === '') {
      i++; // not a token character: skip it
      continue;
    }
    skipSpaces();
    if (header[i] === '=' && current) {
      // auth-param: name=value or name="quoted value"
      i++;
      skipSpaces();
      let value = '';
      if (header[i] === '"') {
        i++;
        while (i < n && header[i] !== '"') {
          if (header[i] === '\\' && i + 1 < n) i++;
          value += header[i];
          i++;
        }
        i++; // closing quote
      } else {
        const valueStart = i;
        while (i < n && header[i] !== ',' && header[i] !== ' ') i++;
        value = header.slice(valueStart, i);
      }
      current.params[token.toLowerCase()] = value;
    } else if (header[i] === '=' && !current) {
      i++; // a parameter before any scheme: ignore it
    } else {
      current = { scheme: token.toLowerCase(), params: {} };
      challenges.push(current);
      // token68 form (`Basic dXNlcg==`) is not used by registries; a bare token after the
      // scheme is simply the next challenge's scheme or a param name, handled by the loop.
    }
  }
  return challenges;
}

/** `repository:<path>:pull`, the scope a pull needs. */
export function pullScope(repositoryPath: string): string {
  return `repository:${repositoryPath}:pull`;
}

export interface TokenRequest {
  realm: string;
  service?: string;
  /** Scopes to ask for (the challenge's, else the pull scope of the repository). */
  scopes: string[];
}

export interface IssuedToken {
  token: string;
  /** Epoch ms after which the token must not be used. */
  expiresAt: number;
}

/** What performs the HTTP call for the token endpoint (the client's retrying fetch). */
export type TokenFetch = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<Response>;

export class TokenEndpointError extends Error {
  override readonly name = 'TokenEndpointError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Default token lifetime when the server does not say (token spec: 60 seconds). */
const DEFAULT_EXPIRES_IN_S = 60;
/** Renew this long before expiry. */
const EXPIRY_SLACK_MS = 5_000;

interface TokenResponseBody {
  token?: unknown;
  access_token?: unknown;
  expires_in?: unknown;
  issued_at?: unknown;
}

function tokenFromBody(body: TokenResponseBody, now: number): IssuedToken | undefined {
  const token = typeof body.token === 'string' && body.token ? body.token : typeof body.access_token === 'string' ? body.access_token : '';
  if (!token) return undefined;
  const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_EXPIRES_IN_S;
  let issuedAt = now;
  if (typeof body.issued_at === 'string') {
    const parsed = Date.parse(body.issued_at);
    // Trust the server's clock only when it is close to ours.
    if (Number.isFinite(parsed) && Math.abs(parsed - now) < 60_000) issuedAt = parsed;
  }
  return { token, expiresAt: issuedAt + expiresIn * 1000 };
}

/** Caches bearer tokens per realm, service and scope; fetches them as docker does. */
export class TokenCache {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly inflight = new Map<string, Promise<IssuedToken>>();

  constructor(
    private readonly now: () => number = Date.now,
    /** Identifies us to OAuth token servers (docker sends "docker"). */
    private readonly clientId = 'kube-hybrid',
  ) {}

  private key(request: TokenRequest, credentials: Credentials | undefined): string {
    const who = credentials ? (credentials.kind === 'password' ? `u:${credentials.username}` : 'identity') : 'anonymous';
    return JSON.stringify([request.realm, request.service ?? '', [...request.scopes].sort(), who]);
  }

  /** A cached, unexpired token for this request, or undefined. */
  peek(request: TokenRequest, credentials: Credentials | undefined): string | undefined {
    const cached = this.tokens.get(this.key(request, credentials));
    return cached && cached.expiresAt - EXPIRY_SLACK_MS > this.now() ? cached.token : undefined;
  }

  /** Forgets a token the registry refused. */
  invalidate(request: TokenRequest, credentials: Credentials | undefined): void {
    this.tokens.delete(this.key(request, credentials));
  }

  /** Returns a cached token or fetches one (one request at a time per key). */
  async get(request: TokenRequest, credentials: Credentials | undefined, fetchToken: TokenFetch): Promise<string> {
    const cached = this.peek(request, credentials);
    if (cached) return cached;
    const key = this.key(request, credentials);
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.fetch(request, credentials, fetchToken).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    const issued = await pending;
    this.tokens.set(key, issued);
    return issued.token;
  }

  private async fetch(request: TokenRequest, credentials: Credentials | undefined, fetchToken: TokenFetch): Promise<IssuedToken> {
    if (credentials?.kind === 'identity-token') {
      const viaOAuth = await this.fetchWithRefreshToken(request, credentials.identityToken, fetchToken);
      if (viaOAuth) return viaOAuth;
      // The server has no OAuth endpoint (POST answered 404/405): fall back to an anonymous GET.
      return this.fetchWithGet(request, undefined, fetchToken);
    }
    return this.fetchWithGet(request, credentials, fetchToken);
  }

  private async fetchWithGet(request: TokenRequest, credentials: Credentials | undefined, fetchToken: TokenFetch): Promise<IssuedToken> {
    const url = new URL(request.realm);
    if (request.service) url.searchParams.set('service', request.service);
    for (const scope of request.scopes) url.searchParams.append('scope', scope);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (credentials?.kind === 'password') {
      url.searchParams.set('account', credentials.username);
      headers.Authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    }
    const response = await fetchToken(url.toString(), { method: 'GET', headers });
    return this.readTokenResponse(response, url);
  }

  private async fetchWithRefreshToken(request: TokenRequest, refreshToken: string, fetchToken: TokenFetch): Promise<IssuedToken | undefined> {
    const form = new URLSearchParams();
    form.set('grant_type', 'refresh_token');
    form.set('refresh_token', refreshToken);
    form.set('client_id', this.clientId);
    if (request.service) form.set('service', request.service);
    if (request.scopes.length > 0) form.set('scope', request.scopes.join(' '));
    const url = new URL(request.realm);
    const response = await fetchToken(url.toString(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: form.toString(),
    });
    if (response.status === 404 || response.status === 405) {
      await response.body?.cancel();
      return undefined;
    }
    return this.readTokenResponse(response, url);
  }

  private async readTokenResponse(response: Response, url: URL): Promise<IssuedToken> {
    const where = `${url.origin}${url.pathname}`;
    if (!response.ok) {
      await response.body?.cancel();
      throw new TokenEndpointError(`token server ${where} answered ${response.status} ${response.statusText}`.trim(), response.status);
    }
    let body: TokenResponseBody;
    try {
      body = (await response.json()) as TokenResponseBody;
    } catch {
      throw new TokenEndpointError(`token server ${where} sent a body that is not JSON`, response.status);
    }
    const issued = body && typeof body === 'object' ? tokenFromBody(body, this.now()) : undefined;
    if (!issued) throw new TokenEndpointError(`token server ${where} sent no "token" or "access_token"`, response.status);
    return issued;
  }
}
