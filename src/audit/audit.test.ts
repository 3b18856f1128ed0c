// audit against a fake kube-apiserver serving a hybrid cluster with planted problems: each is found
// with its cause and the rule that predicts it; forbidden kinds are skipped with a note.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeApiServer } from '../admission/testing/apiserver.js';
import type { FakeApiServer } from '../admission/testing/apiserver.js';
import { captureIO } from '../cli/io.js';
import { main } from '../cli/main.js';
import { RULES } from '../rules/index.js';
import type { AuditReport } from './analyse.js';
import { runAudit } from './run.js';
import { seedPlantedCluster } from './testing/cluster.js';
import type { AuditKinds } from './testing/cluster.js';
import type { PolicyReportObject } from '../format/policyreport.js';

const NOW = Date.parse('2025-01-02T00:00:00Z');

describe('audit of a cluster with planted problems', () => {
  let api: FakeApiServer;
  let kinds: AuditKinds;
  let report: AuditReport;
  before(async () => {
    api = await startFakeApiServer();
    kinds = seedPlantedCluster(api);
    report = await runAudit({ kubeconfig: api.kubeconfigFile, env: {}, rules: RULES, now: NOW });
  });
  after(async () => api.close());

  const problem = (name: string) => report.podProblems.find((p) => p.name === name);

  it('lists every kind paginated (limit=500) and Events without Normal ones', () => {
    for (const path of ['/api/v1/nodes', '/api/v1/pods', '/apis/apps/v1/deployments', '/apis/batch/v1/cronjobs', '/api/v1/events']) {
      const lists = api.requestsTo(path, 'list');
      assert.equal(lists.length, 1, path);
      assert.equal(lists[0].query.limit, '500');
    }
    assert.equal(api.requestsTo('/api/v1/events', 'list')[0].query.fieldSelector, 'type!=Normal');
  });

  it('runs the rules on top-level workloads only, naming kind/namespace/name and a pointer, no file', () => {
    const iis = report.findings.filter((f) => f.object.kind === 'Deployment' && f.object.name === 'iis');
    assert.ok(iis.some((f) => f.ruleId === 'windows-image-build-mismatch'));
    assert.ok(report.findings.every((f) => f.object.kind !== 'ReplicaSet' && !(f.object.kind === 'Pod' && f.object.name.startsWith('iis-'))));
    for (const f of report.findings) {
      assert.ok(!('file' in f) && !('line' in f));
      assert.match(f.path, /^(\/|$)/);
    }
  });

  it('ties the 2019 replica of a 2022 image to its event and to windows-image-build-mismatch', () => {
    const p = problem('iis-7d9f-c');
    assert.equal(p?.kind, 'ImagePullBackOff');
    assert.equal(p?.windowsBuild, '10.0.17763');
    assert.deepEqual(p?.owner, { kind: 'Deployment', namespace: 'web', name: 'iis' });
    assert.match(p?.events[0] ?? '', /no match for platform in manifest/);
    assert.match(p?.cause ?? '', /no entry for this node's OS or Windows build/);
    assert.ok(p?.predictedBy.includes('windows-image-build-mismatch'));
  });

  it('finds the Linux pod stuck on a Windows node, predicted by linux-workload-on-windows-node', () => {
    const p = problem('api-5c4b-b');
    assert.equal(p?.kind, 'LinuxPodOnWindowsNode');
    assert.match(p?.cause ?? '', /Linux image pulled on a Windows node/);
    assert.deepEqual(p?.predictedBy, ['linux-workload-on-windows-node']);
  });

  it('finds the Pending pod with the scheduler message, predicted by no-eligible-node', () => {
    const p = problem('legacy-66f-a');
    assert.equal(p?.kind, 'Pending');
    assert.equal(p?.node, null);
    assert.match(p?.message ?? '', /^0\/5 nodes are available/);
    assert.ok(p?.predictedBy.includes('no-eligible-node'));
  });

  it('finds the CrashLoopBackOff of a Linux exec probe, predicted by windows-exec-probe-command', () => {
    const p = problem('probe-8a1-a');
    assert.equal(p?.kind, 'CrashLoopBackOff');
    assert.match(p?.cause ?? '', /exec probe/);
    assert.deepEqual(p?.predictedBy, ['windows-exec-probe-command']);
  });

  it('finds the kubelet rejection PodOSNotSupported', () => {
    const p = problem('wrong-os');
    assert.equal(p?.kind, 'KubeletRejected');
    assert.equal(p?.status, 'PodOSNotSupported');
    assert.ok(p?.predictedBy.includes('linux-workload-on-windows-node'));
  });

  it('reports the DaemonSet 2/5 ready, per pool', () => {
    assert.deepEqual(report.daemonSets.filter((d) => d.name === 'log-agent'), [
      {
        namespace: 'kube-system',
        name: 'log-agent',
        desired: 5,
        ready: 2,
        pools: [
          { pool: 'system', os: 'linux', pods: 2, ready: 2 },
          { pool: 'win19', os: 'windows', windowsBuild: '10.0.17763', pods: 1, ready: 0 },
          { pool: 'win22', os: 'windows', windowsBuild: '10.0.20348', pods: 2, ready: 0 },
        ],
        events: [],
        predictedBy: ['linux-workload-on-windows-node'],
      },
    ]);
  });

  it('ties the HostProcess DaemonSet with no pods to Pod Security (its FailedCreate event and host-process-namespace-pod-security)', () => {
    const gap = report.daemonSets.find((d) => d.name === 'host-agent');
    assert.equal(gap?.ready, 0);
    assert.deepEqual(gap?.pools, []);
    assert.match(gap?.events[0] ?? '', /^FailedCreate: .*violates PodSecurity "baseline:latest": hostProcess/);
    assert.ok(gap?.predictedBy.includes('host-process-namespace-pod-security'));
    const finding = report.findings.find((f) => f.ruleId === 'host-process-namespace-pod-security');
    assert.deepEqual(finding?.object, { apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'web', name: 'host-agent' });
    assert.equal(finding?.path, '/spec/template/spec/securityContext/windowsOptions/hostProcess');
  });

  it('reports the Deployment whose replicas span Windows builds', () => {
    assert.deepEqual(report.buildSpreads, [{ owner: { kind: 'Deployment', namespace: 'web', name: 'iis' }, builds: [{ windowsBuild: '10.0.17763', pods: 1 }, { windowsBuild: '10.0.20348', pods: 2 }] }]);
  });

  it('lists where simulate disagrees with the cluster', () => {
    const byOwner = new Map(report.disagreements.map((d) => [`${d.kind} ${d.owner.kind}/${d.owner.namespace}/${d.owner.name}`, d]));
    // simulate places the probe's pod and says Running: the exec probe fails only at run time.
    assert.ok(byOwner.has('predicted-running Deployment/web/probe'), [...byOwner.keys()].join('; '));
  });

  it('notes the absent gMSA CRD', () => {
    assert.ok(report.notes.some((n) => /gmsacredentialspecs\.windows\.k8s\.io: not served/.test(n)));
  });

  it('skips a forbidden kind with a note naming the RBAC rule to add, and still audits the rest', async () => {
    kinds.cronJobs.forbidden = true;
    try {
      const r = await runAudit({ kubeconfig: api.kubeconfigFile, env: {}, rules: RULES, now: NOW });
      const note = r.notes.find((n) => n.startsWith('skipped cronjobs.batch'));
      assert.match(note ?? '', /forbidden \(403\).*\n- apiGroups: \["batch"\]\n {2}resources: \["cronjobs"\]\n {2}verbs: \["get", "list"\]/);
      assert.equal(r.podProblems.length, report.podProblems.length);
    } finally {
      kinds.cronJobs.forbidden = false;
    }
  });

  it('-n NS reads namespaced kinds in that namespace only', async () => {
    const r = await runAudit({ kubeconfig: api.kubeconfigFile, env: {}, rules: RULES, now: NOW, namespace: 'default' });
    assert.deepEqual([...new Set(r.podProblems.map((p) => p.namespace))], ['default']);
    assert.ok(api.requests.some((q) => q.path === '/api/v1/namespaces/default/pods'));
  });

  it('-o policyreport: a wgpolicyk8s.io/v1alpha2 PolicyReport per namespace and a ClusterPolicyReport', async () => {
    const io = captureIO();
    io.env = { KUBECONFIG: api.kubeconfigFile };
    assert.equal(await main(['audit', '-o', 'policyreport'], io), 1, io.err);
    const { parseAllDocuments } = await import('yaml');
    const reports = parseAllDocuments(io.out).map((d) => d.toJS() as PolicyReportObject);
    assert.deepEqual(reports.map((r) => `${r.kind} ${r.metadata.namespace ?? ''}/${r.metadata.name}`), [
      'PolicyReport default/kube-hybrid-audit',
      'PolicyReport kube-system/kube-hybrid-audit',
      'PolicyReport web/kube-hybrid-audit',
      'ClusterPolicyReport /kube-hybrid-audit',
    ]);
    for (const r of reports) {
      assert.equal(r.apiVersion, 'wgpolicyk8s.io/v1alpha2');
      const counted = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
      for (const result of r.results) {
        assert.ok(['pass', 'fail', 'warn', 'error', 'skip'].includes(result.result));
        assert.ok(result.severity === undefined || ['critical', 'high', 'medium', 'low', 'info'].includes(result.severity));
        assert.equal(typeof result.timestamp.seconds, 'number');
        counted[result.result]++;
      }
      assert.deepEqual(r.summary, counted);
    }
    const web = reports[2].results;
    const pull = web.find((x) => x.policy === 'pod-status' && x.resources?.[0].name === 'iis-7d9f-c');
    assert.equal(pull?.rule, 'ImagePullBackOff');
    assert.equal(pull?.properties?.predictedBy, 'windows-build-unpinned,windows-image-build-mismatch');
    const mismatch = web.find((x) => x.policy === 'windows-image-build-mismatch');
    assert.deepEqual(mismatch?.resources, [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'iis' }]);
    assert.equal(mismatch?.properties?.jsonPointer, '/spec/template/spec/containers/0/image');
    assert.deepEqual(reports[3].results.map((x) => `${x.policy} ${x.resources?.[0].kind}/${x.resources?.[0].name}`), ['windows-build-unpinned Node/akswin19-1']); // 10.0.20348 has the RuntimeClass windows-2022
  });

  it('-o policyreport --apply writes each report by server-side apply; a missing CRD is one line, exit 2', async () => {
    const io = captureIO();
    io.env = { KUBECONFIG: api.kubeconfigFile };
    assert.equal(await main(['audit', '-o', 'policyreport', '--apply'], io), 2);
    assert.match(io.err, /^kube-hybrid audit: the PolicyReport CRD \(wgpolicyk8s\.io\/v1alpha2\) is not installed/);
    api.applyPrefixes.push('/apis/wgpolicyk8s.io/v1alpha2/');
    const again = captureIO();
    again.env = { KUBECONFIG: api.kubeconfigFile };
    assert.equal(await main(['audit', '-o', 'policyreport', '--apply', '--fail-on', 'none'], again), 0, again.err);
    assert.equal(again.out, '');
    assert.deepEqual(api.applied.map((a) => a.path), [
      '/apis/wgpolicyk8s.io/v1alpha2/namespaces/default/policyreports/kube-hybrid-audit',
      '/apis/wgpolicyk8s.io/v1alpha2/namespaces/kube-system/policyreports/kube-hybrid-audit',
      '/apis/wgpolicyk8s.io/v1alpha2/namespaces/web/policyreports/kube-hybrid-audit',
      '/apis/wgpolicyk8s.io/v1alpha2/clusterpolicyreports/kube-hybrid-audit',
    ]);
    for (const a of api.applied) {
      assert.equal(a.contentType, 'application/apply-patch+yaml');
      assert.deepEqual(a.query, { fieldManager: 'kube-hybrid', force: 'true' });
    }
    assert.match(again.err, /applied 4 report\(s\)/);
  });

  it('reaching the --max-heap bound is one line and exit 2, not a crash', async () => {
    const io = captureIO();
    io.env = { KUBECONFIG: api.kubeconfigFile };
    assert.equal(await main(['audit', '--max-heap', '1'], io), 2);
    assert.match(io.err, /^kube-hybrid audit: the analysis needed more than 1 MiB of heap: raise it with --max-heap MiB, or audit one namespace at a time \(-n\)\n$/);
  });

  for (const output of ['text', 'json', 'sarif'] as const) {
    it(`the CLI prints ${output}: findings name kind/namespace/name and pointer, exit 1`, async () => {
      const io = captureIO();
      io.env = { KUBECONFIG: api.kubeconfigFile };
      const code = await main(['audit', '-A', '-o', output], io);
      assert.equal(code, 1, io.err);
      if (output === 'text') {
        assert.match(io.out, /Deployment\/web\/iis \/spec\/template\/spec\/containers\/0\/image/);
        assert.match(io.out, /Pod\/web\/iis-7d9f-c ImagePullBackOff on akswin19-1 \(pool win19, 10\.0\.17763\)/);
      } else if (output === 'json') {
        const json = JSON.parse(io.out) as AuditReport;
        assert.equal(json.summary.podProblems, report.podProblems.length);
      } else {
        const sarif = JSON.parse(io.out) as { runs: { results: { locations: { logicalLocations: { fullyQualifiedName: string }[]; physicalLocation?: unknown }[] }[] }[] };
        const names = sarif.runs[0].results.map((r) => r.locations[0].logicalLocations[0].fullyQualifiedName);
        assert.ok(names.includes('Deployment/web/iis/spec/template/spec/containers/0/image'), names.join(' '));
        assert.ok(sarif.runs[0].results.every((r) => r.locations[0].physicalLocation === undefined));
      }
    });
  }
});

