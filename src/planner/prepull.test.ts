import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { DaemonSet } from 'kubernetes-models/apps/v1';
import { parseAllDocuments } from 'yaml';
import { captureIO } from '../cli/io.js';
import { main } from '../cli/main.js';
import type { Cluster } from '../cluster/model.js';
import { builtinCluster, clusterFromObjects } from '../cluster/profiles.js';
import { runCheck } from '../engine/check.js';
import { collectInputs } from '../engine/run.js';
import type { KubeObject } from '../kube/types.js';
import { loadText } from '../manifests/load.js';
import { asRecord } from '../util/guards.js';
import type { ImageFacts, ImageFactsByReference } from '../model/image-facts.js';
import { DEFAULT_PAUSE_IMAGE, SOURCES_ANNOTATION, prepullManifests } from './prepull.js';
import type { PrepullOptions, PrepullResult } from './prepull.js';
import { pushImage, pushIndex } from '../images/testing/images.js';
import { RegistryPusher, startRegistry } from '../images/testing/registry.js';
import type { TestRegistry } from '../images/testing/registry.js';

const WIN2019_IMAGE = 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019';
// Nano Server publishes Windows Server 2019 as 1809 (there is no nanoserver:ltsc2019).
const WIN2019_NANO = 'mcr.microsoft.com/windows/nanoserver:1809';
const WIN2022_IMAGE = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';
const WIN2022_NANO = 'mcr.microsoft.com/windows/nanoserver:ltsc2022';

interface DeploymentSpec {
  name: string;
  namespace?: string;
  images: string[];
  initImages?: string[];
  os?: 'windows' | 'linux';
  /** Tolerate the upstream os=windows taint (default true for Windows). */
  tolerate?: boolean;
  /** Extra node-selector entries beside kubernetes.io/os. */
  selector?: string;
  extra?: string;
}

