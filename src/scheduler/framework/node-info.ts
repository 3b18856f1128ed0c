// NodeInfo: a node plus what the scheduler has bound to it (pkg/scheduler/framework/types.go NodeInfo):
// allocatable, requested and non-zero requested resources, pods, used host ports, images.
import { toResourceVector, RESOURCE_CPU, RESOURCE_EPHEMERAL_STORAGE, RESOURCE_MEMORY, RESOURCE_PODS } from '../../kube/requests.js';
import type { Node, Taint } from '../../kube/types.js';
import { LABEL_HOSTNAME } from '../../kube/types.js';
import type { PodInfo } from './pod-info.js';
import { normalizedImageName } from './image-names.js';

export interface HostPort {
  protocol: string;
  port: number;
  /** "" and "0.0.0.0" both mean every address. */
  ip: string;
}

/**
 * framework.nextGeneration: one counter for every NodeInfo, bumped by each change of one, so a
 * generation names one state of one node (pkg/scheduler/framework/types.go). Memos that depend only
 * on a node's own state compare it to tell whether the node changed since they were made.
 */
let lastGeneration = 0;
export function nextGeneration(): number {
  return ++lastGeneration;
}

export class NodeInfo {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  readonly unschedulable: boolean;
  /** Nodes with equal labels (hostname aside), taints and unschedulable flag share a class. */
  classId = -1;

  readonly allocatableScalar: ReadonlyMap<string, number>;
  readonly requestedScalar = new Map<string, number>();

  readonly pods: PodInfo[] = [];
  readonly usedPorts: HostPort[] = [];
  /** Image names as the node reports them (status.images), normalized, with their size. */
  readonly images = new Map<string, number>();
  podsWithAffinity = 0;
  podsWithRequiredAntiAffinity = 0;

  /**
   * `table` holds this node's numbers (allocatable, requested, non-zero requested, pod count,
   * generation) at `index`: the getters below read them there.
   */
  constructor(
    readonly index: number,
    readonly node: Node,
    readonly table: NodeTable,
  ) {
    this.name = node.metadata.name;
    this.labels = node.metadata.labels ?? {};
    this.taints = Array.isArray(node.spec?.taints) ? node.spec.taints : [];
    this.unschedulable = node.spec?.unschedulable === true;
    const allocatable = toResourceVector(node.status?.allocatable ?? node.status?.capacity);
    table.allocatableCpu[index] = allocatable[RESOURCE_CPU] ?? 0;
    table.allocatableMemory[index] = allocatable[RESOURCE_MEMORY] ?? 0;
    table.allocatableEphemeral[index] = allocatable[RESOURCE_EPHEMERAL_STORAGE] ?? 0;
    table.allowedPods[index] = allocatable[RESOURCE_PODS] ?? 0;
    table.generation[index] = nextGeneration();
    const scalar = new Map<string, number>();
    for (const [name, amount] of Object.entries(allocatable)) {
      if (name !== RESOURCE_CPU && name !== RESOURCE_MEMORY && name !== RESOURCE_EPHEMERAL_STORAGE && name !== RESOURCE_PODS) scalar.set(name, amount);
    }
    this.allocatableScalar = scalar;
    for (const image of node.status?.images ?? []) {
      for (const name of image.names ?? []) this.images.set(normalizedImageName(name), image.sizeBytes ?? 0);
    }
  }

  get allocatableCpu(): number {
    return this.table.allocatableCpu[this.index];
  }
  get allocatableMemory(): number {
    return this.table.allocatableMemory[this.index];
  }
  get allocatableEphemeral(): number {
    return this.table.allocatableEphemeral[this.index];
  }
  get allowedPods(): number {
    return this.table.allowedPods[this.index];
  }
  get requestedCpu(): number {
    return this.table.requestedCpu[this.index];
  }
  get requestedMemory(): number {
    return this.table.requestedMemory[this.index];
  }
  get requestedEphemeral(): number {
    return this.table.requestedEphemeral[this.index];
  }
  get nonZeroCpu(): number {
    return this.table.nonZeroCpu[this.index];
  }
  get nonZeroMemory(): number {
    return this.table.nonZeroMemory[this.index];
  }
  /** Changes with every pod added (see nextGeneration). */
  get generation(): number {
    return this.table.generation[this.index];
  }

