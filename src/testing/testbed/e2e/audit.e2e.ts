// End to end through a real kube-apiserver: an AKS-shaped hybrid cluster (Nodes created through the
// API, status written as a kubelet would), a RuntimeClass, namespaces and workloads applied by the
// real kubectl, the real controllers and kube-scheduler acting on them. Where a kubelet would act
// (image pulls, container starts, probes) the pod status and the Warning event are written through
// the API. Then `kube-hybrid audit` and `check`/`simulate --cluster live` run as a user runs them:
// the built CLI, a kubeconfig, nothing in process. Run by `npm run test:e2e`.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AuditReport } from '../../../audit/analyse.js';
import type { KubeObject } from '../../../kube/types.js';
import { ControlPlane } from '../controlplane.js';
import { kubectl } from '../kubectl.js';
import type { KubectlResult } from '../kubectl.js';
import { createNode, providerNode } from '../nodes.js';
import { aksWindowsNode, kubeHybrid } from './audit-helpers.js';
import type { CliResult } from './audit-helpers.js';
import { testbedAvailability } from '../require.js';

const availability = testbedAvailability(true);

type Json = Record<string, unknown>;

const IIS_2022 = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';
const WINDOWS = { 'kubernetes.io/os': 'windows' };
const MEMORY = { requests: { memory: '512Mi' }, limits: { memory: '512Mi' } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function deployment(namespace: string, name: string, podSpec: Json, replicas = 1): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: podSpec } },
  };
}

