// Table tests after kubernetes-sigs/windows-gmsa admission-webhook/webhook_test.go: each case runs at
// pod, container and init-container level, as upstream's do; then the cases upstream misses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../kube/types.js';
import { goJson, gmsaOptionsOf, jsonEqual, mutateGmsa, validateGmsaCreate, validateGmsaUpdate } from './admission.js';
import type { GmsaVerdict, UseAuthorizer } from './admission.js';

const credspec = {
  CmsPlugins: ['ActiveDirectory'],
  DomainJoinConfig: { Sid: 'S-1-5-21-1-2-3', MachineAccountName: 'WebApp01', Guid: '630a7dd3-2d3e-4471-ae91-1d9ea2556cd5', DnsTreeName: 'contoso.com', DnsName: 'contoso.com', NetBiosName: 'CONTOSO' },
  ActiveDirectoryConfig: { GroupManagedServiceAccounts: [{ Name: 'WebApp01', Scope: 'contoso.com' }, { Name: 'WebApp01', Scope: 'CONTOSO' }] },
};
const specs = new Map<string, KubeObject>([
  ['webapp01', { apiVersion: 'windows.k8s.io/v1', kind: 'GMSACredentialSpec', metadata: { name: 'webapp01' }, credspec }],
  ['empty', { apiVersion: 'windows.k8s.io/v1', kind: 'GMSACredentialSpec', metadata: { name: 'empty' } }],
  ['broken', { apiVersion: 'windows.k8s.io/v1', kind: 'GMSACredentialSpec', metadata: { name: 'broken' }, credspec: { ...credspec, DomainJoinConfig: { ...credspec.DomainJoinConfig, Sid: 'nope' } } }],
]);
const contents = goJson(credspec);

type Level = 'pod' | 'container' | 'init container';
const LEVELS: Level[] = ['pod', 'container', 'init container'];

function podWith(level: Level, options: Record<string, string>, serviceAccountName = 'iis'): KubeObject {
  const securityContext = { windowsOptions: options };
  const container = (name: string, withOptions: boolean) => ({ name, image: 'mcr.microsoft.com/windows/servercore:ltsc2022', ...(withOptions ? { securityContext } : {}) });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'web' },
    spec: {
      serviceAccountName,
      ...(level === 'pod' ? { securityContext } : {}),
      containers: [container('other', false), container('c', level === 'container')],
      initContainers: [container('init', level === 'init container')],
    },
  };
}
const pathOf = (level: Level) => (level === 'pod' ? '/spec/securityContext/windowsOptions' : level === 'container' ? '/spec/containers/1/securityContext/windowsOptions' : '/spec/initContainers/0/securityContext/windowsOptions');

const allowIis: UseAuthorizer = async (user, attributes) => ({ allowed: user.name === 'system:serviceaccount:web:iis' && attributes.name === 'webapp01' && attributes.verb === 'use' && attributes.resource === 'gmsacredentialspecs' && attributes.apiGroup === 'windows.k8s.io' && attributes.namespace === 'web' });
const unreachable: UseAuthorizer = async () => {
  throw new Error('dial tcp 10.0.0.1:443: connect: connection refused');
};

function expectDenied(verdict: GmsaVerdict, code: number, message: string): void {
  assert.equal(verdict.allowed, false, 'expected a denial');
  if (verdict.allowed) return;
  assert.equal(verdict.code, code, verdict.message);
  assert.ok(verdict.message.includes(message), verdict.message);
}