/** A Deployment in YAML; Windows ones select kubernetes.io/os=windows and tolerate os=windows. */
function deployment(spec: DeploymentSpec): string {
  const os = spec.os ?? 'windows';
  const lines = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${spec.name}${spec.namespace ? `, namespace: ${spec.namespace}` : ''}}`,
    'spec:',
    `  selector: {matchLabels: {app: ${spec.name}}}`,
    '  template:',
    `    metadata: {labels: {app: ${spec.name}}}`,
    '    spec:',
    `      nodeSelector: {kubernetes.io/os: ${os}${spec.selector ? `, ${spec.selector}` : ''}}`,
  ];
  if (os === 'windows' && spec.tolerate !== false) lines.push('      tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]');
  if (spec.extra) lines.push(spec.extra);
  if (spec.initImages) {
    lines.push('      initContainers:');
    spec.initImages.forEach((image, i) => lines.push(`        - {name: init${i}, image: "${image}"}`));
  }
  lines.push('      containers:');
  spec.images.forEach((image, i) => lines.push(`        - {name: c${i}, image: "${image}"}`));
  return `${lines.join('\n')}\n`;
}

function prepullOf(yamlText: string, cluster: Cluster | string, options: PrepullOptions = {}, facts?: ImageFactsByReference): PrepullResult {
  const { objects, problems } = loadText('apps.yaml', yamlText);
  assert.deepEqual(problems.filter((p) => p.severity === 'error'), [], 'the test input parses');
  const resolved = typeof cluster === 'string' ? builtinCluster(cluster) : cluster;
  return prepullManifests(objects, collectInputs(objects, resolved, facts), options);
}

function podSpecOf(ds: KubeObject): Record<string, unknown> {
  return asRecord(asRecord(asRecord(ds.spec)?.template)?.spec) ?? {};
}

function initImagesOf(ds: KubeObject): string[] {
  return (podSpecOf(ds).initContainers as { image: string }[]).map((c) => c.image);
}

function byName(result: PrepullResult): Map<string, KubeObject> {
  return new Map(result.daemonSets.map((ds) => [ds.metadata?.name ?? '', ds]));
}

const MIGRATION = [
  deployment({ name: 'legacy', namespace: 'web', images: [WIN2019_IMAGE], initImages: [WIN2019_NANO], selector: 'node.kubernetes.io/windows-build: 10.0.17763' }),
  deployment({ name: 'modern', namespace: 'web', images: [WIN2022_IMAGE] }),
  deployment({ name: 'api', namespace: 'shop', images: [WIN2022_NANO, WIN2022_IMAGE] }),
  deployment({ name: 'frontend', namespace: 'web', os: 'linux', images: ['nginx:1.27'] }),
].join('---\n');

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kh-prepull-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function run(args: string[], stdin = '') {
  const io = captureIO(stdin);
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

describe('prepull on the multi-build profile (ltsc2019 and ltsc2022 workloads)', () => {
  const result = prepullOf(MIGRATION, 'multi-build');
  const daemonSets = byName(result);

  it('writes one DaemonSet per Windows build that needs an image, in build order', () => {
    assert.deepEqual([...daemonSets.keys()], ['kube-hybrid-prepull-10-0-17763', 'kube-hybrid-prepull-10-0-20348', 'kube-hybrid-prepull-10-0-26100']);
    for (const ds of result.daemonSets) {
      assert.equal(ds.apiVersion, 'apps/v1');
      assert.equal(ds.kind, 'DaemonSet');
      assert.equal(ds.metadata?.namespace, 'kube-system');
    }
  });

  it('pre-pulls on each build only the images that build runs: 2019 images on 2019, 2022 images on 2022 and on 2025', () => {
    assert.deepEqual(initImagesOf(daemonSets.get('kube-hybrid-prepull-10-0-17763')!), [WIN2019_IMAGE, WIN2019_NANO]);
    assert.deepEqual(initImagesOf(daemonSets.get('kube-hybrid-prepull-10-0-20348')!), [WIN2022_NANO, WIN2022_IMAGE]);
    assert.deepEqual(initImagesOf(daemonSets.get('kube-hybrid-prepull-10-0-26100')!), [WIN2022_NANO, WIN2022_IMAGE]);
  });

  it('selects the build by kubernetes.io/os and node.kubernetes.io/windows-build, sets spec.os.name, tolerates os=windows', () => {
    for (const [build, ds] of [['10.0.17763', daemonSets.get('kube-hybrid-prepull-10-0-17763')!], ['10.0.26100', daemonSets.get('kube-hybrid-prepull-10-0-26100')!]] as const) {
      const spec = podSpecOf(ds);
      assert.deepEqual(spec.nodeSelector, { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': build });
      assert.deepEqual(spec.os, { name: 'windows' });
      assert.deepEqual(spec.tolerations, [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }]);
    }
  });

  it('pulls through init containers pull-N that exit at once, and idles in a small pause container', () => {
    const spec = podSpecOf(daemonSets.get('kube-hybrid-prepull-10-0-20348')!);
    const inits = spec.initContainers as Record<string, unknown>[];
    assert.deepEqual(inits.map((c) => c.name), ['pull-0', 'pull-1']);
    for (const init of inits) {
      assert.equal(init.imagePullPolicy, 'IfNotPresent');
      assert.deepEqual(init.command, ['cmd', '/c', 'exit', '0']);
      const resources = init.resources as { requests: Record<string, string>; limits: Record<string, string> };
      assert.equal(resources.requests.memory, resources.limits.memory, 'Windows: memory request equals the limit');
      assert.ok(resources.requests.cpu && resources.limits.cpu);
    }
    const containers = spec.containers as Record<string, unknown>[];
    assert.equal(containers.length, 1);
    assert.equal(containers[0].image, DEFAULT_PAUSE_IMAGE);
    assert.ok(containers[0].resources);
  });

  it('labels the DaemonSet, rolls out everywhere at once, and names each image\'s source workloads', () => {
    const ds = daemonSets.get('kube-hybrid-prepull-10-0-20348')!;
    assert.equal(ds.metadata?.labels?.['app.kubernetes.io/name'], 'kube-hybrid-prepull');
    assert.equal(ds.metadata?.labels?.['app.kubernetes.io/managed-by'], 'kube-hybrid');
    const spec = asRecord(ds.spec)!;
    assert.deepEqual(spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '100%' } });
    const matchLabels = asRecord(asRecord(spec.selector)?.matchLabels)!;
    const podLabels = asRecord(asRecord(asRecord(spec.template)?.metadata)?.labels)!;
    for (const [key, value] of Object.entries(matchLabels)) assert.equal(podLabels[key], value, 'the selector matches the template');
    assert.deepEqual(JSON.parse(ds.metadata?.annotations?.[SOURCES_ANNOTATION] ?? '{}'), {
      [WIN2022_NANO]: ['Deployment shop/api'],
      [WIN2022_IMAGE]: ['Deployment shop/api', 'Deployment web/modern'],
    });
  });

  it('says on stderr which images a build the pods may land on cannot run', () => {
    const cannotRun = result.notes.filter((n) => n.kind === 'cannot-run').map((n) => n.message);
    assert.equal(cannotRun.length, 3, cannotRun.join('\n'));
    assert.ok(cannotRun.every((m) => m.includes('not pre-pulled on Windows Server 2019 (10.0.17763):')), 'the 2022 images of modern and api, whose pods may land on 2019 nodes');
    assert.ok(!cannotRun.some((m) => m.includes(WIN2019_IMAGE)), 'legacy selects the 2019 build, so no other build is concerned');
  });

  it('ignores Linux workloads', () => {
    for (const ds of result.daemonSets) assert.ok(!initImagesOf(ds).includes('nginx:1.27'));
    const linuxOnly = prepullOf(deployment({ name: 'frontend', os: 'linux', images: ['nginx:1.27'] }), 'multi-build');
    assert.deepEqual(linuxOnly.daemonSets, []);
    assert.deepEqual(linuxOnly.notes.map((n) => n.kind), ['nothing-to-pull']);
  });

  it('is deterministic: the same DaemonSets whatever the order of the input', () => {
    const reversed = MIGRATION.split('---\n').reverse().join('---\n');
    assert.deepEqual(prepullOf(reversed, 'multi-build').daemonSets, result.daemonSets);
    assert.deepEqual(prepullOf(MIGRATION, 'multi-build').daemonSets, result.daemonSets);
  });

  it('writes objects that validate against the Kubernetes schema', () => {
    for (const ds of result.daemonSets) assert.doesNotThrow(() => new DaemonSet(ds as never).validate(), ds.metadata?.name);
  });

  it('writes DaemonSets kube-hybrid check finds nothing wrong with on the same cluster', async () => {
    const file = tempFile('prepull.yaml', result.daemonSets.map((ds) => JSON.stringify(ds)).join('\n---\n'));
    const report = await runCheck({ paths: [file], cluster: 'multi-build' });
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.findings.filter((f) => f.severity !== 'info').map((f) => `${f.ruleId}: ${f.message}`), []);
  });
});

describe('prepull tolerations come from the taints of the build\'s nodes', () => {
  it('default profile (untainted, like AKS): one DaemonSet, no tolerations', () => {
    const result = prepullOf(deployment({ name: 'iis', namespace: 'web', images: [WIN2022_IMAGE], tolerate: false }), 'default');
    assert.deepEqual(result.daemonSets.map((ds) => ds.metadata?.name), ['kube-hybrid-prepull-10-0-20348']);
    const spec = podSpecOf(result.daemonSets[0]);
    assert.equal(spec.tolerations, undefined);
    assert.deepEqual(spec.nodeSelector, { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' });
    assert.doesNotThrow(() => new DaemonSet(result.daemonSets[0] as never).validate());
  });

  it('gke profile: tolerates node.kubernetes.io/os=windows', () => {
    const result = prepullOf(
      deployment({ name: 'iis', images: [WIN2022_IMAGE], tolerate: false, extra: '      tolerations: [{key: node.kubernetes.io/os, operator: Exists}]' }),
      'gke',
    );
    assert.deepEqual(podSpecOf(result.daemonSets[0]).tolerations, [{ key: 'node.kubernetes.io/os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }]);
  });

  it('tolerates other taints of the nodes the workloads land on, never the node-condition taints the controller handles', () => {
    const nodes = loadText(
      'nodes.yaml',
      `apiVersion: v1
