import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PodSpec } from '../kube/types.js';
import { simulate } from '../scheduler/simulate.js';
import { loadText } from '../manifests/load.js';
import { GKE_WINDOWS_TOLERATION, platformAdmissionOf } from './platform-admission.js';
import { loadCluster } from './profiles.js';

const gke = loadCluster('gke').cluster!;
const kubeadm = loadCluster('kubeadm').cluster!;

describe("a platform's own pod mutation (GKE's Windows toleration)", () => {
  const cases: { name: string; spec: PodSpec; tolerated: boolean }[] = [
    { name: 'nodeSelector kubernetes.io/os: windows gets the toleration', spec: { nodeSelector: { 'kubernetes.io/os': 'windows' }, containers: [] }, tolerated: true },
    { name: 'a pod that already tolerates the taint gets nothing more', spec: { nodeSelector: { 'kubernetes.io/os': 'windows' }, tolerations: [{ key: 'node.kubernetes.io/os', operator: 'Exists' }], containers: [] }, tolerated: false },
    { name: 'required node affinity on kubernetes.io/os is not modelled as a trigger', spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }] }] } } }, containers: [] }, tolerated: false },
    { name: 'a Linux selector gets nothing', spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [] }, tolerated: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const admitted = platformAdmissionOf(gke)!.admit(c.spec);
      assert.equal((admitted.tolerations ?? []).some((t) => t === GKE_WINDOWS_TOLERATION), c.tolerated);
    });
  }

  it('only GKE clusters (nodes labelled cloud.google.com/gke-nodepool with the Windows taint) have it', () => {
    assert.ok(platformAdmissionOf(gke));
    assert.equal(platformAdmissionOf({ ...gke, platformWebhooks: false }), undefined, 'GKE-shaped nodes without GKE\'s webhook (a test bed)');
    assert.equal(platformAdmissionOf(kubeadm), undefined);
    assert.equal(platformAdmissionOf(loadCluster('default').cluster!), undefined);
  });

  it('simulate runs a Windows-selected pod on GKE and leaves it Pending on kubeadm', () => {
    const { objects } = loadText('p.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  nodeSelector: {kubernetes.io/os: windows}\n  containers: [{name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022}]\n');
    assert.equal(simulate(objects, gke).pods[0].status, 'Running');
    assert.equal(simulate(objects, kubeadm).pods[0].status, 'Pending');
  });
});
