// The cluster read live from the API server for the webhook: Nodes and RuntimeClasses listed once
// (paginated, through the same client as audit and --cluster live), then kept current by watches
// (client-node informers). Requests read the snapshot; they never call the API.
import { makeInformer } from '@kubernetes/client-node';
import type { Informer, KubernetesListObject, KubernetesObject, ObjectCache, V1Node, V1RuntimeClass } from '@kubernetes/client-node';
import type { ClusterSnapshot, ClusterSource } from '../admission/cluster-state.js';
import { clusterOfNodes, snapshotOf } from '../admission/cluster-state.js';
import type { Logger } from '../admission/log.js';
import { silentLogger } from '../admission/log.js';
import { createLiveClient } from './client.js';
import type { LiveClient } from './client.js';
import { loadKubeconfig } from './kubeconfig.js';
import type { LoadedKubeconfig } from './kubeconfig.js';
import { plainNode, plainRuntimeClass } from './objects.js';
import type { ResourceType } from './resources.js';
import { NODES, RUNTIME_CLASSES, apiVersionOf, pathOf } from './resources.js';

export interface LiveClusterOptions {
  /** `--kubeconfig FILE`; otherwise $KUBECONFIG, ~/.kube/config, then in-cluster config, as kubectl. */
  kubeconfig?: string;
  context?: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Delay before a failed watch is restarted (ms). */
  restartDelayMs?: number;
  /** Coalesce bursts of events into one rebuild (ms). */
  debounceMs?: number;
}

/** A paginated list in the shape the informer expects (the resourceVersion it starts watching from). */
async function listFor<T extends KubernetesObject>(client: LiveClient, resource: ResourceType): Promise<KubernetesListObject<T>> {
  const { items, resourceVersion } = await client.list<T>(resource);
  return { apiVersion: apiVersionOf(resource), kind: `${resource.kind}List`, metadata: { resourceVersion }, items };
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

  constructor(
    private readonly options: LiveClusterOptions = {},
    loaded: LoadedKubeconfig = loadKubeconfig({ kubeconfig: options.kubeconfig, context: options.context, env: options.env ?? process.env }),
  ) {
    this.logger = options.logger ?? silentLogger;
    const client = createLiveClient(loaded);
    const { kubeConfig } = loaded;
    this.nodes = makeInformer<V1Node>(kubeConfig, pathOf(NODES), () => this.listing('nodes', listFor<V1Node>(client, NODES)));
    this.runtimeClasses = makeInformer<V1RuntimeClass>(kubeConfig, pathOf(RUNTIME_CLASSES), () => this.listing('runtimeclasses', listFor<V1RuntimeClass>(client, RUNTIME_CLASSES)));
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
