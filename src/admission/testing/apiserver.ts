// Test support: a fake kube-apiserver on 127.0.0.1 (HTTPS, its own CA, bearer token) serving what the
// client-node informers and audit use — list (paginated with limit/continue, as kube-apiserver) and
// watch of cluster-scoped and namespaced resources, /version, 403s per resource — plus a kubeconfig
// file for it (accepted by the real kubectl). Every request is recorded (method, path, query, authorization) so tests can check what
// the client sends and count calls.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificate, createServingCertificates } from '../x509.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  watch: boolean;
}

export interface KubeObjectJson {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; resourceVersion?: string; [key: string]: unknown };
  [key: string]: unknown;
}

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface Watcher {
  res: ServerResponse;
  resource: FakeResource;
}

/** The key of an object in its collection: `namespace/name`, or `name` when cluster-scoped. */
function keyOf(object: KubeObjectJson): string {
  const ns = object.metadata.namespace;
  return typeof ns === 'string' && ns !== '' ? `${ns}/${object.metadata.name}` : object.metadata.name;
}

/** One collection (e.g. /api/v1/nodes, /api/v1/pods): objects, their event history, open watches. */
export class FakeResource {
  readonly objects = new Map<string, KubeObjectJson>();
  /** While true, every request on it is refused with 403 (RBAC without the rule). */
  forbidden = false;
  /** Events in resourceVersion order; watches from an older version than `compactedAt` get 410 Gone. */
  readonly history: { rv: number; type: EventType; object: KubeObjectJson }[] = [];
  compactedAt = 0;
  /** Status codes to answer the next lists with (one per list), e.g. 403 or 500. */
  readonly failLists: number[] = [];
  /** While set, list requests wait on it (the first sync has not arrived). */
  listGate: Promise<void> | undefined;
  /** Objects in key order, kept until the next change (pages of a large list reuse it). */
  private sortedCache: KubeObjectJson[] | undefined;

  /** Objects in key order (namespace/name), as kube-apiserver lists them. */
  sorted(): KubeObjectJson[] {
    this.sortedCache ??= [...this.objects.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, o]) => o);
    return this.sortedCache;
  }

  constructor(
    private readonly server: FakeApiServer,
    readonly path: string,
    readonly apiVersion: string,
    readonly kind: string,
    readonly namespaced = false,
  ) {}

  /** The plural resource name (last path segment), as RBAC names it. */
  get plural(): string {
    return this.path.slice(this.path.lastIndexOf('/') + 1);
  }

  /** The API group ('' for core). */
  get group(): string {
    return this.apiVersion.includes('/') ? this.apiVersion.slice(0, this.apiVersion.indexOf('/')) : '';
  }

  /** Creates objects without watch events, as if they existed before anyone watched. */
  seed(...objects: KubeObjectJson[]): void {
    for (const object of objects) this.emit('ADDED', object);
    this.compact();
  }

  add(object: KubeObjectJson): void {
    if (this.objects.has(keyOf(object))) throw new Error(`${keyOf(object)} exists`);
    this.emit('ADDED', object);
  }

  modify(name: string, change: (object: KubeObjectJson) => void): void {
    const current = this.objects.get(name);
    if (!current) throw new Error(`no ${name}`);
    const next = structuredClone(current);
    change(next);
    this.emit('MODIFIED', next);
  }

  delete(name: string): void {
    const current = this.objects.get(name);
    if (!current) throw new Error(`no ${name}`);
    // The API server sends the object's last state with a new resourceVersion.
    this.emit('DELETED', structuredClone(current));
  }

  /** Forgets the history (etcd compaction): a watch from an older resourceVersion gets 410 Gone. */
  compact(): void {
    this.compactedAt = this.server.resourceVersion;
    this.history.length = 0;
  }

  /** Holds list requests until the returned function is called. */
  holdLists(): () => void {
    let release!: () => void;
    this.listGate = new Promise<void>((resolve) => {
      release = () => {
        this.listGate = undefined;
        resolve();
      };
    });
    return release;
  }

  /** Open watch connections on this resource. */
  watchers(): number {
    return [...this.server.watchers].filter((w) => w.resource === this).length;
  }

  /** Ends the open watches: `clean` as the API server does at its request timeout, else a broken connection. */
  dropWatches(how: 'clean' | 'reset'): number {
    let n = 0;
    for (const w of [...this.server.watchers]) {
      if (w.resource !== this) continue;
      n++;
      this.server.watchers.delete(w);
      if (how === 'clean') w.res.end();
      else w.res.socket?.destroy();
    }
    return n;
  }

  private emit(type: EventType, object: KubeObjectJson): void {
    const rv = ++this.server.resourceVersion;
    this.sortedCache = undefined;
    const stored: KubeObjectJson = { apiVersion: this.apiVersion, kind: this.kind, ...structuredClone(object), metadata: { ...structuredClone(object.metadata), resourceVersion: String(rv) } };
    if (type === 'DELETED') this.objects.delete(keyOf(stored));
    else this.objects.set(keyOf(stored), stored);
    this.history.push({ rv, type, object: stored });
    for (const w of this.server.watchers) if (w.resource === this) writeEvent(w.res, type, stored);
  }
}

