// audit judges the cluster's own GMSACredentialSpecs with the credential spec rule (fake API server).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeApiServer } from '../admission/testing/apiserver.js';
import type { FakeApiServer } from '../admission/testing/apiserver.js';
import type { AuditReport } from '../audit/analyse.js';
import { runAudit } from '../audit/run.js';
import { seedPlantedCluster } from '../audit/testing/cluster.js';
import { RULES } from '../rules/index.js';
import { liveGmsaUseAnswers } from './live-use.js';

describe('audit and GMSACredentialSpecs', () => {
  let api: FakeApiServer;
  let report: AuditReport;
  before(async () => {
    api = await startFakeApiServer();
    seedPlantedCluster(api);
    const specs = api.resource('/apis/windows.k8s.io/v1/gmsacredentialspecs', 'windows.k8s.io/v1', 'GMSACredentialSpec');
    specs.add({
      apiVersion: 'windows.k8s.io/v1',
      kind: 'GMSACredentialSpec',
      metadata: { name: 'gmsa-webapp01', uid: 'u1', resourceVersion: '1', creationTimestamp: '2025-01-01T00:00:00Z' },
      credspec: {
        CmsPlugins: ['ActiveDirectory'],
        DomainJoinConfig: { Sid: 'S-1-5-21-1-2-3', MachineAccountName: 'WebApp02', Guid: '630a7dd3-2d3e-4471-ae91-1d9ea2556cd5', DnsTreeName: 'contoso.com', DnsName: 'contoso.com', NetBiosName: 'CONTOSO' },
        ActiveDirectoryConfig: { GroupManagedServiceAccounts: [{ Name: 'WebApp01', Scope: 'contoso.com' }] },
      },
    });
    report = await runAudit({ kubeconfig: api.kubeconfigFile, env: {}, rules: RULES, now: Date.parse('2025-01-02T00:00:00Z') });
  });
  after(async () => api.close());

  it('reports a credential spec whose default account is not among its gMSAs, at its field', () => {
    const found = report.findings.filter((f) => f.ruleId === 'gmsa-credspec-content');
    assert.deepEqual(found.map((f) => [f.object.kind, f.object.name, f.path]), [['GMSACredentialSpec', 'gmsa-webapp01', '/credspec/DomainJoinConfig/MachineAccountName']]);
  });
});

describe('liveGmsaUseAnswers (audit)', () => {
  it('asks once per namespace, service account and spec of the cluster\'s workloads; a failed review gives no answer', async () => {
    const podOf = (name: string, sa: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'web' }, spec: { serviceAccountName: sa, securityContext: { windowsOptions: { gmsaCredentialSpecName: 'gmsa-webapp01' } }, containers: [{ name: 'c', image: 'x' }] } });
    const asked: string[] = [];
    const client = {
      create: async (_path: string, body: unknown) => {
        const user = (body as { spec: { user: string } }).spec.user;
        asked.push(user);
        if (user.endsWith(':broken')) throw new Error('forbidden');
        return { status: { allowed: user.endsWith(':iis') } };
      },
    };
    const answers = await liveGmsaUseAnswers(client, [podOf('a', 'iis'), podOf('b', 'iis'), podOf('c', 'frontend'), podOf('d', 'broken')]);
    assert.deepEqual(asked.sort(), ['system:serviceaccount:web:broken', 'system:serviceaccount:web:frontend', 'system:serviceaccount:web:iis']);
    assert.deepEqual([...answers].map(([k, v]) => [k.split('\u0000')[1], v.allowed]).sort(), [['frontend', false], ['iis', true]]);
  });
});
