// RBAC, evaluated offline the way kube-apiserver's RBAC authorizer does, for one question: may this
// service account `use` this GMSACredentialSpec? (The gMSA webhook asks exactly that with a
// SubjectAccessReview.) Semantics, read 2026-11-30:
// - rule matching (verbs, apiGroups, resources incl. "*" and "*/sub", resourceNames):
//   https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/rbac/v1/evaluation_helpers.go
// - subjects (User, Group, ServiceAccount with the binding's namespace as default) and which bindings
//   count (every ClusterRoleBinding; RoleBindings of the request's namespace):
//   https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/rbac/validation/rule.go
// - a service account's user name and groups:
//   https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apiserver/pkg/authentication/serviceaccount/util.go
// - aggregated ClusterRoles: the controller replaces the rules with those of every ClusterRole
//   (but itself) that a clusterRoleSelector selects:
//   https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go
import type { KubeObject } from '../kube/types.js';
import type { UseAuthorizer } from './admission.js';
import { matchesLabelSelector } from '../kube/label-selector.js';
import type { LabelSelector } from '../kube/types.js';
import { asRecord } from '../util/guards.js';

export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
}

export interface RoleRef {
  kind: string;
  name: string;
  apiGroup?: string;
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

export interface Binding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  /** RoleBindings only. */
  namespace?: string;
  roleRef: RoleRef;
  subjects: Subject[];
}

/** The RBAC objects of the input: roles by key, bindings in order. */
export interface RbacObjects {
  /** `Role` by `<namespace>/<name>`. */
  roles: ReadonlyMap<string, PolicyRule[]>;
  /** `ClusterRole` by name, aggregation applied. */
  clusterRoles: ReadonlyMap<string, PolicyRule[]>;
  bindings: readonly Binding[];
}

/** Who is asking: a user name and groups, as the authenticator reports them. */
export interface UserInfo {
  name: string;
  groups: string[];
}