describe('audit manifests', () => {
  it('prints a CronJob whose ServiceAccount reads without Secrets or writes, and writes only PolicyReports', async () => {
    const io = captureIO();
    assert.equal(await main(['audit', 'manifests', '-o', 'json', '--schedule', '0 * * * *'], io), 0, io.err);
    const list = JSON.parse(io.out) as { items: { kind: string; metadata: { name: string }; rules?: { apiGroups?: string[]; resources?: string[]; verbs: string[] }[]; spec?: Record<string, unknown> }[] };
    assert.deepEqual(list.items.map((o) => `${o.kind}/${o.metadata.name}`), [
      'Namespace/kube-hybrid',
      'ServiceAccount/kube-hybrid-audit',
      'ClusterRole/kube-hybrid-audit',
      'ClusterRoleBinding/kube-hybrid-audit',
      'ClusterRole/kube-hybrid-audit-reports',
      'ClusterRoleBinding/kube-hybrid-audit-reports',
      'CronJob/kube-hybrid-audit',
    ]);
    const [read, write] = list.items.filter((o) => o.kind === 'ClusterRole');
    for (const rule of read.rules ?? []) {
      assert.deepEqual(rule.verbs.filter((v) => v !== 'get' && v !== 'list'), []);
      assert.ok(!(rule.resources ?? []).includes('secrets'));
    }
    assert.deepEqual(write.rules, [{ apiGroups: ['wgpolicyk8s.io'], resources: ['policyreports', 'clusterpolicyreports'], verbs: ['get', 'create', 'patch'] }]);
    const cron = list.items.at(-1) as unknown as { spec: { schedule: string; jobTemplate: { spec: { template: { spec: { serviceAccountName: string; containers: { args: string[] }[] } } } } } };
    assert.equal(cron.spec.schedule, '0 * * * *');
    assert.equal(cron.spec.jobTemplate.spec.template.spec.serviceAccountName, 'kube-hybrid-audit');
    assert.deepEqual(cron.spec.jobTemplate.spec.template.spec.containers[0].args, ['audit', '-A', '-o', 'policyreport', '--apply', '--fail-on', 'none', '--max-heap', '1536']);
    const yaml = captureIO();
    assert.equal(await main(['audit', 'manifests'], yaml), 0);
    assert.doesNotMatch(yaml.out, /[&*]a\d/, 'no YAML anchors or aliases');
  });
});

