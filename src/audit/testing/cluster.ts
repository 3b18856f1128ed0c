// Test support: the kinds audit reads, served by the fake kube-apiserver, and a hybrid cluster with
// planted problems (each recorded object shaped as kube-apiserver returns it; no kubelets run, so
// the pod statuses and events are what kubelets and controllers would have written).
import type { FakeApiServer, FakeResource, KubeObjectJson } from '../../admission/testing/apiserver.js';
import { fakeNode, fakeRuntimeClass } from '../../admission/testing/apiserver.js';

export interface AuditKinds {
  namespaces: FakeResource;
  pods: FakeResource;
  events: FakeResource;
  deployments: FakeResource;
  replicaSets: FakeResource;
  statefulSets: FakeResource;
  daemonSets: FakeResource;
  jobs: FakeResource;
  cronJobs: FakeResource;
}

export function serveAuditKinds(api: FakeApiServer): AuditKinds {
  return {
    namespaces: api.resource('/api/v1/namespaces', 'v1', 'Namespace'),
    pods: api.resource('/api/v1/pods', 'v1', 'Pod', true),
    events: api.resource('/api/v1/events', 'v1', 'Event', true),
    deployments: api.resource('/apis/apps/v1/deployments', 'apps/v1', 'Deployment', true),
    replicaSets: api.resource('/apis/apps/v1/replicasets', 'apps/v1', 'ReplicaSet', true),
    statefulSets: api.resource('/apis/apps/v1/statefulsets', 'apps/v1', 'StatefulSet', true),
    daemonSets: api.resource('/apis/apps/v1/daemonsets', 'apps/v1', 'DaemonSet', true),
    jobs: api.resource('/apis/batch/v1/jobs', 'batch/v1', 'Job', true),
    cronJobs: api.resource('/apis/batch/v1/cronjobs', 'batch/v1', 'CronJob', true),
  };
}

const CREATED = '2025-01-01T00:00:00Z';

export interface PodOptions {
  node?: string;
  owner?: { kind: string; name: string };
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  ready?: boolean;
  /** A waiting container: reason and message as the kubelet writes them. */
  waiting?: { reason: string; message?: string };
  /** status.reason / status.message (kubelet admission rejections). */
  reason?: string;
  message?: string;
  /** PodScheduled=False with this message (kube-scheduler). */
  unschedulable?: string;
  spec?: Record<string, unknown>;
  created?: string;
}

export function pod(namespace: string, name: string, options: PodOptions): KubeObjectJson {
  const spec: Record<string, unknown> = { ...(options.spec ?? { containers: [{ name: 'c', image: 'nginx:1.27' }] }) };
  if (options.node) spec.nodeName = options.node;
  const phase = options.phase ?? (options.waiting || options.unschedulable ? 'Pending' : 'Running');
  const conditions: Record<string, unknown>[] = [];
  if (options.unschedulable) conditions.push({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: options.unschedulable });
  else conditions.push({ type: 'PodScheduled', status: 'True' });
  conditions.push({ type: 'Ready', status: options.ready ?? (phase === 'Running' && !options.waiting) ? 'True' : 'False' });
  const containers = (spec.containers as { name: string; image: string }[]) ?? [];
  const status: Record<string, unknown> = { phase, conditions };
  if (options.reason) status.reason = options.reason;
  if (options.message) status.message = options.message;
  if (phase !== 'Failed' && !options.unschedulable) {
    status.containerStatuses = containers.map((c) => ({
      name: c.name,
      image: c.image,
      ready: !options.waiting && phase === 'Running',
      restartCount: options.waiting?.reason === 'CrashLoopBackOff' ? 7 : 0,
      state: options.waiting ? { waiting: options.waiting } : { running: { startedAt: CREATED } },
    }));
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `uid-${namespace}-${name}`,
      creationTimestamp: options.created ?? CREATED,
      ...(options.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: options.owner.kind, name: options.owner.name, uid: `uid-${options.owner.name}`, controller: true }] } : {}),
    },
    spec,
    status,
  };
}

