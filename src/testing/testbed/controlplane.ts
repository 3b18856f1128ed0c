// A real Kubernetes control plane on 127.0.0.1 for end-to-end and differential tests: etcd,
// kube-apiserver (TLS with our own CA, static token users, Node,RBAC authorization, service-account
// keys), kube-scheduler and kube-controller-manager, each on free ports, all data in one temp folder.
// No kubelet runs: tests create Node objects and set their status themselves (nodes.ts).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServingCertificates } from '../../admission/x509.js';
import { KubeClient } from './client.js';
import type { Managed } from './processes.js';
import { freePort, killGroupNow, startProcess, stopGroup } from './processes.js';

/** The controllers kube-controller-manager runs here: the workload controllers and what they need. */
export const TESTBED_CONTROLLERS = [
  'daemonset-controller',
  'deployment-controller',
  'replicaset-controller',
  'replicationcontroller-controller',
  'job-controller',
  'cronjob-controller',
  'statefulset-controller',
  'serviceaccount-controller',
  'serviceaccount-token-controller',
  'namespace-controller',
  'garbage-collector-controller',
  'clusterrole-aggregation-controller',
  'root-ca-certificate-publisher-controller',
  // Not node-lifecycle-controller: without kubelets it would mark every Node NotReady and taint it.
] as const;

export type TestbedUser = 'admin' | 'reader' | 'scheduler' | 'controller-manager';

export interface ControlPlaneOptions {
  binDir: string;
  /** Keep processes after this Node process exits (`testbed/up`); default false. */
  detach?: boolean;
  /** Start kube-scheduler (default true). */
  scheduler?: boolean;
  /** Start kube-controller-manager (default true). */
  controllerManager?: boolean;
  /** Folder for data, certificates and logs (default: a new temp folder, removed on stop). */
  dataDir?: string;
  /** Extra kube-apiserver flags. */
  apiserverArgs?: readonly string[];
}

export interface ControlPlaneState {
  dataDir: string;
  server: string;
  caFile: string;
  /** CA in PEM. */
  ca: string;
  tokens: Record<TestbedUser, string>;
  kubeconfigs: Record<'admin' | 'reader', string>;
  pids: Record<string, number>;
  etcdUrl: string;
}

function kubeconfigYaml(server: string, caPem: string, user: string, token: string): string {
  const ca = Buffer.from(caPem).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: testbed',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${ca}`,
    'users:',
    `- name: ${user}`,
    '  user:',
    `    token: ${token}`,
    'contexts:',
    `- name: ${user}@testbed`,
    '  context:',
    '    cluster: testbed',
    `    user: ${user}`,
    '    namespace: default',
    `current-context: ${user}@testbed`,
    '',
  ].join('\n');
}