function writeEvent(res: ServerResponse, type: string, object: unknown): void {
  res.write(JSON.stringify({ type, object }) + '\n');
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }));
}

const REASONS: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 410: 'Expired', 500: 'InternalError', 503: 'ServiceUnavailable' };

export class FakeApiServer {
  resourceVersion = 100;
  readonly requests: RecordedRequest[] = [];
  readonly watchers = new Set<Watcher>();
  readonly resources = new Map<string, FakeResource>();
  readonly nodes: FakeResource;
  readonly runtimeClasses: FakeResource;
  readonly token = 'fake-apiserver-token';
  /** Further bearer tokens accepted (e.g. one an exec plugin returns). */
  readonly acceptedTokens = new Set<string>();
  /** What /version answers. */
  version = { major: '1', minor: '31', gitVersion: 'v1.31.2', platform: 'linux/amd64' };
  /** The user named in 403 messages. */
  userName = 'tester';
  /** URL prefixes where server-side apply (PATCH) is accepted (e.g. installed CRDs); 404 elsewhere. */
  readonly applyPrefixes: string[] = [];
  /** Prefixes where writes are refused with 403. */
  readonly forbiddenWrites: string[] = [];
  /** Users authenticated by client certificate, one entry per request. */
  readonly certificateUsers: string[] = [];
  /** Server-side applies received: path, query, content type and the object. */
  readonly applied: { path: string; query: Record<string, string>; contentType: string | undefined; object: unknown }[] = [];
  readonly dir: string;
  readonly kubeconfigFile: string;
  private readonly certs = createServingCertificates(['localhost', '127.0.0.1']);
  private readonly server: Server;
  private port = 0;

