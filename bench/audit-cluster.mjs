// The served cluster of `npm run bench:audit`: an HTTPS API server on 127.0.0.1 that generates every
// object from its index (nothing stored, so the server stays small), paginated like kube-apiserver.
// Run as its own process: prints {"kubeconfig": …, "pods": …} on stdout once listening.
//   BENCH_NODES (default 5000) and BENCH_PODS (default 150000) size it.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { createServingCertificates } = await import(join(root, 'dist/admission/x509.js'));

const NODES = Number(process.env.BENCH_NODES ?? 5000);
const PODS = Number(process.env.BENCH_PODS ?? 150000);
const REPLICAS = 30;
const TOKEN = 'bench-token';
const CREATED = '2025-01-01T00:00:00Z';

// Pools as in bench/simulate: Linux 70 %, Windows 2019 8 %, 2022 16 %, 2025 6 %.
const POOLS = [
  { name: 'linux', os: 'linux', share: 0.7, pods: 110 },
  { name: 'win19', os: 'windows', build: '10.0.17763', share: 0.08, pods: 30 },
  { name: 'win22', os: 'windows', build: '10.0.20348', share: 0.16, pods: 30 },
  { name: 'win25', os: 'windows', build: '10.0.26100', share: 0.06, pods: 30 },
];
let first = 0;
for (const p of POOLS) {
  p.count = Math.max(1, Math.round(p.share * NODES));
  p.first = first;
  first += p.count;
}
const nodeCount = first;
const poolOfNode = (i) => POOLS.find((p) => i >= p.first && i < p.first + p.count);
const nodeName = (i) => `aks-${poolOfNode(i).name}-${String(i).padStart(6, '0')}`;

function node(i) {
  const pool = poolOfNode(i);
  const windows = pool.os === 'windows';
  const labels = { 'kubernetes.io/os': pool.os, 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': nodeName(i), 'kubernetes.azure.com/agentpool': pool.name, agentpool: pool.name, 'kubernetes.azure.com/mode': pool.name === 'linux' ? 'system' : 'user', 'topology.kubernetes.io/zone': `z${i % 3}` };
  if (windows) labels['node.kubernetes.io/windows-build'] = pool.build;
  return {
    metadata: { name: nodeName(i), uid: `n-${i}`, resourceVersion: '1', creationTimestamp: CREATED, labels },
    spec: windows ? { taints: [{ key: 'os', value: 'windows', effect: 'NoSchedule' }] } : {},
    status: {
      capacity: { cpu: windows ? '4' : '8', memory: windows ? '16Gi' : '32Gi', pods: String(pool.pods) },
      allocatable: { cpu: windows ? '3860m' : '7820m', memory: windows ? '13Gi' : '27Gi', pods: String(pool.pods) },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: CREATED, lastTransitionTime: CREATED }],
      nodeInfo: { operatingSystem: pool.os, architecture: 'amd64', kernelVersion: windows ? `${pool.build}.2849` : '5.15.0-1074-azure', osImage: windows ? 'Windows Server Datacenter' : 'Ubuntu 22.04.5 LTS', kubeletVersion: 'v1.31.2', containerRuntimeVersion: 'containerd://1.7.22' },
    },
  };
}

// Workloads: two DaemonSets (one per OS, a pod per node), then Deployments of 30 replicas, one in
// five Windows (pinned to a build, tolerating the taint); their ReplicaSets; the pods.
const windowsPools = POOLS.filter((p) => p.os === 'windows');
const dsPods = nodeCount;
const deploymentCount = Math.max(1, Math.ceil((PODS - dsPods) / REPLICAS));
const replicasOf = (d) => (d < deploymentCount - 1 ? REPLICAS : PODS - dsPods - REPLICAS * (deploymentCount - 1));
const deploymentPool = (d) => (d % 5 === 0 ? windowsPools[(d / 5) % windowsPools.length] : POOLS[0]);
const namespaceOf = (d) => `team-${d % 50}`;
const IMAGES = { '10.0.17763': 'ltsc2019', '10.0.20348': 'ltsc2022', '10.0.26100': 'ltsc2025' };

