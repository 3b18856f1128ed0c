// The kinds kube-hybrid reads from a running cluster: where each is served and what RBAC allows it.
export interface ResourceType {
  /** '' for the core group. */
  group: string;
  version: string;
  /** Plural, as in the URL and in RBAC rules. */
  resource: string;
  kind: string;
  namespaced: boolean;
}

const r = (group: string, version: string, resource: string, kind: string, namespaced: boolean): ResourceType => ({ group, version, resource, kind, namespaced });

export const NODES = r('', 'v1', 'nodes', 'Node', false);
export const NAMESPACES = r('', 'v1', 'namespaces', 'Namespace', false);
export const RUNTIME_CLASSES = r('node.k8s.io', 'v1', 'runtimeclasses', 'RuntimeClass', false);
export const GMSA_CREDENTIAL_SPECS = r('windows.k8s.io', 'v1', 'gmsacredentialspecs', 'GMSACredentialSpec', false);
export const PODS = r('', 'v1', 'pods', 'Pod', true);
export const EVENTS = r('', 'v1', 'events', 'Event', true);
export const DEPLOYMENTS = r('apps', 'v1', 'deployments', 'Deployment', true);
export const REPLICA_SETS = r('apps', 'v1', 'replicasets', 'ReplicaSet', true);
export const STATEFUL_SETS = r('apps', 'v1', 'statefulsets', 'StatefulSet', true);
export const DAEMON_SETS = r('apps', 'v1', 'daemonsets', 'DaemonSet', true);
export const JOBS = r('batch', 'v1', 'jobs', 'Job', true);
export const CRON_JOBS = r('batch', 'v1', 'cronjobs', 'CronJob', true);

/** Everything `audit` reads, in the order it reports them. */
export const AUDIT_RESOURCES: readonly ResourceType[] = [NODES, NAMESPACES, RUNTIME_CLASSES, GMSA_CREDENTIAL_SPECS, PODS, DEPLOYMENTS, REPLICA_SETS, STATEFUL_SETS, DAEMON_SETS, JOBS, CRON_JOBS, EVENTS];

/** What `--cluster live` reads. */
export const CLUSTER_RESOURCES: readonly ResourceType[] = [NODES, NAMESPACES, RUNTIME_CLASSES, GMSA_CREDENTIAL_SPECS];

export function apiVersionOf(resource: ResourceType): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

/** The collection URL path, namespaced when a namespace is given (all namespaces otherwise). */
export function pathOf(resource: ResourceType, namespace?: string): string {
  const root = resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  return resource.namespaced && namespace ? `${root}/namespaces/${encodeURIComponent(namespace)}/${resource.resource}` : `${root}/${resource.resource}`;
}

/** The RBAC rule that allows reading a resource (list; watch only where the webhook watches). */
export function rbacRuleFor(resource: ResourceType, verbs: readonly string[] = ['get', 'list']): string {
  return `- apiGroups: ["${resource.group}"]\n  resources: ["${resource.resource}"]\n  verbs: [${verbs.map((v) => `"${v}"`).join(', ')}]`;
}

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

/** The rules of the read-only ClusterRole: get/list on what audit reads, get on /version. */
export function auditRbacRules(): PolicyRule[] {
  const byGroup = new Map<string, string[]>();
  for (const resource of AUDIT_RESOURCES) byGroup.set(resource.group, [...(byGroup.get(resource.group) ?? []), resource.resource]);
  return [...[...byGroup].map(([group, resources]) => ({ apiGroups: [group], resources, verbs: ['get', 'list'] })), { nonResourceURLs: ['/version'], verbs: ['get'] }];
}

/** The read-only ClusterRole audit needs: get/list on what it reads, nothing else (no Secrets, no writes). */
export function auditClusterRole(name = 'kube-hybrid-audit'): string {
  const quoted = (list: readonly string[]) => `[${list.map((x) => `"${x}"`).join(', ')}]`;
  const rules = auditRbacRules().map((rule) =>
    rule.nonResourceURLs ? `- nonResourceURLs: ${quoted(rule.nonResourceURLs)}\n  verbs: ${quoted(rule.verbs)}` : `- apiGroups: ${quoted(rule.apiGroups ?? [])}\n  resources: ${quoted(rule.resources ?? [])}\n  verbs: ${quoted(rule.verbs)}`,
  );
  return [
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRole',
    'metadata:',
    `  name: ${name}`,
    '  labels:',
    '    app.kubernetes.io/name: kube-hybrid',
    '# Read-only: get and list on the kinds audit reads; no Secrets, no ConfigMaps, no writes.',
    'rules:',
    ...rules,
    '',
  ].join('\n');
}
