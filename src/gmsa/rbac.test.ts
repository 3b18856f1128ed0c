// Table tests modelled on upstream's: pkg/apis/rbac/v1/evaluation_helpers_test.go-style rule matching,
// pkg/registry/rbac/validation/rule_test.go (appliesTo) and plugin/pkg/auth/authorizer/rbac/rbac_test.go.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../kube/types.js';
import { aggregateClusterRoles, appliesTo, gmsaUseAttributes, rbacAllows, rbacFromObjects, ruleAllows, serviceAccountUser } from './rbac.js';
import type { PolicyRule, ResourceAttributes, Subject, UserInfo } from './rbac.js';

const rule = (r: Partial<PolicyRule>): PolicyRule => ({ verbs: [], apiGroups: [], resources: [], resourceNames: [], ...r });
const use = (name: string, namespace = 'web'): ResourceAttributes => gmsaUseAttributes(namespace, name);

describe('ruleAllows (evaluation_helpers)', () => {
  const cases: { name: string; rule: PolicyRule; request: ResourceAttributes; allowed: boolean }[] = [
    { name: 'exact verb, group, resource, name', rule: rule({ verbs: ['use'], apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'], resourceNames: ['webapp1'] }), request: use('webapp1'), allowed: true },
    { name: 'another resource name', rule: rule({ verbs: ['use'], apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'], resourceNames: ['webapp2'] }), request: use('webapp1'), allowed: false },
    { name: 'no resourceNames matches every name', rule: rule({ verbs: ['use'], apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'] }), request: use('webapp1'), allowed: true },
    { name: 'verb *', rule: rule({ verbs: ['*'], apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'] }), request: use('webapp1'), allowed: true },
    { name: 'get is not use', rule: rule({ verbs: ['get', 'list'], apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'] }), request: use('webapp1'), allowed: false },
    { name: 'apiGroup *', rule: rule({ verbs: ['use'], apiGroups: ['*'], resources: ['gmsacredentialspecs'] }), request: use('webapp1'), allowed: true },
    { name: 'the core group is not windows.k8s.io', rule: rule({ verbs: ['use'], apiGroups: [''], resources: ['gmsacredentialspecs'] }), request: use('webapp1'), allowed: false },
    { name: 'resource *', rule: rule({ verbs: ['use'], apiGroups: ['windows.k8s.io'], resources: ['*'] }), request: use('webapp1'), allowed: true },
    { name: 'a singular or capitalised resource does not match', rule: rule({ verbs: ['use'], apiGroups: ['windows.k8s.io'], resources: ['GMSACredentialSpec'] }), request: use('webapp1'), allowed: false },
    { name: '*/subresource matches only subresource requests', rule: rule({ verbs: ['use'], apiGroups: ['windows.k8s.io'], resources: ['*/status'] }), request: use('webapp1'), allowed: false },
    { name: '*/subresource with a subresource request', rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['*/status'] }), request: { verb: 'get', apiGroup: '', resource: 'pods', subresource: 'status', namespace: 'web' }, allowed: true },
    { name: 'resource/subresource exact', rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['pods/status'] }), request: { verb: 'get', apiGroup: '', resource: 'pods', subresource: 'status' }, allowed: true },
    { name: 'a plain resource does not cover its subresource', rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] }), request: { verb: 'get', apiGroup: '', resource: 'pods', subresource: 'status' }, allowed: false },
    { name: 'empty verbs allow nothing', rule: rule({ apiGroups: ['*'], resources: ['*'] }), request: use('webapp1'), allowed: false },
  ];
  for (const c of cases) it(c.name, () => assert.equal(ruleAllows(c.request, c.rule), c.allowed));
});

describe('appliesTo (rule.go appliesToUser)', () => {
  const sa = serviceAccountUser('web', 'iis');
  const cases: { name: string; user: UserInfo; subject: Subject; bindingNamespace: string; applies: boolean }[] = [
    { name: 'ServiceAccount with its namespace', user: sa, subject: { kind: 'ServiceAccount', name: 'iis', namespace: 'web' }, bindingNamespace: '', applies: true },
    { name: 'ServiceAccount of another namespace', user: sa, subject: { kind: 'ServiceAccount', name: 'iis', namespace: 'other' }, bindingNamespace: 'web', applies: false },
    { name: 'ServiceAccount without namespace defaults to the RoleBinding\'s', user: sa, subject: { kind: 'ServiceAccount', name: 'iis' }, bindingNamespace: 'web', applies: true },
    { name: 'ServiceAccount without namespace in a ClusterRoleBinding matches nothing', user: sa, subject: { kind: 'ServiceAccount', name: 'iis' }, bindingNamespace: '', applies: false },
    { name: 'Group system:serviceaccounts', user: sa, subject: { kind: 'Group', name: 'system:serviceaccounts' }, bindingNamespace: '', applies: true },
    { name: 'Group system:serviceaccounts:<ns>', user: sa, subject: { kind: 'Group', name: 'system:serviceaccounts:web' }, bindingNamespace: '', applies: true },
    { name: 'Group of another namespace', user: sa, subject: { kind: 'Group', name: 'system:serviceaccounts:other' }, bindingNamespace: '', applies: false },
    { name: 'Group system:authenticated', user: sa, subject: { kind: 'Group', name: 'system:authenticated' }, bindingNamespace: '', applies: true },
    { name: 'User system:serviceaccount:ns:name', user: sa, subject: { kind: 'User', name: 'system:serviceaccount:web:iis' }, bindingNamespace: '', applies: true },
    { name: 'User with another name', user: sa, subject: { kind: 'User', name: 'iis' }, bindingNamespace: '', applies: false },
    { name: 'an unknown kind', user: sa, subject: { kind: 'Robot', name: 'iis' }, bindingNamespace: 'web', applies: false },
  ];
  for (const c of cases) it(c.name, () => assert.equal(appliesTo(c.user, c.subject, c.bindingNamespace), c.applies));
});

const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, ...extra });
const clusterRole = (name: string, rules: unknown[], extra: Record<string, unknown> = {}, labels?: Record<string, string>): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta(name, labels ? { labels } : {}), rules, ...extra });
const useRule = (names?: string[]) => ({ apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'], verbs: ['use'], ...(names ? { resourceNames: names } : {}) });
const roleBinding = (name: string, namespace: string, roleRef: { kind: string; name: string }, subjects: unknown[]): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef }, subjects });
const clusterRoleBinding = (name: string, roleRef: string, subjects: unknown[]): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleRef }, subjects });

