import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crdSchemaProblems, credSpecProblems } from './credspec.js';
import { checkCredSpecText } from './check-files.js';
import { credSpecFromAccount, defaultNetBiosName, generateObjects, resourceNameFor } from './generate.js';
import { rbacAllows, rbacFromObjects, gmsaUseAttributes, serviceAccountUser } from './rbac.js';

const input = { account: 'WebApp01$', domain: 'contoso.com', sid: 'S-1-5-21-3700119848-2853083131-2094573802', guid: '630a7dd3-2d3e-4471-ae91-1d9ea2556cd5' };

describe('gmsa generate', () => {
  it('builds the credential spec as New-CredentialSpec does, clean under our own checks', () => {
    const credspec = credSpecFromAccount(input);
    assert.deepEqual(credspec, {
      CmsPlugins: ['ActiveDirectory'],
      DomainJoinConfig: { Sid: input.sid, MachineAccountName: 'WebApp01', Guid: input.guid, DnsTreeName: 'contoso.com', DnsName: 'contoso.com', NetBiosName: 'CONTOSO' },
      ActiveDirectoryConfig: { GroupManagedServiceAccounts: [{ Name: 'WebApp01', Scope: 'contoso.com' }, { Name: 'WebApp01', Scope: 'CONTOSO' }] },
    });
    assert.deepEqual(credSpecProblems(credspec), []);
  });
  it('the objects validate against the CRD and grant exactly the named service accounts', () => {
    const objects = generateObjects(credSpecFromAccount(input), resourceNameFor(input.account), [{ namespace: 'web', name: 'iis' }, { namespace: 'web', name: 'api' }, { namespace: 'batch', name: 'jobs' }]);
    assert.deepEqual(objects.map((o) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`), ['GMSACredentialSpec//gmsa-webapp01', 'ClusterRole//gmsa-webapp01-user', 'RoleBinding/web/gmsa-webapp01-user', 'RoleBinding/batch/gmsa-webapp01-user']);
    assert.deepEqual(crdSchemaProblems(objects[0]), []);
    const rbac = rbacFromObjects(objects);
    assert.ok(rbac);
    for (const [ns, sa, allowed] of [['web', 'iis', true], ['web', 'api', true], ['batch', 'jobs', true], ['web', 'jobs', false], ['batch', 'iis', false]] as const) {
      assert.equal(rbacAllows(rbac, serviceAccountUser(ns, sa), gmsaUseAttributes(ns, 'gmsa-webapp01')) !== undefined, allowed, `${ns}/${sa}`);
    }
  });
  it('names: NetBIOS from the first label (15 characters), resource names DNS-1123', () => {
    assert.equal(defaultNetBiosName('averyveryverylongdomain.example.com'), 'AVERYVERYVERYLO');
    assert.equal(resourceNameFor('Web_App$'), 'gmsa-web-app');
  });
});

describe('gmsa check (files)', () => {
  it('reports at file:line:column of the field in a New-CredentialSpec JSON', () => {
    const text = JSON.stringify({ ...credSpecFromAccount(input), DomainJoinConfig: { ...(credSpecFromAccount(input).DomainJoinConfig as object), Sid: 'S-1-5-21-x' } }, null, 2);
    const problems = checkCredSpecText('spec.json', text);
    assert.deepEqual(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.severity}`), ['spec.json:6:12 error']);
    assert.match(problems[0].message, /Sid "S-1-5-21-x" is not a SID/);
  });
  it('reads GMSACredentialSpec manifests, several documents, and says when there is nothing to check', () => {
    const yaml = 'apiVersion: windows.k8s.io/v1\nkind: GMSACredentialSpec\nmetadata: { name: a }\ncredspec:\n  CmsPlugins: ActiveDirectory\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n';
    const problems = checkCredSpecText('a.yaml', yaml);
    assert.ok(problems.some((p) => p.line === 5 && p.message.includes('CmsPlugins must be of type array')), JSON.stringify(problems));
    assert.match(checkCredSpecText('b.yaml', 'a: 1\n')[0].message, /no credential spec here/);
    assert.match(checkCredSpecText('c.json', '{"CmsPlugins": [').at(0)?.message ?? '', /malformed/);
  });
});
