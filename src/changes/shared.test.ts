// The webhook and `check --fix` share one implementation of each change: for the same Windows workload
// and cluster, the mutating webhook's JSON patch and the file --fix writes give the pod the same
// nodeSelector and tolerations.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { snapshotOf } from '../admission/cluster-state.js';
import { mutate } from '../admission/mutate.js';
import { defaultPolicy } from '../admission/policy.js';
import { decodeAdmissionReview } from '../admission/review.js';
import { admissionReview } from '../admission/testing/webhook.js';
import { loadCluster } from '../cluster/profiles.js';
import type { KubeObject } from '../kube/types.js';
import { checkAndFix } from './fix.js';
import { applyToData } from './yaml-edit.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: iis
  namespace: web
spec:
  selector:
    matchLabels: {app: iis}
  template:
    metadata:
      labels: {app: iis}
    spec:
      containers:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
          resources:
            limits: {memory: 1Gi}
`;

interface PodSpecView {
  nodeSelector?: unknown;
  tolerations?: unknown;
}

function podSpecOf(object: unknown): PodSpecView {
  return (object as { spec: { template: { spec: PodSpecView } } }).spec.template.spec;
}

describe('one implementation of each change', () => {
  for (const clusterName of ['default', 'kubeadm']) {
    it(`gives the webhook and --fix the same placement for a Windows Deployment (${clusterName} cluster)`, async () => {
      const object = parse(DEPLOYMENT) as KubeObject;
      const cluster = loadCluster(clusterName).cluster;
      assert.ok(cluster);
      const decoded = decodeAdmissionReview(admissionReview(object));
      assert.ok(decoded.ok);
      const outcome = mutate(decoded.review.request, defaultPolicy(), snapshotOf(cluster, [], 1));
      const mutated = podSpecOf(applyToData(object, [], outcome.result.patch ?? []));

      const folder = mkdtempSync(join(tmpdir(), 'kube-hybrid-shared-'));
      try {
        writeFileSync(join(folder, 'iis.yaml'), DEPLOYMENT);
        await checkAndFix({ paths: [folder], cluster: clusterName }, 'write');
        const fixed = podSpecOf(parse(readFileSync(join(folder, 'iis.yaml'), 'utf8')));
        assert.deepEqual(fixed.nodeSelector, { 'kubernetes.io/os': 'windows' });
        if (clusterName === 'kubeadm') assert.ok(Array.isArray(fixed.tolerations) && fixed.tolerations.length > 0, 'the Windows taint is tolerated');
        assert.deepEqual({ nodeSelector: fixed.nodeSelector, tolerations: fixed.tolerations }, { nodeSelector: mutated.nodeSelector, tolerations: mutated.tolerations });
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});
