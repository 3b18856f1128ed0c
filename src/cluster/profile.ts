// The cluster-profile format (docs/cluster-profiles.md): a concise list of node pools that expands
// into the Node objects the kubelet would register.
import type { PoolGmsa } from './model.js';
import type { Node, OSName, ResourceList, Taint } from '../kube/types.js';
import { LABEL_ARCH, LABEL_HOSTNAME, LABEL_OS, LABEL_WINDOWS_BUILD, LABEL_ZONE } from '../kube/types.js';
import { asRecord, asString, asStringMap, isRecord, recordsIn } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { buildLabelOf, parseWindowsVersion, releaseOfAksOsSku, releaseOfTag } from '../windows/builds.js';
import type { Cluster, Pool } from './model.js';
import { LABEL_POOL } from './model.js';

export const PROFILE_API_VERSION = 'kube-hybrid.io/v1alpha1';
export const PROFILE_KIND = 'ClusterProfile';

export interface PoolSpec {
  name: string;
  os: OSName;
  arch: string;
  count: number;
  /** `major.minor.build[.revision]`. */
  windowsVersion?: string;
  allocatable: ResourceList;
  labels: Record<string, string>;
  taints: Taint[];
  zones: string[];
  unschedulable: boolean;
  images: { names: string[]; sizeBytes: number }[];
  /** The kubelet's version (`v1.32.5`): the pool's `kubernetesVersion`, else the profile's. */
  kubernetesVersion?: string;
  /** CNI plugin of the pool (its own `cni`, else the profile's `spec.cni`), lower-case. */
  cni?: string;
  /** How the pool serves gMSA (`gmsa: domain-joined | ccg | none`, `ccgPlugins`). */
  gmsa?: PoolGmsa;
}

export interface ProfileProblem {
  /** Pointer of the offending field inside the profile document. */
  path: string;
  message: string;
}

const DEFAULT_ALLOCATABLE: Record<OSName, ResourceList> = {
  // Typical 4 vCPU / 16 GiB nodes after system reservations; Windows reserves more (at least 2 GiB,
  // https://kubernetes.io/docs/concepts/configuration/windows-resource-management/#resource-management-memory).
  linux: { cpu: '3860m', memory: '12Gi', pods: '110', 'ephemeral-storage': '100Gi' },
  windows: { cpu: '3860m', memory: '11Gi', pods: '30', 'ephemeral-storage': '100Gi' },
};

const TAINT_EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

/** Latest revision we know per build, so simulated nodes report a realistic kernelVersion. */
const DEFAULT_REVISION: Record<number, number> = { 17763: 6893, 20348: 3807, 25398: 1611, 26100: 4061 };

function windowsVersionOf(pool: Record<string, unknown>, pointer: string, problems: ProfileProblem[]): string | undefined {
  const build = asString(pool.windowsBuild);
  if (build !== undefined) {
    const version = parseWindowsVersion(build);
    if (!version) problems.push({ path: joinPointer(pointer, 'windowsBuild'), message: `windowsBuild "${build}" is not of the form 10.0.NNNNN[.rev]` });
    return version ? build : undefined;
  }
  const sku = asString(pool.osSku);
  if (sku !== undefined) {
    const release = releaseOfAksOsSku(sku) ?? releaseOfTag(sku);
    if (!release) problems.push({ path: joinPointer(pointer, 'osSku'), message: `osSku "${sku}" is not a known Windows SKU (Windows2019, Windows2022, Windows2025, ltsc2022, …)` });
    return release ? `10.0.${release.build}` : undefined;
  }
  problems.push({ path: pointer, message: 'a Windows pool needs windowsBuild (e.g. 10.0.20348) or osSku (e.g. Windows2022)' });
  return undefined;
}

function taintsOf(value: unknown, pointer: string, problems: ProfileProblem[]): Taint[] {
  const out: Taint[] = [];
  if (value === undefined) return out;
  if (!Array.isArray(value)) {
    problems.push({ path: pointer, message: 'taints must be a list' });
    return out;
  }
  value.forEach((item, index) => {
    const taint = asRecord(item);
    const key = asString(taint?.key);
    const effect = asString(taint?.effect);
    if (!taint || !key || !effect || !TAINT_EFFECTS.has(effect)) {
      problems.push({ path: joinPointer(pointer, index), message: 'a taint needs key and effect (NoSchedule, PreferNoSchedule or NoExecute)' });
      return;
    }
    const parsed: Taint = { key, effect: effect as Taint['effect'] };
    const v = taint.value;
    if (v !== undefined) parsed.value = String(v);
    out.push(parsed);
  });
  return out;
}