  /** The node's value for a topology key; the hostname label falls back to the node name. */
  topologyValue(key: string): string | undefined {
    const value = this.labels[key];
    if (value === undefined && key === LABEL_HOSTNAME) return undefined;
    return value;
  }

  /** NodeInfo.AddPod: account the pod's requests, ports and affinity. */
  addPod(pod: PodInfo): void {
    const profile = pod.profile;
    const t = this.table;
    const i = this.index;
    t.generation[i] = nextGeneration();
    this.pods.push(pod);
    t.podCount[i] = this.pods.length;
    t.requestedCpu[i] += profile.request.cpu;
    t.requestedMemory[i] += profile.request.memory;
    t.requestedEphemeral[i] += profile.request.ephemeral;
    for (const [name, amount] of profile.request.scalar) this.requestedScalar.set(name, (this.requestedScalar.get(name) ?? 0) + amount);
    t.nonZeroCpu[i] += profile.nonZero.cpu;
    t.nonZeroMemory[i] += profile.nonZero.memory;
    for (const port of profile.hostPorts) this.usedPorts.push(port);
    if (profile.hasAffinityTerms) this.podsWithAffinity++;
    if (profile.requiredAntiAffinity.length > 0) this.podsWithRequiredAntiAffinity++;
  }
}

/** Node "classes": what the static filters read. Returns the number of classes. */
export function assignNodeClasses(nodes: readonly NodeInfo[]): number {
  const classes = new Map<string, number>();
  for (const node of nodes) {
    const labels = Object.entries(node.labels)
      .filter(([key]) => key !== LABEL_HOSTNAME)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const key = JSON.stringify([labels, node.taints.map((t) => [t.key, t.value ?? '', t.effect]), node.unschedulable]);
    let id = classes.get(key);
    if (id === undefined) classes.set(key, (id = classes.size));
    node.classId = id;
  }
  return classes.size;
}

/**
 * Every node's numbers, by node index, in typed arrays (a struct of arrays): every pod filters and
 * scores ~500 nodes, and reading one small table instead of 500 NodeInfo objects and their boxed
 * doubles spread over the heap keeps those loops in cache. NodeInfo reads and writes its numbers here
 * (the same doubles it held as fields, so every sum and score is unchanged).
 */
export class NodeTable {
  readonly allocatableCpu: Float64Array;
  readonly allocatableMemory: Float64Array;
  readonly allocatableEphemeral: Float64Array;
  readonly allowedPods: Float64Array;
  readonly requestedCpu: Float64Array;
  readonly requestedMemory: Float64Array;
  readonly requestedEphemeral: Float64Array;
  readonly nonZeroCpu: Float64Array;
  readonly nonZeroMemory: Float64Array;
  /** Pods bound to the node (NodeInfo.pods.length). */
  readonly podCount: Float64Array;
  /** NodeInfo.generation. */
  readonly generation: Int32Array;

  constructor(nodeCount: number) {
    this.allocatableCpu = new Float64Array(nodeCount);
    this.allocatableMemory = new Float64Array(nodeCount);
    this.allocatableEphemeral = new Float64Array(nodeCount);
    this.allowedPods = new Float64Array(nodeCount);
    this.requestedCpu = new Float64Array(nodeCount);
    this.requestedMemory = new Float64Array(nodeCount);
    this.requestedEphemeral = new Float64Array(nodeCount);
    this.nonZeroCpu = new Float64Array(nodeCount);
    this.nonZeroMemory = new Float64Array(nodeCount);
    this.podCount = new Float64Array(nodeCount);
    this.generation = new Int32Array(nodeCount);
  }
}
