// The webhook's gMSA hook: policy switch, request translation, SubjectAccessReview cache, fail closed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCluster } from '../cluster/profiles.js';
import { goJson } from '../gmsa/admission.js';
import type { KubeObject } from '../kube/types.js';
import { snapshotOf } from './cluster-state.js';
import { applyGmsaEnforcement, staticGmsaEnforcement, subjectAccessReviewAuthorizer } from './gmsa.js';
import { parsePolicy } from './policy.js';
import { allowed } from './response.js';
import type { AdmissionRequest } from './review.js';

const credspec = {
  CmsPlugins: ['ActiveDirectory'],
  DomainJoinConfig: { Sid: 'S-1-5-21-1-2-3', MachineAccountName: 'WebApp01', Guid: '630a7dd3-2d3e-4471-ae91-1d9ea2556cd5', DnsTreeName: 'contoso.com', DnsName: 'contoso.com', NetBiosName: 'CONTOSO' },
  ActiveDirectoryConfig: { GroupManagedServiceAccounts: [{ Name: 'WebApp01', Scope: 'contoso.com' }, { Name: 'WebApp01', Scope: 'CONTOSO' }] },
};
const objects: KubeObject[] = [
  { apiVersion: 'windows.k8s.io/v1', kind: 'GMSACredentialSpec', metadata: { name: 'webapp01' }, credspec },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'use-webapp01' }, rules: [{ apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'], verbs: ['use'], resourceNames: ['webapp01'] }] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'iis', namespace: 'web' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'use-webapp01' }, subjects: [{ kind: 'ServiceAccount', name: 'iis' }] },
];
const enforcement = staticGmsaEnforcement(objects, ['kube-system']);
const snapshot = snapshotOf(builtinCluster('default'), [], 1);

function pod(serviceAccountName: string, windowsPinned = true, options: Record<string, string> = { gmsaCredentialSpecName: 'webapp01' }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'web' },
    spec: { serviceAccountName, ...(windowsPinned ? { nodeSelector: { 'kubernetes.io/os': 'windows' } } : {}), securityContext: { windowsOptions: options }, containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/servercore:ltsc2022' }] },
  };
}

function request(operation: 'CREATE' | 'UPDATE', object: KubeObject, oldObject?: KubeObject, namespace = 'web'): AdmissionRequest {
  const r: AdmissionRequest = { uid: 'u', kind: { group: '', version: 'v1', kind: 'Pod' }, resource: { group: '', version: 'v1', resource: 'pods' }, namespace, operation, userInfo: { username: 'alice' }, object };
  if (oldObject) r.oldObject = oldObject;
  return r;
}

