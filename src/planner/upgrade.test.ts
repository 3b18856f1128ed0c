// End-to-end plans: the bundled example (examples/hybrid-app) moved 2019→2022 and 2022→2025, and the
// contoso fixture (a PodDisruptionBudget that blocks a drain, a DaemonSet without an image for the
// target, a gMSA workload, a HostProcess agent). Generated objects must validate against the
// Kubernetes schemas and pass `check` against the cluster after the move.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { CronJob } from 'kubernetes-models/batch/v1';
import { RuntimeClass } from 'kubernetes-models/node.k8s.io/v1';
import { parseAllDocuments } from 'yaml';
import { captureIO } from '../cli/io.js';
import { main } from '../cli/main.js';
import type { Cluster } from '../cluster/model.js';
import { builtinCluster, loadCluster } from '../cluster/profiles.js';
import { collectInputs, runRules } from '../engine/run.js';
import type { KubeObject } from '../kube/types.js';
import { loadManifests, loadText } from '../manifests/load.js';
import { manifestObjectFromValue } from '../manifests/load.js';
import type { ManifestObject } from '../manifests/types.js';
import { RULES } from '../rules/index.js';
import { applyWhatIfs } from '../scheduler/what-if.js';
import { repoPath } from '../testing/paths.js';
import { parseBuild, retagFor } from './inventory.js';
import { upgradeFiles } from './render.js';
import { disruptionsAllowed, planUpgrade } from './upgrade.js';
import type { UpgradePlan } from './upgrade.js';

const TODAY = '2026-11-30';
const EXAMPLE = repoPath('examples/hybrid-app');
const CONTOSO = repoPath('test/fixtures/plan/contoso');
const AKS_2019 = repoPath('test/fixtures/plan/aks-2019.yaml');

function cluster2019(): Cluster {
  const loaded = loadCluster(AKS_2019);
  assert.deepEqual(loaded.problems, []);
  return loaded.cluster!;
}

function plan(paths: string[], cluster: Cluster, target: number): { plan: UpgradePlan; objects: ManifestObject[] } {
  const loaded = loadManifests(paths);
  assert.deepEqual(loaded.problems.filter((p) => p.severity === 'error'), []);
  return { plan: planUpgrade(loaded.objects, cluster, { target, today: TODAY }), objects: loaded.objects };
}

/** Validates with kubernetes-models; throws with the schema error. */
function validate(object: KubeObject): void {
  const kinds: Record<string, (o: never) => { validate(): void }> = {
    Deployment: (o) => new Deployment(o),
    DaemonSet: (o) => new DaemonSet(o),
    CronJob: (o) => new CronJob(o),
    RuntimeClass: (o) => new RuntimeClass(o),
  };
  const make = kinds[object.kind];
  assert.ok(make, `no schema check for ${object.kind}`);
  make(object as never).validate();
}

function generatedObjects(p: UpgradePlan): KubeObject[] {
  return [...p.changes.patched.map((x) => x.object), ...p.changes.runtimeClasses, ...p.prepull];
}

/** The cluster after the move: the target pool added, the source pools removed. */
function clusterAfter(p: UpgradePlan, before: Cluster): Cluster {
  const result = applyWhatIfs(before, [{ kind: 'add-pool', spec: JSON.stringify(p.target.pool) }, ...p.source.pools.map((pool) => ({ kind: 'remove-pool' as const, pool }))]);
  assert.deepEqual(result.problems, []);
  return result.cluster;
}