describe('mutate (windows-gmsa mutateCreateRequest)', () => {
  for (const level of LEVELS) {
    describe(`${level} level`, () => {
      it('a name without contents: the contents of that resource are added', () => {
        const verdict = mutateGmsa(podWith(level, { gmsaCredentialSpecName: 'webapp01' }), specs);
        assert.deepEqual(verdict, { allowed: true, patch: [{ op: 'add', path: `${pathOf(level)}/gmsaCredentialSpec`, value: contents }], warnings: [] });
      });
      it('contents already set are never overwritten', () => {
        assert.deepEqual(mutateGmsa(podWith(level, { gmsaCredentialSpecName: 'webapp01', gmsaCredentialSpec: '{}' }), specs), { allowed: true, patch: [], warnings: [] });
      });
      it('an unknown cred spec: 404', () => expectDenied(mutateGmsa(podWith(level, { gmsaCredentialSpecName: 'unknown' }), specs), 404, 'cred spec unknown does not exist'));
      it('a cred spec without credspec: 417', () => expectDenied(mutateGmsa(podWith(level, { gmsaCredentialSpecName: 'empty' }), specs), 417, 'cred spec empty does not have a credspec key'));
    });
  }
  it('no gMSA: nothing to do', () => assert.deepEqual(mutateGmsa(podWith('pod', {}), specs), { allowed: true, patch: [], warnings: [] }));
  it('specs not read yet: 503, never a silent pass', () => expectDenied(mutateGmsa(podWith('pod', { gmsaCredentialSpecName: 'webapp01' }), undefined), 503, 'have not been read'));
  it('contents are written as Go writes them: sorted keys, HTML-safe', () => {
    assert.equal(goJson({ b: 1, a: { d: '<x&y>', c: [2] } }), '{"a":{"c":[2],"d":"\\u003cx\\u0026y\\u003e"},"b":1}');
  });
});

describe('validate on CREATE (windows-gmsa validateCreateRequest)', () => {
  for (const level of LEVELS) {
    describe(`${level} level`, () => {
      it('an authorized service account with matching contents is admitted', async () => {
        assert.equal((await validateGmsaCreate(podWith(level, { gmsaCredentialSpecName: 'webapp01', gmsaCredentialSpec: contents }), { namespace: 'web', specs, authorize: allowIis })).allowed, true);
      });
      it('contents that are not byte-equal but the same JSON are admitted', async () => {
        const reordered = JSON.stringify({ ActiveDirectoryConfig: credspec.ActiveDirectoryConfig, DomainJoinConfig: credspec.DomainJoinConfig, CmsPlugins: credspec.CmsPlugins }, null, 2);
        assert.equal((await validateGmsaCreate(podWith(level, { gmsaCredentialSpecName: 'webapp01', gmsaCredentialSpec: reordered }), { namespace: 'web', specs, authorize: allowIis })).allowed, true);
      });
      it('contents that differ from the named resource: 422', async () => {
        expectDenied(await validateGmsaCreate(podWith(level, { gmsaCredentialSpecName: 'webapp01', gmsaCredentialSpec: '{"CmsPlugins":["ActiveDirectory"]}' }), { namespace: 'web', specs, authorize: allowIis }), 422, 'does not match the contents of GMSA resource "webapp01"');
      });
      it('contents that are not JSON: 422 with the parse error', async () => {
        expectDenied(await validateGmsaCreate(podWith(level, { gmsaCredentialSpecName: 'webapp01', gmsaCredentialSpec: 'not json' }), { namespace: 'web', specs, authorize: allowIis }), 422, 'unable to parse "not json" as a JSON object');
      });
      it('a service account that may not use the spec: 403', async () => {
        expectDenied(await validateGmsaCreate(podWith(level, { gmsaCredentialSpecName: 'webapp01' }, 'frontend'), { namespace: 'web', specs, authorize: allowIis }), 403, 'service account "frontend" is not authorized to `use` GMSA cred spec "webapp01"');
      });
      it('contents without a name: 422', async () => {
        expectDenied(await validateGmsaCreate(podWith(level, { gmsaCredentialSpec: contents }), { namespace: 'web', specs, authorize: allowIis }), 422, 'has a GMSA cred spec set, but does not define the name of the corresponding resource');
      });
    });
  }
  it('the authorizer cannot be reached: denied (fail closed, 403 as upstream)', async () => {
    expectDenied(await validateGmsaCreate(podWith('pod', { gmsaCredentialSpecName: 'webapp01' }), { namespace: 'web', specs, authorize: unreachable }), 403, 'error when checking authz access: dial tcp');
  });
  it('ours: a named resource whose credspec fails the schema: 422', async () => {
    const authorize: UseAuthorizer = async () => ({ allowed: true });
    expectDenied(await validateGmsaCreate(podWith('pod', { gmsaCredentialSpecName: 'broken' }), { namespace: 'web', specs, authorize }), 422, 'GMSACredentialSpec "broken" is not a valid credential spec: /DomainJoinConfig/Sid');
  });
  it('ours: a gMSA pod that may land on Linux nodes: 422', async () => {
    expectDenied(await validateGmsaCreate(podWith('pod', { gmsaCredentialSpecName: 'webapp01' }), { namespace: 'web', specs, authorize: allowIis, linuxNodes: ['linux-1', 'linux-2'] }), 422, 'may be scheduled on Linux nodes (linux-1, linux-2)');
  });
  it('a pod without gMSA is not judged, even where Linux nodes fit', async () => {
    assert.equal((await validateGmsaCreate(podWith('pod', {}), { namespace: 'web', specs, authorize: unreachable, linuxNodes: ['linux-1'] })).allowed, true);
  });
});

