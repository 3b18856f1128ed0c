// The objects a move to another Windows build needs: each workload pinned to the target build (a
// windows-build node selector, or a RuntimeClass per build), images re-tagged where the tag names a
// build, and a node pool of the target build in the profile format, copied from the pool it replaces.
import type { Cluster, Pool } from '../cluster/model.js';
import { LABEL_POOL } from '../cluster/model.js';
import { POOL_LABELS } from '../cluster/pools.js';
import type { KubeObject, Node, RuntimeClass, Taint, Toleration } from '../kube/types.js';
import { LABEL_ARCH, LABEL_OS, LABEL_WINDOWS_BUILD } from '../kube/types.js';
import type { ManifestObject } from '../manifests/types.js';
import { nameOf } from '../manifests/workloads.js';
import { asRecord, isRecord } from '../util/guards.js';
import type { JsonRecord } from '../util/guards.js';
import { parsePointer } from '../util/pointer.js';
import { releaseOfBuild } from '../windows/builds.js';
import { buildLabel } from './inventory.js';
import type { WorkloadInventory } from './inventory.js';

export type PinMode = 'node-selector' | 'runtime-class';

/** AKS OS-SKU labels whose value names the Windows release. */
const OS_SKU_LABELS = ['kubernetes.azure.com/os-sku', 'kubernetes.azure.com/os-sku-effective', 'kubernetes.azure.com/os-sku-requested'];

/** `2025` for 26100: the year in the release name, else the build. */
export function buildShortName(build: number): string {
  const name = releaseOfBuild(build)?.name ?? '';
  return /\b(20\d\d)\b/.exec(name)?.[1] ?? String(build);
}

export function runtimeClassNameFor(build: number): string {
  return `windows-${buildShortName(build)}`;
}

function podSpecAt(object: KubeObject, specPointer: string): JsonRecord | undefined {
  let at: unknown = object;
  for (const key of parsePointer(specPointer)) {
    if (!isRecord(at)) return undefined;
    at = at[key];
  }
  return asRecord(at);
}

function containerAt(object: KubeObject, imagePath: string): JsonRecord | undefined {
  const keys = parsePointer(imagePath);
  let at: unknown = object;
  for (const key of keys.slice(0, -1)) {
    if (Array.isArray(at)) at = at[Number(key)];
    else if (isRecord(at)) at = at[key];
    else return undefined;
  }
  return asRecord(at);
}

