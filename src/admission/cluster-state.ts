// The cluster the webhook judges against, held in memory: nodes (and their builds), RuntimeClasses,
// and the Windows taint convention they use. Requests only ever read the current snapshot; the
// snapshot is replaced whole when a watch event arrives (no API call on the request path).
import type { Cluster } from '../cluster/model.js';
import { poolsOfNodes } from '../cluster/pools.js';
import { collectInputs } from '../engine/run.js';
import type { AnalysisInputs } from '../engine/types.js';
import type { Node, RuntimeClass, Taint } from '../kube/types.js';
import { windowsBuildsOf, windowsTaintsOf } from '../changes/placement.js';

export interface ClusterSnapshot {
  cluster: Cluster;
  /** Ready for runRules / analyseWorkload: the cluster, its RuntimeClasses. */
  inputs: AnalysisInputs;
  /** Distinct Windows taints (key, value as written, effect) on the Windows nodes; empty when untainted. */
  windowsTaints: Taint[];
  /** `major.minor.build` of every Windows node, sorted. */
  windowsBuilds: string[];
  /** Bumped on every change; logged with decisions. */
  generation: number;
}

export interface ClusterSource {
  /** Undefined until the first sync. */
  snapshot(): ClusterSnapshot | undefined;
  /** True once a snapshot exists (readiness). */
  ready(): boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  describe(): string;
}

export { isWindowsTaint, windowsTaintsOf } from '../changes/placement.js';

export function snapshotOf(cluster: Cluster, runtimeClasses: readonly RuntimeClass[], generation: number): ClusterSnapshot {
  return {
    cluster,
    inputs: collectInputs([], cluster, undefined, runtimeClasses),
    windowsTaints: windowsTaintsOf(cluster.nodes),
    windowsBuilds: windowsBuildsOf(cluster.nodes),
    generation,
  };
}

export function clusterOfNodes(name: string, source: string, nodes: Node[]): Cluster {
  return { name, source, nodes, pools: poolsOfNodes(nodes) };
}

/** A fixed cluster (`--cluster` profile or NodeList): ready at once. */
export class StaticClusterSource implements ClusterSource {
  private readonly current: ClusterSnapshot;

  constructor(cluster: Cluster, runtimeClasses: readonly RuntimeClass[] = []) {
    this.current = snapshotOf(cluster, runtimeClasses, 1);
  }

  snapshot(): ClusterSnapshot {
    return this.current;
  }

  ready(): boolean {
    return true;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  describe(): string {
    return `${this.current.cluster.source} (${this.current.cluster.nodes.length} nodes)`;
  }
}