  constructor() {
    this.nodes = this.resource('/api/v1/nodes', 'v1', 'Node');
    this.runtimeClasses = this.resource('/apis/node.k8s.io/v1/runtimeclasses', 'node.k8s.io/v1', 'RuntimeClass');
    this.dir = mkdtempSync(join(tmpdir(), 'kube-hybrid-apiserver-'));
    this.kubeconfigFile = join(this.dir, 'kubeconfig');
    // Client certificates are asked for (not required): one signed by our CA authenticates as its CN.
    this.server = createServer({ cert: this.certs.serving.cert, key: this.certs.serving.key, ca: this.certs.ca.cert, requestCert: true, rejectUnauthorized: false }, (req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) status(res, 500, 'InternalError', String(e));
      });
    });
  }

  /** Serves another collection: `path` is the all-namespaces path (e.g. /api/v1/pods) for namespaced kinds. */
  resource(path: string, apiVersion: string, kind: string, namespaced = false): FakeResource {
    const r = new FakeResource(this, path, apiVersion, kind, namespaced);
    this.resources.set(path, r);
    return r;
  }

  /** A client certificate for `user`, signed by this server's CA (as kubeadm's admin.conf carries). */
  clientCertificate(user: string): { cert: string; key: string } {
    return createCertificate({ commonName: user, validDays: 1, isCA: false, usage: 'client', issuer: { cert: this.certs.ca.cert, key: this.certs.ca.key, commonName: 'kube-hybrid-webhook-ca' } });
  }

  /** The CA that signs the serving and client certificates (PEM). */
  get caCert(): string {
    return this.certs.ca.cert;
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    // As `kubectl config view --raw` writes it: the CA, a token user, one context.
    writeFileSync(
      this.kubeconfigFile,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: fake',
        '  cluster:',
        `    server: ${this.url}`,
        `    certificate-authority-data: ${Buffer.from(this.certs.ca.cert).toString('base64')}`,
        'users:',
        '- name: tester',
        '  user:',
        `    token: ${this.token}`,
        'contexts:',
        '- name: fake',
        '  context: { cluster: fake, user: tester }',
        'current-context: fake',
        '',
      ].join('\n'),
    );
    return this;
  }

  /** Requests on a resource path (lists and watches), optionally only watches or only lists. */
  requestsTo(path: string, kind?: 'list' | 'watch'): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path && (kind === undefined || r.watch === (kind === 'watch')));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const watch = query.watch === 'true' || query.watch === '1';
    this.requests.push({ method: req.method ?? '', path: url.pathname, query, authorization: req.headers.authorization, watch });
    const auth = req.headers.authorization ?? '';
    const socket = req.socket as TLSSocket;
    const cn: unknown = socket.authorized ? socket.getPeerCertificate().subject?.CN : undefined;
    const certUser = typeof cn === 'string' ? cn : undefined;
    if (certUser !== undefined) this.certificateUsers.push(certUser);
    if (certUser === undefined && auth !== `Bearer ${this.token}` && !(auth.startsWith('Bearer ') && this.acceptedTokens.has(auth.slice(7)))) return status(res, 401, 'Unauthorized', 'Unauthorized');
    if (url.pathname === '/version') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(this.version));
      return;
    }
    if (req.method === 'PATCH') return this.patch(req, res, url.pathname, query);
    const discovery = this.discovery(url.pathname);
    if (discovery) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(discovery));
      return;
    }
    const target = this.route(url.pathname);
    if (!target) return status(res, 404, 'NotFound', `the server could not find the requested resource (${url.pathname})`);
    const { resource, namespace } = target;
    if (req.method !== 'GET') return status(res, 405, 'MethodNotAllowed', `${req.method} is not supported`);
    if (resource.forbidden) {
      const verb = watch ? 'watch' : 'list';
      const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
      return status(res, 403, 'Forbidden', `${resource.plural}${resource.group ? `.${resource.group}` : ''} is forbidden: User "${this.userName}" cannot ${verb} resource "${resource.plural}" in API group "${resource.group}" ${scope}`);
    }
    if (watch) return this.watch(resource, query, res);
    if (resource.listGate) await resource.listGate;
    const failure = resource.failLists.shift();
    if (failure !== undefined) return status(res, failure, REASONS[failure] ?? 'InternalError', `list ${url.pathname} failed (${failure})`);
    let items = resource.sorted();
    if (namespace) items = items.filter((o) => o.metadata.namespace === namespace);
    if (query.fieldSelector) items = items.filter((o) => matchesFieldSelector(o, query.fieldSelector));
    // Pagination as kube-apiserver: `limit` items, and an opaque `continue` token while more remain.
    const offset = query.continue ? Number(Buffer.from(query.continue, 'base64url').toString('utf8')) : 0;
    const limit = query.limit ? Number(query.limit) : 0;
    const metadata: Record<string, string> = { resourceVersion: String(this.resourceVersion) };
    if (limit > 0) {
      const page = items.slice(offset, offset + limit);
      if (offset + limit < items.length) metadata.continue = Buffer.from(String(offset + limit)).toString('base64url');
      items = page;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ apiVersion: resource.apiVersion, kind: `${resource.kind}List`, metadata, items }));
  }

  private async patch(req: IncomingMessage, res: ServerResponse, path: string, query: Record<string, string>): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (this.forbiddenWrites.some((p) => path.startsWith(p))) return status(res, 403, 'Forbidden', `User "${this.userName}" cannot patch ${path}`);
    if (!this.applyPrefixes.some((p) => path.startsWith(p))) return status(res, 404, 'NotFound', `the server could not find the requested resource (patch ${path})`);
    const object = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    this.applied.push({ path, query, contentType: req.headers['content-type'], object });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(object));
  }

  /** Legacy discovery documents (/api, /apis, /api/v1, /apis/G/V), enough for kubectl to find the kinds served. */
  private discovery(pathname: string): unknown {
    const resources = [...this.resources.values()];
    const versions = new Map<string, FakeResource[]>();
    for (const r of resources) versions.set(r.apiVersion, [...(versions.get(r.apiVersion) ?? []), r]);
    if (pathname === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] };
    if (pathname === '/apis') {
      const groups = [...versions.keys()].filter((v) => v.includes('/')).map((v) => {
        const [group, version] = v.split('/');
        return { name: group, versions: [{ groupVersion: v, version }], preferredVersion: { groupVersion: v, version } };
      });
      return { kind: 'APIGroupList', apiVersion: 'v1', groups };
    }
    const m = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))$/.exec(pathname);
    if (!m) return undefined;
    const groupVersion = m[1] ?? m[2];
    const served = versions.get(groupVersion) ?? [];
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion,
      resources: served.map((r) => ({ name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'list', 'watch'] })),
    };
  }

  /** The collection a path names: `/api/v1/pods` or `/api/v1/namespaces/NS/pods` for namespaced kinds. */
  private route(pathname: string): { resource: FakeResource; namespace?: string } | undefined {
    const direct = this.resources.get(pathname);
    if (direct) return { resource: direct };
    const m = /^(\/apis?\/(?:[^/]+\/)?v[^/]+)\/namespaces\/([^/]+)\/([^/]+)$/.exec(pathname);
    if (!m) return undefined;
    const resource = this.resources.get(`${m[1]}/${m[3]}`);
    return resource?.namespaced ? { resource, namespace: decodeURIComponent(m[2]) } : undefined;
  }

  /** Like kube-apiserver: events after `resourceVersion`, then the live stream; 410 Gone (as an ERROR event) when compacted. */
  private watch(resource: FakeResource, query: Record<string, string>, res: ServerResponse): void {
    const from = query.resourceVersion === undefined || query.resourceVersion === '' || query.resourceVersion === '0' ? this.resourceVersion : Number(query.resourceVersion);
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    if (!Number.isFinite(from) || from < resource.compactedAt) {
      writeEvent(res, 'ERROR', { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${query.resourceVersion} (${resource.compactedAt})`, reason: 'Expired', code: 410 });
      res.end();
      return;
    }
    for (const event of resource.history) if (event.rv > from) writeEvent(res, event.type, event.object);
    const watcher: Watcher = { res, resource };
    this.watchers.add(watcher);
    res.on('close', () => this.watchers.delete(watcher));
  }

  async close(): Promise<void> {
    for (const w of this.watchers) w.res.socket?.destroy();
    this.watchers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `field=value` and `field!=value` terms on dotted paths (what audit asks of Events and Pods). */
function matchesFieldSelector(object: KubeObjectJson, selector: string): boolean {
  return selector.split(',').every((term) => {
    const negated = term.includes('!=');
    const [path, value] = term.split(negated ? '!=' : '=');
    let node: unknown = object;
    for (const key of path.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    const actual = node === undefined || node === null ? '' : String(node);
    return negated ? actual !== value : actual === value;
  });
}

export async function startFakeApiServer(): Promise<FakeApiServer> {
  return new FakeApiServer().start();
}

/** A Node as the kubelet registers it (the fields the webhook reads). */
export function fakeNode(name: string, options: { os: 'linux' | 'windows'; kernel?: string; osImage?: string; taints?: { key: string; value?: string; effect: string }[]; labels?: Record<string, string> }): KubeObjectJson {
  const kernel = options.kernel ?? (options.os === 'windows' ? '10.0.20348.2849' : '6.8.0-1015-azure');
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `uid-${name}`,
      creationTimestamp: '2025-01-01T00:00:00Z',
      labels: { 'kubernetes.io/os': options.os, 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, ...(options.labels ?? {}) },
    },
    spec: options.taints ? { taints: options.taints } : {},
    status: {
      capacity: { cpu: '4', memory: '16Gi', pods: '110' },
      allocatable: { cpu: '3860m', memory: '14Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2025-01-01T00:00:00Z', lastTransitionTime: '2025-01-01T00:00:00Z', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      nodeInfo: {
        operatingSystem: options.os,
        architecture: 'amd64',
        kernelVersion: kernel,
        osImage: options.osImage ?? (options.os === 'windows' ? 'Windows Server 2022 Datacenter' : 'Ubuntu 22.04.5 LTS'),
        kubeletVersion: 'v1.31.2',
        containerRuntimeVersion: 'containerd://1.7.22',
        kubeProxyVersion: 'v1.31.2',
        machineID: name,
        systemUUID: name,
        bootID: name,
      },
    },
  };
}

export function fakeRuntimeClass(name: string, handler: string, nodeSelector: Record<string, string>, tolerations: { key: string; operator?: string; value?: string; effect: string }[] = []): KubeObjectJson {
  return { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name, uid: `uid-${name}`, creationTimestamp: '2025-01-01T00:00:00Z' }, handler, scheduling: { nodeSelector, tolerations } };
}