function podSpec(pool) {
  const windows = pool.os === 'windows';
  return {
    ...(windows ? { nodeSelector: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': pool.build }, tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }] } : { nodeSelector: { 'kubernetes.io/os': 'linux' } }),
    containers: [
      {
        name: 'app',
        image: windows ? `mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-${IMAGES[pool.build]}` : 'ghcr.io/example/api:1.42.0',
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'REGION', value: 'westeurope' }],
        resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: windows ? '512Mi' : '256Mi' } },
        readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
      },
    ],
  };
}

function deployment(d) {
  const name = `app-${d}`;
  return { metadata: { name, namespace: namespaceOf(d), uid: `d-${d}`, resourceVersion: '1', creationTimestamp: CREATED, generation: 1 }, spec: { replicas: replicasOf(d), selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: podSpec(deploymentPool(d)) } }, status: { replicas: replicasOf(d), readyReplicas: replicasOf(d) } };
}
function replicaSet(d) {
  const dep = deployment(d);
  return { ...dep, metadata: { ...dep.metadata, name: `app-${d}-5d8f9c`, uid: `rs-${d}`, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: `app-${d}`, uid: `d-${d}`, controller: true }] } };
}
const DAEMON_SETS = [
  { name: 'kube-proxy', pools: POOLS.filter((p) => p.os === 'linux'), spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'kube-proxy', image: 'mcr.microsoft.com/oss/kubernetes/kube-proxy:v1.31.2' }] } },
  { name: 'windows-exporter', pools: windowsPools, spec: { nodeSelector: { 'kubernetes.io/os': 'windows' }, tolerations: [{ operator: 'Exists' }], containers: [{ name: 'exporter', image: 'ghcr.io/prometheus-community/windows-exporter:0.29.2', resources: { limits: { memory: '200Mi' } } }] } },
];
function daemonSet(k) {
  const ds = DAEMON_SETS[k];
  const desired = ds.pools.reduce((n, p) => n + p.count, 0);
  return { metadata: { name: ds.name, namespace: 'kube-system', uid: `ds-${k}`, resourceVersion: '1', creationTimestamp: CREATED }, spec: { selector: { matchLabels: { app: ds.name } }, template: { metadata: { labels: { app: ds.name } }, spec: ds.spec } }, status: { desiredNumberScheduled: desired, currentNumberScheduled: desired, numberReady: desired } };
}

const MANAGED = [{ manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', time: CREATED, fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {}, 'f:pod-template-hash': {} }, 'f:ownerReferences': { '.': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': {}, 'f:resources': {} } } } } }];

