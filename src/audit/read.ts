// What audit reads from a running cluster: the cluster kinds (src/live/cluster.ts), then the
// workloads, then Pods and Warning Events, of one namespace or all — each kind one paginated list, at
// most `concurrency` lists in flight; a forbidden kind is skipped with a note. Pods are reduced as
// their pages arrive to what the analysis reads (150,000 pods of full JSON would not fit in memory).
import type { KubeObject } from '../kube/types.js';
import type { LiveClient } from '../live/client.js';
import { mapBounded } from '../live/client.js';
import { listOrSkip, readLiveCluster, withKind } from '../live/cluster.js';
import type { LiveClusterRead, LiveNote } from '../live/cluster.js';
import type { ResourceType } from '../live/resources.js';
import { CRON_JOBS, DAEMON_SETS, DEPLOYMENTS, EVENTS, JOBS, PODS, REPLICA_SETS, STATEFUL_SETS } from '../live/resources.js';
import { isRecord } from '../util/guards.js';

export interface AuditScope {
  /** One namespace; undefined = all namespaces (-A, the default). */
  namespace?: string;
}

export interface LiveState {
  contextName: string;
  server: string;
  cluster: LiveClusterRead;
  /** Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs, Pods — with apiVersion and kind. */
  workloads: KubeObject[];
  pods: KubeObject[];
  /** Warning events (type != Normal). */
  events: KubeObject[];
  notes: LiveNote[];
  /** Kinds that were readable (a skipped kind is not reported as absent). */
  readable: string[];
}

const WORKLOAD_RESOURCES: readonly ResourceType[] = [DEPLOYMENTS, REPLICA_SETS, STATEFUL_SETS, DAEMON_SETS, JOBS, CRON_JOBS];

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (record[key] !== undefined) out[key] = record[key];
  return out;
}

/**
 * A pod reduced to what audit reads: identity, owner, node, state. The spec is kept whole only for
 * pods that are workloads themselves (no controller among the kinds read); the others keep nodeName.
 */
export function compactPod(pod: Record<string, unknown>, ownerKindsRead: ReadonlySet<string>): Record<string, unknown> {
  const metadata = isRecord(pod.metadata) ? pod.metadata : {};
  const owners = Array.isArray(metadata.ownerReferences) ? metadata.ownerReferences.filter(isRecord) : [];
  const controller = owners.find((o) => o.controller === true) ?? owners[0];
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const ownedByRead = controller !== undefined && ownerKindsRead.has(String(controller.kind));
  const status = isRecord(pod.status) ? pod.status : {};
  // Only waiting containers matter (their reason is the pod's trouble); only two conditions are read.
  const containerState = (list: unknown) =>
    Array.isArray(list) ? list.filter((c) => isRecord(c) && isRecord(c.state) && isRecord(c.state.waiting)).map((c) => ({ name: c.name, state: { waiting: pick(c.state.waiting, ['reason', 'message']) } })) : undefined;
  return {
    metadata: {
      ...pick(metadata, ['name', 'namespace', 'creationTimestamp']),
      ...(owners.length > 0 ? { ownerReferences: owners.map((o) => pick(o, ['kind', 'name', 'controller'])) } : {}),
    },
    spec: ownedByRead ? pick(spec, ['nodeName']) : spec,
    status: {
      ...pick(status, ['phase', 'reason', 'message']),
      conditions: Array.isArray(status.conditions) ? status.conditions.filter((c) => isRecord(c) && (c.type === 'Ready' || c.type === 'PodScheduled')).map((c) => pick(c, ['type', 'status', 'message'])) : [],
      ...(status.initContainerStatuses ? { initContainerStatuses: containerState(status.initContainerStatuses) } : {}),
      ...(status.containerStatuses ? { containerStatuses: containerState(status.containerStatuses) } : {}),
    },
  };
}

export async function readLiveState(client: LiveClient, scope: AuditScope, identity: { contextName: string }, concurrency = 4): Promise<LiveState> {
  const cluster = await readLiveCluster(client, identity.contextName, concurrency);
  const notes = [...cluster.notes];
  const readable: string[] = [];
  const workloads: KubeObject[] = [];
  const listed = await mapBounded(WORKLOAD_RESOURCES, concurrency, (resource) => listOrSkip<KubeObject>(client, resource, notes, { namespace: scope.namespace }));
  WORKLOAD_RESOURCES.forEach((resource, i) => {
    const items = listed[i];
    if (items === undefined) return;
    readable.push(resource.kind);
    workloads.push(...withKind(items, resource));
  });
  const ownerKindsRead = new Set(readable);
  const [pods, events] = await Promise.all([
    listOrSkip<KubeObject>(client, PODS, notes, { namespace: scope.namespace, transform: (pod) => compactPod(pod, ownerKindsRead) }),
    listOrSkip<KubeObject>(client, EVENTS, notes, { namespace: scope.namespace, fieldSelector: 'type!=Normal' }),
  ]);
  if (pods) readable.push('Pod');
  if (events) readable.push('Event');
  const podObjects = withKind(pods ?? [], PODS);
  return {
    contextName: identity.contextName,
    server: client.server,
    cluster,
    pods: podObjects,
    // Pods are workloads too: bare pods (and pods whose controller could not be read) are top-level.
    workloads: [...workloads, ...podObjects],
    events: events ?? [],
    notes,
    readable,
  };
}
