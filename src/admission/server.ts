// The HTTPS server: /mutate and /validate answer AdmissionReviews; /healthz, /readyz, /metrics.
// Bad input gets a 400 and never takes the server down; the serving certificate is reloaded when its
// files change (cert-manager rotation) without dropping connections; stop() drains in-flight reviews.
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { Rule } from '../engine/types.js';
import type { ClusterSource } from './cluster-state.js';
import { osOfNode } from '../kube/nodes.js';
import type { Logger } from './log.js';
import { silentLogger } from './log.js';
import type { WebhookMetrics, WebhookPath } from './metrics.js';
import { LATENCY_BUCKETS, childrenOf, createMetrics, level, observer, tally } from './metrics.js';
import { mutate } from './mutate.js';
import type { WebhookPolicy } from './policy.js';
import type { AdmissionResult } from './response.js';
import { errored } from './response.js';
import type { GmsaEnforcement } from './gmsa.js';
import { applyGmsaEnforcement } from './gmsa.js';
import type { AdmissionRequest, AdmissionReviewIn } from './review.js';
import { decodeAdmissionReview, encodeAdmissionResponseText } from './review.js';
import { describeObject } from './target.js';
import { validate } from './validate.js';

/** The API server sends at most 3 MiB objects (etcd's request limit is ~1.5 MiB; reviews carry two). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface WebhookServerOptions {
  tls: TlsFiles;
  address?: string;
  port?: number;
  policy: WebhookPolicy;
  cluster: ClusterSource;
  rules: readonly Rule[];
  /** gMSA enforcement (policy `gmsa: enforce`), applied after the review. */
  gmsa?: GmsaEnforcement;
  logger?: Logger;
  metrics?: WebhookMetrics;
  /** How often the certificate files are checked besides file-system events (ms). */
  certCheckIntervalMs?: number;
  /** After SIGTERM: keep serving (readyz failing) this long so endpoints drop us first (ms). */
  shutdownDelayMs?: number;
  /** Give up waiting for in-flight reviews after this long (ms). */
  drainTimeoutMs?: number;
  maxBodyBytes?: number;
  /** TLS handshake plus request headers must arrive within this (ms); default 10 s. */
  headersTimeoutMs?: number;
  /** The whole request must arrive within this (ms); default 30 s. */
  requestTimeoutMs?: number;
  /** Open connections at most; more are closed at once. Default 1000. */
  maxConnections?: number;
}

/**
 * Timeouts for a server only the API server should talk to. The API server sends a review as one
 * small burst and gives up on us after the webhook's timeoutSeconds (at most 30 s, 5 s in our
 * manifests), so a client still sending headers after 10 s is not the API server: Node's defaults
 * (60 s headers, 120 s TLS handshake, no connection cap) let 400 idle connections sit for a minute.
 * Idle keep-alive stays long (65 s) so the API server's connection pool is reused.
 */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_CONNECTIONS = 1000;

export interface WebhookServer {
  readonly server: Server;
  /** Listens; resolves with the bound port. */
  start(): Promise<number>;
  /** Stops accepting, lets in-flight reviews finish, closes. */
  stop(): Promise<void>;
  /** Checks the certificate files now; true when a new certificate was installed. */
  reloadCertificate(): boolean;
  inFlight(): number;
}

class HttpError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

interface Certificate {
  cert: Buffer;
  key: Buffer;
  digest: string;
  notAfter?: Date;
}

function readCertificate(files: TlsFiles): Certificate {
  const cert = readFileSync(files.certFile);
  const key = readFileSync(files.keyFile);
  createSecureContext({ cert, key }); // throws when the pair does not match or is half written
  const digest = createHash('sha256').update(cert).update(key).digest('hex');
  let notAfter: Date | undefined;
  try {
    notAfter = new Date(new X509Certificate(cert).validTo);
  } catch {
    notAfter = undefined;
  }
  return { cert, key, digest, notAfter };
}

const STATUS_REASONS: Record<number, string> = { 400: 'BadRequest', 404: 'NotFound', 405: 'MethodNotAllowed', 413: 'RequestEntityTooLarge', 415: 'UnsupportedMediaType', 500: 'InternalError', 503: 'ServiceUnavailable' };