/** Error findings of `check` (lifecycle rules aside) as "ruleId kind/name". */
function checkErrors(objects: readonly ManifestObject[], cluster: Cluster): Set<string> {
  const inputs = collectInputs(objects, cluster);
  inputs.today = TODAY;
  const rules = RULES.filter((r) => r.meta.category !== 'lifecycle');
  return new Set(runRules(objects, inputs, rules).filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.object.kind}/${f.object.name}`));
}

function patchedManifests(p: UpgradePlan): ManifestObject[] {
  return [...p.changes.runtimeClasses.map((rc) => manifestObjectFromValue(rc, 'rc.yaml')), ...p.changes.patched.map((x) => ({ ...x.original, object: x.object }))];
}

describe('plan upgrade: examples/hybrid-app from Windows Server 2019 to 2022 (AKS)', () => {
  const before = cluster2019();
  const { plan: p, objects } = plan([EXAMPLE], before, 20348);

  it('finds the source pool and copies it for the target: same size, labels, zones; the AKS OS SKU of the target', () => {
    assert.deepEqual(p.source.pools, ['win19']);
    assert.equal(p.target.pool.name, 'win22');
    assert.equal(p.target.pool.count, 3);
    assert.equal(p.target.pool.osSku, 'Windows2022');
    assert.deepEqual(p.target.pool.zones, ['1', '2', '3']);
    assert.equal(p.target.pool.labels?.['kubernetes.azure.com/agentpool'], 'win22');
    assert.equal(p.target.pool.labels?.['kubernetes.azure.com/os-sku'], 'Windows2022');
  });

  it('inventories the Windows images: the ltsc2019 ASP.NET image is re-tagged, nanoserver:ltsc2022 already runs, the HostProcess exporter has no build requirement', () => {
    const images = new Map(p.inventory.flatMap((e) => e.images.map((i) => [i.image, i])));
    assert.equal(images.get('mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019')?.verdict, 'rebuild');
    assert.equal(images.get('mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019')?.retag, 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022');
    assert.equal(images.get('mcr.microsoft.com/windows/nanoserver:ltsc2022')?.verdict, 'runs');
    assert.equal(images.get('ghcr.io/prometheus-community/windows-exporter:0.29.2')?.verdict, 'host-process');
  });

  it('pins every moving workload to 10.0.20348 and says which problems the target build itself has (AKS retires 2022 on 15 March 2027)', () => {
    assert.deepEqual(p.changes.patched.map((x) => `${x.object.kind}/${x.object.metadata?.name}`).sort(), ['CronJob/nightly-report', 'DaemonSet/windows-exporter', 'Deployment/lob-web']);
    for (const x of p.changes.patched) assert.ok(x.changes.some((c) => c.includes('node.kubernetes.io/windows-build: 10.0.20348')), x.changes.join('; '));
    assert.ok(p.blocking.some((b) => b.includes('retires on AKS on 15 March 2027')), p.blocking.join('\n'));
  });

  it('simulates every step and no step leaves pods not running that run today', () => {
    assert.deepEqual(p.steps.map((s) => s.kind), ['baseline', 'add-pool', 'prepull', 'move', 'drain', 'drain', 'drain', 'remove-pool']);
    assert.equal(p.failed, false);
    assert.deepEqual(p.steps.flatMap((s) => s.regressions), []);
    const prepull = p.steps.find((s) => s.kind === 'prepull')!;
    assert.equal(prepull.pods.running, 3);
    assert.ok((prepull.readyAfterSeconds ?? 0) > 0);
  });

  it('writes objects that validate against the Kubernetes schemas', () => {
    const generated = generatedObjects(p);
    assert.ok(generated.length >= 4);
    for (const object of generated) assert.doesNotThrow(() => validate(object), `${object.kind}/${object.metadata?.name}`);
  });

  it('passes check against the target pool: no error the manifests did not already have on the 2019 pool', () => {
    const beforeErrors = checkErrors(objects, before);
    const afterErrors = checkErrors(patchedManifests(p), clusterAfter(p, before));
    assert.deepEqual([...afterErrors].filter((e) => !beforeErrors.has(e)), []);
    assert.ok(![...afterErrors].some((e) => e.startsWith('windows-image-build-mismatch')));
  });
});

describe('plan upgrade: examples/hybrid-app from Windows Server 2022 to 2025 (the aks profile)', () => {
  const before = builtinCluster('aks');
  const { plan: p, objects } = plan([EXAMPLE], before, 26100);

  it('keeps ltsc2022 images (a 2025 host runs them) and re-tags the ltsc2019 one for 2025', () => {
    const images = new Map(p.inventory.flatMap((e) => e.images.map((i) => [i.image, i])));
    assert.equal(images.get('mcr.microsoft.com/windows/nanoserver:ltsc2022')?.verdict, 'runs');
    assert.equal(images.get('mcr.microsoft.com/windows/nanoserver:ltsc2022')?.retag, undefined);
    assert.equal(images.get('mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019')?.retag, 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2025');
    assert.equal(p.target.pool.name, 'win25');
    assert.equal(p.target.pool.osSku, 'Windows2025');
  });

  it('no step leaves pods not running that run today, and the target build is not retiring', () => {
    assert.equal(p.failed, false);
    assert.deepEqual(p.blocking, []);
  });

  it('writes objects that validate and pass check against the 2025 pool', () => {
    for (const object of generatedObjects(p)) assert.doesNotThrow(() => validate(object), `${object.kind}/${object.metadata?.name}`);
    const beforeErrors = checkErrors(objects, before);
    const afterErrors = checkErrors(patchedManifests(p), clusterAfter(p, before));
    assert.deepEqual([...afterErrors].filter((e) => !beforeErrors.has(e)), []);
  });

  it('pins with a RuntimeClass per build when asked', () => {
    const loaded = loadManifests([EXAMPLE]);
    const withClasses = planUpgrade(loaded.objects, before, { target: 26100, today: TODAY, pinMode: 'runtime-class' });
    assert.deepEqual(withClasses.changes.runtimeClasses.map((rc) => rc.metadata?.name), ['windows-2025']);
    for (const x of withClasses.changes.patched) assert.ok(x.changes.some((c) => c.startsWith('runtimeClassName windows-2025')), x.changes.join('; '));
    for (const object of generatedObjects(withClasses)) assert.doesNotThrow(() => validate(object), `${object.kind}/${object.metadata?.name}`);
    assert.equal(withClasses.failed, false);
  });
});

describe('plan upgrade: the contoso fixture from Windows Server 2019 to 2025', () => {
  const before = cluster2019();
  const { plan: p } = plan([CONTOSO], before, 26100);

  it('puts the blocking problems first: a workload and a DaemonSet to rebuild, a PodDisruptionBudget that blocks the drain', () => {
    const text = p.blocking.join('\n');
    assert.match(text, /Deployment lob\/billing cannot move: rebuild contoso\.azurecr\.io\/billing:2\.3\.1-10\.0\.17763\.6893/);
    assert.match(text, /DaemonSet monitoring\/log-agent gets 3 pod\(s\) on win25 as soon as it exists, and they fail \(CrashLoopBackOff/);
    assert.match(text, /DaemonSet monitoring\/log-agent has no working pod on win25/);
    assert.match(text, /PodDisruptionBudget lob\/billing allows no disruption \(maxUnavailable 0 of 2 pods\)/);
  });

  it('moves api (re-tagged, AKS OS-SKU selector rewritten) and the HostProcess csi-proxy, and leaves billing and log-agent', () => {
    const moved = new Map(p.changes.patched.map((x) => [x.object.metadata?.name, x.changes]));
    assert.deepEqual([...moved.keys()].sort(), ['api', 'csi-proxy']);
    assert.ok(moved.get('api')!.includes('nodeSelector kubernetes.azure.com/os-sku: Windows2019 → Windows2025'), moved.get('api')!.join('; '));
    assert.ok(moved.get('api')!.some((c) => c.includes('ltsc2019 → mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2025')));
    assert.equal(p.inventory.find((e) => e.ref === 'DaemonSet kube-system/csi-proxy')?.images[0].verdict, 'host-process');
  });

  it('notes the gMSA set-up the new nodes need', () => {
    const move = p.steps.find((s) => s.kind === 'move')!;
    assert.ok(move.notes.some((n) => n.includes('gMSA api-gmsa')), move.notes.join('\n'));
  });

  it('paces the drain with the api budget and fails: billing has nowhere to run once the old pool goes', () => {
    assert.equal(p.failed, true);
    const removal = p.steps.find((s) => s.kind === 'remove-pool')!;
    assert.ok(removal.regressions.some((r) => r.workload === 'Deployment lob/billing' && r.after === 0));
    const drains = p.steps.filter((s) => s.kind === 'drain');
    assert.equal(drains.length, 3);
    assert.ok(drains.some((s) => s.problems.some((x) => x.includes('PodDisruptionBudget lob/billing'))));
  });

  it('writes the generated objects, which validate and pass check against the 2025 pool', () => {
    for (const object of generatedObjects(p)) assert.doesNotThrow(() => validate(object), `${object.kind}/${object.metadata?.name}`);
    assert.deepEqual([...checkErrors(patchedManifests(p), clusterAfter(p, before))], []);
  });
});

describe('plan upgrade: a workload pinned to its pool by the platform label', () => {
  const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: pinned, namespace: lob}
spec:
  replicas: 2
  selector: {matchLabels: {app: pinned}}
  template:
    metadata: {labels: {app: pinned}}
    spec:
      os: {name: windows}
      nodeSelector: {kubernetes.io/os: windows, agentpool: win19}
      containers:
        - {name: c, image: 'mcr.microsoft.com/windows/servercore:ltsc2019', resources: {limits: {memory: 1Gi}, requests: {memory: 1Gi}}}
`;
  const p = planUpgrade(loadText('pinned.yaml', yaml).objects, cluster2019(), { target: 20348, today: TODAY });
  it('follows the pool rename, re-tags the image and moves without leaving pods behind', () => {
    assert.deepEqual(p.changes.patched[0].changes, [
      'container c: image mcr.microsoft.com/windows/servercore:ltsc2019 → mcr.microsoft.com/windows/servercore:ltsc2022',
      'nodeSelector node.kubernetes.io/windows-build: 10.0.20348',
      'nodeSelector agentpool: win19 → win22',
    ]);
    assert.equal(p.failed, false);
    const move = p.steps.find((s) => s.kind === 'move')!;
    assert.equal(move.pods.running, move.pods.total);
  });
});

