// Small shared pieces of rule wording.
import { hostProcessValueOf } from '../kube/host-process.js';
import type { Node } from '../kube/types.js';
import { poolNameOf } from '../cluster/pools.js';
import type { RuleContext } from '../engine/types.js';
import { CONTAINER_GROUPS } from '../engine/images.js';
import type { ContainerGroup, ContainerImageInfo } from '../engine/images.js';
import type { OsIntent } from '../engine/os-intent.js';
import { windowsOptionsOf } from '../engine/windows-options.js';
import type { Workload } from '../manifests/workloads.js';
import { osOfNode } from '../kube/nodes.js';
import { cachedWindowsPoolLifecycles, lifecyclesOfNodes } from '../planner/pool-lifecycle.js';
import type { PoolLifecycle } from '../planner/pool-lifecycle.js';
import { currentDay } from '../windows/lifecycle.js';
import { asString, recordsIn } from '../util/guards.js';
import type { JsonRecord } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';

/** "win22 (3 nodes), win19 (1 node)" — nodes grouped by their pool, in cluster order. */
export function describeNodesByPool(nodes: readonly Node[]): string {
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const pool = poolNameOf(node);
    counts.set(pool, (counts.get(pool) ?? 0) + 1);
  }
  return [...counts].map(([pool, count]) => `${pool} (${count} node${count === 1 ? '' : 's'})`).join(', ');
}

// --- Windows-compatibility rules: shared readers -------------------------------------------------
/** A container of a pod template, with its pointer (relative to the object). */
export interface ContainerRef {
  group: ContainerGroup;
  index: number;
  container: JsonRecord;
  name: string;
  path: string;
}

/** Containers in upstream's visiting order (VisitContainersWithPath): init, regular, ephemeral. */
export function containersOf(workload: Workload, groups: readonly ContainerGroup[] = CONTAINER_GROUPS): ContainerRef[] {
  let all: ContainerRef[];
  if (workload === lastWorkload) all = lastContainers;
  else {
    all = [];
    for (const group of CONTAINER_GROUPS) {
      for (const { item, index } of recordsIn(workload.podSpec[group])) {
        all.push({ group, index, container: item, name: asString(item.name) ?? `#${index}`, path: joinPointer(workload.specPointer, group, index) });
      }
    }
    lastWorkload = workload;
    lastContainers = all;
  }
  return groups === CONTAINER_GROUPS ? all : all.filter((ref) => groups.includes(ref.group));
}

/**
 * Many rules read the same containers of the same workload, one workload after the other: the last
 * workload's are kept at hand (workloads are not mutated). Not attached to the workload: a property
 * added to thousands of workloads costs more than reading a pod's few containers again in the rare
 * caller that goes back to an earlier workload.
 */
let lastWorkload: Workload | undefined;
let lastContainers: ContainerRef[] = [];

/** A volume of a pod template, with its name and pointer (relative to the object). */
export interface VolumeRef {
  volume: JsonRecord;
  index: number;
  name: string;
  path: string;
}

export function volumesOf(workload: Workload): VolumeRef[] {
  return recordsIn(workload.podSpec.volumes).map(({ item, index }) => ({
    volume: item,
    index,
    name: asString(item.name) ?? `#${index}`,
    path: joinPointer(workload.specPointer, 'volumes', index),
  }));
}

/** A Go pointer field is "set" when present and not null. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** How a rule sees a Windows pod: whether `spec.os.name: windows` makes the API server validate it. */
export interface WindowsPod {
  /** `spec.os.name` is "windows": the API server's Windows validation runs. */
  declared: boolean;
  /** How we know the pod is a Windows pod (the first piece of OS evidence). */
  how: string;
}

/** The Windows view of a workload, or undefined when it is not a Windows pod. */
export function windowsPodOf(context: RuleContext, workload: Workload): WindowsPod | undefined {
  const intent = context.analysisOf(workload).osIntent;
  if (intent.os !== 'windows') return undefined;
  // Some fifteen rules ask it of the same workload in a row: the last answer is kept at hand.
  if (intent === lastIntent && lastWindowsPod !== undefined) return lastWindowsPod;
  const first = intent.evidence[0];
  lastIntent = intent;
  lastWindowsPod = Object.freeze({ declared: first.kind === 'spec.os.name', how: first.detail });
  return lastWindowsPod;
}

let lastIntent: OsIntent | undefined;
let lastWindowsPod: Readonly<WindowsPod> | undefined;

export { windowsOptionsOf };

/** Where each windowsOptions of a pod lives: the pod's, then each container's. */
export interface WindowsOptionsRef {
  owner: 'pod' | ContainerRef;
  options: JsonRecord;
  /** Pointer of the windowsOptions object. */
  path: string;
}

export function windowsOptionsIn(workload: Workload, groups: readonly ContainerGroup[] = CONTAINER_GROUPS): WindowsOptionsRef[] {
  const out: WindowsOptionsRef[] = [];
  const podOptions = windowsOptionsOf(workload.podSpec.securityContext);
  if (podOptions) out.push({ owner: 'pod', options: podOptions, path: joinPointer(workload.specPointer, 'securityContext', 'windowsOptions') });
  for (const ref of containersOf(workload, groups)) {
    const options = windowsOptionsOf(ref.container.securityContext);
    if (options) out.push({ owner: ref, options, path: joinPointer(ref.path, 'securityContext', 'windowsOptions') });
  }
  return out;
}

/** The image of the container at `containerPath` (a pod has few containers: a scan, no Map per workload). */
export function imageInfoAt(images: readonly ContainerImageInfo[], containerPath: string): ContainerImageInfo | undefined {
  for (const info of images) if (info.containerPath === containerPath) return info;
  return undefined;
}

/** "pod" or `container "web"` / `init container "setup"` / `ephemeral container "debug"`. */
export function describeOwner(owner: 'pod' | ContainerRef): string {
  if (owner === 'pod') return 'pod';
  const kind = owner.group === 'initContainers' ? 'init container' : owner.group === 'ephemeralContainers' ? 'ephemeral container' : 'container';
  return `${kind} "${owner.name}"`;
}

/** Effective hostProcess of each container (its own value, else the pod's), as upstream counts it. */
export function hostProcessContainers(workload: Workload): { ref: ContainerRef; hostProcess: boolean; own?: boolean }[] {
  const pod = hostProcessValueOf(workload.podSpec.securityContext);
  return containersOf(workload).map((ref) => {
    const own = hostProcessValueOf(ref.container.securityContext);
    const entry: { ref: ContainerRef; hostProcess: boolean; own?: boolean } = { ref, hostProcess: own ?? pod ?? false };
    if (own !== undefined) entry.own = own;
    return entry;
  });
}

/** Whether any container of the pod is a HostProcess container (explicitly or inherited). */
export function isHostProcessPod(workload: Workload): boolean {
  return hostProcessContainers(workload).some((c) => c.hostProcess);
}

/**
 * The day the run compares dates with, and the lifecycle entries of the Windows pools a Windows
 * workload's pods may land on (none for a workload that does not run Windows): what the lifecycle
 * rules judge.
 */
export function landingPoolLifecycles(context: RuleContext, workload: Workload): { today: string; entries: PoolLifecycle[] } {
  const analysis = context.analysisOf(workload);
  const today = context.inputs.today ?? currentDay();
  if (analysis.osIntent.os !== 'windows') return { today, entries: [] };
  const windowsNodes = analysis.placement.eligible.filter((node) => osOfNode(node) === 'windows');
  return { today, entries: lifecyclesOfNodes(cachedWindowsPoolLifecycles(context.inputs.cluster, today), windowsNodes) };
}