describe('audit CLI bad cases', () => {
  it('--print-rbac prints a read-only ClusterRole without Secrets', async () => {
    const io = captureIO();
    assert.equal(await main(['audit', '--print-rbac'], io), 0);
    assert.match(io.out, /^apiVersion: rbac\.authorization\.k8s\.io\/v1\nkind: ClusterRole\n/);
    assert.doesNotMatch(io.out, /secrets|"create"|"update"|"delete"|"patch"/);
  });

  it('an unknown context: one line, exit 2', async () => {
    const api = await startFakeApiServer();
    try {
      const io = captureIO();
      io.env = { KUBECONFIG: api.kubeconfigFile };
      assert.equal(await main(['audit', '--context', 'staging'], io), 2);
      assert.match(io.err, /^kube-hybrid audit: context "staging" does not exist in \$KUBECONFIG \(.*\) \(contexts: fake\)\n$/);
    } finally {
      await api.close();
    }
  });

  it('nodes forbidden: one line naming the verb, the resource and the rule to add, exit 2', async () => {
    const api = await startFakeApiServer();
    try {
      api.nodes.forbidden = true;
      const io = captureIO();
      io.env = { KUBECONFIG: api.kubeconfigFile };
      assert.equal(await main(['audit'], io), 2);
      assert.match(io.err, /^kube-hybrid audit: forbidden \(403\) to list nodes: nodes is forbidden: User "tester" cannot list resource "nodes" in API group "" at the cluster scope; add to the ClusterRole: apiGroups \[""\], resources \["nodes"\], verbs \["get", "list"\] \(kube-hybrid audit --print-rbac prints the whole role\)\n$/);
    } finally {
      await api.close();
    }
  });

  it('expired credentials: one line naming the refusal, exit 2, the token not printed', async () => {
    const api = await startFakeApiServer();
    try {
      const io = captureIO();
      const { readFileSync, writeFileSync } = await import('node:fs');
      const file = `${api.dir}/expired`;
      writeFileSync(file, readFileSync(api.kubeconfigFile, 'utf8').replace(api.token, 'expired-token-value'));
      assert.equal(await main(['audit', '--kubeconfig', file], io), 2);
      assert.match(io.err, /^kube-hybrid audit: https:\/\/127\.0\.0\.1:\d+ refused the credentials \(401 Unauthorized\) for (list [a-z0-9.]+|get \/version): /);
      assert.equal(io.err.split('\n').length, 2);
      assert.ok(!io.err.includes('expired-token-value'));
    } finally {
      await api.close();
    }
  });
});