describe('gMSA enforcement hook', () => {
  it('mutate fills the contents as windows-gmsa does', async () => {
    const result = await applyGmsaEnforcement(enforcement, 'mutate', request('CREATE', pod('iis')), snapshot, allowed());
    assert.deepEqual(result.patch, [{ op: 'add', path: '/spec/securityContext/windowsOptions/gmsaCredentialSpec', value: goJson(credspec) }]);
  });
  it('validate admits a bound service account and refuses another with 403', async () => {
    assert.equal((await applyGmsaEnforcement(enforcement, 'validate', request('CREATE', pod('iis')), snapshot, allowed())).allowed, true);
    const refused = await applyGmsaEnforcement(enforcement, 'validate', request('CREATE', pod('frontend')), snapshot, allowed());
    assert.equal(refused.allowed, false);
    assert.equal(refused.status?.code, 403);
    assert.match(refused.status?.message ?? '', /service account "frontend" is not authorized to `use` GMSA cred spec "webapp01"/);
  });
  it('validate refuses a gMSA pod the scheduler may put on Linux nodes (422)', async () => {
    const refused = await applyGmsaEnforcement(enforcement, 'validate', request('CREATE', pod('iis', false)), snapshot, allowed());
    assert.equal(refused.status?.code, 422);
    assert.match(refused.status?.message ?? '', /may be scheduled on Linux nodes/);
  });
  it('UPDATE changing the gMSA name is refused (403)', async () => {
    const refused = await applyGmsaEnforcement(enforcement, 'validate', request('UPDATE', pod('iis', true, { gmsaCredentialSpecName: 'other' }), pod('iis')), snapshot, allowed());
    assert.equal(refused.status?.code, 403);
  });
  it('an ephemeral container added with gMSA is filled and checked like a new pod', async () => {
    const before = pod('frontend', true, {});
    const after = structuredClone(before);
    (after.spec as Record<string, unknown>).ephemeralContainers = [{ name: 'debug', image: 'x', securityContext: { windowsOptions: { gmsaCredentialSpecName: 'webapp01' } } }];
    const req = { ...request('UPDATE', after, before), subResource: 'ephemeralcontainers' };
    const mutated = await applyGmsaEnforcement(enforcement, 'mutate', req, snapshot, allowed());
    assert.deepEqual(mutated.patch?.map((p) => p.path), ['/spec/ephemeralContainers/0/securityContext/windowsOptions/gmsaCredentialSpec']);
    const refused = await applyGmsaEnforcement(enforcement, 'validate', req, snapshot, allowed());
    assert.equal(refused.status?.code, 403);
  });
  it('excluded namespaces, other kinds and earlier denials pass through unchanged', async () => {
    const base = allowed();
    assert.equal(await applyGmsaEnforcement(enforcement, 'validate', request('CREATE', pod('frontend'), undefined, 'kube-system'), snapshot, base), base);
    const deployment = { ...request('CREATE', pod('frontend')), kind: { group: 'apps', version: 'v1', kind: 'Deployment' }, resource: { group: 'apps', version: 'v1', resource: 'deployments' } };
    assert.equal(await applyGmsaEnforcement(enforcement, 'validate', deployment, snapshot, base), base);
  });
});

describe('SubjectAccessReview authorizer', () => {
  it('asks a LocalSubjectAccessReview in the pod namespace, caches the answer briefly, never caches errors', async () => {
    const sent: { path: string; body: unknown }[] = [];
    let now = 0;
    let fail = false;
    const client = {
      create: async (path: string, body: unknown) => {
        sent.push({ path, body });
        if (fail) throw new Error('connection refused');
        return { status: { allowed: true } };
      },
    };
    const authorize = subjectAccessReviewAuthorizer(client, { ttlMs: 1000, now: () => now });
    const user = { name: 'system:serviceaccount:web:iis', groups: ['system:serviceaccounts', 'system:serviceaccounts:web', 'system:authenticated'] };
    const attributes = { verb: 'use', apiGroup: 'windows.k8s.io', resource: 'gmsacredentialspecs', name: 'webapp01', namespace: 'web' };
    assert.deepEqual(await authorize(user, attributes), { allowed: true });
    assert.deepEqual(await authorize(user, attributes), { allowed: true });
    assert.equal(sent.length, 1);
    assert.equal(sent[0].path, '/apis/authorization.k8s.io/v1/namespaces/web/localsubjectaccessreviews');
    assert.deepEqual((sent[0].body as { spec: unknown }).spec, { resourceAttributes: { namespace: 'web', verb: 'use', group: 'windows.k8s.io', resource: 'gmsacredentialspecs', name: 'webapp01' }, user: user.name, groups: user.groups });
    now = 1001;
    fail = true;
    await assert.rejects(authorize(user, attributes), /connection refused/);
    await assert.rejects(authorize(user, attributes), /connection refused/);
    assert.equal(sent.length, 3, 'a failed review is asked again, not cached');
  });
});

describe('policy: gmsa', () => {
  it('is off by default, enforce when asked, and anything else is an error at its line', () => {
    assert.equal(parsePolicy('').policy?.gmsa, 'off');
    assert.equal(parsePolicy('gmsa: enforce\n').policy?.gmsa, 'enforce');
    assert.deepEqual(parsePolicy('gmsa: on\n', 'p.yaml').problems.map((p) => `${p.line}:${p.column} ${p.message}`), ['1:7 must be off or enforce']);
  });
});
