// The scheduling framework's vocabulary, shaped like kube-scheduler's
// (pkg/scheduler/framework/interface.go, pkg/scheduler/framework/types.go): plugins implement small
// extension points and answer with a Status. Everything here is single-threaded and deterministic.
import type { NodeInfo, NodeTable } from './node-info.js';
import type { PodGroupIndex } from './pod-groups.js';
import type { PodInfo, PodProfile } from './pod-info.js';
import type { TopologyDomains } from './topology.js';

/** framework.Code, by name. `Skip` is what PreScore answers when a plugin has nothing to score. */
export type Code = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Skip';

export interface Status {
  readonly code: Code;
  /** Reason strings, counted one by one in the FailedScheduling histogram. */
  readonly reasons: readonly string[];
  /** The plugin that answered (set by the framework for failures). */
  readonly plugin?: PluginName;
}

export const SUCCESS: Status = Object.freeze({ code: 'Success', reasons: [] });
export const SKIP: Status = Object.freeze({ code: 'Skip', reasons: [] });
/** PreFilter answers without node names, shared (PreFilter runs for every pod). */
export const PRE_FILTER_SUCCESS: PreFilterResult = Object.freeze({ status: SUCCESS });
export const PRE_FILTER_SKIP: PreFilterResult = Object.freeze({ status: SKIP });

export function newStatus(code: Code, ...reasons: string[]): Status {
  return { code, reasons };
}
export function unschedulable(...reasons: string[]): Status {
  return { code: 'Unschedulable', reasons };
}
export function unresolvable(...reasons: string[]): Status {
  return { code: 'UnschedulableAndUnresolvable', reasons };
}
export function errorStatus(message: string): Status {
  return { code: 'Error', reasons: [message] };
}
export function isSuccess(status: Status): boolean {
  return status.code === 'Success';
}
/** Unschedulable or UnschedulableAndUnresolvable. */
export function isRejected(status: Status): boolean {
  return status.code === 'Unschedulable' || status.code === 'UnschedulableAndUnresolvable';
}
export function withPlugin(status: Status, plugin: PluginName): Status {
  return status.plugin === plugin ? status : { ...status, plugin };
}

/** framework.MaxNodeScore. */
export const MAX_NODE_SCORE = 100;

/** Plugin names as upstream registers them (pkg/scheduler/framework/plugins/names). */
export type PluginName =
  | 'NodeUnschedulable'
  | 'NodeName'
  | 'TaintToleration'
  | 'NodeAffinity'
  | 'NodePorts'
  | 'NodeResourcesFit'
  | 'PodTopologySpread'
  | 'InterPodAffinity'
  | 'NodeResourcesBalancedAllocation'
  | 'ImageLocality';

/** Per-cycle scratch space plugins share between their own extension points (framework.CycleState). */
export class CycleState {
  // A cycle writes a handful of keys at most: parallel arrays made on the first write, not a Map per pod.
  private keys: string[] | undefined;
  private values: unknown[] | undefined;
  write(key: string, value: unknown): void {
    if (this.keys === undefined || this.values === undefined) {
      this.keys = [key];
      this.values = [value];
      return;
    }
    const at = this.keys.indexOf(key);
    if (at >= 0) this.values[at] = value;
    else {
      this.keys.push(key);
      this.values.push(value);
    }
  }
  read<T>(key: string): T | undefined {
    if (this.keys === undefined || this.values === undefined) return undefined;
    const at = this.keys.indexOf(key);
    return at >= 0 ? (this.values[at] as T) : undefined;
  }
}

/** What the whole cluster looks like to a plugin: every node, by index, plus shared indexes. */
export interface ClusterSnapshot {
  readonly nodes: readonly NodeInfo[];
  /** Bound pods grouped by labels, for "pods matching S on node N" questions. */
  readonly pods: PodGroupIndex;
  /** Nodes hosting at least one pod with (anti-)affinity terms (InterPodAffinity only looks there). */
  nodesWithAffinityPods(): readonly NodeInfo[];
  /** Bound pods with (anti-)affinity terms, by profile: how many of them sit on each node index. */
  affinityProfiles(): ReadonlyMap<PodProfile, ReadonlyMap<number, number>>;
  /** How many nodes report an image (ImageLocality's spread factor). */
  nodesWithImage(name: string): number;
  /** Each node's domain for a topology key, as integers (node labels are fixed for the whole run). */
  topologyDomains(key: string): TopologyDomains;
  /** Every node's resource numbers and generation, by node index. */
  readonly table: NodeTable;
  /**
   * `nodes[i].index` for every i, as a typed array (for the length of `nodes`; read it during the
   * call only): the cycle's feasible list is answered without a pass over its NodeInfo objects.
   */
  indicesOf(nodes: readonly NodeInfo[]): Int32Array;
}

export interface PreFilterResult {
  status: Status;
  /** When set, only these nodes are evaluated (NodeAffinity's matchFields on metadata.name). */
  nodeNames?: ReadonlySet<string>;
}

export interface Plugin {
  readonly name: PluginName;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, snapshot: ClusterSnapshot): PreFilterResult;
}

export interface FilterPlugin extends Plugin {
  /**
   * True when the answer depends only on the pod's spec and the node's labels, taints and
   * unschedulable flag, so identical pods can reuse it for identical nodes (see NodeInfo.classId).
   */
  readonly staticPerNodeClass?: boolean;
  /**
   * True when the answer reads only the pod's profile and this node's own state (labels, taints, the
   * pods bound to it) — nothing of other nodes and nothing PreFilter wrote: it holds for an identical
   * pod as long as the node's generation has not changed (NodeInfo.generation).
   */
  readonly nodeLocal?: boolean;
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status;
}

export interface ScorePlugin extends Plugin {
  /** Skip means: no score from this plugin for this pod. */
  preScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], snapshot: ClusterSnapshot): Status;
  score(state: CycleState, pod: PodInfo, node: NodeInfo, snapshot: ClusterSnapshot): number;
  /**
   * Optional: `score` for every node at once (scores[i] for nodes[i]), the same numbers. Upstream runs
   * Score per node on parallel goroutines; here a plugin scores ~500 nodes per pod for 100k+ pods, and
   * one loop per plugin saves a call (and a CycleState lookup) per node.
   */
  scoreNodes?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: Float64Array, snapshot: ClusterSnapshot): void;
  /** Rewrites raw scores into [0, MAX_NODE_SCORE] in place. */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: Float64Array, nodes: readonly NodeInfo[]): void;
}

export function isFilterPlugin(plugin: Plugin): plugin is FilterPlugin {
  return typeof (plugin as FilterPlugin).filter === 'function';
}
export function isPreFilterPlugin(plugin: Plugin): plugin is PreFilterPlugin {
  return typeof (plugin as PreFilterPlugin).preFilter === 'function';
}
export function isScorePlugin(plugin: Plugin): plugin is ScorePlugin {
  return typeof (plugin as ScorePlugin).score === 'function';
}

/** helper.DefaultNormalizeScore: scale to [0, maxPriority] by the highest score; `reverse` flips it. */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: Float64Array): void {
  let maxCount = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] > maxCount) maxCount = scores[i];
  if (maxCount === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let score = Math.trunc((maxPriority * scores[i]) / maxCount);
    if (reverse) score = maxPriority - score;
    scores[i] = score;
  }
}
