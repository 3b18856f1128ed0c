// One scheduling cycle per pod, as pkg/scheduler/schedule_one.go runs it: PreFilter, Filter over a
// rotating window of nodes until enough feasible ones are found (numFeasibleNodesToFind), PostFilter
// (DefaultPreemption's message only: we never evict), PreScore, Score, NormalizeScore, weights, then
// the highest total wins. Pods are bound one at a time; later pods see earlier ones.
//
// Determinism: upstream filters nodes in parallel and breaks score ties by reservoir sampling
// (selectHost). Here nodes are filtered in order from `nextStartNodeIndex` and a tie goes to the node
// found feasible first, so the same input always gives the same placement.
import type { Node } from '../../kube/types.js';
import { PREEMPTION_NOT_HELPFUL, NO_PREEMPTION_VICTIMS, PREEMPTION_POLICY_NEVER, fitErrorFromCounts, preemptionMessage } from '../../kube/fit-error.js';
import { NodeInfo, NodeTable, assignNodeClasses } from './node-info.js';
import { PodGroupIndex } from './pod-groups.js';
import { TopologyIndex } from './topology.js';
import type { TopologyDomains } from './topology.js';
import type { PodInfo, PodProfile } from './pod-info.js';
import type { ClusterSnapshot, FilterPlugin, Plugin, PluginName, PreFilterPlugin, ScorePlugin, Status } from './types.js';
import { CycleState, SUCCESS, isFilterPlugin, isPreFilterPlugin, isRejected, isScorePlugin, withPlugin } from './types.js';

/** pkg/scheduler/schedule_one.go constants. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

export interface WeightedPlugin {
  plugin: Plugin;
  /** Score weight (0 for plugins that do not score). */
  weight: number;
}

export interface SchedulerOptions {
  /** KubeSchedulerConfiguration percentageOfNodesToScore; 0 (default) = adaptive, 100 = every node. */
  percentageOfNodesToScore?: number;
}

export type ScheduleOutcome =
  | { scheduled: true; node: NodeInfo }
  | { scheduled: false; message: string; unresolvable: boolean };

/** numFeasibleNodesToFind: every node below 100; else 50% − nodes/125 (at least 5%), at least 100 nodes. */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage <= 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  if (percentage >= 100) return numAllNodes;
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}

/** See Scheduler.filterMemo. */
interface FilterMemo {
  profile: PodProfile | undefined;
  filters: readonly FilterPlugin[] | undefined;
  /** By node index: the node generation the answer was found at (0: none; see NodeInfo.generation). */
  generations: Int32Array;
  /** By node index: the filters' answer (SUCCESS when they pass). */
  statuses: Status[];
}

export class Scheduler implements ClusterSnapshot {
  readonly nodes: NodeInfo[];
  readonly table: NodeTable;
  readonly pods = new PodGroupIndex();
  private readonly byName = new Map<string, NodeInfo>();
  private readonly preFilterPlugins: PreFilterPlugin[];
  private readonly staticFilters: FilterPlugin[];
  private readonly dynamicFilters: FilterPlugin[];
  private readonly scorePlugins: { plugin: ScorePlugin; weight: number }[];
  private readonly percentage: number;
  private readonly affinityNodes: NodeInfo[] = [];
  private readonly imageNodeCounts = new Map<string, number>();
  nextStartNodeIndex = 0;
  /** Incremented on every bind: a pod's failure is reused by an identical pod only while it is unchanged. */
  bindCount = 0;