describe('validate on UPDATE (windows-gmsa validateUpdateRequest)', () => {
  for (const level of LEVELS) {
    describe(`${level} level`, () => {
      const before = podWith(level, { gmsaCredentialSpecName: 'webapp01', gmsaCredentialSpec: contents });
      it('no change to gMSA fields is admitted', () => assert.equal(validateGmsaUpdate(structuredClone(before), before).verdict.allowed, true));
      it('a changed name: 403', () => expectDenied(validateGmsaUpdate(podWith(level, { gmsaCredentialSpecName: 'webapp02', gmsaCredentialSpec: contents }), before).verdict, 403, 'GMSA name modified on'));
      it('changed contents: 403', () => expectDenied(validateGmsaUpdate(podWith(level, { gmsaCredentialSpecName: 'webapp01', gmsaCredentialSpec: '{}' }), before).verdict, 403, 'GMSA contents modified on'));
      it('both: 403 naming both', () => expectDenied(validateGmsaUpdate(podWith(level, { gmsaCredentialSpecName: 'x', gmsaCredentialSpec: '{}' }), before).verdict, 403, 'GMSA name and contents modified'));
    });
  }
  it('ours: an ephemeral container added with gMSA is returned for the CREATE checks', () => {
    const before = podWith('pod', {});
    const after = structuredClone(before);
    (after.spec as Record<string, unknown>).ephemeralContainers = [{ name: 'debug', image: 'x', securityContext: { windowsOptions: { gmsaCredentialSpecName: 'webapp01' } } }];
    const { verdict, newEphemeral } = validateGmsaUpdate(after, before);
    assert.equal(verdict.allowed, true);
    assert.deepEqual(newEphemeral.map((r) => [r.kind, r.ownerName, r.path]), [['ephemeral container', 'debug', '/spec/ephemeralContainers/0/securityContext/windowsOptions']]);
  });
});

describe('helpers', () => {
  it('gmsaOptionsOf visits pod, containers, init containers, then ephemeral containers', () => {
    const pod = podWith('container', { gmsaCredentialSpecName: 'a' });
    assert.deepEqual(gmsaOptionsOf(pod).map((r) => r.kind), ['container']);
  });
  it('jsonEqual: equal strings, equal JSON, different JSON', () => {
    assert.equal(jsonEqual('{"a":1}', '{"a":1}'), true);
    assert.equal(jsonEqual('{ "a" : 1 }', '{"a":1}'), true);
    assert.equal(jsonEqual('{"a":2}', '{"a":1}'), false);
  });
});
