// Test support: a token server (docker/distribution docs/spec/auth/token.md and oauth.md) on
// 127.0.0.1. GET /token?service=…&scope=…[&account=…] with optional Basic auth; POST /token with
// grant_type=refresh_token. It records every request so tests can count them.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSigningIdentity, signRegistryToken } from './x509.js';
import type { RegistryAccess, SigningIdentity } from './x509.js';

export interface TokenServerOptions {
  service: string;
  issuer: string;
  /** user → password accepted with Basic auth. */
  users?: Record<string, string>;
  /** refresh token → user, accepted by POST grant_type=refresh_token. */
  refreshTokens?: Record<string, string>;
  /** Actions a subject (undefined = anonymous) gets on a repository; default: pull for everyone. */
  policy?: (subject: string | undefined, repository: string) => string[];
  /** Which field carries the token: docker accepts either. */
  tokenField?: 'token' | 'access_token';
  /** How the JWT names its signing key. */
  keyHeader?: 'x5c' | 'kid';
  /** Answer POST with 404 (servers without OAuth). */
  noOAuth?: boolean;
}

export interface TokenRequestRecord {
  method: string;
  query: Record<string, string[]>;
  form?: Record<string, string>;
  /** The user name from Basic auth, when one was sent (never the password). */
  basicUser?: string;
  status: number;
}

export interface TestTokenServer {
  url: string;
  realm: string;
  identity: SigningIdentity;
  requests: TokenRequestRecord[];
  /** Mints a token directly (e.g. for pushing fixtures). */
  mint(subject: string, access: RegistryAccess[]): string;
  stop(): Promise<void>;
}

function parseScope(scope: string): { type: string; name: string; actions: string[] } | undefined {
  // repository:<name>:<actions> — the name itself may contain ':' only with a port, never here.
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last === first) return undefined;
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',') };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startTokenServer(options: TokenServerOptions): Promise<TestTokenServer> {
  const identity = createSigningIdentity();
  const requests: TokenRequestRecord[] = [];
  const policy = options.policy ?? (() => ['pull']);
  const keyHeader = options.keyHeader ?? 'x5c';

  const issue = (response: ServerResponse, subject: string | undefined, scopes: string[], record: TokenRequestRecord) => {
    const access: RegistryAccess[] = [];
    for (const scope of scopes) {
      const parsed = parseScope(scope);
      if (!parsed || parsed.type !== 'repository') continue;
      const allowed = policy(subject, parsed.name);
      const actions = parsed.actions.filter((a) => allowed.includes(a));
      if (actions.length > 0) access.push({ type: 'repository', name: parsed.name, actions });
    }
    const token = signRegistryToken(identity, { issuer: options.issuer, audience: options.service, subject: subject ?? '', access }, keyHeader);
    const field = options.tokenField ?? 'token';
    record.status = 200;
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ [field]: token, expires_in: 300, issued_at: new Date().toISOString() }));
  };

  const refuse = (response: ServerResponse, status: number, record: TokenRequestRecord) => {
    record.status = status;
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication failed' }] }));
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const query: Record<string, string[]> = {};
      for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
      const record: TokenRequestRecord = { method: request.method ?? 'GET', query, status: 0 };
      requests.push(record);
      if (url.pathname !== '/token') return refuse(response, 404, record);

      if (request.method === 'POST') {
        if (options.noOAuth) return refuse(response, 404, record);
        const form = Object.fromEntries(new URLSearchParams(await readBody(request)));
        record.form = { ...form, ...(form.refresh_token ? { refresh_token: '<redacted>' } : {}) };
        if (form.grant_type !== 'refresh_token') return refuse(response, 400, record);
        const subject = options.refreshTokens?.[form.refresh_token ?? ''];
        if (!subject) return refuse(response, 401, record);
        return issue(response, subject, (form.scope ?? '').split(' ').filter(Boolean), record);
      }

      let subject: string | undefined;
      const authorization = request.headers.authorization;
      if (authorization?.startsWith('Basic ')) {
        const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        const user = decoded.slice(0, colon);
        record.basicUser = user;
        if (options.users?.[user] === undefined || options.users[user] !== decoded.slice(colon + 1)) return refuse(response, 401, record);
        subject = user;
      }
      return issue(response, subject, url.searchParams.getAll('scope'), record);
    })().catch(() => {
      response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    realm: `${url}/token`,
    identity,
    requests,
    mint: (subject, access) => signRegistryToken(identity, { issuer: options.issuer, audience: options.service, subject, access }, keyHeader),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