export function parsePoolSpecs(profile: Record<string, unknown>, problems: ProfileProblem[]): PoolSpec[] {
  const spec = asRecord(profile.spec);
  if (!spec || !Array.isArray(spec.pools)) {
    problems.push({ path: '/spec/pools', message: 'a ClusterProfile needs spec.pools, a list of node pools' });
    return [];
  }
  const pools: PoolSpec[] = [];
  const seen = new Set<string>();
  const clusterVersion = asString(spec.kubernetesVersion);
  const clusterCni = cniOf(spec.cni, '/spec/cni', problems);
  (spec.pools as unknown[]).forEach((value, index) => {
    const pointer = joinPointer('/spec/pools', index);
    const pool = parsePoolSpec(value, pointer, problems);
    if (!pool) return;
    if (pool.kubernetesVersion === undefined && clusterVersion !== undefined) pool.kubernetesVersion = clusterVersion;
    if (pool.cni === undefined && clusterCni !== undefined) pool.cni = clusterCni;
    if (seen.has(pool.name)) {
      problems.push({ path: joinPointer(pointer, 'name'), message: `pool name "${pool.name}" is used twice` });
      return;
    }
    seen.add(pool.name);
    pools.push(pool);
  });
  return pools;
}

/** An optional CNI name: any non-empty string (rules say when they do not know it). */
function cniOf(value: unknown, pointer: string, problems: ProfileProblem[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push({ path: pointer, message: 'cni must be the name of the CNI plugin (e.g. flannel, calico, antrea, azure-cni, vpc-cni)' });
    return undefined;
  }
  return value.trim().toLowerCase();
}

export function parsePoolSpec(value: unknown, pointer: string, problems: ProfileProblem[]): PoolSpec | undefined {
  if (!isRecord(value)) {
    problems.push({ path: pointer, message: 'a pool must be a mapping' });
    return undefined;
  }
  const name = asString(value.name);
  if (!name || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    problems.push({ path: joinPointer(pointer, 'name'), message: 'a pool needs a name of lower-case letters, digits and dashes' });
    return undefined;
  }
  const os = asString(value.os)?.toLowerCase();
  if (os !== 'linux' && os !== 'windows') {
    problems.push({ path: joinPointer(pointer, 'os'), message: 'os must be linux or windows' });
    return undefined;
  }
  const count = value.count === undefined ? 1 : value.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    problems.push({ path: joinPointer(pointer, 'count'), message: 'count must be a whole number ≥ 0' });
    return undefined;
  }
  const pool: PoolSpec = {
    name,
    os,
    arch: asString(value.arch) ?? 'amd64',
    count,
    allocatable: { ...DEFAULT_ALLOCATABLE[os], ...(asStringMap(value.allocatable) ?? {}) },
    labels: asStringMap(value.labels) ?? {},
    taints: taintsOf(value.taints, joinPointer(pointer, 'taints'), problems),
    zones: Array.isArray(value.zones) ? value.zones.filter((z): z is string => typeof z === 'string') : [],
    unschedulable: value.unschedulable === true,
    images: recordsIn(value.images).flatMap(({ item }) => {
      const imageName = asString(item.name);
      const size = typeof item.sizeBytes === 'number' ? item.sizeBytes : 0;
      return imageName ? [{ names: [imageName], sizeBytes: size }] : [];
    }),
  };
  const kubernetesVersion = asString(value.kubernetesVersion);
  if (kubernetesVersion !== undefined) pool.kubernetesVersion = kubernetesVersion;
  const cni = cniOf(value.cni, joinPointer(pointer, 'cni'), problems);
  if (cni !== undefined) pool.cni = cni;
  const gmsa = poolGmsaOf(value, pointer, problems);
  if (gmsa !== undefined) pool.gmsa = gmsa;
  if (os === 'windows') {
    const version = windowsVersionOf(value, pointer, problems);
    if (!version) return undefined;
    pool.windowsVersion = version;
  }
  return pool;
}

