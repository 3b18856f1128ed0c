// Reads from a running cluster: GET requests authenticated as the kubeconfig says (client-node applies
// tokens, client certificates, exec plugins), lists paginated with limit/continue as kubectl does, and
// failures turned into one-line errors that name what failed (never a credential).
import { request as httpRequest } from 'node:http';
import type { Agent as HttpAgent, IncomingMessage } from 'node:http';
import { Agent as HttpsAgentClass, request as httpsRequest } from 'node:https';
import { createHash } from 'node:crypto';
import type { Agent as HttpsAgent, RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { LoadedKubeconfig } from './kubeconfig.js';
import type { ResourceType } from './resources.js';
import { pathOf } from './resources.js';

export type LiveErrorKind = 'unreachable' | 'tls' | 'unauthorized' | 'forbidden' | 'not-found' | 'credentials' | 'server' | 'protocol';

/** A failed request: `kind` says which of the bad cases it is; the message is one line, credential-free. */
export class LiveError extends Error {
  constructor(
    readonly kind: LiveErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface ListOptions {
  namespace?: string;
  /** Page size (`limit`); kubectl uses 500. */
  limit?: number;
  fieldSelector?: string;
  labelSelector?: string;
  /** Applied to each item as its page arrives (keep only what is read: large lists stay small). */
  transform?: (item: Record<string, unknown>) => Record<string, unknown>;
}

export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
  /** Requests made (pages). */
  pages: number;
}

export interface LiveClient {
  readonly server: string;
  getJson(path: string, query?: Record<string, string>): Promise<unknown>;
  list<T = Record<string, unknown>>(resource: ResourceType, options?: ListOptions): Promise<ListResult<T>>;
  /** Server-side apply (PATCH application/apply-patch+yaml) of one object at its URL path. */
  apply(path: string, object: unknown, fieldManager: string): Promise<unknown>;
  /** POSTs an object (a SubjectAccessReview) and returns the answer. */
  create(path: string, object: unknown): Promise<unknown>;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ESOCKETTIMEDOUT']);

/** A network or TLS error of Node's as a LiveError naming the server. */
export function classifyTransportError(error: unknown, server: string): LiveError {
  const code = (error as { code?: unknown } | null)?.code;
  const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (typeof code === 'string' && TLS_CODES.has(code)) return new LiveError('tls', `TLS error talking to ${server}: ${code} (${text}); check certificate-authority in the kubeconfig`);
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return new LiveError('unreachable', `cannot reach the API server ${server}: ${code}`);
  return new LiveError('unreachable', `request to ${server} failed: ${text}`);
}

/** An API error answer (a Status object) as a LiveError naming the verb and resource. */
export function classifyStatus(status: number, body: string, what: string, server: string): LiveError {
  let message = '';
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') message = parsed.message.split('\n')[0];
  } catch {
    message = '';
  }
  const detail = message ? `: ${message}` : '';
  if (status === 401) return new LiveError('unauthorized', `${server} refused the credentials (401 Unauthorized) for ${what}: expired or invalid token or certificate; refresh them (e.g. re-run your cloud's get-credentials)`, status);
  if (status === 403) return new LiveError('forbidden', `forbidden (403) to ${what}${detail}`, status);
  if (status === 404) return new LiveError('not-found', `${what}: not found (404)${detail}`, status);
  return new LiveError('server', `${what} failed: HTTP ${status}${detail}`, status);
}

interface PreparedRequest {
  agent: HttpsAgent | HttpAgent | undefined;
  headers: Record<string, string>;
}

async function prepare(kubeConfig: KubeConfig): Promise<PreparedRequest> {
  const opts: RequestOptions = { headers: {} };
  try {
    await kubeConfig.applyToHTTPSOptions(opts);
  } catch (error) {
    // An exec plugin failed (its stderr is the message) or a credential file is unreadable.
    const text = (error instanceof Error ? error.message : String(error)).trim().split('\n')[0] || 'no message';
    const user = kubeConfig.getCurrentUser()?.name ?? '';
    throw new LiveError('credentials', `cannot get credentials for user "${user}": ${text}`);
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [key, value] of Object.entries(opts.headers ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') headers[key] = String(value);
  }
  if (opts.auth) headers.authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  return { agent: opts.agent as HttpsAgent | HttpAgent | undefined, headers };
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

export interface ClientOptions {
  /** Per-request timeout (ms). */
  timeoutMs?: number;
}

export function createLiveClient(loaded: LoadedKubeconfig, options: ClientOptions = {}): LiveClient {
  const { kubeConfig, server } = loaded;
  const base = new URL(server);
  const timeoutMs = options.timeoutMs ?? 30_000;
  // client-node makes a new Agent per request, without keep-alive: every page of a list paid a TCP
  // and TLS handshake (~300 of them for 150,000 pods). One keep-alive agent per set of TLS material
  // (a rotated exec-plugin certificate gets its own); credentials in headers are still fresh per request.
  const agents = new Map<string, HttpsAgent>();
  const reusable = (agent: HttpsAgent | HttpAgent | undefined): HttpsAgent | HttpAgent | undefined => {
    if (!agent || agent.constructor !== HttpsAgentClass) return agent;
    const tls = (agent as HttpsAgent).options;
    const key = createHash('sha256').update(JSON.stringify([tls.ca, tls.cert, tls.key, tls.pfx, tls.passphrase, tls.rejectUnauthorized, tls.servername])).digest('hex');
    let shared = agents.get(key);
    if (!shared) agents.set(key, (shared = new HttpsAgentClass({ ...tls, keepAlive: true })));
    return shared;
  };

  async function getText(path: string, query: Record<string, string>, what: string, body?: { contentType: string; text: string; method: string }): Promise<string> {
    const prepared = await prepare(kubeConfig);
    const url = new URL(base.pathname.replace(/\/$/, '') + path, base);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const headers = body ? { ...prepared.headers, 'content-type': body.contentType, 'content-length': String(Buffer.byteLength(body.text)) } : prepared.headers;
    return new Promise<string>((resolve, reject) => {
      const req = send(url, { method: body?.method ?? 'GET', headers, agent: reusable(prepared.agent) }, (res) => {
        readBody(res).then((body) => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(body);
          else reject(classifyStatus(status, body, what, server));
        }, (e: unknown) => reject(classifyTransportError(e, server)));
      });
      req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer in ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', (e) => reject(classifyTransportError(e, server)));
      req.end(body?.text);
    });
  }

  async function getJson(path: string, query: Record<string, string> = {}): Promise<unknown> {
    const body = await getText(path, query, `get ${path}`);
    try {
      return JSON.parse(body) as unknown;
    } catch {
      throw new LiveError('protocol', `${server}${path} did not answer JSON`);
    }
  }

  async function list<T>(resource: ResourceType, listOptions: ListOptions = {}): Promise<ListResult<T>> {
    const items: T[] = [];
    const limit = listOptions.limit ?? 500;
    let continueToken: string | undefined;
    let resourceVersion = '';
    let pages = 0;
    const path = pathOf(resource, listOptions.namespace);
    const what = `list ${resource.group ? `${resource.resource}.${resource.group}` : resource.resource}${listOptions.namespace ? ` in namespace ${listOptions.namespace}` : ''}`;
    do {
      const query: Record<string, string> = { limit: String(limit) };
      if (continueToken) query.continue = continueToken;
      if (listOptions.fieldSelector) query.fieldSelector = listOptions.fieldSelector;
      if (listOptions.labelSelector) query.labelSelector = listOptions.labelSelector;
      const body = await getText(path, query, what);
      pages++;
      let page: { items?: T[] | null; metadata?: { continue?: string; resourceVersion?: string } };
      try {
        page = JSON.parse(body) as typeof page;
      } catch {
        throw new LiveError('protocol', `${what}: the answer is not JSON`);
      }
      // managedFields are the largest part of most objects and nothing here reads them (kubectl hides them too).
      const transform = listOptions.transform;
      for (const item of page.items ?? []) {
        const metadata = (item as { metadata?: { managedFields?: unknown } }).metadata;
        if (metadata?.managedFields !== undefined) delete metadata.managedFields;
        items.push(transform ? (transform(item as Record<string, unknown>) as T) : item);
      }
      continueToken = page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    } while (continueToken);
    return { items, resourceVersion, pages };
  }

  async function apply(path: string, object: unknown, fieldManager: string): Promise<unknown> {
    const text = await getText(path, { fieldManager, force: 'true' }, `apply ${path}`, { method: 'PATCH', contentType: 'application/apply-patch+yaml', text: JSON.stringify(object) });
    return JSON.parse(text) as unknown;
  }

  async function create(path: string, object: unknown): Promise<unknown> {
    const text = await getText(path, {}, `create ${path}`, { method: 'POST', contentType: 'application/json', text: JSON.stringify(object) });
    return JSON.parse(text) as unknown;
  }

  return { server, getJson, list, apply, create };
}

/** Runs `task` over `inputs` with at most `limit` in flight; results in input order. */
export async function mapBounded<I, O>(inputs: readonly I[], limit: number, task: (input: I) => Promise<O>): Promise<O[]> {
  const results = new Array<O>(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      results[i] = await task(inputs[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, worker));
  return results;
}