describe('rbacAllows (rbac authorizer)', () => {
  const iis = serviceAccountUser('web', 'iis');
  const cases: { name: string; objects: KubeObject[]; request: ResourceAttributes; allowed: boolean }[] = [
    {
      name: 'ClusterRole + RoleBinding in the pod\'s namespace (the windows-gmsa docs\' pattern)',
      objects: [clusterRole('use-webapp1', [useRule(['webapp1'])]), roleBinding('b', 'web', { kind: 'ClusterRole', name: 'use-webapp1' }, [{ kind: 'ServiceAccount', name: 'iis', namespace: 'web' }])],
      request: use('webapp1'),
      allowed: true,
    },
    {
      name: 'a RoleBinding in another namespace does not count',
      objects: [clusterRole('use-webapp1', [useRule(['webapp1'])]), roleBinding('b', 'other', { kind: 'ClusterRole', name: 'use-webapp1' }, [{ kind: 'ServiceAccount', name: 'iis', namespace: 'web' }])],
      request: use('webapp1'),
      allowed: false,
    },
    {
      name: 'a namespaced Role bound in the namespace',
      objects: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'web' }, rules: [useRule()] }, roleBinding('b', 'web', { kind: 'Role', name: 'r' }, [{ kind: 'ServiceAccount', name: 'iis' }])],
      request: use('webapp1'),
      allowed: true,
    },
    {
      name: 'a Role of another namespace named by the RoleBinding does not exist there',
      objects: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'other' }, rules: [useRule()] }, roleBinding('b', 'web', { kind: 'Role', name: 'r' }, [{ kind: 'ServiceAccount', name: 'iis' }])],
      request: use('webapp1'),
      allowed: false,
    },
    {
      name: 'a ClusterRoleBinding to every service account',
      objects: [clusterRole('use-all', [useRule()]), clusterRoleBinding('b', 'use-all', [{ kind: 'Group', name: 'system:serviceaccounts' }])],
      request: use('webapp1'),
      allowed: true,
    },
    {
      name: 'a binding to a missing role grants nothing',
      objects: [clusterRoleBinding('b', 'missing', [{ kind: 'Group', name: 'system:serviceaccounts' }])],
      request: use('webapp1'),
      allowed: false,
    },
    {
      name: 'an aggregated ClusterRole takes the rules of the roles it selects',
      objects: [
        clusterRole('gmsa-users', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-gmsa': 'true' } }] } }),
        clusterRole('use-webapp1', [useRule(['webapp1'])], {}, { 'example.com/aggregate-to-gmsa': 'true' }),
        clusterRoleBinding('b', 'gmsa-users', [{ kind: 'ServiceAccount', name: 'iis', namespace: 'web' }]),
      ],
      request: use('webapp1'),
      allowed: true,
    },
    {
      name: 'an aggregated ClusterRole\'s own rules are replaced by the controller',
      objects: [
        clusterRole('gmsa-users', [useRule()], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { nothing: 'selects-me' } }] } }),
        clusterRoleBinding('b', 'gmsa-users', [{ kind: 'ServiceAccount', name: 'iis', namespace: 'web' }]),
      ],
      request: use('webapp1'),
      allowed: false,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const rbac = rbacFromObjects(c.objects);
      assert.ok(rbac);
      assert.equal(rbacAllows(rbac, iis, c.request) !== undefined, c.allowed);
    });
  }
  it('no RBAC objects: nothing to judge', () => assert.equal(rbacFromObjects([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }]), undefined));
  it('aggregation of aggregates converges', () => {
    const roles = aggregateClusterRoles([
      clusterRole('top', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { level: 'mid' } }] } }),
      clusterRole('mid', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { level: 'leaf' } }] } }, { level: 'mid' }),
      clusterRole('leaf', [useRule()], {}, { level: 'leaf' }),
    ]);
    assert.equal(roles.get('top')?.length, 1);
  });
});
