// The `cluster` rules on cluster profiles: they judge what a profile states (pools, OS, builds,
// labels, allocatable) and skip what it does not (capacity): findings name the profile's node.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { captureIO } from '../cli/io.js';
import { main } from '../cli/main.js';
import { loadClusterInput } from './input.js';

const WINDOWS_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: iis, namespace: web}
spec:
  selector: {matchLabels: {app: iis}}
  template:
    metadata: {labels: {app: iis}}
    spec:
      nodeSelector: {kubernetes.io/os: windows}
      tolerations: [{key: os, value: windows, effect: NoSchedule}]
      containers:
      - {name: iis, image: "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022", resources: {limits: {memory: 1Gi}, requests: {cpu: 100m, memory: 1Gi}}}
`;

interface JsonFinding {
  ruleId: string;
  category: string;
  object: { kind: string; name: string };
  file: string;
  line: number;
  live?: string;
}

describe('cluster rules on cluster profiles', () => {
  let dir = '';
  let file = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kube-hybrid-profile-rules-'));
    file = join(dir, 'iis.yaml');
    writeFileSync(file, WINDOWS_DEPLOYMENT);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function check(cluster: string, output = 'json'): Promise<{ out: string; findings: JsonFinding[] }> {
    const io = captureIO();
    await main(['check', file, '--cluster', cluster, '-o', output], io);
    return { out: io.out, findings: output === 'json' ? (JSON.parse(io.out) as { findings: JsonFinding[] }).findings : [] };
  }

  it('a built-in profile gives the cluster rules its nodes, marked as a profile\'s', () => {
    const input = loadClusterInput('multi-build');
    assert.equal(input.clusterObjects?.origin, 'profile');
    assert.equal(input.clusterObjects?.nodes.length, input.cluster?.nodes.length);
    assert.equal(input.clusterObjects?.nodes[0].file.path, 'builtin:multi-build');
    assert.equal(loadClusterInput(undefined).clusterObjects?.origin, 'profile', 'the default profile too');
  });

  it('multi-build: each Windows build without a RuntimeClass is reported on its first node, named with the profile', async () => {
    const { findings } = await check('multi-build');
    const unpinned = findings.filter((f) => f.ruleId === 'windows-build-unpinned' && f.object.kind === 'Node');
    assert.deepEqual(unpinned.map((f) => f.object.name), ['win2019-0', 'win2022-0', 'win2025-0']);
    for (const f of unpinned) {
      assert.equal(f.category, 'cluster');
      assert.equal(f.file, 'builtin:multi-build');
      assert.equal(f.line, 0);
      assert.equal(f.live, undefined, 'not a live object');
    }
    assert.ok(findings.some((f) => f.ruleId === 'windows-build-unpinned' && f.object.kind === 'Deployment'), 'the workload that pins no build');
    const { out } = await check('multi-build', 'text');
    assert.match(out, /^node\/win2019-0 \(builtin:multi-build\) info /m);
    assert.doesNotMatch(out, /:0:0/);
  });

  it('a profile states no capacity: windows-node-memory-reserve does not judge its nodes', async () => {
    for (const profile of ['default', 'aks', 'eks', 'gke', 'kubeadm', 'multi-build']) {
      const { findings } = await check(profile);
      assert.ok(!findings.some((f) => f.ruleId === 'windows-node-memory-reserve'), profile);
    }
  });

  it('eks: the profile\'s Windows nodes allow as many pods as they have pod IP addresses (the limit AWS documents for Windows nodes), so no capacity warning', async () => {
    const { findings } = await check('eks');
    assert.ok(!findings.some((f) => f.ruleId === 'windows-node-pod-capacity'));
  });

  it('a profile file: findings name the file', async () => {
    const profile = join(dir, 'two-builds.yaml');
    writeFileSync(profile, [
      'apiVersion: kube-hybrid.io/v1alpha1',
      'kind: ClusterProfile',
      'metadata: {name: two-builds}',
      'spec:',
      '  pools:',
      '  - {name: linux, os: linux, count: 2, allocatable: {cpu: "4", memory: 16Gi, pods: "110"}}',
      '  - {name: w19, os: windows, windowsBuild: "10.0.17763", count: 1, allocatable: {cpu: "4", memory: 16Gi, pods: "30"}}',
      '  - {name: w22, os: windows, windowsBuild: "10.0.20348", count: 1, allocatable: {cpu: "4", memory: 16Gi, pods: "30"}}',
      '',
    ].join('\n'));
    const { findings } = await check(profile);
    const nodes = findings.filter((f) => f.ruleId === 'windows-build-unpinned' && f.object.kind === 'Node');
    assert.equal(nodes.length, 2, JSON.stringify(findings.map((f) => f.ruleId)));
    assert.ok(nodes.every((f) => f.file === profile));
  });

  it('a profile file whose Windows pool allows more pods than pod IPs: windows-node-pod-capacity names the file', async () => {
    const profile = join(dir, 'eks-like.yaml');
    writeFileSync(profile, [
      'apiVersion: kube-hybrid.io/v1alpha1',
      'kind: ClusterProfile',
      'metadata: {name: eks-like}',
      'spec:',
      '  pools:',
      '  - {name: linux, os: linux, count: 2, allocatable: {cpu: "4", memory: 16Gi, pods: "58"}}',
      '  - {name: win, os: windows, windowsBuild: "10.0.20348", count: 1, allocatable: {cpu: "4", memory: 16Gi, pods: "110", vpc.amazonaws.com/PrivateIPv4Address: "14"}}',
      '',
    ].join('\n'));
    const { findings } = await check(profile);
    const capacity = findings.filter((f) => f.ruleId === 'windows-node-pod-capacity');
    assert.equal(capacity.length, 1, JSON.stringify(findings.map((f) => f.ruleId)));
    assert.equal(capacity[0].file, profile);
  });
});