describe('plan upgrade: the contoso fixture without the billing budget', () => {
  const loaded = loadManifests([CONTOSO]);
  const objects = loaded.objects.filter((o) => !(o.object.kind === 'PodDisruptionBudget' && o.object.metadata?.name === 'billing'));
  const p = planUpgrade(objects, cluster2019(), { target: 26100, today: TODAY });
  it('drains node by node, pacing each drain on the time the evicted pods need to be Ready elsewhere', () => {
    const first = p.steps.find((s) => s.kind === 'drain')!;
    assert.ok(first.notes.some((n) => n.startsWith('pace: drain the next node only when the pods of Deployment lob/billing are Ready again')), first.notes.join('\n'));
    assert.ok((first.readyAfterSeconds ?? 0) > 0);
    assert.ok(!first.problems.some((x) => x.includes('PodDisruptionBudget')));
  });
});

describe('plan upgrade: a cluster that already has a pool of the target build', () => {
  it('moves from the --from build and says the existing target pool may make the new one unnecessary', () => {
    const p = planUpgrade(loadManifests([EXAMPLE]).objects, builtinCluster('multi-build'), { source: 17763, target: 26100, today: TODAY });
    assert.deepEqual(p.source.pools, ['win2019']);
    const add = p.steps.find((s) => s.kind === 'add-pool')!;
    assert.ok(add.notes.some((n) => n.startsWith('the cluster already has win2025 (2 × 10.0.26100)')), add.notes.join('\n'));
    assert.ok(!p.steps.some((s) => s.kind === 'drain' && !s.title.includes('win2019')));
  });
});

