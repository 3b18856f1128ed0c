// Test support: certificates in a temp dir, a running server, HTTPS requests, and AdmissionReview
// bodies shaped as kube-apiserver sends them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinCluster } from '../../cluster/profiles.js';
import type { Rule } from '../../engine/types.js';
import type { KubeObject } from '../../kube/types.js';
import type { ClusterSource } from '../cluster-state.js';
import { StaticClusterSource } from '../cluster-state.js';
import type { WebhookMetrics } from '../metrics.js';
import { createMetrics } from '../metrics.js';
import type { WebhookPolicy } from '../policy.js';
import { defaultPolicy } from '../policy.js';
import type { WebhookServer, WebhookServerOptions } from '../server.js';
import { createWebhookServer } from '../server.js';
import { createServingCertificates } from '../x509.js';
import type { ServingCertificates } from '../x509.js';
import type { Logger } from '../log.js';

export interface TlsDir {
  dir: string;
  certFile: string;
  keyFile: string;
  certs: ServingCertificates;
  /** Writes a fresh CA + serving pair over the files; returns it. */
  rotate(): ServingCertificates;
  cleanup(): void;
}

export function tlsDir(): TlsDir {
  const dir = mkdtempSync(join(tmpdir(), 'kube-hybrid-webhook-'));
  const certFile = join(dir, 'tls.crt');
  const keyFile = join(dir, 'tls.key');
  const write = () => {
    const certs = createServingCertificates(['localhost', '127.0.0.1']);
    writeFileSync(keyFile, certs.serving.key);
    writeFileSync(certFile, certs.serving.cert);
    return certs;
  };
  const out: TlsDir = {
    dir,
    certFile,
    keyFile,
    certs: write(),
    rotate() {
      out.certs = write();
      return out.certs;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  return out;
}

export interface Running {
  server: WebhookServer;
  port: number;
  tls: TlsDir;
  metrics: WebhookMetrics;
  /** Trusts the CA the server started with. */
  agent: Agent;
  close(): Promise<void>;
}

export async function startServer(options: { policy?: WebhookPolicy; cluster?: ClusterSource | string; rules?: readonly Rule[]; logger?: Logger; certCheckIntervalMs?: number; limits?: Pick<WebhookServerOptions, 'headersTimeoutMs' | 'requestTimeoutMs' | 'maxConnections'> } = {}): Promise<Running> {
  const tls = tlsDir();
  const metrics = createMetrics();
  const cluster = typeof options.cluster === 'object' ? options.cluster : new StaticClusterSource(builtinCluster(options.cluster ?? 'kubeadm'));
  const { RULES } = await import('../../rules/index.js');
  const server = createWebhookServer({
    tls: { certFile: tls.certFile, keyFile: tls.keyFile },
    address: '127.0.0.1',
    port: 0,
    policy: options.policy ?? defaultPolicy(),
    cluster,
    rules: options.rules ?? RULES,
    metrics,
    logger: options.logger,
    certCheckIntervalMs: options.certCheckIntervalMs ?? 60_000,
    drainTimeoutMs: 5_000,
    ...options.limits,
  });
  const port = await server.start();
  const agent = new Agent({ ca: tls.certs.ca.cert, keepAlive: true, maxSockets: 4 });
  return {
    server,
    port,
    tls,
    metrics,
    agent,
    async close() {
      agent.destroy();
      await server.stop();
      tls.cleanup();
    },
  };
}

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = unknown>(): T;
}

export function send(port: number, agent: Agent | { ca: string }, method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const opts = agent instanceof Agent ? { agent } : { ca: agent.ca, agent: false as const };
    const req = request({ host: '127.0.0.1', port, method, path, servername: 'localhost', headers: body !== undefined ? { 'content-type': 'application/json', ...headers } : headers, ...opts }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: <T>() => JSON.parse(text) as T });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

let uidCounter = 0;

const RESOURCES: Record<string, { group: string; version: string; resource: string }> = {
  Pod: { group: '', version: 'v1', resource: 'pods' },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  StatefulSet: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', version: 'v1', resource: 'daemonsets' },
  ReplicaSet: { group: 'apps', version: 'v1', resource: 'replicasets' },
  Job: { group: 'batch', version: 'v1', resource: 'jobs' },
  CronJob: { group: 'batch', version: 'v1', resource: 'cronjobs' },
  PodTemplate: { group: '', version: 'v1', resource: 'podtemplates' },
  ReplicationController: { group: '', version: 'v1', resource: 'replicationcontrollers' },
};

/**
 * An AdmissionReview as kube-apiserver sends it (k8s.io/apiserver webhook request.go): kind,
 * resource, requestKind/requestResource, userInfo, options (CreateOptions/UpdateOptions), dryRun,
 * and oldObject on UPDATE.
 */
export function admissionReview(object: KubeObject, options: { operation?: 'CREATE' | 'UPDATE' | 'DELETE'; oldObject?: KubeObject; namespace?: string; dryRun?: boolean; apiVersion?: string; uid?: string } = {}): Record<string, unknown> {
  const operation = options.operation ?? 'CREATE';
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const resource = RESOURCES[object.kind] ?? { group, version, resource: object.kind.toLowerCase() + 's' };
  const namespace = options.namespace ?? object.metadata?.namespace ?? 'default';
  const request: Record<string, unknown> = {
    uid: options.uid ?? `705ab4f5-6393-11e8-b7cc-42010a8000${String(++uidCounter).padStart(2, '0')}`,
    kind: { group, version, kind: object.kind },
    resource,
    requestKind: { group, version, kind: object.kind },
    requestResource: resource,
    name: object.metadata?.name ?? '',
    namespace,
    operation,
    userInfo: { username: 'admin@example.com', uid: '014fbff9a07c', groups: ['system:authenticated', 'system:masters'], extra: { 'authentication.kubernetes.io/credential-id': ['X509SHA256=abc'] } },
    object: operation === 'DELETE' ? null : object,
    oldObject: options.oldObject ?? null,
    dryRun: options.dryRun ?? false,
    options:
      operation === 'CREATE'
        ? { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' }
        : operation === 'UPDATE'
          ? { kind: 'UpdateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' }
          : { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', propagationPolicy: 'Background' },
  };
  return { kind: 'AdmissionReview', apiVersion: options.apiVersion ?? 'admission.k8s.io/v1', request };
}

/** A realistic Windows Deployment (IIS on Server Core 2022), about 3 KB as a review. */
export function iisDeployment(name = 'iis', namespace = 'web'): KubeObject {
  return <KubeObject>{
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace,
      uid: 'b1b5b1d2-55c0-4a3c-9d0a-6f8a1c1e9a01',
      generation: 1,
      labels: { app: name, 'app.kubernetes.io/part-of': 'storefront', tier: 'frontend' },
      annotations: { 'deployment.kubernetes.io/revision': '1', 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"apps/v1","kind":"Deployment"}' },
      managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', time: '2025-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }],
    },
    spec: {
      replicas: 3,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: name, tier: 'frontend' }, annotations: { 'prometheus.io/scrape': 'true' } },
        spec: {
          containers: [
            {
              name: 'iis',
              image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022',
              ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }],
              resources: { limits: { cpu: '1', memory: '800Mi' }, requests: { cpu: '500m', memory: '800Mi' } },
              readinessProbe: { httpGet: { path: '/', port: 80, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
              env: [{ name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }, { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }],
              volumeMounts: [{ name: 'config', mountPath: 'C:\\inetpub\\config', readOnly: true }],
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              imagePullPolicy: 'IfNotPresent',
            },
          ],
          volumes: [{ name: 'config', configMap: { name: `${name}-config`, defaultMode: 420 } }],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          securityContext: {},
          schedulerName: 'default-scheduler',
        },
      },
    },
  };
}

/** A Linux pod as a ReplicaSet controller creates it (generateName, ownerReferences, defaults). */
export function nginxPod(namespace = 'web'): KubeObject {
  const pod: Record<string, unknown> = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: 'nginx-7c5ddbdf54-',
      namespace,
      labels: { app: 'nginx', 'pod-template-hash': '7c5ddbdf54' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'nginx-7c5ddbdf54', uid: '8e4a7b8e-1111-4a3c-9d0a-6f8a1c1e9a02', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.27',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '64Mi' } },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
          volumeMounts: [{ name: 'kube-api-access-x7k2p', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }],
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      serviceAccount: 'default',
      securityContext: {},
      schedulerName: 'default-scheduler',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      volumes: [{ name: 'kube-api-access-x7k2p', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] } }],
    },
  };
  return pod as unknown as KubeObject;
}

/** The decoded JSON patch of a response. */
export function patchOf(response: { patch?: string; patchType?: string }): unknown[] {
  if (!response.patch) return [];
  return JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8')) as unknown[];
}
