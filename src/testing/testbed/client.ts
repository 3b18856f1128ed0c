// A small JSON client for the test bed's kube-apiserver: bearer token, our CA, keep-alive.
import { Agent, request as httpsRequest } from 'node:https';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  /** Warning headers (299 "…"), as kubectl prints them. */
  warnings: string[];
}

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

const CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** "299 - \"text\"" → text (RFC 7234 warn-text, as client-go reads it). */
export function warningText(header: string): string {
  const m = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/.exec(header.trim());
  return m ? m[1].replace(/\\(.)/g, '$1') : header;
}

export class KubeClient {
  private readonly agent: Agent;

  constructor(
    readonly server: string,
    private readonly token: string,
    ca: string,
  ) {
    this.agent = new Agent({ ca, keepAlive: true, maxSockets: 8 });
  }

  request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<ApiResponse<T>> {
    const url = new URL(path, this.server);
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: 'application/json',
            ...(payload !== undefined ? { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text === '' ? {} : JSON.parse(text);
            } catch {
              // not JSON (e.g. /healthz): keep the text
            }
            const raw = res.headers.warning;
            const warnings = raw === undefined ? [] : (Array.isArray(raw) ? raw : [raw]).flatMap((h) => h.split(/,(?=\s*\d{3} )/)).map(warningText);
            resolve({ status: res.statusCode ?? 0, body: parsed as T, warnings });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  get<T = Record<string, unknown>>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body);
  }

  patch<T = Record<string, unknown>>(path: string, body: unknown, type: PatchType = 'merge'): Promise<ApiResponse<T>> {
    return this.request<T>('PATCH', path, body, CONTENT_TYPES[type]);
  }

  delete<T = Record<string, unknown>>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', path, body);
  }

  /** Throws unless the answer is 2xx; returns the body. */
  async must<T = Record<string, unknown>>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const res = await this.request<T>(method, path, body, contentType);
    if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path}: HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
    return res.body;
  }

  close(): void {
    this.agent.destroy();
  }
}
