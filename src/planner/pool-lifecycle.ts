// The lifecycle catalogue applied to a cluster: which platform it runs on (from the labels each
// platform puts on its nodes), which Kubernetes version each pool's kubelets report, and each
// Windows pool's status on a given day. Shared by the lifecycle rules and `plan lifecycle`.
import type { Cluster, Pool } from '../cluster/model.js';
import type { Node } from '../kube/types.js';
import { describeBuild, parseWindowsVersion, releaseOfBuild } from '../windows/builds.js';
import { DayMemo, buildLifecycle, currentDay, minorSupport, standingBuildLifecycle } from '../windows/lifecycle.js';
import type { BuildLifecycle, LifecycleFact, LifecyclePlatform, MinorSupport } from '../windows/lifecycle.js';

/** Managed platforms by the label prefixes they put on every node. */
const PLATFORM_LABEL_PREFIXES: readonly { platform: LifecyclePlatform; prefixes: readonly string[] }[] = [
  { platform: 'aks', prefixes: ['kubernetes.azure.com/'] },
  { platform: 'eks', prefixes: ['eks.amazonaws.com/', 'alpha.eksctl.io/'] },
  { platform: 'gke', prefixes: ['cloud.google.com/gke-'] },
];

export const PLATFORM_NAMES: Record<LifecyclePlatform, string> = {
  microsoft: 'Microsoft',
  aks: 'AKS',
  eks: 'EKS',
  gke: 'GKE',
  upstream: 'a self-managed cluster (Microsoft lifecycle)',
};

export function platformOfNode(node: Node): LifecyclePlatform | undefined {
  const keys = Object.keys(node.metadata.labels ?? {});
  for (const { platform, prefixes } of PLATFORM_LABEL_PREFIXES) {
    if (keys.some((key) => prefixes.some((prefix) => key.startsWith(prefix)))) return platform;
  }
  return undefined;
}

const platformCache = new WeakMap<Cluster, LifecyclePlatform>();

/** The cluster's platform: the first node with a platform's labels decides; none = `upstream`. */
export function platformOfCluster(cluster: Cluster): LifecyclePlatform {
  const cached = platformCache.get(cluster);
  if (cached) return cached;
  let platform: LifecyclePlatform = 'upstream';
  for (const node of cluster.nodes) {
    const found = platformOfNode(node);
    if (found) {
      platform = found;
      break;
    }
  }
  platformCache.set(cluster, platform);
  return platform;
}

/** The kubelet version a pool's nodes report (`status.nodeInfo.kubeletVersion`), the lowest when they differ. */
export function kubernetesVersionOfPool(cluster: Cluster, pool: Pool): string | undefined {
  const names = new Set(pool.nodeNames);
  const versions = cluster.nodes.filter((n) => names.has(n.metadata.name)).map((n) => n.status?.nodeInfo?.kubeletVersion).filter((v): v is string => typeof v === 'string' && v !== '');
  return versions.sort()[0];
}

export function buildNumberOfPool(pool: Pool): number | undefined {
  return parseWindowsVersion(pool.windowsBuild)?.build;
}

export interface PoolLifecycle {
  pool: Pool;
  build: number;
  /** "Windows Server 2019 (10.0.17763)". */
  release: string;
  platform: LifecyclePlatform;
  lifecycle: BuildLifecycle;
  kubernetesVersion?: string;
  minor: MinorSupport;
}

export interface LifecycleOptions {
  today?: string;
  /** Overrides the platform read from node labels. */
  platform?: LifecyclePlatform;
}

/** Every Windows pool of the cluster with its lifecycle on `today`. */
export function windowsPoolLifecycles(cluster: Cluster, options: LifecycleOptions = {}): PoolLifecycle[] {
  const today = options.today ?? currentDay();
  const platform = options.platform ?? platformOfCluster(cluster);
  const out: PoolLifecycle[] = [];
  for (const pool of cluster.pools) {
    if (pool.os !== 'windows') continue;
    const build = buildNumberOfPool(pool);
    if (build === undefined) continue;
    const kubernetesVersion = kubernetesVersionOfPool(cluster, pool);
    const entry: PoolLifecycle = {
      pool,
      build,
      release: describeBuild(build),
      platform,
      lifecycle: buildLifecycle(build, platform, today),
      minor: kubernetesVersion ? minorSupport(build, platform, kubernetesVersion) : { supported: true },
    };
    if (kubernetesVersion) entry.kubernetesVersion = kubernetesVersion;
    out.push(entry);
  }
  return out;
}

/** The fact a status rests on, for citing: the end date's source. */
export function endFactOf(entry: BuildLifecycle): LifecycleFact | undefined {
  return entry.facts.find((f) => f.date === entry.endDate && (f.kind === 'retired' || f.kind === 'extended-end' || f.kind === 'servicing-end'));
}

/** What happens at the end on this platform, in a few words. */
export function endMeaning(platform: LifecyclePlatform): string {
  return platform === 'upstream' || platform === 'microsoft' ? 'Microsoft ships no more security updates' : 'no new node images or security patches';
}

const successors = new DayMemo<readonly number[]>();

/**
 * LTSC builds newer than `build` that the platform supports on `today`, oldest first. Remembered per
 * (build, platform, day): the lifecycle rules ask per workload. Shared: do not change it.
 */
export function successorBuilds(build: number, platform: LifecyclePlatform, today: string): readonly number[] {
  return successors.get(today, `${platform}/${build}`, () => {
    const candidates = [20348, 26100].filter((b) => b > build && releaseOfBuild(b)?.ltsc);
    return candidates.filter((b) => {
      const status = standingBuildLifecycle(b, platform, today).status;
      return status === 'supported' || status === 'retiring';
    });
  });
}

/** Node name → its Windows pool's entry, per list of entries (built once). */
const poolIndex = new WeakMap<readonly PoolLifecycle[], Map<string, PoolLifecycle>>();

/** The lifecycle entries of the Windows pools among `nodes` (the nodes a workload may land on), in cluster order. */
export function lifecyclesOfNodes(entries: readonly PoolLifecycle[], nodes: readonly Node[]): PoolLifecycle[] {
  if (entries.length === 0) return [];
  let index = poolIndex.get(entries);
  if (!index) {
    index = new Map();
    for (const entry of entries) for (const name of entry.pool.nodeNames) index.set(name, entry);
    poolIndex.set(entries, index);
  }
  const found = new Set<PoolLifecycle>();
  for (const node of nodes) {
    const entry = index.get(node.metadata.name);
    if (!entry) continue;
    found.add(entry);
    if (found.size === entries.length) break;
  }
  return entries.filter((e) => found.has(e));
}

/** Per cluster and day, computed once: rules ask for it once per workload. */
const cache = new WeakMap<Cluster, Map<string, PoolLifecycle[]>>();

export function cachedWindowsPoolLifecycles(cluster: Cluster, today: string): PoolLifecycle[] {
  let byDay = cache.get(cluster);
  if (!byDay) cache.set(cluster, (byDay = new Map()));
  let entries = byDay.get(today);
  if (!entries) byDay.set(today, (entries = windowsPoolLifecycles(cluster, { today })));
  return entries;
}

/** How `plan upgrade --to` names a build: the release year where there is one (`2025`), else the build. */
export function upgradeTargetArg(build: number): string {
  return /\b(20\d\d)\b/.exec(releaseOfBuild(build)?.name ?? '')?.[1] ?? String(build);
}

/** "1 day", "105 days". */
export function daysText(days: number): string {
  return `${days} day${Math.abs(days) === 1 ? '' : 's'}`;
}