/** The static token file: token,user,uid,"groups". */
export function tokenFile(tokens: Record<TestbedUser, string>): string {
  return [
    `${tokens.admin},testbed-admin,uid-admin,"system:masters"`,
    `${tokens.reader},testbed-reader,uid-reader`,
    `${tokens.scheduler},system:kube-scheduler,uid-scheduler`,
    `${tokens['controller-manager']},system:kube-controller-manager,uid-kcm`,
    '',
  ].join('\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, managed: readonly Managed[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const m of managed) {
      if (m.child.exitCode !== null) throw new Error(`${m.name} exited (${m.child.exitCode}) while waiting for ${what}; log: ${m.logFile}\n${tail(m.logFile)}`);
    }
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export class ControlPlane {
  private stopped = false;
  private readonly exitHandler = () => this.killNow();
  readonly admin: KubeClient;
  readonly reader: KubeClient;

  private constructor(
    readonly state: ControlPlaneState,
    private readonly processes: Managed[],
    private readonly ownsDataDir: boolean,
    detach: boolean,
  ) {
    this.admin = new KubeClient(state.server, state.tokens.admin, state.ca);
    this.reader = new KubeClient(state.server, state.tokens.reader, state.ca);
    if (!detach) process.once('exit', this.exitHandler);
  }

  static async start(options: ControlPlaneOptions): Promise<ControlPlane> {
    const ownsDataDir = options.dataDir === undefined;
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kube-hybrid-testbed-'));
    mkdirSync(dataDir, { recursive: true });
    const processes: Managed[] = [];
    const guardParent = !options.detach;
    const bin = (name: string) => join(options.binDir, name);
    try {
      const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
      const certs = createServingCertificates(['localhost', '127.0.0.1']);
      const caFile = join(dataDir, 'ca.crt');
      writeFileSync(caFile, certs.ca.cert);
      writeFileSync(join(dataDir, 'apiserver.crt'), certs.serving.cert);
      writeFileSync(join(dataDir, 'apiserver.key'), certs.serving.key, { mode: 0o600 });
      const sa = generateKeyPairSync('rsa', { modulusLength: 2048 });
      writeFileSync(join(dataDir, 'sa.key'), sa.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      writeFileSync(join(dataDir, 'sa.pub'), sa.publicKey.export({ type: 'spki', format: 'pem' }));
      const token = () => randomBytes(16).toString('hex');
      const tokens: Record<TestbedUser, string> = { admin: token(), reader: token(), scheduler: token(), 'controller-manager': token() };
      writeFileSync(join(dataDir, 'tokens.csv'), tokenFile(tokens), { mode: 0o600 });
      const server = `https://127.0.0.1:${apiPort}`;
      const kubeconfigs = { admin: join(dataDir, 'admin.kubeconfig'), reader: join(dataDir, 'reader.kubeconfig') };
      writeFileSync(kubeconfigs.admin, kubeconfigYaml(server, certs.ca.cert, 'testbed-admin', tokens.admin), { mode: 0o600 });
      writeFileSync(kubeconfigs.reader, kubeconfigYaml(server, certs.ca.cert, 'testbed-reader', tokens.reader), { mode: 0o600 });
      const schedulerKubeconfig = join(dataDir, 'scheduler.kubeconfig');
      const kcmKubeconfig = join(dataDir, 'controller-manager.kubeconfig');
      writeFileSync(schedulerKubeconfig, kubeconfigYaml(server, certs.ca.cert, 'system:kube-scheduler', tokens.scheduler), { mode: 0o600 });
      writeFileSync(kcmKubeconfig, kubeconfigYaml(server, certs.ca.cert, 'system:kube-controller-manager', tokens['controller-manager']), { mode: 0o600 });

      const etcdUrl = `http://127.0.0.1:${etcdClient}`;
      const peerUrl = `http://127.0.0.1:${etcdPeer}`;
      processes.push(
        startProcess({
          name: 'etcd',
          command: bin('etcd'),
          args: [
            '--name=testbed',
            `--data-dir=${join(dataDir, 'etcd')}`,
            `--listen-client-urls=${etcdUrl}`,
            `--advertise-client-urls=${etcdUrl}`,
            `--listen-peer-urls=${peerUrl}`,
            `--initial-advertise-peer-urls=${peerUrl}`,
            `--initial-cluster=testbed=${peerUrl}`,
            '--unsafe-no-fsync',
            '--log-level=warn',
          ],
          logFile: join(dataDir, 'etcd.log'),
          guardParent,
        }),
      );
      processes.push(
        startProcess({
          name: 'kube-apiserver',
          command: bin('kube-apiserver'),
          args: [
            `--etcd-servers=${etcdUrl}`,
            '--bind-address=127.0.0.1',
            '--advertise-address=127.0.0.1',
            `--secure-port=${apiPort}`,
            `--tls-cert-file=${join(dataDir, 'apiserver.crt')}`,
            `--tls-private-key-file=${join(dataDir, 'apiserver.key')}`,
            `--token-auth-file=${join(dataDir, 'tokens.csv')}`,
            '--authorization-mode=Node,RBAC',
            '--anonymous-auth=false',
            '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
            `--service-account-key-file=${join(dataDir, 'sa.pub')}`,
            `--service-account-signing-key-file=${join(dataDir, 'sa.key')}`,
            '--service-cluster-ip-range=10.96.0.0/16',
            // Loopback addresses may not be endpoints of the kubernetes Service: nothing to reconcile.
            '--endpoint-reconciler-type=none',
            '--allow-privileged=true',
            `--cert-dir=${join(dataDir, 'apiserver-certs')}`,
            '--profiling=false',
            ...(options.apiserverArgs ?? []),
          ],
          logFile: join(dataDir, 'kube-apiserver.log'),
          guardParent,
        }),
      );
      const admin = new KubeClient(server, tokens.admin, certs.ca.cert);
      try {
        await waitFor('kube-apiserver /readyz', async () => (await admin.get('/readyz')).status === 200, 120_000, processes);
        // The restricted reader: read-only access everywhere (the aggregated `view` role).
        await admin.must('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'testbed-reader-view' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
          subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'testbed-reader' }],
        });
      } finally {
        admin.close();
      }

      if (options.scheduler !== false) {
        processes.push(
          startProcess({
            name: 'kube-scheduler',
            command: bin('kube-scheduler'),
            args: [`--kubeconfig=${schedulerKubeconfig}`, '--leader-elect=false', '--secure-port=0', '--bind-address=127.0.0.1'],
            logFile: join(dataDir, 'kube-scheduler.log'),
            guardParent,
          }),
        );
      }
      if (options.controllerManager !== false) {
        processes.push(
          startProcess({
            name: 'kube-controller-manager',
            command: bin('kube-controller-manager'),
            args: [
              `--kubeconfig=${kcmKubeconfig}`,
              '--leader-elect=false',
              '--secure-port=0',
              '--bind-address=127.0.0.1',
              `--controllers=${TESTBED_CONTROLLERS.join(',')}`,
              '--use-service-account-credentials=true',
              `--service-account-private-key-file=${join(dataDir, 'sa.key')}`,
              `--root-ca-file=${caFile}`,
            ],
            logFile: join(dataDir, 'kube-controller-manager.log'),
            guardParent,
          }),
        );
      }
      const pids = Object.fromEntries(processes.map((p) => [p.name, p.pid]));
      const state: ControlPlaneState = { dataDir, server, caFile, ca: certs.ca.cert, tokens, kubeconfigs, pids, etcdUrl };
      writeFileSync(join(dataDir, 'state.json'), JSON.stringify(state, null, 2), { mode: 0o600 });
      const plane = new ControlPlane(state, processes, ownsDataDir, options.detach === true);
      if (options.controllerManager !== false) {
        // Ready for workloads once the default namespace has its ServiceAccount (the controller made it).
        await waitFor('the default ServiceAccount', async () => (await plane.admin.get('/api/v1/namespaces/default/serviceaccounts/default')).status === 200, 120_000, processes);
      }
      return plane;
    } catch (error) {
      for (const p of processes.reverse()) await stopGroup(p.pid, 2000);
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  get server(): string {
    return this.state.server;
  }

  /** The log of one component, for failure messages. */
  logOf(name: string, lines = 30): string {
    const p = this.processes.find((m) => m.name === name);
    return p ? tail(p.logFile, lines) : '';
  }

  /** Stops every process (scheduler and controller manager first) and removes the temp folder. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    process.removeListener('exit', this.exitHandler);
    this.admin.close();
    this.reader.close();
    for (const p of [...this.processes].reverse()) await stopGroup(p.pid);
    if (this.ownsDataDir) rmSync(this.state.dataDir, { recursive: true, force: true });
  }

  private killNow(): void {
    for (const p of this.processes) killGroupNow(p.pid);
    if (this.ownsDataDir) rmSync(this.state.dataDir, { recursive: true, force: true });
  }
}