describe('audit and --cluster live against a real kube-apiserver', { skip: availability.skip }, () => {
  let plane: ControlPlane;
  let admin = '';
  let reader = '';
  let report: AuditReport;

  const apply = async (objects: readonly KubeObject[]): Promise<KubectlResult> => {
    const result = await kubectl(availability.kubectl!, admin, ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
    assert.equal(result.code, 0, result.stderr);
    return result;
  };
  const podsOf = async (namespace: string, app: string): Promise<Json[]> =>
    (await plane.admin.must<{ items: Json[] }>('GET', `/api/v1/namespaces/${namespace}/pods?labelSelector=app%3D${app}`)).items;

  /** Waits until `count` pods of the app exist and `ready(pods)` holds. */
  async function waitForPods(namespace: string, app: string, ready: (pods: Json[]) => boolean, what: string): Promise<Json[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const pods = await podsOf(namespace, app);
      if (ready(pods)) return pods;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; pods: ${JSON.stringify(pods.map((p) => [(p.metadata as Json).name, (p.spec as Json).nodeName]))}\n${plane.logOf('kube-scheduler')}`);
      await sleep(250);
    }
  }
  const nodeNameOf = (pod: Json) => String((pod.spec as Json).nodeName ?? '');
  const nameOf = (o: Json) => String((o.metadata as Json).name);

  /** What a kubelet would write: the container waiting with a reason, and a Warning event on the pod. */
  async function kubeletReports(namespace: string, pod: Json, waiting: { reason: string; message: string }, event: { reason: string; message: string }, phase = 'Pending'): Promise<void> {
    const name = nameOf(pod);
    const containers = ((pod.spec as Json).containers as Json[]).map((c) => ({ name: c.name, image: c.image, imageID: '', ready: false, restartCount: waiting.reason === 'CrashLoopBackOff' ? 6 : 0, started: false, state: { waiting } }));
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await plane.admin.must('PATCH', `/api/v1/namespaces/${namespace}/pods/${name}/status`, {
      status: { phase, conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False', reason: 'ContainersNotReady' }], containerStatuses: containers, hostIP: '10.240.0.9', startTime: now },
    }, 'application/strategic-merge-patch+json');
    await plane.admin.must('POST', `/api/v1/namespaces/${namespace}/events`, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.${event.reason.toLowerCase()}`, namespace },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace, name, uid: (pod.metadata as Json).uid },
      reason: event.reason,
      message: event.message,
      type: 'Warning',
      source: { component: 'kubelet', host: nodeNameOf(pod) },
      count: 5,
      firstTimestamp: now,
      lastTimestamp: now,
    });
  }

  before(async () => {
    plane = await ControlPlane.start({ binDir: availability.binDir! });
    admin = plane.state.kubeconfigs.admin;
    reader = plane.state.kubeconfigs.reader;
    // AKS-shaped: a Linux system pool, Windows 2022 and 2019 pools (AKS taints neither), and an old
    // Windows node still on Docker, tainted so nothing lands there.
    const dockerNode = aksWindowsNode('akswold-0', 'wold', '10.0.20348', 'docker://20.10.9');
    dockerNode.spec = { ...dockerNode.spec, taints: [{ key: 'retiring', value: 'true', effect: 'NoSchedule' }] };
    const nodes = [
      providerNode('aks', 'linux', 'aks-nodepool1-0'),
      providerNode('aks', 'linux', 'aks-nodepool1-1'),
      aksWindowsNode('akswin22-0', 'win22', '10.0.20348'),
      aksWindowsNode('akswin22-1', 'win22', '10.0.20348'),
      aksWindowsNode('akswin19-0', 'win19', '10.0.17763'),
      dockerNode,
    ];
    for (const node of nodes) await createNode(plane.admin, node);

    // Namespaces, a RuntimeClass and the workloads, by kubectl apply as a user would.
    await apply([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
      { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'windows-2022' }, handler: 'runhcs-wcow-process', scheduling: { nodeSelector: { ...WINDOWS, 'node.kubernetes.io/windows-build': '10.0.20348' } } },
    ] as KubeObject[]);
    await apply([
      // A 2022 image on the 2019 pool: the kubelet's pull fails (no match for platform).
      deployment('apps', 'iis', { nodeSelector: { ...WINDOWS, agentpool: 'win19' }, containers: [{ name: 'iis', image: IIS_2022, resources: MEMORY }] }),
      // Pinned to a build no node has: the real scheduler leaves it Pending (FailedScheduling).
      deployment('apps', 'legacy', { nodeSelector: { ...WINDOWS, 'node.kubernetes.io/windows-build': '10.0.14393' }, containers: [{ name: 'app', image: 'mcr.microsoft.com/windows/servercore:ltsc2016', resources: MEMORY }] }),
      // A Linux `sh` exec probe on Windows: CrashLoopBackOff once the probe kills it.
      deployment('apps', 'probe', {
        runtimeClassName: 'windows-2022',
        containers: [{ name: 'app', image: IIS_2022, resources: MEMORY, livenessProbe: { exec: { command: ['sh', '-c', 'curl -f http://localhost/'] }, initialDelaySeconds: 60 } }],
      }),
      // A bare Linux pod bound to a Windows node (nodeName bypasses the scheduler).
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'linux-tool', namespace: 'apps', labels: { app: 'linux-tool' } }, spec: { nodeName: 'akswin22-1', containers: [{ name: 'tool', image: 'nginx:1.27' }] } },
      // HostProcess pods in a namespace enforcing baseline: the API server's PodSecurity admission
      // refuses every pod the DaemonSet controller creates (FailedCreate on the DaemonSet).
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'host-agent', namespace: 'web' },
        spec: {
          selector: { matchLabels: { app: 'host-agent' } },
          template: {
            metadata: { labels: { app: 'host-agent' } },
            spec: {
              nodeSelector: WINDOWS,
              hostNetwork: true,
              securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
              containers: [{ name: 'agent', image: 'mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0', resources: MEMORY }],
            },
          },
        },
      },
    ] as KubeObject[]);

    // Let the controllers and the scheduler act, then play the kubelets' part.
    const [iis] = await waitForPods('apps', 'iis', (p) => p.length === 1 && nodeNameOf(p[0]) !== '', 'the iis pod to be bound');
    const [probe] = await waitForPods('apps', 'probe', (p) => p.length === 1 && nodeNameOf(p[0]) !== '', 'the probe pod to be bound');
    const [tool] = await podsOf('apps', 'linux-tool');
    await kubeletReports('apps', iis, { reason: 'ImagePullBackOff', message: `Back-off pulling image "${IIS_2022}"` }, { reason: 'Failed', message: `Failed to pull image "${IIS_2022}": rpc error: code = NotFound desc = failed to pull and unpack image "${IIS_2022}": no match for platform in manifest: not found` });
    await kubeletReports('apps', probe, { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=app' }, { reason: 'Unhealthy', message: 'Liveness probe errored: rpc error: code = Unknown desc = failed to exec in container: hcs::System::CreateProcess: failure in a Windows system call: The system cannot find the file specified. (0x2)' }, 'Running');
    const hcs = 'failed to create containerd container: hcsshim::ProcessBaseLayer \\\\?\\C:\\ProgramData\\containerd\\root\\io.containerd.snapshotter.v1.windows\\snapshots\\42: The system cannot find the path specified.';
    await kubeletReports('apps', tool, { reason: 'CreateContainerError', message: hcs }, { reason: 'Failed', message: `Error: ${hcs}` });

    // The real FailedScheduling event of the legacy pod, and the DaemonSet's FailedCreate.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const events = (await plane.admin.must<{ items: Json[] }>('GET', '/api/v1/events?fieldSelector=type%3DWarning')).items.map((e) => String(e.reason));
      if (events.includes('FailedScheduling') && events.includes('FailedCreate')) break;
      if (Date.now() > deadline) throw new Error(`timed out waiting for FailedScheduling and FailedCreate events (have ${events.join(', ')})\n${plane.logOf('kube-controller-manager')}`);
      await sleep(250);
    }

    const run = await kubeHybrid(['audit', '-A', '-o', 'json'], admin);
    assert.equal(run.code, 1, run.stderr);
    report = JSON.parse(run.stdout) as AuditReport;
  });

  after(async () => {
    await plane?.stop();
  });

  const problem = (name: string) => report.podProblems.find((p) => p.name === name || p.name.startsWith(`${name}-`));

  test('reads the cluster as it is: six nodes in four pools, the API server version, every pod', () => {
    assert.equal(report.cluster.nodes, 6);
    assert.deepEqual(report.cluster.pools.map((p) => p.name).sort(), ['nodepool1', 'win19', 'win22', 'wold']);
    assert.match(report.cluster.version ?? '', /^v1\.\d+\.\d+/);
    assert.equal(report.summary.pods, 4, 'iis, legacy, probe and the bare pod (the DaemonSet could create none)');
    assert.deepEqual(report.notes.filter((n) => !/GMSACredentialSpec/.test(n)), [], 'nothing else was skipped');
  });

  test('the 2022 image on the 2019 pool: ImagePullBackOff, tied to the pull event and to windows-image-build-mismatch', () => {
    const p = problem('iis');
    assert.equal(p?.kind, 'ImagePullBackOff');
    assert.equal(p?.node, 'akswin19-0');
    assert.equal(p?.windowsBuild, '10.0.17763');
    assert.deepEqual(p?.owner, { kind: 'Deployment', namespace: 'apps', name: 'iis' });
    assert.match(p?.events.join('\n') ?? '', /no match for platform in manifest/);
    assert.ok(p?.cause, 'a known cause');
    assert.ok(p?.predictedBy.includes('windows-image-build-mismatch'), JSON.stringify(p));
  });

  test('the pod pinned to a missing build: Pending with the real scheduler\'s message, predicted by the placement rules', () => {
    const p = problem('legacy');
    assert.equal(p?.kind, 'Pending');
    assert.equal(p?.node, null);
    assert.match(p?.message ?? '', /^0\/6 nodes are available: .*node\(s\) didn't match Pod's node affinity\/selector/);
    assert.ok(p?.events.some((e) => e.startsWith('FailedScheduling: 0/6 nodes are available')), JSON.stringify(p?.events));
    assert.ok((p?.predictedBy.length ?? 0) > 0, JSON.stringify(p));
  });

  test('the Linux exec probe on Windows: CrashLoopBackOff predicted by windows-exec-probe-command', () => {
    const p = problem('probe');
    assert.equal(p?.kind, 'CrashLoopBackOff');
    assert.equal(p?.pool, 'win22', 'the RuntimeClass put it on the 2022 pool');
    assert.deepEqual(p?.predictedBy, ['windows-exec-probe-command']);
  });

  test('the Linux pod bound to a Windows node is reported as such, predicted by linux-workload-on-windows-node', () => {
    const p = problem('linux-tool');
    assert.equal(p?.kind, 'LinuxPodOnWindowsNode');
    assert.deepEqual(p?.owner, { kind: 'Pod', namespace: 'apps', name: 'linux-tool' });
    assert.ok(p?.predictedBy.includes('linux-workload-on-windows-node'), JSON.stringify(p));
  });

  test('the HostProcess DaemonSet refused by PodSecurity: 0 ready of its desired, the FailedCreate event, the namespace rule', () => {
    const ds = report.daemonSets.find((d) => d.name === 'host-agent');
    assert.ok(ds, JSON.stringify(report.daemonSets));
    assert.equal(ds.ready, 0);
    assert.ok(ds.desired >= 3, `desired ${ds.desired}: every untainted Windows node`);
    assert.ok(ds.events.some((e) => /^FailedCreate: .*violates PodSecurity "baseline:latest"/.test(e)), JSON.stringify(ds.events));
    assert.ok(report.findings.some((f) => f.ruleId === 'host-process-namespace-pod-security' && f.object.name === 'host-agent'), 'predicted');
  });

  test('cluster rules on the live nodes: the Docker node, named by its live object', () => {
    const docker = report.findings.find((f) => f.ruleId === 'windows-node-container-runtime');
    assert.deepEqual(docker?.object, { apiVersion: 'v1', kind: 'Node', name: 'akswold-0' });
    assert.ok(report.findings.every((f) => !('file' in f) && !('line' in f)));
  });

  test('text, sarif and policyreport outputs carry the same findings', async () => {
    const text = await kubeHybrid(['audit', '-A'], admin);
    assert.equal(text.code, 1, text.stderr);
    assert.match(text.stdout, /ImagePullBackOff/);
    assert.match(text.stdout, /apps\/iis/);
    assert.match(text.stdout, /Node\/akswold-0 \/status\/nodeInfo\/containerRuntimeVersion\n {4}warning .*\[windows-node-container-runtime\]/);
    assert.doesNotMatch(text.stdout, /:0:0/);

    const sarif = JSON.parse((await kubeHybrid(['audit', '-A', '-o', 'sarif'], admin)).stdout) as { runs: { results: { ruleId: string }[] }[] };
    const sarifRules = new Set(sarif.runs[0].results.map((r) => r.ruleId));
    for (const f of report.findings) assert.ok(sarifRules.has(f.ruleId), f.ruleId);

    const yaml = await kubeHybrid(['audit', '-A', '-o', 'policyreport'], admin);
    assert.equal(yaml.code, 1, yaml.stderr);
    assert.match(yaml.stdout, /kind: PolicyReport/);
    assert.match(yaml.stdout, /kind: ClusterPolicyReport/);
  });

  test('audit -n limits pods and workloads to one namespace', async () => {
    const run = await kubeHybrid(['audit', '-n', 'web', '-o', 'json'], admin);
    const web = JSON.parse(run.stdout) as AuditReport;
    assert.equal(web.namespace, 'web');
    assert.ok(web.podProblems.every((p) => p.namespace === 'web'));
    assert.ok(web.daemonSets.some((d) => d.name === 'host-agent'));
    assert.ok(web.findings.filter((f) => f.object.namespace !== undefined).every((f) => f.object.namespace === 'web'));
  });

  test('-o policyreport --apply writes the reports through the real API server once the CRDs exist', async () => {
    // Minimal CRDs of the wg-policy group (schema left open): enough for the API server to store them.
    const crd = (kind: string, plural: string, scope: 'Namespaced' | 'Cluster') => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${plural}.wgpolicyk8s.io` },
      spec: {
        group: 'wgpolicyk8s.io',
        scope,
        names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
        versions: [{ name: 'v1alpha2', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    });
    const missing = await kubeHybrid(['audit', '-A', '-o', 'policyreport', '--apply'], admin);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /CRD \(wgpolicyk8s\.io\/v1alpha2\) is not installed/);

    await apply([crd('PolicyReport', 'policyreports', 'Namespaced'), crd('ClusterPolicyReport', 'clusterpolicyreports', 'Cluster')] as KubeObject[]);
    const established = await kubectl(availability.kubectl!, admin, ['wait', '--for=condition=Established', '--timeout=60s', 'crd/policyreports.wgpolicyk8s.io', 'crd/clusterpolicyreports.wgpolicyk8s.io']);
    assert.equal(established.code, 0, established.stderr);
    let applied: CliResult | undefined;
    // Discovery of a new group can take a moment to reach every handler.
    for (let attempt = 0; attempt < 20; attempt++) {
      applied = await kubeHybrid(['audit', '-A', '-o', 'policyreport', '--apply'], admin);
      if (applied.code !== 2) break;
      await sleep(500);
    }
    assert.equal(applied?.code, 1, applied?.stderr);
    assert.match(applied?.stderr ?? '', /applied \d+ report\(s\)/);
    const listed = await kubectl(availability.kubectl!, admin, ['get', 'policyreports', '-n', 'apps', '-o', 'json']);
    assert.equal(listed.code, 0, listed.stderr);
    const results = (JSON.parse(listed.stdout) as { items: { results: { policy: string }[] }[] }).items.flatMap((i) => i.results);
    assert.ok(results.some((r) => r.policy === 'windows-image-build-mismatch'), JSON.stringify(results.slice(0, 3)));
    // A second run updates in place.
    const again = await kubeHybrid(['audit', '-A', '-o', 'policyreport', '--apply'], admin);
    assert.equal(again.code, 1, again.stderr);
  });

  test('the ClusterRole of --print-rbac is enough: a restricted user bound to it gets the same report', async () => {
    // The aggregated `view` role reads no Nodes: audit cannot work without them, and says what to add.
    const denied = await kubeHybrid(['audit', '-A', '-o', 'json'], reader);
    assert.equal(denied.code, 2);
    assert.match(denied.stderr, /^kube-hybrid audit: forbidden \(403\) to list .*nodes.*add to the ClusterRole: apiGroups \[""\], resources \["nodes"\], verbs \["get", "list"\]/);
    assert.equal(denied.stderr.trim().split('\n').length, 1, 'one line, no stack');
    assert.doesNotMatch(denied.stderr, new RegExp(plane.state.tokens.reader));

    const role = await kubeHybrid(['audit', '--print-rbac'], admin);
    const roleApply = await kubectl(availability.kubectl!, admin, ['apply', '-f', '-'], role.stdout);
    assert.equal(roleApply.code, 0, roleApply.stderr);
    const binding = await kubectl(availability.kubectl!, admin, ['create', 'clusterrolebinding', 'reader-audit', '--clusterrole=kube-hybrid-audit', '--user=testbed-reader']);
    assert.equal(binding.code, 0, binding.stderr);
    const run = await kubeHybrid(['audit', '-A', '-o', 'json'], reader);
    const full = JSON.parse(run.stdout) as AuditReport;
    assert.deepEqual(full.notes.filter((n) => !/GMSACredentialSpec/.test(n)), []);
    assert.deepEqual(full.podProblems.map((p) => p.name).sort(), report.podProblems.map((p) => p.name).sort());
    assert.equal(full.findings.length, report.findings.length);
  });

  test('check --cluster live: the live nodes and RuntimeClasses, cluster findings named by their live object', async () => {
    const dir = plane.state.dataDir;
    const file = join(dir, 'app.yaml');
    writeFileSync(file, [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web2022, namespace: apps}',
      'spec:',
      '  selector: {matchLabels: {app: web2022}}',
      '  template:',
      '    metadata: {labels: {app: web2022}}',
      '    spec:',
      '      runtimeClassName: windows-2022',
      '      containers:',
      `      - {name: iis, image: "${IIS_2022}", resources: {limits: {memory: 1Gi}}}`,
      '',
    ].join('\n'));
    const json = await kubeHybrid(['check', file, '--cluster', 'live', '-o', 'json'], admin);
    const findings = (JSON.parse(json.stdout) as { findings: { ruleId: string; object: Json; file?: string; line?: number; live?: string }[] }).findings;
    assert.ok(!findings.some((f) => f.ruleId === 'runtime-class-missing' || f.ruleId === 'windows-image-build-mismatch'), 'the RuntimeClass read live pins the 2022 build');
    const docker = findings.find((f) => f.ruleId === 'windows-node-container-runtime');
    assert.equal(docker?.object.name, 'akswold-0');
    assert.equal(docker?.live, 'node/akswold-0 (live)');

    const sarif = JSON.parse((await kubeHybrid(['check', file, '--cluster', 'live', '-o', 'sarif'], admin)).stdout) as { runs: { results: { ruleId: string; locations: Json[] }[] }[] };
    const located = sarif.runs[0].results.find((r) => r.ruleId === 'windows-node-container-runtime');
    assert.deepEqual(located?.locations[0], { logicalLocations: [{ fullyQualifiedName: 'Node/akswold-0', kind: 'object' }], message: { text: 'node/akswold-0 (live)' } });

    const text = await kubeHybrid(['check', file, '--cluster', 'live'], admin);
    assert.match(text.stdout, /node\/akswold-0 \(live\)/);
    assert.doesNotMatch(text.stdout, /:0:0/);
  });

  test('simulate --cluster live places the Windows pods on the live 2022 pool, as the real scheduler did', async () => {
    const file = join(plane.state.dataDir, 'probe.yaml');
    const probe = (await plane.admin.must<Json>('GET', '/apis/apps/v1/namespaces/apps/deployments/probe'));
    writeFileSync(file, JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'probe', namespace: 'apps' }, spec: probe.spec }));
    const run = await kubeHybrid(['simulate', file, '--cluster', 'live', '-o', 'json'], admin);
    const pods = (JSON.parse(run.stdout) as { pods: { node: string | null }[] }).pods;
    assert.equal(pods.length, 1);
    const [real] = await podsOf('apps', 'probe');
    assert.match(pods[0].node ?? '', /^akswin22-/);
    assert.match(nodeNameOf(real), /^akswin22-/);
  });
});