/** The Node objects a pool's kubelets would register. */
export function nodesOfPool(pool: PoolSpec): Node[] {
  const nodes: Node[] = [];
  for (let i = 0; i < pool.count; i++) nodes.push(nodeOfPool(pool, `${pool.name}-${i}`, i));
  return nodes;
}

export function nodeOfPool(pool: PoolSpec, nodeName: string, index: number): Node {
  const version = parseWindowsVersion(pool.windowsVersion);
  const labels: Record<string, string> = {
    [LABEL_ARCH]: pool.arch,
    [LABEL_OS]: pool.os,
    [LABEL_HOSTNAME]: nodeName,
    [LABEL_POOL]: pool.name,
    'beta.kubernetes.io/arch': pool.arch,
    'beta.kubernetes.io/os': pool.os,
  };
  if (version) labels[LABEL_WINDOWS_BUILD] = buildLabelOf(version);
  if (pool.zones.length > 0) labels[LABEL_ZONE] = pool.zones[index % pool.zones.length];
  Object.assign(labels, pool.labels);
  const kernelVersion = version ? `${buildLabelOf(version)}.${version.revision ?? DEFAULT_REVISION[version.build] ?? 0}` : '6.8.0-1021-azure';
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: nodeName, labels },
    spec: {},
    status: {
      capacity: { ...pool.allocatable },
      allocatable: { ...pool.allocatable },
      nodeInfo: {
        operatingSystem: pool.os,
        architecture: pool.arch,
        kernelVersion,
        osImage: pool.os === 'windows' ? 'Windows Server Datacenter' : 'Ubuntu 22.04.5 LTS',
        containerRuntimeVersion: 'containerd://1.7.25',
      },
      conditions: [{ type: 'Ready', status: 'True' }],
      images: pool.images.map((image) => ({ names: [...image.names], sizeBytes: image.sizeBytes })),
    },
  };
  if (pool.kubernetesVersion !== undefined) node.status!.nodeInfo!.kubeletVersion = pool.kubernetesVersion.startsWith('v') ? pool.kubernetesVersion : `v${pool.kubernetesVersion}`;
  if (pool.taints.length > 0) node.spec!.taints = pool.taints.map((t) => ({ ...t }));
  if (pool.unschedulable) node.spec!.unschedulable = true;
  return node;
}

export function poolSummaryOf(spec: PoolSpec, nodes: readonly Node[]): Pool {
  const pool: Pool = { name: spec.name, os: spec.os, architecture: spec.arch, nodeNames: nodes.map((n) => n.metadata.name) };
  const version = parseWindowsVersion(spec.windowsVersion);
  if (version) pool.windowsBuild = buildLabelOf(version);
  if (spec.cni !== undefined) pool.cni = spec.cni;
  if (spec.gmsa !== undefined) pool.gmsa = spec.gmsa;
  return pool;
}

/** A pool's `gmsa` (domain-joined | ccg | none) and `ccgPlugins` (CCG plugin GUIDs), checked at their pointers. */
function poolGmsaOf(value: Record<string, unknown>, pointer: string, problems: ProfileProblem[]): PoolGmsa | undefined {
  if (value.gmsa === undefined && value.ccgPlugins === undefined) return undefined;
  const mode = value.gmsa ?? 'ccg';
  if (mode !== 'domain-joined' && mode !== 'ccg' && mode !== 'none') {
    problems.push({ path: joinPointer(pointer, 'gmsa'), message: 'gmsa must be domain-joined, ccg or none' });
    return undefined;
  }
  const plugins = value.ccgPlugins ?? [];
  if (!Array.isArray(plugins) || plugins.some((p) => typeof p !== 'string' || !/^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i.test(p))) {
    problems.push({ path: joinPointer(pointer, 'ccgPlugins'), message: 'ccgPlugins must be a list of CCG plugin GUIDs ({xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx})' });
    return undefined;
  }
  return { mode, ccgPlugins: plugins as string[] };
}

export function clusterFromPoolSpecs(name: string, source: string, pools: readonly PoolSpec[], description?: string): Cluster {
  const nodes: Node[] = [];
  const summaries: Pool[] = [];
  for (const spec of pools) {
    const poolNodes = nodesOfPool(spec);
    nodes.push(...poolNodes);
    summaries.push(poolSummaryOf(spec, poolNodes));
  }
  const cluster: Cluster = { name, source, nodes, pools: summaries };
  if (description) cluster.description = description;
  return cluster;
}
