// HTTP for the registry client: per-request timeouts (AbortSignal), retries with exponential
// backoff on 429/5xx honouring Retry-After, manual redirects that drop Authorization when the
// origin changes (blob downloads go to CDNs), and a concurrency limiter.

/** A counting semaphore: at most `limit` tasks run at once. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

export interface RetryPolicy {
  /** Retries after the first attempt (0 = no retry). */
  retries: number;
  /** First backoff delay; doubles each retry (with jitter). */
  baseDelayMs: number;
  /** Longest backoff delay. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };

/** Statuses worth retrying: rate limiting and transient server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^[0-9]+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Backoff before retry number `attempt` (0-based): base·2^attempt, between half and all of it. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** How a low-level fetch failure should be reported. */
export type TransportFailure = 'timeout' | 'tls' | 'network' | 'aborted';

const TLS_CODES = /CERT|TLS|SSL|EPROTO|UNABLE_TO_|SELF_SIGNED|HOSTNAME|ALTNAME/i;

/** Classifies what `fetch` threw: undici wraps the socket error in `cause`. */
export function classifyTransportError(error: unknown): { failure: TransportFailure; detail: string } {
  const err = error as { name?: string; message?: string; code?: string; cause?: { name?: string; code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.cause?.name === 'TimeoutError') return { failure: 'timeout', detail: 'timed out' };
  if (err?.name === 'AbortError' || err?.cause?.name === 'AbortError') return { failure: 'aborted', detail: 'aborted' };
  const code = err?.cause?.code ?? err?.code ?? '';
  const message = err?.cause?.message ?? err?.message ?? String(error);
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT') {
    return { failure: 'timeout', detail: `timed out (${code})` };
  }
  if (TLS_CODES.test(code) || /certificate|ssl|tls/i.test(message)) return { failure: 'tls', detail: `${code ? `${code}: ` : ''}${message}` };
  return { failure: 'network', detail: code ? `${code}: ${message}` : message };
}

/** Transport failures worth another attempt. */
export function isRetryableTransport(failure: TransportFailure, detail: string): boolean {
  if (failure === 'timeout') return true;
  return failure === 'network' && /ECONNRESET|EPIPE|UND_ERR_SOCKET|other side closed|EAI_AGAIN/.test(detail);
}

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly failure: TransportFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A response that exhausted the retries (the last one, body unread). */
export class RetriesExhaustedError extends Error {
  override readonly name = 'RetriesExhaustedError';
  constructor(
    readonly response: Response,
    readonly attempts: number,
    /** Set when the server asked for a longer wait than we accept. */
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${response.status} after ${attempts} attempt(s)`);
  }
}

/** A request: like RequestInit, with plain-object headers (so Authorization can be dropped on redirect). */
export type HttpInit = Omit<RequestInit, 'headers' | 'signal' | 'redirect'> & { headers?: Record<string, string> };

export interface HttpOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Cancels everything (e.g. Ctrl-C). */
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  maxRedirects?: number;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One logical request: follows redirects by hand (Authorization only to the same origin), times
 * out each attempt, retries 429/5xx and transient socket failures. Returns the final response
 * (any status) or throws TransportError / RetriesExhaustedError. The attempt's timeout signal
 * stays armed while the caller reads the body, so a body that stalls times out too.
 */
export async function httpRequest(url: string, init: HttpInit, options: HttpOptions): Promise<Response> {
  const doSleep = options.sleep ?? sleep;
  const maxRedirects = options.maxRedirects ?? 5;
  let attempt = 0;
  for (;;) {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetchFollowingRedirects(url, init, signal, options.fetch, maxRedirects);
    } catch (error) {
      const { failure, detail } = classifyTransportError(error);
      if (failure !== 'aborted' && isRetryableTransport(failure, detail) && attempt < options.retry.retries) {
        await doSleep(backoffDelay(attempt, options.retry), options.signal);
        attempt++;
        continue;
      }
      throw new TransportError(failure, detail, { cause: error });
    }
    if (!isRetryableStatus(response.status)) return response;
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    if (retryAfter !== undefined && retryAfter > options.retry.maxRetryAfterMs) {
      throw new RetriesExhaustedError(response, attempt + 1, retryAfter);
    }
    if (attempt >= options.retry.retries) throw new RetriesExhaustedError(response, attempt + 1);
    await response.body?.cancel().catch(() => undefined);
    await doSleep(retryAfter ?? backoffDelay(attempt, options.retry), options.signal);
    attempt++;
  }
}

async function fetchFollowingRedirects(
  url: string,
  init: HttpInit,
  signal: AbortSignal,
  fetchImpl: typeof fetch,
  maxRedirects: number,
): Promise<Response> {
  let current = new URL(url);
  const origin = current.origin;
  let headers = { ...(init.headers ?? {}) };
  let method = init.method ?? 'GET';
  let body = init.body;
  for (let hop = 0; ; hop++) {
    const response = await fetchImpl(current, { ...init, method, body, headers, redirect: 'manual', signal });
    const location = response.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(response.status) || !location) return response;
    await response.body?.cancel().catch(() => undefined);
    if (hop >= maxRedirects) throw new TypeError(`too many redirects (more than ${maxRedirects}) from ${url}`);
    current = new URL(location, current);
    if (current.origin !== origin) {
      // Never send registry credentials to a CDN or other host.
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
    }
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
  }
}

/** Reads a body up to `limit` bytes; larger bodies are an error (a manifest is at most a few MiB). */
export async function readBodyLimited(response: Response, limit: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new RangeError(`body of ${declared} bytes exceeds the ${limit}-byte limit`);
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > limit) {
      await response.body.cancel().catch(() => undefined);
      throw new RangeError(`body exceeds the ${limit}-byte limit`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