/** Node-affinity requirements on the windows-build label point at the target. */
function retargetAffinity(spec: JsonRecord, target: string): boolean {
  const terms = asRecord(asRecord(asRecord(spec.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution)?.nodeSelectorTerms;
  let changed = false;
  if (!Array.isArray(terms)) return false;
  for (const term of terms) {
    const expressions = asRecord(term)?.matchExpressions;
    if (!Array.isArray(expressions)) continue;
    for (const expression of expressions) {
      const e = asRecord(expression);
      if (e?.key === LABEL_WINDOWS_BUILD && (e.operator === 'In' || e.operator === 'NotIn')) {
        e.operator = 'In';
        e.values = [target];
        changed = true;
      }
    }
  }
  return changed;
}

function targetOsSku(target: number): string | undefined {
  return releaseOfBuild(target)?.aksOsSku;
}

export interface PatchedObject {
  /** The object as written, for rollback. */
  original: ManifestObject;
  /** The patched copy. */
  object: KubeObject;
  /** One line per change, for the plan. */
  changes: string[];
}

export interface ChangeSet {
  patched: PatchedObject[];
  /** RuntimeClasses to create (runtime-class mode, or a copy of a build-pinned class). */
  runtimeClasses: RuntimeClass[];
}

/** The Kubernetes docs' RuntimeClass per Windows build: os, arch and windows-build, plus the pool's NoSchedule taints tolerated. */
export function runtimeClassFor(build: number, taints: readonly Taint[], arch = 'amd64'): RuntimeClass {
  const tolerations: Toleration[] = taints
    .filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')
    .map((t) => (t.value === undefined ? { key: t.key, operator: 'Exists', effect: t.effect } : { key: t.key, operator: 'Equal', value: t.value, effect: t.effect }));
  const scheduling: JsonRecord = { nodeSelector: { [LABEL_OS]: 'windows', [LABEL_ARCH]: arch, [LABEL_WINDOWS_BUILD]: buildLabel(build) } };
  if (tolerations.length > 0) scheduling.tolerations = tolerations;
  return { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: runtimeClassNameFor(build) }, handler: 'runhcs-wcow-process', scheduling } as RuntimeClass;
}

/**
 * Patched copies of the workloads that move (on the source build today, with images that will run
 * on the target after re-tagging). Workloads that need a rebuild are left as they are.
 */
export function changesFor(
  inventory: readonly WorkloadInventory[],
  runtimeClasses: ReadonlyMap<string, RuntimeClass>,
  target: number,
  mode: PinMode,
  targetTaints: readonly Taint[],
  /** Old pool name → new pool name, for nodeSelectors that pin a pool by its platform label. */
  poolRenames: ReadonlyMap<string, string> = new Map(),
): ChangeSet {
  const patched: PatchedObject[] = [];
  const newClasses = new Map<string, RuntimeClass>();
  const targetLabel = buildLabel(target);
  for (const entry of inventory) {
    if (!entry.onSource || entry.needsRebuild) continue;
    const { workload } = entry;
    const object = structuredClone(workload.source.object);
    const spec = podSpecAt(object, workload.specPointer);
    if (!spec) continue;
    const changes: string[] = [];
    for (const image of entry.images) {
      if (image.verdict !== 'rebuild' || !image.retag) continue;
      const container = containerAt(object, image.path);
      if (container) {
        container.image = image.retag;
        changes.push(`container ${image.container}: image ${image.image} → ${image.retag}`);
      }
    }
    const rcName = typeof spec.runtimeClassName === 'string' ? spec.runtimeClassName : undefined;
    const rc = rcName ? runtimeClasses.get(rcName) : undefined;
    const rcSelector = asRecord(asRecord(rc?.scheduling)?.nodeSelector);
    if (rc && rcSelector?.[LABEL_WINDOWS_BUILD] !== undefined && rcSelector[LABEL_WINDOWS_BUILD] !== targetLabel) {
      // The pod is pinned through its RuntimeClass: a class for the target build, and the pod names it.
      const copy = structuredClone(rc);
      copy.metadata = { name: runtimeClassNameFor(target) };
      (asRecord(asRecord(copy.scheduling)?.nodeSelector) as JsonRecord)[LABEL_WINDOWS_BUILD] = targetLabel;
      newClasses.set(nameOf(copy), copy);
      spec.runtimeClassName = nameOf(copy);
      changes.push(`runtimeClassName ${rcName} → ${nameOf(copy)} (RuntimeClass for ${targetLabel})`);
    } else if (mode === 'runtime-class' && !rc) {
      const created = runtimeClassFor(target, targetTaints);
      newClasses.set(nameOf(created), created);
      spec.runtimeClassName = nameOf(created);
      const selector = asRecord(spec.nodeSelector);
      if (selector && selector[LABEL_WINDOWS_BUILD] !== undefined) delete selector[LABEL_WINDOWS_BUILD];
      changes.push(`runtimeClassName ${nameOf(created)} (RuntimeClass for ${targetLabel})`);
    } else {
      const selector = asRecord(spec.nodeSelector) ?? {};
      spec.nodeSelector = selector;
      if (selector[LABEL_WINDOWS_BUILD] !== targetLabel) {
        changes.push(`nodeSelector ${LABEL_WINDOWS_BUILD}: ${typeof selector[LABEL_WINDOWS_BUILD] === 'string' ? `${selector[LABEL_WINDOWS_BUILD] as string} → ` : ''}${targetLabel}`);
        selector[LABEL_WINDOWS_BUILD] = targetLabel;
      }
      if (retargetAffinity(spec, targetLabel)) changes.push(`node affinity ${LABEL_WINDOWS_BUILD} In [${targetLabel}]`);
    }
    const sku = targetOsSku(target);
    const selector = asRecord(spec.nodeSelector);
    for (const key of POOL_LABELS) {
      const renamed = selector && typeof selector[key] === 'string' ? poolRenames.get(selector[key] as string) : undefined;
      if (selector && renamed) {
        changes.push(`nodeSelector ${key}: ${selector[key] as string} → ${renamed}`);
        selector[key] = renamed;
      }
    }
    for (const key of OS_SKU_LABELS) {
      if (selector && typeof selector[key] === 'string' && sku && selector[key] !== sku) {
        changes.push(`nodeSelector ${key}: ${selector[key] as string} → ${sku}`);
        selector[key] = sku;
      }
    }
    if (changes.length > 0) patched.push({ original: workload.source, object, changes });
  }
  return { patched, runtimeClasses: [...newClasses.values()] };
}

// --- The target pool, in the profile format ------------------------------------------------------

/** Labels the kubelet or kube-hybrid set from the pool spec itself; not copied into `labels`. */
/** Labels a platform sets from the node image: they describe the old image, not the new pool. */
const NODE_IMAGE_LABELS = ['kubernetes.azure.com/node-image-version', 'eks.amazonaws.com/nodegroup-image', 'eks.amazonaws.com/sourceLaunchTemplateId', 'eks.amazonaws.com/sourceLaunchTemplateVersion'];

function isDerivedLabel(key: string): boolean {
  return NODE_IMAGE_LABELS.includes(key) || key.startsWith('kubernetes.io/') || key.startsWith('beta.kubernetes.io/') || key.startsWith('topology.kubernetes.io/') || key.startsWith('failure-domain.beta.kubernetes.io/') || key === LABEL_WINDOWS_BUILD || key === LABEL_POOL;
}

/** `win25`; with a suffix when the cluster has a pool of that name. Short: AKS limits Windows pool names. */
export function targetPoolName(cluster: Cluster, target: number): string {
  const base = `win${buildShortName(target).slice(-2)}`;
  const taken = new Set(cluster.pools.map((p) => p.name));
  if (!taken.has(base)) return base;
  for (const suffix of 'bcdefgh') if (!taken.has(`${base}${suffix}`)) return `${base}${suffix}`;
  return `${base}-${target}`;
}

export interface PoolSpecDocument {
  name: string;
  os: 'windows';
  windowsBuild?: string;
  osSku?: string;
  count: number;
  zones?: string[];
  allocatable?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: Taint[];
  kubernetesVersion?: string;
  images?: { name: string; sizeBytes: number }[];
}

function nodesOf(cluster: Cluster, pool: Pool): Node[] {
  const names = new Set(pool.nodeNames);
  return cluster.nodes.filter((n) => names.has(n.metadata.name));
}

/** A pool like `source` (size, allocatable, labels, taints, zones, kubelet version) of the target build. */
export function targetPoolSpec(cluster: Cluster, source: Pool, target: number, name = targetPoolName(cluster, target)): PoolSpecDocument {
  const nodes = nodesOf(cluster, source);
  const first = nodes[0];
  const labels: Record<string, string> = {};
  const sku = targetOsSku(target);
  for (const [key, value] of Object.entries(first?.metadata.labels ?? {})) {
    if (isDerivedLabel(key)) continue;
    if (OS_SKU_LABELS.includes(key)) {
      if (sku) labels[key] = sku;
      continue;
    }
    labels[key] = value === source.name ? name : value;
  }
  const spec: PoolSpecDocument = { name, os: 'windows', count: nodes.length };
  if (sku && Object.keys(labels).some((k) => k.startsWith('kubernetes.azure.com/'))) spec.osSku = sku;
  else spec.windowsBuild = buildLabel(target);
  const zones = [...new Set(nodes.map((n) => n.metadata.labels?.['topology.kubernetes.io/zone']).filter((z): z is string => typeof z === 'string'))];
  if (zones.length > 0) spec.zones = zones;
  const allocatable = first?.status?.allocatable;
  if (allocatable) spec.allocatable = Object.fromEntries(Object.entries(allocatable).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  if (Object.keys(labels).length > 0) spec.labels = labels;
  const taints = (first?.spec?.taints ?? []).filter((t) => !t.key.startsWith('node.kubernetes.io/'));
  if (taints.length > 0) spec.taints = taints.map((t) => ({ ...t }));
  const version = first?.status?.nodeInfo?.kubeletVersion;
  if (version) spec.kubernetesVersion = version;
  return spec;
}