/** What is asked (a resource request; non-resource URLs are not needed here). */
export interface ResourceAttributes {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  name?: string;
  namespace?: string;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io/';

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function rulesOf(object: KubeObject): PolicyRule[] {
  const rules = Array.isArray(object.rules) ? object.rules : [];
  return rules.map(asRecord).filter((rule) => rule !== undefined).map((rule) => ({
    verbs: strings(rule.verbs),
    apiGroups: strings(rule.apiGroups),
    resources: strings(rule.resources),
    resourceNames: strings(rule.resourceNames),
  }));
}

function bindingOf(object: KubeObject, kind: Binding['kind']): Binding | undefined {
  const ref = asRecord(object.roleRef);
  if (!ref || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return undefined;
  const subjects = (Array.isArray(object.subjects) ? object.subjects : [])
    .map(asRecord)
    .filter((s) => s !== undefined && typeof s.kind === 'string' && typeof s.name === 'string')
    .map((s) => ({ kind: s!.kind as string, name: s!.name as string, ...(typeof s!.namespace === 'string' ? { namespace: s!.namespace } : {}) }));
  const binding: Binding = { kind, name: String(object.metadata?.name ?? ''), roleRef: { kind: ref.kind, name: ref.name }, subjects };
  if (kind === 'RoleBinding') binding.namespace = object.metadata?.namespace ?? 'default';
  return binding;
}

export function isRbacObject(object: KubeObject): boolean {
  return typeof object.apiVersion === 'string' && object.apiVersion.startsWith(RBAC_GROUP) && ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'].includes(object.kind);
}

/**
 * The RBAC objects among the input objects (Roles, ClusterRoles with aggregation applied, bindings),
 * or undefined when there are none: then RBAC is not judged offline.
 */
export function rbacFromObjects(objects: Iterable<KubeObject>): RbacObjects | undefined {
  const roles = new Map<string, PolicyRule[]>();
  const clusterRoleObjects: KubeObject[] = [];
  const bindings: Binding[] = [];
  let any = false;
  for (const object of objects) {
    if (!isRbacObject(object)) continue;
    any = true;
    const name = String(object.metadata?.name ?? '');
    if (object.kind === 'Role') roles.set(`${object.metadata?.namespace ?? 'default'}/${name}`, rulesOf(object));
    else if (object.kind === 'ClusterRole') clusterRoleObjects.push(object);
    else {
      const binding = bindingOf(object, object.kind as Binding['kind']);
      if (binding) bindings.push(binding);
    }
  }
  if (!any) return undefined;
  return { roles, clusterRoles: aggregateClusterRoles(clusterRoleObjects), bindings };
}

/** ClusterRole rules with aggregationRule applied until nothing changes (aggregates of aggregates). */
export function aggregateClusterRoles(clusterRoles: readonly KubeObject[]): Map<string, PolicyRule[]> {
  const rules = new Map<string, PolicyRule[]>(clusterRoles.map((role) => [String(role.metadata?.name ?? ''), rulesOf(role)]));
  const aggregated = clusterRoles.filter((role) => asRecord(role.aggregationRule) !== undefined);
  for (let round = 0; round <= aggregated.length; round++) {
    let changed = false;
    for (const role of aggregated) {
      const name = String(role.metadata?.name ?? '');
      const selectors = (Array.isArray(asRecord(role.aggregationRule)?.clusterRoleSelectors) ? (asRecord(role.aggregationRule)!.clusterRoleSelectors as unknown[]) : []).map(asRecord).filter((s) => s !== undefined);
      const next: PolicyRule[] = [];
      for (const selector of selectors) {
        for (const other of clusterRoles) {
          const otherName = String(other.metadata?.name ?? '');
          if (otherName === name || !matchesLabelSelector(selector as LabelSelector, other.metadata?.labels)) continue;
          for (const rule of rules.get(otherName) ?? []) if (!next.some((r) => sameRule(r, rule))) next.push(rule);
        }
      }
      if (!sameRules(rules.get(name) ?? [], next)) {
        rules.set(name, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return rules;
}

const sameRule = (a: PolicyRule, b: PolicyRule): boolean => JSON.stringify(a) === JSON.stringify(b);
const sameRules = (a: PolicyRule[], b: PolicyRule[]): boolean => a.length === b.length && a.every((rule, i) => sameRule(rule, b[i]));

// --- evaluation (evaluation_helpers.go) ------------------------------------------------------------
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.some((g) => g === '*' || g === group);
}

export function resourceMatches(rule: PolicyRule, combinedResource: string, subresource: string): boolean {
  return rule.resources.some((r) => r === '*' || r === combinedResource || (subresource !== '' && r === `*/${subresource}`));
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  return rule.resourceNames.length === 0 || rule.resourceNames.includes(name);
}

export function ruleAllows(attributes: ResourceAttributes, rule: PolicyRule): boolean {
  const subresource = attributes.subresource ?? '';
  const combined = subresource === '' ? attributes.resource : `${attributes.resource}/${subresource}`;
  return verbMatches(rule, attributes.verb) && apiGroupMatches(rule, attributes.apiGroup) && resourceMatches(rule, combined, subresource) && resourceNameMatches(rule, attributes.name ?? '');
}

/** Whether a binding's subject names this user (rule.go appliesToUser). */
export function appliesTo(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace !== undefined && subject.namespace !== '' ? subject.namespace : bindingNamespace;
      if (namespace === '') return false;
      return user.name === serviceAccountUserName(namespace, subject.name);
    }
    default:
      return false;
  }
}

export function serviceAccountUserName(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** The service account a pod runs as: serviceAccountName, else the deprecated serviceAccount, else "default". */
export function serviceAccountOf(podSpec: { serviceAccountName?: unknown; serviceAccount?: unknown }): string {
  if (typeof podSpec.serviceAccountName === 'string' && podSpec.serviceAccountName !== '') return podSpec.serviceAccountName;
  if (typeof podSpec.serviceAccount === 'string' && podSpec.serviceAccount !== '') return podSpec.serviceAccount;
  return 'default';
}

/** The user a pod's service account authenticates as (name and groups). */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return { name: serviceAccountUserName(namespace, name), groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'] };
}

/** The binding and role that allow the request, when one does. */
export interface Allowance {
  binding: Binding;
  roleKind: string;
  roleName: string;
}

/** Whether RBAC allows the request: the first binding (cluster-wide first, as upstream visits) whose role has a matching rule. */
export function rbacAllows(rbac: RbacObjects, user: UserInfo, attributes: ResourceAttributes): Allowance | undefined {
  const namespace = attributes.namespace ?? '';
  for (const binding of rbac.bindings) {
    if (binding.kind === 'ClusterRoleBinding') {
      if (binding.roleRef.kind !== 'ClusterRole') continue;
      if (!binding.subjects.some((s) => appliesTo(user, s, ''))) continue;
    } else {
      if (namespace === '' || binding.namespace !== namespace) continue;
      if (!binding.subjects.some((s) => appliesTo(user, s, namespace))) continue;
    }
    const rules = binding.roleRef.kind === 'ClusterRole' ? rbac.clusterRoles.get(binding.roleRef.name) : binding.roleRef.kind === 'Role' && binding.kind === 'RoleBinding' ? rbac.roles.get(`${binding.namespace}/${binding.roleRef.name}`) : undefined;
    if (rules?.some((rule) => ruleAllows(attributes, rule))) return { binding, roleKind: binding.roleRef.kind, roleName: binding.roleRef.name };
  }
  return undefined;
}

/** `use` answered offline from Roles and bindings read from files (none: refused with `noRbacReason`). */
export function rbacUseAuthorizer(rbac: RbacObjects | undefined, noRbacReason: string): UseAuthorizer {
  return async (user, attributes) => {
    if (!rbac) return { allowed: false, reason: noRbacReason };
    const allowance = rbacAllows(rbac, user, attributes);
    return allowance ? { allowed: true, reason: `${allowance.binding.kind} ${allowance.binding.name} (${allowance.roleKind} ${allowance.roleName})` } : { allowed: false };
  };
}

/** The request the gMSA webhook makes for a pod: may `system:serviceaccount:<ns>:<sa>` use the spec? */
export function gmsaUseAttributes(namespace: string, credSpecName: string): ResourceAttributes {
  return { verb: 'use', apiGroup: 'windows.k8s.io', resource: 'gmsacredentialspecs', name: credSpecName, namespace };
}

/** The key of one gMSA `use` question (namespace, service account, GMSACredentialSpec name). */
export function gmsaUseKey(namespace: string, serviceAccount: string, name: string): string {
  return `${namespace}\u0000${serviceAccount}\u0000${name}`;
}
