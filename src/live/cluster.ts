// `--cluster live`: the cluster as the API server lists it — Nodes, Namespaces, RuntimeClasses,
// GMSACredentialSpecs and the server version — read through the kubeconfig. A kind that is forbidden
// or not served (the gMSA CRD is often absent) is skipped with a note; Nodes are required.
import type { Cluster } from '../cluster/model.js';
import { poolsOfNodes } from '../cluster/pools.js';
import type { KubeObject, Node, RuntimeClass } from '../kube/types.js';
import type { ListOptions, LiveClient } from './client.js';
import { LiveError, mapBounded } from './client.js';
import { plainNode, plainRuntimeClass } from './objects.js';
import type { ResourceType } from './resources.js';
import { GMSA_CREDENTIAL_SPECS, NAMESPACES, NODES, RUNTIME_CLASSES, apiVersionOf, rbacRuleFor } from './resources.js';

export interface LiveNote {
  /** The kind the note is about, e.g. `gmsacredentialspecs.windows.k8s.io`. */
  resource: string;
  message: string;
}

export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
}

export interface LiveClusterRead {
  cluster: Cluster;
  /** Node objects as listed (plain JSON), for cluster rules that cite them. */
  nodes: Node[];
  namespaces: KubeObject[];
  runtimeClasses: RuntimeClass[];
  gmsaCredentialSpecs: KubeObject[];
  serverVersion?: ServerVersion;
  notes: LiveNote[];
}

export function resourceName(resource: ResourceType): string {
  return resource.group ? `${resource.resource}.${resource.group}` : resource.resource;
}

/** A forbidden or absent kind as a note (with the RBAC rule to add); any other failure is thrown. */
export function noteForSkipped(resource: ResourceType, error: unknown, namespace?: string): LiveNote {
  if (error instanceof LiveError && error.kind === 'forbidden') {
    return { resource: resourceName(resource), message: `skipped ${resourceName(resource)}: list${namespace ? ` in namespace ${namespace}` : ''} forbidden (403); to read it, add to the ClusterRole:\n${rbacRuleFor(resource)}` };
  }
  if (error instanceof LiveError && error.kind === 'not-found') {
    return { resource: resourceName(resource), message: `skipped ${resourceName(resource)}: not served by this cluster (${apiVersionOf(resource)} ${resource.kind} is not installed)` };
  }
  throw error;
}

/** Lists a kind; a forbidden or unserved kind yields undefined and a note. */
export async function listOrSkip<T>(client: LiveClient, resource: ResourceType, notes: LiveNote[], options: ListOptions = {}): Promise<T[] | undefined> {
  try {
    return (await client.list<T>(resource, options)).items;
  } catch (error) {
    notes.push(noteForSkipped(resource, error, options.namespace));
    return undefined;
  }
}

export async function readServerVersion(client: LiveClient, notes: LiveNote[]): Promise<ServerVersion | undefined> {
  try {
    const v = (await client.getJson('/version')) as Partial<ServerVersion>;
    if (typeof v.gitVersion === 'string') return { major: String(v.major ?? ''), minor: String(v.minor ?? ''), gitVersion: v.gitVersion };
  } catch (error) {
    if (error instanceof LiveError && (error.kind === 'forbidden' || error.kind === 'not-found')) {
      notes.push({ resource: '/version', message: 'skipped the server version (GET /version refused): kubelet version skew is judged among the nodes only' });
      return undefined;
    }
    throw error;
  }
  return undefined;
}

/** Reads the cluster-level kinds (bounded concurrency); Nodes must be readable, the rest may be skipped. */
export async function readLiveCluster(client: LiveClient, name: string, concurrency = 4): Promise<LiveClusterRead> {
  const notes: LiveNote[] = [];
  const [nodesRaw, namespaces, runtimeClasses, gmsa, serverVersion] = await mapBounded(
    [
      () =>
        client.list<Node>(NODES).then(
          (r) => r.items,
          (error: unknown) => {
            // Nodes are the one kind nothing works without: a refusal names the rule to add, in one line.
            if (error instanceof LiveError && error.kind === 'forbidden') throw new LiveError('forbidden', `${error.message}; add to the ClusterRole: apiGroups [""], resources ["nodes"], verbs ["get", "list"] (kube-hybrid audit --print-rbac prints the whole role)`, 403);
            throw error;
          },
        ),
      () => listOrSkip<KubeObject>(client, NAMESPACES, notes),
      () => listOrSkip<RuntimeClass>(client, RUNTIME_CLASSES, notes),
      () => listOrSkip<KubeObject>(client, GMSA_CREDENTIAL_SPECS, notes),
      () => readServerVersion(client, notes),
    ] as (() => Promise<unknown>)[],
    concurrency,
    (task) => task(),
  );
  const nodes = (nodesRaw as Node[]).map(plainNode);
  const read: LiveClusterRead = {
    cluster: { name, source: 'live', nodes, pools: poolsOfNodes(nodes) },
    nodes,
    namespaces: withKind((namespaces as KubeObject[] | undefined) ?? [], NAMESPACES),
    runtimeClasses: ((runtimeClasses as RuntimeClass[] | undefined) ?? []).map(plainRuntimeClass),
    gmsaCredentialSpecs: withKind((gmsa as KubeObject[] | undefined) ?? [], GMSA_CREDENTIAL_SPECS),
    notes,
  };
  if (serverVersion) read.serverVersion = serverVersion as ServerVersion;
  return read;
}

/** List items carry no apiVersion/kind; put them back (in place) so rules and findings can name them. */
export function withKind<T extends KubeObject>(items: T[], resource: ResourceType): T[] {
  const apiVersion = apiVersionOf(resource);
  for (const item of items) {
    item.apiVersion = apiVersion;
    item.kind = resource.kind;
  }
  return items;
}