  constructor(nodes: readonly Node[], plugins: readonly WeightedPlugin[], options: SchedulerOptions = {}) {
    this.table = new NodeTable(nodes.length);
    this.nodes = nodes.map((node, index) => new NodeInfo(index, node, this.table));
    for (const node of this.nodes) {
      this.byName.set(node.name, node);
      for (const name of node.images.keys()) this.imageNodeCounts.set(name, (this.imageNodeCounts.get(name) ?? 0) + 1);
    }
    const classCount = assignNodeClasses(this.nodes);
    this.nodeClassIds = Int32Array.from(this.nodes, (n) => n.classId);
    this.classFirstNode = new Int32Array(classCount).fill(-1);
    this.classSize = new Int32Array(classCount);
    for (const node of this.nodes) {
      if (this.classFirstNode[node.classId] < 0) this.classFirstNode[node.classId] = node.index;
      this.classSize[node.classId]++;
    }
    this.preFilterPlugins = plugins.map((p) => p.plugin).filter(isPreFilterPlugin);
    const filters = plugins.map((p) => p.plugin).filter(isFilterPlugin);
    // The static prefix: filters in upstream order up to the first one that reads cluster state.
    let prefix = 0;
    while (prefix < filters.length && filters[prefix].staticPerNodeClass) prefix++;
    this.staticFilters = filters.slice(0, prefix);
    this.dynamicFilters = filters.slice(prefix);
    this.scorePlugins = plugins.filter((p) => p.weight > 0 && isScorePlugin(p.plugin)).map((p) => ({ plugin: p.plugin as ScorePlugin, weight: p.weight }));
    this.percentage = options.percentageOfNodesToScore ?? 0;
  }

  nodeByName(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }

  nodesWithAffinityPods(): readonly NodeInfo[] {
    return this.affinityNodes;
  }

  private readonly affinityByProfile = new Map<PodProfile, Map<number, number>>();
  affinityProfiles(): ReadonlyMap<PodProfile, ReadonlyMap<number, number>> {
    return this.affinityByProfile;
  }

  nodesWithImage(name: string): number {
    return this.imageNodeCounts.get(name) ?? 0;
  }

  private topology?: TopologyIndex;
  topologyDomains(key: string): TopologyDomains {
    this.topology ??= new TopologyIndex(this.nodes);
    return this.topology.domains(key);
  }

  /** Assume + bind: the pod now counts on the node for every later cycle. */
  bind(pod: PodInfo, node: NodeInfo): void {
    const hadAffinity = node.podsWithAffinity > 0;
    node.addPod(pod);
    if (!hadAffinity && node.podsWithAffinity > 0) this.affinityNodes.push(node);
    this.pods.add(pod, node);
    if (pod.profile.hasAffinityTerms) {
      let perNode = this.affinityByProfile.get(pod.profile);
      if (!perNode) this.affinityByProfile.set(pod.profile, (perNode = new Map()));
      perNode.set(node.index, (perNode.get(node.index) ?? 0) + 1);
    }
    this.bindCount++;
  }

  /** Runs the filters in order and stops at the node's first failing plugin. */
  runFilters(state: CycleState, pod: PodInfo, node: NodeInfo, skipped: ReadonlySet<PluginName>): Status {
    const profile = pod.profile;
    let status: Status | undefined;
    if (profile.classCacheable) {
      status = profile.classStatus[node.classId];
      if (status === undefined) profile.classStatus[node.classId] = status = this.runStaticFilters(state, pod, node);
    } else {
      status = this.runStaticFilters(state, pod, node);
    }
    if (status !== SUCCESS) return status;
    const dynamic = this.dynamicFilters;
    for (let i = 0; i < dynamic.length; i++) {
      const plugin = dynamic[i];
      if (skipped.has(plugin.name)) continue;
      const result = plugin.filter(state, pod, node);
      if (result.code !== 'Success') return withPlugin(result, plugin.name);
    }
    return SUCCESS;
  }

  private readonly eligibleCache = new WeakMap<PodProfile, { indices: Int32Array; rejections: Map<Status, number> }>();
  /** Each node's class (NodeInfo.classId) by node index; each class's first node and size. */
  private readonly nodeClassIds: Int32Array;
  private readonly classFirstNode: Int32Array;
  private readonly classSize: Int32Array;