describe('plan upgrade pieces', () => {
  const budgets: { budget: { minAvailable?: number | string; maxUnavailable?: number | string }; expected: number; healthy: number; allowed: number }[] = [
    { budget: { maxUnavailable: 0 }, expected: 2, healthy: 2, allowed: 0 },
    { budget: { maxUnavailable: 1 }, expected: 3, healthy: 3, allowed: 1 },
    { budget: { minAvailable: 2 }, expected: 3, healthy: 3, allowed: 1 },
    { budget: { minAvailable: '100%' }, expected: 3, healthy: 3, allowed: 0 },
    { budget: { maxUnavailable: '50%' }, expected: 3, healthy: 3, allowed: 2 },
    { budget: { minAvailable: 2 }, expected: 3, healthy: 1, allowed: 0 },
  ];
  for (const row of budgets) {
    it(`a budget ${JSON.stringify(row.budget)} over ${row.healthy}/${row.expected} healthy pods allows ${row.allowed}`, () => assert.equal(disruptionsAllowed(row.budget, row.expected, row.healthy), row.allowed));
  }
  const builds: [string, number | undefined][] = [['2022', 20348], ['2025', 26100], ['ltsc2019', 17763], ['Windows2025', 26100], ['10.0.20348', 20348], ['26100', 26100], ['10.0.20348.3807', 20348], ['vista', undefined]];
  for (const [text, build] of builds) it(`--to ${text} is ${build ?? 'refused'}`, () => assert.equal(parseBuild(text), build));
  const retags: [string, number, string | undefined][] = [
    ['mcr.microsoft.com/windows/servercore:ltsc2019', 20348, 'mcr.microsoft.com/windows/servercore:ltsc2022'],
    ['mcr.microsoft.com/windows/nanoserver:1809', 26100, 'mcr.microsoft.com/windows/nanoserver:ltsc2025'],
    ['mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019', 26100, 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2025'],
    ['localhost:5000/app:1.0', 26100, undefined],
    ['contoso.azurecr.io/billing:2.3.1-10.0.17763.6893', 26100, undefined],
  ];
  for (const [image, target, expected] of retags) it(`re-tags ${image} for ${target}: ${expected ?? 'no re-tag'}`, () => assert.equal(retagFor(image, target), expected));
});

describe('kube-hybrid plan (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kh-plan-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('plan upgrade exits 1 for the contoso move, prints the Markdown plan and writes --out', async () => {
    const io = captureIO();
    const code = await main(['plan', 'upgrade', '--to', '2025', CONTOSO, '--cluster', AKS_2019, '--today', TODAY, '--out', dir], io);
    assert.equal(code, 1, io.err);
    assert.match(io.out, /^# Windows node upgrade: Windows Server 2019 \(10\.0\.17763\) → Windows Server 2025 \(10\.0\.26100\)/);
    assert.ok(io.out.indexOf('## Blocking problems') < io.out.indexOf('## Inventory'));
    const files = [...upgradeFiles(plan([CONTOSO], cluster2019(), 26100).plan).keys()].sort();
    assert.deepEqual(files, ['manifests/20-api.yaml', 'manifests/40-agents.yaml', 'plan.json', 'plan.md', 'pool.yaml', 'prepull.yaml', 'rollback/20-api.yaml', 'rollback/40-agents.yaml']);
    for (const file of files.filter((f) => f.endsWith('.yaml') && f !== 'pool.yaml')) {
      for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) assert.doesNotThrow(() => validate(doc.toJSON() as KubeObject), file);
    }
    const json = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as { failed: boolean; target: { pool: { name: string } } };
    assert.equal(json.failed, true);
    assert.equal(json.target.pool.name, 'win25');
    const replay = await main(['simulate', CONTOSO, '--cluster', AKS_2019, '--add-pool', join(dir, 'pool.yaml'), '-o', 'json'], captureIO());
    assert.ok(replay === 0 || replay === 1, 'the written pool replays in simulate --add-pool');
  });

  it('plan upgrade -o json exits 0 for the example 2022 → 2025', async () => {
    const io = captureIO();
    const code = await main(['plan', 'upgrade', '--to', 'ltsc2025', EXAMPLE, '--cluster', 'aks', '--today', TODAY, '-o', 'json'], io);
    assert.equal(code, 0, io.err);
    assert.equal((JSON.parse(io.out) as { failed: boolean }).failed, false);
  });

  it('plan lifecycle prints each Windows pool with its deadline and exits 1 for a retired pool', async () => {
    const io = captureIO();
    assert.equal(await main(['plan', 'lifecycle', '--cluster', AKS_2019, '--today', TODAY], io), 1);
    assert.match(io.out, /win19\s+10\.0\.17763\s+Windows Server 2019\s+v1\.32\.7\s+retired\s+1 March 2026\s+-274\s+1 April 2027/);
    assert.match(io.out, /https:\/\/github\.com\/Azure\/AKS\/pull\/5798 \(read 2026-11-30\)/);
    const json = captureIO();
    assert.equal(await main(['plan', 'lifecycle', '--today', '2026-09-15', '-o', 'json'], json), 0);
    const parsed = JSON.parse(json.out) as { pools: { pool: string; status: string; daysLeft: number }[] };
    assert.deepEqual(parsed.pools.map((p) => [p.pool, p.status, p.daysLeft]), [['win22', 'supported', 181]]);
  });

  it('plan lifecycle exits 1 for a pool on a Kubernetes version its build is not supported on', async () => {
    const profile = join(dir, 'aks-2019-133.yaml');
    writeFileSync(profile, readFileSync(AKS_2019, 'utf8').replace('kubernetesVersion: "1.32.7"', 'kubernetesVersion: "1.33.2"'));
    const io = captureIO();
    assert.equal(await main(['plan', 'lifecycle', '--cluster', profile, '--today', '2026-01-15', '-o', 'json'], io), 1, io.err);
    const pool = (JSON.parse(io.out) as { pools: { status: string; kubernetesVersion: string; kubernetesVersionSupported: boolean; maxMinor: string }[] }).pools[0];
    assert.deepEqual([pool.status, pool.kubernetesVersion, pool.kubernetesVersionSupported, pool.maxMinor], ['retiring', 'v1.33.2', false, '1.32']);
  });

  it('refuses bad usage with exit 2', async () => {
    for (const argv of [['plan', 'lifecycle', '--today', '2026-02-30'], ['plan', 'upgrade', EXAMPLE], ['plan', 'upgrade', '--to', 'vista', EXAMPLE], ['plan', 'nope'], ['plan', 'upgrade', '--to', '2022', EXAMPLE]]) {
      const io = captureIO();
      assert.equal(await main(argv, io), 2, `${argv.join(' ')}: ${io.err}`);
      assert.ok(io.err.length > 0);
    }
  });
});
