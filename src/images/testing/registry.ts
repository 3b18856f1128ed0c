// Test support: runs Debian's `docker-registry` (docker/distribution 2.8) on 127.0.0.1, on a free
// port, with a temporary storage directory and a config written here; pushes content through the
// real HTTP API (monolithic blob upload: POST then PUT ?digest=; manifest PUT).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REGISTRY_BINARY = process.env.KUBE_HYBRID_DOCKER_REGISTRY || '/usr/bin/docker-registry';

/** The binary, or an error telling how to install it (tests must fail, not skip). */
export function requireRegistryBinary(): string {
  try {
    accessSync(REGISTRY_BINARY, constants.X_OK);
    return REGISTRY_BINARY;
  } catch {
    throw new Error(
      `${REGISTRY_BINARY} not found: these tests run a real registry. Install it with ` +
        '`apt-get install docker-registry` (Debian/Ubuntu), or point KUBE_HYBRID_DOCKER_REGISTRY at a distribution 2.x binary.',
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type RegistryAuth =
  | { htpasswd: { realm: string; /** File contents: "user:bcrypt-hash" lines. */ contents: string } }
  | { token: { realm: string; service: string; issuer: string; /** PEM. */ rootCertificate: string } };

export interface TestRegistry {
  /** "127.0.0.1:PORT" — the domain to use in references. */
  host: string;
  url: string;
  storage: string;
  /** What the registry printed (for failure messages). */
  logs(): string;
  stop(): Promise<void>;
}

const yamlString = (value: string) => JSON.stringify(value); // JSON strings are valid YAML scalars

export async function startRegistry(options: { auth?: RegistryAuth } = {}): Promise<TestRegistry> {
  const binary = requireRegistryBinary();
  const dir = await mkdtemp(join(tmpdir(), 'kube-hybrid-registry-'));
  const storage = join(dir, 'storage');
  const port = await freePort();
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${yamlString(storage)}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${yamlString(`127.0.0.1:${port}`)}`,
    `  secret: ${yamlString(createHash('sha256').update(dir).digest('hex'))}`,
    // Since distribution 2.7, manifests with foreign-layer URLs are refused unless allowed here.
    'validation:',
    '  manifests:',
    '    urls:',
    '      allow:',
    `        - ${yamlString('^https?://')}`,
  ];
  if (options.auth && 'htpasswd' in options.auth) {
    const file = join(dir, 'htpasswd');
    await writeFile(file, options.auth.htpasswd.contents);
    lines.push('auth:', '  htpasswd:', `    realm: ${yamlString(options.auth.htpasswd.realm)}`, `    path: ${yamlString(file)}`);
  } else if (options.auth && 'token' in options.auth) {
    const file = join(dir, 'token-root.pem');
    await writeFile(file, options.auth.token.rootCertificate);
    const t = options.auth.token;
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${yamlString(t.realm)}`,
      `    service: ${yamlString(t.service)}`,
      `    issuer: ${yamlString(t.issuer)}`,
      `    rootcertbundle: ${yamlString(file)}`,
    );
  }
  const configFile = join(dir, 'config.yml');
  await writeFile(configFile, `${lines.join('\n')}\n`);

  let output = '';
  const child: ChildProcess = spawn(binary, ['serve', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));

  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`docker-registry exited before answering:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      if (response.status === 200 || response.status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not answer on ${url}/v2/ within 15 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { host: `127.0.0.1:${port}`, url, storage, logs: () => output, stop };
}

export interface PushedContent {
  digest: string;
  size: number;
  mediaType: string;
}

/** Pushes through the distribution HTTP API; `authorization` is sent as is (e.g. "Bearer …"). */
export class RegistryPusher {
  constructor(
    readonly url: string,
    private readonly authorization?: (repository: string) => string,
  ) {}

  private headers(repository: string, extra: Record<string, string> = {}): Record<string, string> {
    const auth = this.authorization?.(repository);
    return { ...extra, ...(auth ? { Authorization: auth } : {}) };
  }

  /** Monolithic upload: POST /v2/<name>/blobs/uploads/ → 202 Location; PUT <location>&digest=. */
  async pushBlob(repository: string, bytes: Buffer, mediaType = 'application/octet-stream'): Promise<PushedContent> {
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    const start = await fetch(`${this.url}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: this.headers(repository) });
    await start.body?.cancel();
    const location = start.headers.get('location');
    if (start.status !== 202 || !location) throw new Error(`blob upload start for ${repository} answered ${start.status}`);
    const target = new URL(location, this.url);
    target.searchParams.set('digest', digest);
    const put = await fetch(target, {
      method: 'PUT',
      headers: this.headers(repository, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes.length) }),
      body: bytes,
    });
    const text = await put.text();
    if (put.status !== 201) throw new Error(`blob PUT ${digest} to ${repository} answered ${put.status}: ${text}`);
    return { digest, size: bytes.length, mediaType };
  }

  /** PUT /v2/<name>/manifests/<reference> with the document's media type. */
  async pushManifest(repository: string, reference: string, mediaType: string, document: object | string): Promise<PushedContent> {
    const bytes = Buffer.from(typeof document === 'string' ? document : JSON.stringify(document));
    const response = await fetch(`${this.url}/v2/${repository}/manifests/${reference}`, {
      method: 'PUT',
      headers: this.headers(repository, { 'Content-Type': mediaType }),
      body: bytes,
    });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`manifest PUT ${repository}:${reference} answered ${response.status}: ${text}`);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    const header = response.headers.get('docker-content-digest');
    if (header && header !== digest) throw new Error(`registry computed ${header} for a manifest whose digest is ${digest}`);
    return { digest, size: bytes.length, mediaType };
  }
}