// Pod i: the first `dsPods` belong to the DaemonSets (one per node), the rest to the Deployments.
function pod(i) {
  let owner;
  let namespace;
  let spec;
  let nodeIndex;
  let name;
  if (i < dsPods) {
    const k = poolOfNode(i).os === 'linux' ? 0 : 1;
    owner = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: DAEMON_SETS[k].name, uid: `ds-${k}`, controller: true };
    namespace = 'kube-system';
    spec = DAEMON_SETS[k].spec;
    nodeIndex = i;
    name = `${DAEMON_SETS[k].name}-${i}`;
  } else {
    const j = i - dsPods;
    const d = Math.min(deploymentCount - 1, Math.floor(j / REPLICAS));
    const pool = deploymentPool(d);
    owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `app-${d}-5d8f9c`, uid: `rs-${d}`, controller: true };
    namespace = namespaceOf(d);
    spec = podSpec(pool);
    nodeIndex = pool.first + ((j * 7919) % pool.count);
    name = `app-${d}-5d8f9c-${j % REPLICAS}`;
  }
  // One pod in 200 is in trouble: image pulls failing.
  const failing = i % 200 === 7;
  return {
    metadata: { name, generateName: `${owner.name}-`, namespace, uid: `p-${i}`, resourceVersion: '1', creationTimestamp: CREATED, labels: { app: owner.name }, ownerReferences: [owner], managedFields: MANAGED },
    spec: { ...spec, nodeName: nodeName(nodeIndex), serviceAccountName: 'default', dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, volumes: [{ name: 'kube-api-access', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }] } }] },
    status: {
      phase: failing ? 'Pending' : 'Running',
      conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Initialized', status: 'True' }, { type: 'ContainersReady', status: failing ? 'False' : 'True' }, { type: 'Ready', status: failing ? 'False' : 'True' }],
      hostIP: `10.1.${(nodeIndex >> 8) & 255}.${nodeIndex & 255}`,
      podIP: `10.2.${(i >> 8) & 255}.${i & 255}`,
      startTime: CREATED,
      containerStatuses: spec.containers.map((c) => ({ name: c.name, image: c.image, imageID: '', ready: !failing, restartCount: 0, started: !failing, state: failing ? { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` } } : { running: { startedAt: CREATED } } })),
    },
  };
}
const failingPods = [];
for (let i = 7; i < PODS; i += 200) failingPods.push(i);
function event(k) {
  const p = pod(failingPods[k]);
  return { metadata: { name: `${p.metadata.name}.failed`, namespace: p.metadata.namespace }, involvedObject: { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name }, reason: 'Failed', message: `Failed to pull image "${p.spec.containers[0].image}": rpc error: code = NotFound`, type: 'Warning', count: 5 };
}

const COLLECTIONS = {
  '/api/v1/nodes': { kind: 'Node', apiVersion: 'v1', count: nodeCount, item: node },
  '/api/v1/namespaces': { kind: 'Namespace', apiVersion: 'v1', count: 51, item: (i) => ({ metadata: { name: i === 50 ? 'kube-system' : `team-${i}` } }) },
  '/apis/node.k8s.io/v1/runtimeclasses': { kind: 'RuntimeClass', apiVersion: 'node.k8s.io/v1', count: 0, item: () => ({}) },
  '/api/v1/pods': { kind: 'Pod', apiVersion: 'v1', count: PODS, item: pod },
  '/apis/apps/v1/deployments': { kind: 'Deployment', apiVersion: 'apps/v1', count: deploymentCount, item: deployment },
  '/apis/apps/v1/replicasets': { kind: 'ReplicaSet', apiVersion: 'apps/v1', count: deploymentCount, item: replicaSet },
  '/apis/apps/v1/daemonsets': { kind: 'DaemonSet', apiVersion: 'apps/v1', count: DAEMON_SETS.length, item: daemonSet },
  '/apis/apps/v1/statefulsets': { kind: 'StatefulSet', apiVersion: 'apps/v1', count: 0, item: () => ({}) },
  '/apis/batch/v1/jobs': { kind: 'Job', apiVersion: 'batch/v1', count: 0, item: () => ({}) },
  '/apis/batch/v1/cronjobs': { kind: 'CronJob', apiVersion: 'batch/v1', count: 0, item: () => ({}) },
  '/api/v1/events': { kind: 'Event', apiVersion: 'v1', count: failingPods.length, item: event },
};

const certs = createServingCertificates(['localhost', '127.0.0.1']);
const server = createServer({ cert: certs.serving.cert, key: certs.serving.key }, (req, res) => {
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const send = (code, body) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { kind: 'Status', code: 401, message: 'Unauthorized' });
  if (url.pathname === '/version') return send(200, { major: '1', minor: '31', gitVersion: 'v1.31.2' });
  const collection = COLLECTIONS[url.pathname];
  if (!collection) return send(404, { kind: 'Status', code: 404, message: 'the server could not find the requested resource' });
  const offset = Number(url.searchParams.get('continue') ?? 0) || 0;
  const limit = Number(url.searchParams.get('limit') ?? 0) || collection.count;
  const end = Math.min(collection.count, offset + limit);
  const items = [];
  for (let i = offset; i < end; i++) items.push(collection.item(i));
  send(200, { apiVersion: collection.apiVersion, kind: `${collection.kind}List`, metadata: { resourceVersion: '1000', ...(end < collection.count ? { continue: String(end) } : {}) }, items });
});
server.listen(0, '127.0.0.1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-hybrid-bench-audit-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters:\n- name: bench\n  cluster:\n    server: https://127.0.0.1:${server.address().port}\n    certificate-authority-data: ${Buffer.from(certs.ca.cert).toString('base64')}\nusers:\n- name: bench\n  user:\n    token: ${TOKEN}\ncontexts:\n- name: bench\n  context: { cluster: bench, user: bench }\ncurrent-context: bench\n`);
  process.stdout.write(JSON.stringify({ kubeconfig, dir, nodes: nodeCount, pods: PODS, deployments: deploymentCount, failing: failingPods.length }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
