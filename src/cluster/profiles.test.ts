import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { repoPath } from '../testing/paths.js';
import { clusterFromPoolSpecs, parsePoolSpecs } from './profile.js';
import type { ProfileProblem } from './profile.js';
import { BUILTIN_PROFILE_NAMES, builtinCluster, loadCluster } from './profiles.js';

describe('built-in cluster profiles', () => {
  for (const name of BUILTIN_PROFILE_NAMES) {
    it(`${name} loads, with a Linux pool and at least one Windows pool`, () => {
      const cluster = builtinCluster(name);
      assert.ok(cluster.pools.some((p) => p.os === 'linux'));
      assert.ok(cluster.pools.some((p) => p.os === 'windows' && p.windowsBuild));
      for (const node of cluster.nodes) assert.ok(node.metadata.labels?.['kubernetes.io/os']);
    });
  }
  it('the default is Linux system + Windows Server 2022 with AKS-like labels and no Windows taint', () => {
    const cluster = loadCluster(undefined).cluster!;
    assert.equal(cluster.name, 'default');
    const win = cluster.nodes.filter((n) => n.metadata.labels?.['kubernetes.io/os'] === 'windows');
    assert.ok(win.length > 0);
    for (const node of win) {
      assert.equal(node.metadata.labels?.['node.kubernetes.io/windows-build'], '10.0.20348');
      assert.equal(node.metadata.labels?.['kubernetes.azure.com/os-sku'], 'Windows2022');
      assert.equal(node.spec?.taints, undefined);
    }
  });
  it('gke taints Windows nodes node.kubernetes.io/os=windows:NoSchedule and kubeadm os=windows:NoSchedule', () => {
    const taintOf = (name: string) => builtinCluster(name).nodes.find((n) => n.metadata.labels?.['kubernetes.io/os'] === 'windows')?.spec?.taints?.[0];
    assert.deepEqual(taintOf('gke'), { key: 'node.kubernetes.io/os', value: 'windows', effect: 'NoSchedule' });
    assert.deepEqual(taintOf('kubeadm'), { key: 'os', value: 'windows', effect: 'NoSchedule' });
  });
  it('multi-build has 2019, 2022 and 2025 pools', () => {
    assert.deepEqual(builtinCluster('multi-build').pools.filter((p) => p.os === 'windows').map((p) => p.windowsBuild), ['10.0.17763', '10.0.20348', '10.0.26100']);
  });
  it('a Windows node reports its build in nodeInfo.kernelVersion too', () => {
    const node = builtinCluster('multi-build').nodes.find((n) => n.metadata.name === 'win2019-0')!;
    assert.match(node.status?.nodeInfo?.kernelVersion ?? '', /^10\.0\.17763\.\d+$/);
  });
});

describe('cluster inputs from files', () => {
  it('reads kubectl get nodes -o json (a List) and groups nodes into pools by their pool label', () => {
    const { cluster, problems } = loadCluster(repoPath('test/fixtures/clusters/nodes.json'));
    assert.deepEqual(problems, []);
    assert.equal(cluster?.nodes.length, 3);
    assert.deepEqual(cluster?.pools.map((p) => [p.name, p.os, p.windowsBuild ?? '']), [
      ['nodepool1', 'linux', ''],
      ['win22', 'windows', '10.0.20348'],
      ['windows-17763', 'windows', '10.0.17763'],
    ]);
  });
  it('reads kubectl get nodes -o yaml (a NodeList)', () => {
    const { cluster } = loadCluster(repoPath('test/fixtures/clusters/nodes.yaml'));
    assert.deepEqual(cluster?.pools.map((p) => p.name), ['pool-a', 'win-pool']);
  });
  it('reports every broken pool of a profile at its file, line and field', () => {
    const { cluster, problems } = loadCluster(repoPath('test/fixtures/clusters/bad-profile.yaml'));
    assert.equal(cluster, undefined);
    assert.deepEqual(problems.map((p) => [p.line, p.path]), [[12, '/spec/pools/1/osSku'], [15, '/spec/pools/2/os']]);
    assert.match(problems[0].message, /Windows2099/);
  });
  it('says what --cluster accepts when the value is neither a file nor a profile', () => {
    const { cluster, problems } = loadCluster('no-such-profile');
    assert.equal(cluster, undefined);
    assert.match(problems[0].message, /neither a file nor a built-in profile/);
  });
});

describe('the optional cni of a cluster profile', () => {
  it('applies spec.cni to every pool unless the pool names its own, lower-cased', () => {
    const problems: ProfileProblem[] = [];
    const cluster = clusterFromPoolSpecs('c', 'test', parsePoolSpecs({ spec: { cni: 'Calico', pools: [{ name: 'linux', os: 'linux' }, { name: 'win', os: 'windows', osSku: 'Windows2022', cni: 'flannel' }] } }, problems));
    assert.deepEqual(problems, []);
    assert.deepEqual(cluster.pools.map((p) => [p.name, p.cni]), [['linux', 'calico'], ['win', 'flannel']]);
  });
  it('is absent when the profile does not say, and any name is accepted', () => {
    const cluster = clusterFromPoolSpecs('c', 'test', parsePoolSpecs({ spec: { pools: [{ name: 'a', os: 'linux' }, { name: 'b', os: 'linux', cni: 'cilium' }] } }, []));
    assert.deepEqual(cluster.pools.map((p) => p.cni), [undefined, 'cilium']);
  });
  it('reports a cni that is not a name at its pointer', () => {
    const problems: ProfileProblem[] = [];
    parsePoolSpecs({ spec: { cni: 7, pools: [{ name: 'a', os: 'linux', cni: '' }] } }, problems);
    assert.deepEqual(problems.map((p) => p.path), ['/spec/cni', '/spec/pools/0/cni']);
  });
});