export function warningEvent(namespace: string, podName: string, reason: string, message: string): KubeObjectJson {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${podName}.${reason.toLowerCase()}`, namespace },
    involvedObject: { kind: 'Pod', namespace, name: podName, apiVersion: 'v1' },
    reason,
    message,
    type: 'Warning',
    count: 12,
    lastTimestamp: CREATED,
  };
}

export function workload(kind: 'Deployment' | 'ReplicaSet' | 'DaemonSet' | 'StatefulSet', namespace: string, name: string, podSpec: Record<string, unknown>, extra: { replicas?: number; owner?: { kind: string; name: string }; status?: Record<string, unknown> } = {}): KubeObjectJson {
  const spec: Record<string, unknown> = { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: podSpec } };
  if (kind !== 'DaemonSet') spec.replicas = extra.replicas ?? 1;
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: {
      name,
      namespace,
      uid: `uid-${name}`,
      creationTimestamp: CREATED,
      ...(extra.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: extra.owner.kind, name: extra.owner.name, uid: `uid-${extra.owner.name}`, controller: true }] } : {}),
    },
    spec,
    status: extra.status ?? {},
  };
}

const WINDOWS = { 'kubernetes.io/os': 'windows' };
const IIS_2022 = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';
const MEMORY = { limits: { memory: '1Gi' } };

/**
 * An AKS-shaped hybrid cluster (Windows nodes untainted, as AKS leaves them) with planted problems:
 * - web/iis (Deployment, ltsc2022 image, no build pinned): one replica on the 2019 node, ImagePullBackOff;
 * - default/api (Linux Deployment, no OS selector): one replica on a Windows node, failing;
 * - kube-system/log-agent (Linux DaemonSet, no OS selector): 2/5 ready, the Windows pods failing;
 * - web/legacy (Windows, pinned to a build no node has): Pending;
 * - web/probe (Windows, `sh` exec liveness probe): CrashLoopBackOff;
 * - web/wrong-os (bare Pod, spec.os.name linux, bound to a Windows node): PodOSNotSupported;
 * - web/host-agent (HostProcess DaemonSet in a namespace enforcing baseline): 0/3, FailedCreate.
 */
export function seedPlantedCluster(api: FakeApiServer): AuditKinds {
  const kinds = serveAuditKinds(api);
  const aks = (pool: string, mode: 'system' | 'user') => ({ 'kubernetes.azure.com/agentpool': pool, agentpool: pool, 'kubernetes.azure.com/mode': mode });
  api.nodes.seed(
    fakeNode('aks-system-1', { os: 'linux', labels: aks('system', 'system') }),
    fakeNode('aks-system-2', { os: 'linux', labels: aks('system', 'system') }),
    fakeNode('akswin22-1', { os: 'windows', kernel: '10.0.20348.2849', labels: { ...aks('win22', 'user'), 'node.kubernetes.io/windows-build': '10.0.20348' } }),
    fakeNode('akswin22-2', { os: 'windows', kernel: '10.0.20348.2849', labels: { ...aks('win22', 'user'), 'node.kubernetes.io/windows-build': '10.0.20348' } }),
    fakeNode('akswin19-1', { os: 'windows', kernel: '10.0.17763.6532', osImage: 'Windows Server 2019 Datacenter', labels: { ...aks('win19', 'user'), 'node.kubernetes.io/windows-build': '10.0.17763' } }),
  );
  api.runtimeClasses.seed(fakeRuntimeClass('windows-2022', 'runhcs-wcow-process', { ...WINDOWS, 'node.kubernetes.io/windows-build': '10.0.20348' }));
  kinds.namespaces.seed({ metadata: { name: 'default' } }, { metadata: { name: 'kube-system' } }, { metadata: { name: 'web', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } });

  const iis = { nodeSelector: WINDOWS, containers: [{ name: 'iis', image: IIS_2022, resources: MEMORY }] };
  kinds.deployments.seed(workload('Deployment', 'web', 'iis', iis, { replicas: 3 }));
  kinds.replicaSets.seed(workload('ReplicaSet', 'web', 'iis-7d9f', iis, { replicas: 3, owner: { kind: 'Deployment', name: 'iis' } }));
  const api1 = { containers: [{ name: 'api', image: 'nginx:1.27' }] };
  kinds.deployments.seed(workload('Deployment', 'default', 'api', api1, { replicas: 2 }));
  kinds.replicaSets.seed(workload('ReplicaSet', 'default', 'api-5c4b', api1, { replicas: 2, owner: { kind: 'Deployment', name: 'api' } }));
  const agent = { tolerations: [{ operator: 'Exists' }], containers: [{ name: 'agent', image: 'fluent/fluent-bit:3.1' }] };
  kinds.daemonSets.seed(workload('DaemonSet', 'kube-system', 'log-agent', agent, { status: { desiredNumberScheduled: 5, currentNumberScheduled: 5, numberReady: 2 } }));
  const legacy = { nodeSelector: { ...WINDOWS, 'node.kubernetes.io/windows-build': '10.0.14393' }, containers: [{ name: 'app', image: 'mcr.microsoft.com/windows/servercore:ltsc2016', resources: MEMORY }] };
  kinds.deployments.seed(workload('Deployment', 'web', 'legacy', legacy));
  kinds.replicaSets.seed(workload('ReplicaSet', 'web', 'legacy-66f', legacy, { owner: { kind: 'Deployment', name: 'legacy' } }));
  const probe = {
    runtimeClassName: 'windows-2022',
    containers: [{ name: 'app', image: IIS_2022, resources: MEMORY, livenessProbe: { exec: { command: ['sh', '-c', 'curl -f http://localhost/'] }, initialDelaySeconds: 60 } }],
  };
  kinds.deployments.seed(workload('Deployment', 'web', 'probe', probe));
  kinds.replicaSets.seed(workload('ReplicaSet', 'web', 'probe-8a1', probe, { owner: { kind: 'Deployment', name: 'probe' } }));

  const hostAgent = {
    nodeSelector: WINDOWS,
    hostNetwork: true,
    securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
    containers: [{ name: 'agent', image: 'mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0', resources: MEMORY }],
  };
  kinds.daemonSets.seed(workload('DaemonSet', 'web', 'host-agent', hostAgent, { status: { desiredNumberScheduled: 3, currentNumberScheduled: 0, numberReady: 0 } }));

  const pull2019 = `Failed to pull image "${IIS_2022}": rpc error: code = NotFound desc = failed to pull and unpack image "${IIS_2022}": no match for platform in manifest: not found`;
  const linuxOnWindows = 'failed to create containerd container: hcsshim::ProcessBaseLayer \\\\?\\C:\\ProgramData\\containerd\\root\\io.containerd.snapshotter.v1.windows\\snapshots\\42: The system cannot find the path specified.';
  kinds.pods.seed(
    pod('web', 'iis-7d9f-a', { node: 'akswin22-1', owner: { kind: 'ReplicaSet', name: 'iis-7d9f' }, spec: iis }),
    pod('web', 'iis-7d9f-b', { node: 'akswin22-2', owner: { kind: 'ReplicaSet', name: 'iis-7d9f' }, spec: iis }),
    pod('web', 'iis-7d9f-c', { node: 'akswin19-1', owner: { kind: 'ReplicaSet', name: 'iis-7d9f' }, spec: iis, waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${IIS_2022}"` } }),
    pod('default', 'api-5c4b-a', { node: 'aks-system-1', owner: { kind: 'ReplicaSet', name: 'api-5c4b' }, spec: api1 }),
    pod('default', 'api-5c4b-b', { node: 'akswin22-1', owner: { kind: 'ReplicaSet', name: 'api-5c4b' }, spec: api1, waiting: { reason: 'CreateContainerError', message: linuxOnWindows } }),
    pod('kube-system', 'log-agent-s1', { node: 'aks-system-1', owner: { kind: 'DaemonSet', name: 'log-agent' }, spec: agent }),
    pod('kube-system', 'log-agent-s2', { node: 'aks-system-2', owner: { kind: 'DaemonSet', name: 'log-agent' }, spec: agent }),
    pod('kube-system', 'log-agent-w1', { node: 'akswin22-1', owner: { kind: 'DaemonSet', name: 'log-agent' }, spec: agent, waiting: { reason: 'ErrImagePull', message: 'no match for platform in manifest: not found' } }),
    pod('kube-system', 'log-agent-w2', { node: 'akswin22-2', owner: { kind: 'DaemonSet', name: 'log-agent' }, spec: agent, waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "fluent/fluent-bit:3.1"' } }),
    pod('kube-system', 'log-agent-w3', { node: 'akswin19-1', owner: { kind: 'DaemonSet', name: 'log-agent' }, spec: agent, waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "fluent/fluent-bit:3.1"' } }),
    pod('web', 'legacy-66f-a', { owner: { kind: 'ReplicaSet', name: 'legacy-66f' }, spec: legacy, unschedulable: "0/5 nodes are available: 5 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling." }),
    pod('web', 'probe-8a1-a', { node: 'akswin22-2', owner: { kind: 'ReplicaSet', name: 'probe-8a1' }, spec: probe, phase: 'Running', waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=app' } }),
    pod('web', 'wrong-os', { node: 'akswin22-2', spec: { os: { name: 'linux' }, containers: [{ name: 'c', image: 'busybox:1.36' }] }, phase: 'Failed', reason: 'PodOSNotSupported', message: "Pod Failed to admit pod as the OS field doesn't match node OS" }),
  );
  kinds.events.seed(
    warningEvent('web', 'iis-7d9f-c', 'Failed', pull2019),
    warningEvent('default', 'api-5c4b-b', 'Failed', `Error: ${linuxOnWindows}`),
    warningEvent('kube-system', 'log-agent-w1', 'Failed', 'Failed to pull image "fluent/fluent-bit:3.1": no match for platform in manifest: not found'),
    warningEvent('web', 'legacy-66f-a', 'FailedScheduling', "0/5 nodes are available: 5 node(s) didn't match Pod's node affinity/selector."),
    warningEvent('web', 'probe-8a1-a', 'Unhealthy', 'Liveness probe errored: rpc error: code = Unknown desc = failed to exec in container: hcs::System::CreateProcess: failure in a Windows system call: The system cannot find the file specified. (0x2)'),
  );
  kinds.events.seed({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'host-agent.failedcreate', namespace: 'web' },
    involvedObject: { kind: 'DaemonSet', namespace: 'web', name: 'host-agent', apiVersion: 'apps/v1' },
    reason: 'FailedCreate',
    message: 'Error creating: pods "host-agent-x7k2p" is forbidden: violates PodSecurity "baseline:latest": hostProcess (pod and container "agent" must not set securityContext.windowsOptions.hostProcess=true)',
    type: 'Warning',
    count: 40,
  });
  kinds.events.seed({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'normal', namespace: 'web' }, involvedObject: { kind: 'Pod', namespace: 'web', name: 'iis-7d9f-a' }, reason: 'Pulled', message: 'ok', type: 'Normal' });
  return kinds;
}