kind: Node
metadata: {name: lin, labels: {kubernetes.io/os: linux}}
---
apiVersion: v1
kind: Node
metadata: {name: win-a, labels: {kubernetes.io/os: windows, node.kubernetes.io/windows-build: 10.0.20348}}
spec:
  taints:
    - {key: os, value: windows, effect: NoSchedule}
    - {key: dedicated, value: shop, effect: NoSchedule}
---
apiVersion: v1
kind: Node
metadata: {name: win-c, labels: {kubernetes.io/os: windows, node.kubernetes.io/windows-build: 10.0.20348}}
spec:
  taints:
    - {key: os, value: windows, effect: NoSchedule}
    - {key: node.kubernetes.io/not-ready, effect: NoExecute}
---
apiVersion: v1
kind: Node
metadata: {name: win-b, labels: {kubernetes.io/os: windows, node.kubernetes.io/windows-build: 10.0.20348}}
spec:
  taints:
    - {key: os, value: windows, effect: NoSchedule}
    - {key: gpu, effect: NoSchedule}
`,
    ).objects;
    const cluster = clusterFromObjects(nodes, 'nodes.yaml').cluster!;
    const result = prepullOf(
      deployment({ name: 'shop', images: [WIN2022_IMAGE], tolerate: false, extra: '      tolerations: [{key: os, operator: Exists}, {key: dedicated, operator: Exists}]' }),
      cluster,
    );
    assert.deepEqual(result.builds[0].nodeNames, ['win-a', 'win-b', 'win-c']);
    assert.deepEqual(podSpecOf(result.daemonSets[0]).tolerations, [
      { key: 'dedicated', operator: 'Equal', value: 'shop', effect: 'NoSchedule' },
      { key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' },
    ]);
  });
});

describe('prepull with registry facts and unknown images', () => {
  const platform = (osVersion: string, size: number) => ({ os: 'windows', architecture: 'amd64', osVersion, digest: `sha256:${osVersion}`, size });
  const multiBuild: ImageFacts = {
    reference: 'example.com/agent:2.1',
    digest: 'sha256:index',
    platforms: [{ os: 'linux', architecture: 'amd64', digest: 'sha256:l', size: 10_000_000 }, platform('10.0.17763.6054', 400_000_000), platform('10.0.20348.2582', 300_000_000)],
    source: 'registry',
  };

  it('pre-pulls a multi-build image on every build it offers a platform for (from the registry, not the tag)', () => {
    const facts = new Map([[multiBuild.reference, multiBuild]]);
    const result = prepullOf(deployment({ name: 'agent', images: ['example.com/agent:2.1'] }), 'multi-build', {}, facts);
    assert.deepEqual(result.daemonSets.map((ds) => ds.metadata?.name), ['kube-hybrid-prepull-10-0-17763', 'kube-hybrid-prepull-10-0-20348', 'kube-hybrid-prepull-10-0-26100']);
    assert.deepEqual(result.builds.map((b) => b.images[0].size), [400_000_000, 300_000_000, 300_000_000]);
    assert.ok(!result.notes.some((n) => n.kind === 'unknown-build'));
  });

  it('puts images of unknown build after the known ones and says so when several builds pull them', () => {
    const result = prepullOf(deployment({ name: 'app', images: ['example.com/aaa:1.0', WIN2022_IMAGE], extra: '      os: {name: windows}' }), 'multi-build');
    assert.deepEqual(initImagesOf(byName(result).get('kube-hybrid-prepull-10-0-20348')!), [WIN2022_IMAGE, 'example.com/aaa:1.0']);
    assert.deepEqual(initImagesOf(byName(result).get('kube-hybrid-prepull-10-0-17763')!), ['example.com/aaa:1.0']);
    const unknown = result.notes.filter((n) => n.kind === 'unknown-build');
    assert.equal(unknown.length, 1);
    assert.match(unknown[0].message, /example\.com\/aaa:1\.0 \(Deployment app\).*--resolve-images/);
  });

  it('skips HostProcess containers\' images and Linux images in Windows workloads', () => {
    const hostProcess = deployment({
      name: 'logger',
      images: ['example.com/hpc-logger:1.0'],
      tolerate: false,
      extra: '      hostNetwork: true\n      securityContext: {windowsOptions: {hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM"}}',
    });
    const mixed = deployment({ name: 'mixed', images: [WIN2022_IMAGE, 'busybox:1.36'], extra: '      os: {name: windows}' });
    const result = prepullOf(`${hostProcess}---\n${mixed}`, 'default');
    // busybox has no OS in its name: unknown, so pulled (last); registry facts saying Linux refuse it.
    assert.deepEqual(result.daemonSets.flatMap(initImagesOf), [WIN2022_IMAGE, 'busybox:1.36']);
    assert.deepEqual(result.notes.map((n) => n.kind).sort(), ['host-process']);
    const facts = new Map([['busybox:1.36', { reference: 'busybox:1.36', digest: 'sha256:b', platforms: [{ os: 'linux', architecture: 'amd64', digest: 'sha256:c', size: 1 }], source: 'registry' } as ImageFacts]]);
    const resolved = prepullOf(mixed, 'default', {}, facts);
    assert.deepEqual(resolved.daemonSets.flatMap(initImagesOf), [WIN2022_IMAGE]);
    assert.deepEqual(resolved.notes.map((n) => n.kind), ['linux-image']);
  });

  it('carries the workloads\' imagePullSecrets and uses the namespace and pause image it is given', () => {
    const result = prepullOf(
      deployment({ name: 'iis', images: [WIN2022_IMAGE], extra: '      imagePullSecrets: [{name: regcred}]' }),
      'default',
      { namespace: 'prepull', pauseImage: 'mcr.microsoft.com/oss/kubernetes/pause:3.10' },
    );
    const ds = result.daemonSets[0];
    assert.equal(ds.metadata?.namespace, 'prepull');
    assert.deepEqual(podSpecOf(ds).imagePullSecrets, [{ name: 'regcred' }]);
    assert.equal((podSpecOf(ds).containers as { image: string }[])[0].image, 'mcr.microsoft.com/oss/kubernetes/pause:3.10');
    assert.ok(result.notes.some((n) => n.kind === 'pull-secrets' && n.message.includes('namespace prepull')));
    assert.doesNotThrow(() => new DaemonSet(ds as never).validate());
  });
});

describe('kube-hybrid prepull (CLI)', () => {
  it('prints one YAML document per DaemonSet and a summary per build on stderr', async () => {
    const { code, out, err } = await run(['prepull', tempFile('apps.yaml', MIGRATION), '--cluster', 'multi-build']);
    assert.equal(code, 0, err);
    const docs = parseAllDocuments(out).map((d) => d.toJS() as KubeObject);
    assert.deepEqual(docs.map((d) => d.metadata?.name), ['kube-hybrid-prepull-10-0-17763', 'kube-hybrid-prepull-10-0-20348', 'kube-hybrid-prepull-10-0-26100']);
    assert.deepEqual(docs, prepullOf(MIGRATION, 'multi-build').daemonSets, 'the YAML round-trips to the same objects');
    for (const doc of docs) assert.doesNotThrow(() => new DaemonSet(doc as never).validate());
    assert.match(err, /Windows Server 2025 \(10\.0\.26100\) \(2 nodes\): 2 images → kube-hybrid-prepull-10-0-26100/);
    assert.match(err, /note: .*is not pre-pulled on Windows Server 2019/);
  });

  it('-o json prints a v1 List; -n sets the namespace', async () => {
    const { code, out } = await run(['prepull', '-o', 'json', '-n', 'images', tempFile('apps.yaml', MIGRATION), '--cluster', 'multi-build']);
    assert.equal(code, 0);
    const list = JSON.parse(out) as { apiVersion: string; kind: string; items: KubeObject[] };
    assert.equal(list.apiVersion, 'v1');
    assert.equal(list.kind, 'List');
    assert.equal(list.items.length, 3);
    assert.ok(list.items.every((ds) => ds.metadata?.namespace === 'images'));
  });

  it('exits 0 with a note on stderr and nothing on stdout when no Windows image needs pre-pulling', async () => {
    const { code, out, err } = await run(['prepull', '-'], deployment({ name: 'frontend', os: 'linux', images: ['nginx:1.27'] }));
    assert.equal(code, 0);
    assert.equal(out, '');
    assert.match(err, /nothing to pre-pull/);
  });

  it('exits 2 on bad usage', async () => {
    for (const args of [['prepull'], ['prepull', 'x.yaml', '-o', 'text'], ['prepull', 'x.yaml', '--namespace', 'Bad_NS'], ['prepull', 'x.yaml', '--bogus']]) {
      const { code, err } = await run(args);
      assert.equal(code, 2, args.join(' '));
      assert.match(err, /Usage: kube-hybrid prepull/);
    }
    const help = await run(['prepull', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /--resolve-images/);
  });

  it('exits 2 on malformed input or an unknown cluster, still writing what could be computed', async () => {
    const good = tempFile('good.yaml', deployment({ name: 'iis', images: [WIN2022_IMAGE], tolerate: false }));
    const broken = tempFile('broken.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n');
    const { code, out, err } = await run(['prepull', good, broken]);
    assert.equal(code, 2);
    assert.match(err, /broken\.yaml/);
    assert.match(out, /name: kube-hybrid-prepull-10-0-20348/);
    const missing = await run(['prepull', good, '--cluster', 'no-such-profile']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /neither a file nor a built-in profile/);
  });
});

describe('kube-hybrid prepull --resolve-images (a real registry)', () => {
  let registry: TestRegistry;
  let dir: string;

  before(async () => {
    registry = await startRegistry();
    dir = await mkdtemp(join(tmpdir(), 'kh-prepull-registry-'));
    const push = new RegistryPusher(registry.url);
    const win2019 = await pushImage(push, 'agent', { format: 'oci', os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.6054', layers: [2000] });
    const win2022 = await pushImage(push, 'agent', { format: 'oci', os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.2582', layers: [1000] });
    await pushIndex(push, 'agent', '2.1', 'oci', [
      { image: win2019, platform: { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.6054' } },
      { image: win2022, platform: { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.2582' } },
    ]);
  });
  after(async () => {
    await registry?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('pre-pulls a multi-build image whose tag says nothing on every build its index offers, with sizes', async () => {
    const reference = `${registry.host}/agent:2.1`;
    const file = tempFile('agent.yaml', deployment({ name: 'agent', namespace: 'ops', images: [reference], extra: '      os: {name: windows}' }));
    const io = captureIO('', dir);
    io.env = { HOME: dir, KUBE_HYBRID_CACHE_DIR: join(dir, 'cache') };
    const code = await main(['prepull', file, '--cluster', 'multi-build', '--resolve-images', '-o', 'json'], io);
    assert.equal(code, 0, io.err);
    const list = JSON.parse(io.out) as { items: KubeObject[] };
    assert.deepEqual(list.items.map((ds) => ds.metadata?.name), ['kube-hybrid-prepull-10-0-17763', 'kube-hybrid-prepull-10-0-20348', 'kube-hybrid-prepull-10-0-26100']);
    for (const ds of list.items) assert.deepEqual(initImagesOf(ds), [reference]);
    assert.doesNotMatch(io.err, /neither --resolve-images nor its tag/);
    assert.match(io.err, /Windows Server 2019 \(10\.0\.17763\) \(2 nodes\): 1 image, \d+(\.\d+)? kB → kube-hybrid-prepull-10-0-17763/);

    const offline = captureIO('', dir);
    offline.env = io.env;
    assert.equal(await main(['prepull', file, '--cluster', 'multi-build', '--resolve-images', '--offline', '-o', 'json'], offline), 0, offline.err);
    assert.equal(offline.out, io.out, '--offline answers the same from the cache');
  });
});