  /**
   * Nodes passing the static filters for this profile, and how many nodes each static rejection covers.
   * The static filters run once per node class (on its first node); the nodes are then picked by class
   * from a typed array, and each rejection counts its classes' sizes, in the order a node-by-node scan
   * meets them.
   */
  private eligibleNodesOf(state: CycleState, pod: PodInfo): { indices: Int32Array; rejections: Map<Status, number> } {
    let cached = this.eligibleCache.get(pod.profile);
    if (cached) return cached;
    const profile = pod.profile;
    const classCount = this.classSize.length;
    const passes = new Uint8Array(classCount);
    let eligibleCount = 0;
    const rejected: number[] = [];
    for (let c = 0; c < classCount; c++) {
      let status = profile.classStatus[c];
      if (status === undefined) profile.classStatus[c] = status = this.runStaticFilters(state, pod, this.nodes[this.classFirstNode[c]]);
      if (status === SUCCESS) {
        passes[c] = 1;
        eligibleCount += this.classSize[c];
      } else rejected.push(c);
    }
    rejected.sort((a, b) => this.classFirstNode[a] - this.classFirstNode[b]);
    const rejections = new Map<Status, number>();
    for (const c of rejected) {
      const status = profile.classStatus[c]!;
      rejections.set(status, (rejections.get(status) ?? 0) + this.classSize[c]);
    }
    const indices = new Int32Array(eligibleCount);
    const classIds = this.nodeClassIds;
    for (let i = 0, k = 0; i < classIds.length; i++) if (passes[classIds[i]] === 1) indices[k++] = i;
    cached = { indices, rejections };
    this.eligibleCache.set(profile, cached);
    return cached;
  }

  /** `dynamic`: the dynamic filters whose PreFilter did not answer Skip this cycle, in order. */
  private runDynamicFilters(state: CycleState, pod: PodInfo, node: NodeInfo, dynamic: readonly FilterPlugin[]): Status {
    for (let i = 0; i < dynamic.length; i++) {
      const plugin = dynamic[i];
      const result = plugin.filter(state, pod, node);
      if (result !== SUCCESS && result.code !== 'Success') return withPlugin(result, plugin.name);
    }
    return SUCCESS;
  }

  private runStaticFilters(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    for (const plugin of this.staticFilters) {
      const result = plugin.filter(state, pod, node);
      if (result.code !== 'Success') return withPlugin(result, plugin.name);
    }
    return SUCCESS;
  }

