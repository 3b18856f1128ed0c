// The cluster read live from the API server: Nodes and RuntimeClasses listed once, then kept
// current by watches (client-node informers). Requests read the snapshot; they never call the API.
import { CoreV1Api, KubeConfig, NodeV1Api, makeInformer } from '@kubernetes/client-node';
import type { Informer, KubernetesObject, ObjectCache, V1Node, V1RuntimeClass } from '@kubernetes/client-node';
import type { Node, RuntimeClass, Taint } from '../kube/types.js';
import type { ClusterSnapshot, ClusterSource } from './cluster-state.js';
import { clusterOfNodes, snapshotOf } from './cluster-state.js';
import type { Logger } from './log.js';
import { silentLogger } from './log.js';

export interface LiveClusterOptions {
  /** A kubeconfig file; in-cluster config (service account) when absent. */
  kubeconfig?: string;
  logger?: Logger;
  /** Delay before a failed watch is restarted (ms). */
  restartDelayMs?: number;
  /** Coalesce bursts of events into one rebuild (ms). */
  debounceMs?: number;
}

export function kubeConfigFor(kubeconfig: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  if (kubeconfig) kc.loadFromFile(kubeconfig);
  else kc.loadFromCluster();
  return kc;
}

/** The fields the analysis reads, as plain JSON (client-node hands out class instances with Dates). */
export function plainNode(node: V1Node): Node {
  const taints: Taint[] = (node.spec?.taints ?? []).map((t) => {
    const taint: Taint = { key: t.key, effect: t.effect as Taint['effect'] };
    if (t.value !== undefined) taint.value = t.value;
    return taint;
  });
  const out: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: node.metadata?.name ?? '', labels: { ...(node.metadata?.labels ?? {}) } },
    spec: { taints, unschedulable: node.spec?.unschedulable === true },
    status: {
      allocatable: { ...(node.status?.allocatable ?? {}) },
      capacity: { ...(node.status?.capacity ?? {}) },
      nodeInfo: node.status?.nodeInfo ? { operatingSystem: node.status.nodeInfo.operatingSystem, architecture: node.status.nodeInfo.architecture, kernelVersion: node.status.nodeInfo.kernelVersion, osImage: node.status.nodeInfo.osImage, kubeletVersion: node.status.nodeInfo.kubeletVersion } : undefined,
      conditions: (node.status?.conditions ?? []).map((c) => ({ type: c.type, status: c.status as 'True' | 'False' | 'Unknown' })),
    },
  };
  return out;
}

export function plainRuntimeClass(rc: V1RuntimeClass): RuntimeClass {
  return JSON.parse(JSON.stringify({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: rc.metadata?.name }, handler: rc.handler, overhead: rc.overhead, scheduling: rc.scheduling })) as RuntimeClass;
}

type Watched<T extends KubernetesObject> = Informer<T> & ObjectCache<T>;