/** A metav1.Status body for errors outside an AdmissionReview (kubectl and curl users read these). */
function statusBody(code: number, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: STATUS_REASONS[code] ?? 'Unknown', code });
}

export function createWebhookServer(options: WebhookServerOptions): WebhookServer {
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? createMetrics();
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  let certificate = readCertificate(options.tls);
  if (certificate.notAfter) metrics.certificateExpiry.set(certificate.notAfter.getTime() / 1000);
  let shuttingDown = false;
  let inFlight = 0;
  const drainWaiters: (() => void)[] = [];

  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const server = createServer({ cert: certificate.cert, key: certificate.key, minVersion: 'TLSv1.2', handshakeTimeout: headersTimeout, connectionsCheckingInterval: Math.min(1000, headersTimeout) }, (req, res) => {
    try {
      route(req, res);
    } catch (error) {
      unhandled(res, error);
    }
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = headersTimeout;
  server.requestTimeout = Math.max(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, headersTimeout);
  // (connectionsCheckingInterval above: Node checks these timeouts on that period, 30 s by default.)
  server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  server.on('clientError', (error, socket) => {
    logger.debug('client error', { error: error.message });
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.on('tlsClientError', (error) => logger.debug('TLS handshake failed', { error: error.message }));

  /** Only reached on a bug in the error path itself: answer if we still can, never crash. */
  function unhandled(res: ServerResponse, error: unknown): void {
    logger.error('unhandled error answering a request', { error: String(error) });
    if (!res.headersSent && !answers.some((a) => a.res === res)) send(res, 500, statusBody(500, `internal error: ${String(error)}`));
  }

  /**
   * Answers wait for the end of the event loop's turn and leave together. Under load one turn reads
   * several requests (one per ready connection); writing each answer as soon as it is made wakes the
   * client once per answer, and waking a sleeping reader is most of what a TLS write costs here
   * (docs/performance.md, "Webhook request path"). Written together, the first write wakes it and
   * the rest find it awake. An idle server answers in the same turn as before (setImmediate).
   */
  interface Answer {
    res: ServerResponse;
    code: number;
    body: string;
    contentType: string;
    close: boolean;
    /** Called once the answer is written (or failed to be). */
    written: (() => void) | undefined;
  }
  const answers: Answer[] = [];
  /**
   * Reviews whose body has arrived, run at the end of the turn too, one after another, before the
   * answers leave: the reading of every request of the turn (TLS, HTTP) comes first, then the reviews
   * back to back, so the rules' code and data stay in the processor's caches from one review to the
   * next instead of being evicted by the reading of the next request (docs/performance.md, "round 5").
   */
  const bodiesRead: (() => void)[] = [];
  let endOfTurnScheduled = false;

  function atEndOfTurn(): void {
    if (endOfTurnScheduled) return;
    endOfTurnScheduled = true;
    setImmediate(endOfTurn);
  }

  function endOfTurn(): void {
    try {
      // (A review may queue another body: the length is read each time.)
      for (let i = 0; i < bodiesRead.length; i++) {
        try {
          bodiesRead[i]();
        } catch (error) {
          logger.error('unhandled error answering a request', { error: String(error) });
        }
      }
    } finally {
      bodiesRead.length = 0;
      endOfTurnScheduled = false;
      writeAnswers();
    }
  }

  function send(res: ServerResponse, code: number, body: string, contentType = 'application/json', close = false, written?: () => void): void {
    answers.push({ res, code, body, contentType, close, written });
    atEndOfTurn();
  }

  function writeAnswers(): void {
    // (An answer queued while writing is written in this loop too: the length is read each time.)
    for (let i = 0; i < answers.length; i++) {
      const { res, code, body, contentType, close, written } = answers[i];
      try {
        const headers: Record<string, string | number> = { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) };
        if (shuttingDown || close) headers.Connection = 'close';
        res.writeHead(code, headers);
        res.end(body);
      } catch (error) {
        logger.error('writing an answer failed', { error: String(error) });
      } finally {
        written?.();
      }
    }
    answers.length = 0;
  }

  /** Collects the body, then calls back once with it or with an HttpError (never both, never twice). */
  function readBody(req: IncomingMessage, done: (error: HttpError | undefined, body?: Buffer) => void): void {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBody) {
      done(new HttpError(400, `request body of ${declared} bytes exceeds the limit of ${maxBody} bytes (3 MiB)`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBody) {
        settled = true;
        done(new HttpError(400, `request body exceeds the limit of ${maxBody} bytes (3 MiB)`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      done(undefined, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    req.on('error', (error) => {
      if (settled) return;
      settled = true;
      done(new HttpError(400, `reading the request body failed: ${error.message}`));
    });
  }

  /** Reads and drops the rest of a refused body so the client sees our answer; a flood is cut off. */
  function discardBody(req: IncomingMessage): void {
    let dropped = 0;
    req.removeAllListeners('data');
    req.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > 4 * maxBody) req.destroy();
    });
    req.resume();
  }

  // Counted in plain numbers, handed to prom-client when scraped (metrics.ts, `tally`).
  const requestCounter = childrenOf((webhook, code) => tally(metrics.requests, { webhook, code }));
  const reviewCounter = childrenOf((webhook, kind, operation, outcome) => tally(metrics.reviews, { webhook, kind, operation, outcome }));
  const latencyHistogram = childrenOf((webhook) => observer(metrics.latency, { webhook }, LATENCY_BUCKETS));
  const inFlightGauge = childrenOf((webhook) => level(metrics.inFlight, { webhook }));
  const mutationCounter = childrenOf((mutation) => tally(metrics.mutations, { mutation }));
  const decisionCounter = childrenOf((rule, severity, action) => tally(metrics.decisions, { rule, severity, action }));

  function review(path: WebhookPath, request: AdmissionRequest): { result: AdmissionResult; log: Record<string, unknown> | undefined } {
    const snapshot = options.cluster.snapshot();
    if (!snapshot) throw new HttpError(503, 'cluster state has not synced yet; retry shortly');
    const what = () => describeObject(request.object ?? request.oldObject, request);
    if (path === 'mutate') {
      const outcome = mutate(request, options.policy, snapshot);
      if (outcome.internalError !== undefined) logger.error('analysis failed; object admitted unchanged', { webhook: path, uid: request.uid, object: what(), error: outcome.internalError });
      for (const m of outcome.mutations) mutationCounter(m).inc();
      const log = outcome.mutations.length > 0 ? { object: what(), mutations: outcome.mutations, os: outcome.os, because: outcome.osReason } : undefined;
      return { result: outcome.result, log };
    }
    const outcome = validate(request, options.policy, snapshot, options.rules);
    for (const error of outcome.internalErrors ?? []) logger.error('rule failed; skipped for this object', { webhook: path, uid: request.uid, object: what(), error });
    for (const d of outcome.decisions) decisionCounter(d.ruleId, d.severity, d.action).inc();
    // Warnings already reach the user through the API server; the log keeps what only it records:
    // denials and audit-only decisions (the metric counts every decision).
    const logged = outcome.decisions.filter((d) => d.action !== 'warn');
    const log = logged.length > 0 ? { object: what(), decisions: logged.map((d) => ({ rule: d.ruleId, action: d.action, path: d.path, message: d.message })) } : undefined;
    return { result: outcome.result, log };
  }

  /**
   * One review, without promises unless gMSA enforcement needs the API server: the body is read
   * with callbacks and the rules are synchronous, so a review costs no microtask hops.
   */
  function handleReview(path: WebhookPath, req: IncomingMessage, res: ServerResponse): void {
    const started = process.hrtime.bigint();
    inFlight++;
    const gauge = inFlightGauge(path);
    gauge.inc();
    const finished = (code: number) => () => {
      inFlight--;
      gauge.dec();
      requestCounter(path, code === 200 ? '200' : String(code)).inc();
      latencyHistogram(path).observe(Number(process.hrtime.bigint() - started) / 1e9);
      if (inFlight === 0) while (drainWaiters.length > 0) drainWaiters.shift()?.();
    };
    const fail = (error: unknown): void => {
      const code = error instanceof HttpError ? error.code : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (code >= 500) logger.error('request failed', { webhook: path, error: message });
      else logger.warn('bad request', { webhook: path, error: message, remote: req.socket.remoteAddress });
      if (code === 400 && !req.readableEnded) discardBody(req);
      send(res, code, statusBody(code, message), 'application/json', code === 400, finished(code));
    };
    /** A failure of the review itself (not of the request): a 500 AdmissionReview, as before. An HttpError is the request's. */
    const reviewFailed = (reviewIn: AdmissionReviewIn, error: unknown): void => {
      if (error instanceof HttpError) {
        fail(error);
        return;
      }
      const { request } = reviewIn;
      const reason = error instanceof Error ? error.message : String(error);
      logger.error('review failed', { webhook: path, uid: request.uid, object: describeObject(request.object, request), error: reason, stack: error instanceof Error ? error.stack : undefined });
      reviewCounter(path, request.kind.kind, request.operation, 'errored').inc();
      send(res, 500, encodeAdmissionResponseText(reviewIn.apiVersion, request.uid, errored(500, `kube-hybrid internal error: ${reason}`)), 'application/json', false, finished(500));
    };
    const answer = (reviewIn: AdmissionReviewIn, result: AdmissionResult, log: Record<string, unknown> | undefined): void => {
      const { request } = reviewIn;
      const outcome = !result.allowed ? 'denied' : result.patch ? 'patched' : 'allowed';
      reviewCounter(path, request.kind.kind, request.operation, outcome).inc();
      if (log) logger.info(outcome === 'denied' ? 'denied' : path === 'mutate' ? 'mutated' : 'findings', { webhook: path, uid: request.uid, operation: request.operation, dryRun: request.dryRun === true, user: request.userInfo.username, ...log });
      else if (logger.enabled('debug')) logger.debug('reviewed', { webhook: path, uid: request.uid, object: describeObject(request.object, request), outcome });
      send(res, 200, encodeAdmissionResponseText(reviewIn.apiVersion, request.uid, result), 'application/json', false, finished(200));
    };
    const reviewBody = (body: Buffer): void => {
      if (body.length === 0) throw new HttpError(400, 'request body is empty (expected an AdmissionReview)');
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch (error) {
        throw new HttpError(400, `request body is not valid JSON: ${(error as Error).message}`);
      }
      const decoded = decodeAdmissionReview(parsed);
      if (!decoded.ok) throw new HttpError(400, `not an AdmissionReview we can answer: ${decoded.message}`);
      const reviewIn = decoded.review;
      let reviewed: ReturnType<typeof review>;
      try {
        reviewed = review(path, reviewIn.request);
      } catch (error) {
        reviewFailed(reviewIn, error);
        return;
      }
      if (!options.gmsa) {
        answer(reviewIn, reviewed.result, reviewed.log);
        return;
      }
      applyGmsaEnforcement(options.gmsa, path, reviewIn.request, options.cluster.snapshot()!, reviewed.result).then(
        (result) => {
          try {
            answer(reviewIn, result, reviewed.log);
          } catch (error) {
            fail(error);
          }
        },
        (error: unknown) => {
          try {
            reviewFailed(reviewIn, error);
          } catch (again) {
            fail(again);
          }
        },
      );
    };

    try {
      const contentType = req.headers['content-type'];
      if (contentType !== undefined && !/^application\/json\s*(;|$)/i.test(contentType)) {
        throw new HttpError(400, `content type ${JSON.stringify(contentType)} is not supported: send application/json`);
      }
      readBody(req, (error, body) => {
        if (error) {
          fail(error);
          return;
        }
        bodiesRead.push(() => {
          try {
            reviewBody(body!);
          } catch (failure) {
            fail(failure);
          }
        });
        atEndOfTurn();
      });
    } catch (error) {
      fail(error);
    }
  }

  function route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (path === '/mutate' || path === '/validate') {
      if (req.method !== 'POST') {
        send(res, 405, statusBody(405, `${req.method} is not allowed on ${path}: POST an AdmissionReview`));
        return;
      }
      handleReview(path === '/mutate' ? 'mutate' : 'validate', req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, statusBody(405, `${req.method} is not allowed on ${path}`));
      return;
    }
    if (path === '/healthz') {
      send(res, 200, 'ok\n', 'text/plain');
    } else if (path === '/readyz') {
      if (shuttingDown) send(res, 503, 'shutting down\n', 'text/plain');
      else if (!options.cluster.ready()) send(res, 503, `waiting for the first sync of ${options.cluster.describe()}\n`, 'text/plain');
      else send(res, 200, 'ok\n', 'text/plain');
    } else if (path === '/metrics') {
      const snapshot = options.cluster.snapshot();
      if (snapshot) {
        const counts = { linux: 0, windows: 0, unknown: 0 };
        for (const node of snapshot.cluster.nodes) counts[osOfNode(node) ?? 'unknown']++;
        for (const [os, n] of Object.entries(counts)) metrics.clusterNodes.set({ os }, n);
      }
      metrics.registry.metrics().then((text) => send(res, 200, text, metrics.registry.contentType), (error: unknown) => unhandled(res, error));
    } else {
      send(res, 404, statusBody(404, `no route ${path} (routes: POST /mutate, POST /validate, GET /healthz, GET /readyz, GET /metrics)`));
    }
  }

  function reloadCertificate(): boolean {
    let next: Certificate;
    try {
      next = readCertificate(options.tls);
    } catch (error) {
      // A rotation half done (new cert, old key): keep serving the old pair, retry on the next check.
      metrics.certificateReloads.inc({ result: 'failed' });
      logger.warn('serving certificate not reloaded', { error: (error as Error).message });
      return false;
    }
    if (next.digest === certificate.digest) return false;
    server.setSecureContext({ cert: next.cert, key: next.key, minVersion: 'TLSv1.2' });
    certificate = next;
    if (next.notAfter) metrics.certificateExpiry.set(next.notAfter.getTime() / 1000);
    metrics.certificateReloads.inc({ result: 'reloaded' });
    logger.info('serving certificate reloaded', { notAfter: next.notAfter?.toISOString() });
    return true;
  }

  const watchers: FSWatcher[] = [];
  let interval: NodeJS.Timeout | undefined;
  let debounce: NodeJS.Timeout | undefined;
  function watchCertificate(): void {
    const schedule = () => {
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(reloadCertificate, 100);
      debounce.unref();
    };
    // Kubernetes swaps a `..data` symlink in the volume's folder: watch the folders, not the files.
    for (const folder of new Set([dirname(options.tls.certFile), dirname(options.tls.keyFile)])) {
      try {
        const watcher = watch(folder, schedule);
        watcher.on('error', () => watcher.close());
        watchers.push(watcher);
      } catch {
        // no inotify here: the interval below still catches the change
      }
    }
    interval = setInterval(reloadCertificate, options.certCheckIntervalMs ?? 10_000);
    interval.unref();
  }

  return {
    server,
    start() {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 8443, options.address ?? '0.0.0.0', () => {
          server.off('error', reject);
          watchCertificate();
          const port = (server.address() as AddressInfo).port;
          logger.info('listening', { address: options.address ?? '0.0.0.0', port, cluster: options.cluster.describe() });
          resolve(port);
        });
      });
    },
    async stop() {
      if (shuttingDown) return;
      shuttingDown = true;
      logger.info('shutting down: readiness fails, in-flight reviews finish', { inFlight });
      if (options.shutdownDelayMs) await new Promise((r) => setTimeout(r, options.shutdownDelayMs));
      for (const w of watchers) w.close();
      if (interval) clearInterval(interval);
      if (debounce) clearTimeout(debounce);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => drainWaiters.push(resolve));
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), options.drainTimeoutMs ?? 25_000).unref());
      if ((await Promise.race([drained.then(() => 'drained' as const), timeout])) === 'timeout') logger.warn('in-flight reviews did not finish in time', { inFlight });
      server.closeIdleConnections();
      server.closeAllConnections();
      await Promise.race([closed, timeout]);
      logger.info('stopped');
    },
    reloadCertificate,
    inFlight: () => inFlight,
  };
}