  schedule(pod: PodInfo): ScheduleOutcome {
    const profile = pod.profile;
    const memo = profile.failureMemo;
    if (memo && memo.bindCount === this.bindCount) return { scheduled: false, message: memo.message, unresolvable: memo.unresolvable };

    const state = new CycleState();
    // Which PreFilter plugins answered Skip, one bit per plugin (by position): no Set per cycle.
    let skippedMask = 0;
    let allowed: ReadonlySet<string> | undefined;
    let narrowedBy: PluginName[] | undefined;
    const preFilterPlugins = this.preFilterPlugins;
    for (let i = 0; i < preFilterPlugins.length; i++) {
      const plugin = preFilterPlugins[i];
      const result = plugin.preFilter(state, pod, this);
      if (result.status.code === 'Skip') {
        skippedMask |= 1 << i;
        continue;
      }
      if (result.status.code !== 'Success') return this.preFilterFailure(pod, result.status);
      if (result.nodeNames) {
        (narrowedBy ??= []).push(plugin.name);
        allowed = allowed ? new Set([...allowed].filter((n) => result.nodeNames!.has(n))) : result.nodeNames;
      }
    }

    let candidates: readonly NodeInfo[] = this.nodes;
    let absentReason: string | undefined;
    if (allowed) {
      candidates = this.nodesNamed(allowed);
      absentReason = `node(s) didn't satisfy plugin(s) [${[...(narrowedBy ?? [])].sort().join(' ')}]`;
    }

    const numAll = candidates.length;
    const toFind = numFeasibleNodesToFind(this.percentage, numAll);
    // The feasible list is reused from cycle to cycle (plugins read it only during the cycle); it holds
    // up to `toFind` nodes, so a fresh array per pod was most of the scheduler's garbage.
    // (Written by index and cut to length once: `length = 0` would drop its backing store every cycle.)
    const feasible = this.feasibleBuffer;
    if (this.feasibleIndicesBuffer.length < numAll) this.feasibleIndicesBuffer = new Int32Array(this.nodes.length);
    const feasibleIndices = this.feasibleIndicesBuffer;
    let found = 0;
    // Rejected nodes' statuses, for the FailedScheduling message (made on the first rejection).
    let statuses: Map<number, Status> | undefined;
    let staticRejections: ReadonlyMap<Status, number> | undefined;
    let processed = 0;
    const eligible = allowed === undefined && pod.profile.classCacheable ? this.eligibleNodesOf(state, pod) : undefined;
    if (eligible) {
      // Nodes the static filters reject (same class → same answer) are stepped over in bulk; the rotation
      // and the count of processed nodes stay exactly what a node-by-node scan would give.
      staticRejections = eligible.rejections;
      const indices = eligible.indices;
      const m = indices.length;
      const start = this.nextStartNodeIndex;
      let lo = 0;
      let hi = m;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (indices[mid] < start) lo = mid + 1;
        else hi = mid;
      }
      let stoppedAt = -1;
      const dynamic = this.dynamicFiltersRunning(skippedMask);
      const memo = this.nodeLocalMemo(pod.profile, dynamic);
      if (memo !== undefined) {
        // The usual case: answers remembered for most nodes, read from typed arrays; the NodeInfo list is
        // filled from the indices afterwards.
        const known = memo.generations;
        const generation = this.table.generation;
        const memoStatuses = memo.statuses;
        // j = (lo + k) % m without a division per node.
        for (let k = 0, j = lo === m ? 0 : lo; k < m; k++, j = j + 1 === m ? 0 : j + 1) {
          const index = indices[j];
          if (known[index] !== generation[index]) {
            memoStatuses[index] = this.runDynamicFilters(state, pod, this.nodes[index], dynamic);
            known[index] = generation[index];
          }
          const status = memoStatuses[index];
          if (status === SUCCESS) {
            feasibleIndices[found++] = index;
            if (found >= toFind) {
              stoppedAt = index;
              break;
            }
          } else (statuses ??= new Map()).set(index, status);
        }
        for (let k = 0; k < found; k++) feasible[k] = this.nodes[feasibleIndices[k]];
      } else {
        for (let k = 0, j = lo === m ? 0 : lo; k < m; k++, j = j + 1 === m ? 0 : j + 1) {
          const index = indices[j];
          const status = this.runDynamicFilters(state, pod, this.nodes[index], dynamic);
          if (status === SUCCESS) {
            feasibleIndices[found] = index;
            feasible[found++] = this.nodes[index];
            if (found >= toFind) {
              stoppedAt = index;
              break;
            }
          } else (statuses ??= new Map()).set(index, status);
        }
      }
      processed = stoppedAt < 0 ? numAll : ((stoppedAt - start + numAll) % numAll) + 1;
    } else {
      const skipped = this.skippedNames(skippedMask);
      for (let i = 0; i < numAll; i++) {
        const node = candidates[(this.nextStartNodeIndex + i) % numAll];
        processed++;
        const status = this.runFilters(state, pod, node, skipped);
        if (status === SUCCESS || status.code === 'Success') {
          feasibleIndices[found] = node.index;
          feasible[found++] = node;
          if (found >= toFind) break;
        } else {
          (statuses ??= new Map()).set(node.index, status);
        }
      }
    }
    if (this.nodes.length > 0) this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % this.nodes.length;
    if (feasible.length !== found) feasible.length = found;
    // The view is made again only when the count changes (it rarely does: toFind nodes are found).
    if (this.feasibleIndices.length !== found || this.feasibleIndices.buffer !== feasibleIndices.buffer) this.feasibleIndices = feasibleIndices.subarray(0, found);