export class LiveClusterSource implements ClusterSource {
  private current: ClusterSnapshot | undefined;
  private generation = 0;
  private readonly logger: Logger;
  private readonly nodes: Watched<V1Node>;
  private readonly runtimeClasses: Watched<V1RuntimeClass>;
  /** Whether a list has succeeded (informer.start() resolves after a failed list too: the failure is an 'error' event). */
  private readonly listed = { nodes: false, runtimeclasses: false };
  private lastNodeError: unknown;
  private stopped = false;
  private rebuildTimer: NodeJS.Timeout | undefined;
  private readonly restartTimers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: LiveClusterOptions = {}, kubeConfig: KubeConfig = kubeConfigFor(options.kubeconfig)) {
    this.logger = options.logger ?? silentLogger;
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const node = kubeConfig.makeApiClient(NodeV1Api);
    this.nodes = makeInformer<V1Node>(kubeConfig, '/api/v1/nodes', () => this.listing('nodes', core.listNode()));
    this.runtimeClasses = makeInformer<V1RuntimeClass>(kubeConfig, '/apis/node.k8s.io/v1/runtimeclasses', () => this.listing('runtimeclasses', node.listRuntimeClass()));
    this.subscribe('nodes', this.nodes);
    this.subscribe('runtimeclasses', this.runtimeClasses);
  }

  private async listing<L>(name: 'nodes' | 'runtimeclasses', list: Promise<L>): Promise<L> {
    const result = await list;
    // Stopped while the list was in flight: fail it, or the informer would open a watch after stop().
    if (this.stopped) throw new Error('stopped');
    this.listed[name] = true;
    return result;
  }

  private subscribe<T extends KubernetesObject>(name: string, informer: Watched<T>): void {
    const changed = () => this.scheduleRebuild();
    informer.on('add', changed);
    informer.on('update', changed);
    informer.on('delete', changed);
    informer.on('error', (error: unknown) => {
      if (name === 'nodes') this.lastNodeError = error;
      this.restart(name, informer as unknown as Watched<KubernetesObject>, error);
    });
  }

  private restart(name: string, informer: Watched<KubernetesObject>, error: unknown): void {
    if (this.stopped) return;
    this.logger.warn('watch failed; restarting', { resource: name, error: error instanceof Error ? error.message : String(error), inMs: this.options.restartDelayMs ?? 5000 });
    const timer = setTimeout(() => {
      this.restartTimers.delete(timer);
      if (!this.stopped) informer.start().then(() => this.syncedLate(), (e: unknown) => this.restart(name, informer, e));
    }, this.options.restartDelayMs ?? 5000);
    timer.unref();
    this.restartTimers.add(timer);
  }

  private scheduleRebuild(): void {
    if (this.current === undefined || this.rebuildTimer) return;
    this.rebuildTimer = setTimeout(() => {
      this.rebuildTimer = undefined;
      this.rebuild();
    }, this.options.debounceMs ?? 200);
    this.rebuildTimer.unref();
  }

  /** Replaces the snapshot from the informers' caches. */
  rebuild(): void {
    const nodes = this.nodes.list().map(plainNode);
    const runtimeClasses = this.listed.runtimeclasses ? this.runtimeClasses.list().map(plainRuntimeClass) : [];
    this.current = snapshotOf(clusterOfNodes('live', 'live', nodes), runtimeClasses, ++this.generation);
    this.logger.debug('cluster snapshot rebuilt', { generation: this.generation, nodes: nodes.length, runtimeClasses: runtimeClasses.length, windowsTaints: this.current.windowsTaints, windowsBuilds: this.current.windowsBuilds });
  }

  snapshot(): ClusterSnapshot | undefined {
    return this.current;
  }

  ready(): boolean {
    return this.current !== undefined;
  }

  /** The first node list succeeded on a restart (after start() had failed): the first snapshot. */
  private syncedLate(): void {
    if (this.current !== undefined || !this.listed.nodes || this.stopped) return;
    this.synced();
  }

  private synced(): void {
    this.rebuild();
    const s = this.current;
    this.logger.info('cluster synced', { nodes: s?.cluster.nodes.length, windowsBuilds: s?.windowsBuilds, windowsTaints: s?.windowsTaints });
  }

  /**
   * Resolves after the first list of Nodes (RuntimeClasses too, unless forbidden or absent); rejects
   * when the node list failed (not ready; the informer retries and the snapshot appears when it succeeds).
   */
  async start(): Promise<void> {
    const classes = this.runtimeClasses.start().then(
      () => {
        if (!this.listed.runtimeclasses) this.logger.warn('RuntimeClasses not readable; continuing without them (retrying)');
      },
      (error: unknown) => {
        this.logger.warn('RuntimeClasses not readable; continuing without them', { error: error instanceof Error ? error.message : String(error) });
        this.restart('runtimeclasses', this.runtimeClasses as Watched<KubernetesObject>, error);
      },
    );
    const nodes = this.nodes.start();
    await Promise.all([nodes, classes]);
    if (this.stopped || this.current !== undefined) return;
    if (!this.listed.nodes) {
      const reason = this.lastNodeError instanceof Error ? this.lastNodeError.message : String(this.lastNodeError);
      throw new Error(`listing nodes failed: ${reason}`);
    }
    this.synced();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
    for (const t of this.restartTimers) clearTimeout(t);
    await Promise.allSettled([this.nodes.stop(), this.runtimeClasses.stop()]);
  }

  describe(): string {
    return this.current ? `the live cluster (${this.current.cluster.nodes.length} nodes)` : 'the live cluster';
  }
}
