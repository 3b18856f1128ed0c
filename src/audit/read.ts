// What audit reads from a running cluster: the cluster kinds (src/live/cluster.ts), then the
// workloads, Pods and Warning Events of one namespace or all — each kind one paginated list, at most
// `concurrency` lists in flight; a forbidden kind is skipped with a note.
import type { KubeObject } from '../kube/types.js';
import type { LiveClient } from '../live/client.js';
import { mapBounded } from '../live/client.js';
import { listOrSkip, readLiveCluster, withKind } from '../live/cluster.js';
import type { LiveClusterRead, LiveNote } from '../live/cluster.js';
import type { ResourceType } from '../live/resources.js';
import { CRON_JOBS, DAEMON_SETS, DEPLOYMENTS, EVENTS, JOBS, PODS, REPLICA_SETS, STATEFUL_SETS } from '../live/resources.js';

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

export async function readLiveState(client: LiveClient, scope: AuditScope, identity: { contextName: string }, concurrency = 4): Promise<LiveState> {
  const cluster = await readLiveCluster(client, identity.contextName, concurrency);
  const notes = [...cluster.notes];
  const readable: string[] = [];
  const lists = [PODS, ...WORKLOAD_RESOURCES, EVENTS];
  const results = await mapBounded(lists, concurrency, (resource) =>
    listOrSkip<KubeObject>(client, resource, notes, { namespace: scope.namespace, ...(resource === EVENTS ? { fieldSelector: 'type!=Normal' } : {}) }),
  );
  const byResource = new Map<ResourceType, KubeObject[]>();
  lists.forEach((resource, i) => {
    const items = results[i];
    if (items === undefined) return;
    readable.push(resource.kind);
    byResource.set(resource, withKind(items, resource));
  });
  return {
    contextName: identity.contextName,
    server: client.server,
    cluster,
    pods: byResource.get(PODS) ?? [],
    workloads: [...WORKLOAD_RESOURCES.flatMap((r) => byResource.get(r) ?? []), ...(byResource.get(PODS) ?? [])],
    events: byResource.get(EVENTS) ?? [],
    notes,
    readable,
  };
}