    if (feasible.length === 0) return this.filterFailure(pod, statuses ?? new Map(), absentReason, staticRejections);
    if (feasible.length === 1) return { scheduled: true, node: feasible[0] };
    return { scheduled: true, node: feasible[this.selectHost(state, pod, feasible)] };
  }

  private readonly feasibleBuffer: NodeInfo[] = [];
  /** The feasible nodes' indices, in the same order (see indicesOf). */
  private feasibleIndicesBuffer = new Int32Array(0);
  private feasibleIndices = new Int32Array(0);

  indicesOf(nodes: readonly NodeInfo[]): Int32Array {
    if (nodes === this.feasibleBuffer) return this.feasibleIndices;
    return Int32Array.from(nodes, (n) => n.index);
  }

  /**
   * The dynamic filters' answers per node for the latest profile. Replicas of one template come one
   * after another and a node changes only when a pod is bound to it (its generation moves, and the
   * answer found at an older generation is found again), so most answers are reused: the same test
   * as the score memos (NodeScoreMemo). Kept only when every filter running is node-local
   * (NodePorts, NodeResourcesFit); the filters that read cluster-wide state (PodTopologySpread and
   * InterPodAffinity, once their PreFilter did not skip) run every cycle.
   */
  private readonly filterMemo: FilterMemo = {
    profile: undefined,
    filters: undefined,
    generations: new Int32Array(0),
    statuses: [],
  };

  private nodeLocalMemo(profile: PodProfile, filters: readonly FilterPlugin[]): FilterMemo | undefined {
    const memo = this.filterMemo;
    if (memo.profile === profile && memo.filters === filters) return memo;
    for (let i = 0; i < filters.length; i++) if (filters[i].nodeLocal !== true) return undefined;
    if (memo.generations.length !== this.nodes.length) {
      memo.generations = new Int32Array(this.nodes.length);
      memo.statuses = new Array<Status>(this.nodes.length).fill(SUCCESS);
    } else memo.generations.fill(0);
    memo.profile = profile;
    memo.filters = filters;
    return memo;
  }
  /** The dynamic filters left once PreFilter skipped some, by which were skipped (a few combinations recur). */
  private readonly dynamicBySkipped = new Map<number, readonly FilterPlugin[]>();
  private readonly skippedByMask = new Map<number, ReadonlySet<PluginName>>();

  /** The names of the PreFilter plugins whose bits are set in `mask`. */
  private skippedNames(mask: number): ReadonlySet<PluginName> {
    let names = this.skippedByMask.get(mask);
    if (!names) this.skippedByMask.set(mask, (names = new Set(this.preFilterPlugins.filter((_, i) => (mask & (1 << i)) !== 0).map((p) => p.name))));
    return names;
  }

  private dynamicFiltersRunning(skippedMask: number): readonly FilterPlugin[] {
    if (skippedMask === 0) return this.dynamicFilters;
    let filters = this.dynamicBySkipped.get(skippedMask);
    if (!filters) {
      const skipped = this.skippedNames(skippedMask);
      this.dynamicBySkipped.set(skippedMask, (filters = this.dynamicFilters.filter((p) => !skipped.has(p.name))));
    }
    return filters;
  }

  /** The nodes with these names, in cluster order (as filtering every node by name gives). */
  private nodesNamed(names: ReadonlySet<string>): NodeInfo[] {
    if (this.byName.size !== this.nodes.length) return this.nodes.filter((n) => names.has(n.name));
    const out: NodeInfo[] = [];
    for (const name of names) {
      const node = this.byName.get(name);
      if (node) out.push(node);
    }
    return out.sort((a, b) => a.index - b.index);
  }

  /** The score plugins whose PreScore did not skip this cycle (the first `count` entries). */
  private readonly activeScorePlugins: { plugin: ScorePlugin; weight: number }[] = [];
  private totalsBuffer = new Float64Array(0);
  private scoresBuffer = new Float64Array(0);
  private totals = new Float64Array(0);
  private scores = new Float64Array(0);

  /** Index (into `feasible`) of the highest weighted total; the first such node on a tie. */
  private selectHost(state: CycleState, pod: PodInfo, feasible: readonly NodeInfo[]): number {
    const n = feasible.length;
    if (this.totalsBuffer.length < n) {
      this.totalsBuffer = new Float64Array(this.nodes.length);
      this.scoresBuffer = new Float64Array(this.nodes.length);
    }
    // Views of the feasible list's length, made again only when that length changes (it rarely does).
    if (this.totals.length !== n || this.totals.buffer !== this.totalsBuffer.buffer) {
      this.totals = this.totalsBuffer.subarray(0, n);
      this.scores = this.scoresBuffer.subarray(0, n);
    }
    const totals = this.totals;
    const scores = this.scores;
    // PreScore of every plugin first, then Score and NormalizeScore of those that did not skip, as
    // upstream runs them (RunPreScorePlugins, then RunScorePlugins).
    const active = this.activeScorePlugins;
    let count = 0;
    const scorePlugins = this.scorePlugins;
    for (let p = 0; p < scorePlugins.length; p++) {
      const plugin = scorePlugins[p].plugin;
      if (plugin.preScore && plugin.preScore(state, pod, feasible, this).code === 'Skip') continue;
      active[count++] = scorePlugins[p];
    }
    if (count === 0) return 0; // every total is 0: the first node wins the tie
    // The first plugin sets the totals (no zeroing pass), the others add to them, and the last one's
    // pass also finds the highest total (the first node with it wins).
    let best = 0;
    for (let p = 0; p < count; p++) {
      const { plugin, weight } = active[p];
      if (plugin.scoreNodes) plugin.scoreNodes(state, pod, feasible, scores, this);
      else for (let i = 0; i < n; i++) scores[i] = plugin.score(state, pod, feasible[i], this);
      plugin.normalizeScore?.(state, pod, scores, feasible);
      if (p < count - 1) {
        if (p === 0) for (let i = 0; i < n; i++) totals[i] = scores[i] * weight;
        else for (let i = 0; i < n; i++) totals[i] += scores[i] * weight;
      } else if (p === 0) {
        totals[0] = scores[0] * weight;
        for (let i = 1; i < n; i++) if ((totals[i] = scores[i] * weight) > totals[best]) best = i;
      } else {
        totals[0] += scores[0] * weight;
        for (let i = 1; i < n; i++) if ((totals[i] += scores[i] * weight) > totals[best]) best = i;
      }
    }
    return best;
  }

  private preFilterFailure(pod: PodInfo, status: Status): ScheduleOutcome {
    const n = this.nodes.length;
    const post = this.postFilterMessage(pod, new Map([[isRejected(status) && status.code === 'Unschedulable' ? NO_PREEMPTION_VICTIMS : PREEMPTION_NOT_HELPFUL, n]]));
    const message = fitErrorFromCounts(n, new Map(), post, status.reasons.join(', '));
    return { scheduled: false, message, unresolvable: status.code === 'UnschedulableAndUnresolvable' };
  }

  private filterFailure(pod: PodInfo, statuses: ReadonlyMap<number, Status>, absentReason: string | undefined, staticRejections?: ReadonlyMap<Status, number>): ScheduleOutcome {
    const n = this.nodes.length;
    const counts = new Map<string, number>();
    const preemption = new Map<string, number>();
    let unresolvable = true;
    let explicit = 0;
    const add = (status: Status, times: number) => {
      explicit += times;
      for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + times);
      // nodesWherePreemptionMightHelp: only Unschedulable nodes are candidates; with no lower-priority
      // pods to evict (we never model victims) each candidate ends with "no victims".
      const key = status.code === 'UnschedulableAndUnresolvable' ? PREEMPTION_NOT_HELPFUL : NO_PREEMPTION_VICTIMS;
      if (key === NO_PREEMPTION_VICTIMS) unresolvable = false;
      preemption.set(key, (preemption.get(key) ?? 0) + times);
    };
    for (const status of statuses.values()) add(status, 1);
    if (staticRejections) for (const [status, times] of staticRejections) add(status, times);
    const absent = n - explicit;
    if (absentReason && absent > 0) {
      counts.set(absentReason, (counts.get(absentReason) ?? 0) + absent);
      preemption.set(PREEMPTION_NOT_HELPFUL, (preemption.get(PREEMPTION_NOT_HELPFUL) ?? 0) + absent);
    }
    const message = fitErrorFromCounts(n, counts, this.postFilterMessage(pod, preemption));
    // An identical pod would fail the same way while nothing new is bound — unless its own labels count
    // (spread constraints, pod affinity), which can differ between pods of one template.
    const profile = pod.profile;
    if (profile.spreadConstraints.length === 0 && profile.requiredAffinity.length === 0 && profile.requiredAntiAffinity.length === 0) {
      profile.failureMemo = { bindCount: this.bindCount, message, unresolvable };
    }
    return { scheduled: false, message, unresolvable };
  }

  private postFilterMessage(pod: PodInfo, preemption: ReadonlyMap<string, number>): string {
    if ((pod.profile.spec as { preemptionPolicy?: unknown }).preemptionPolicy === 'Never') return `preemption: ${PREEMPTION_POLICY_NEVER}`;
    return preemptionMessage(this.nodes.length, preemption);
  }
}
