// Runs one plugin, or the whole framework, over a small cluster for table-driven tests.
import type { Node } from '../../kube/types.js';
import type { PodInfo } from '../framework/pod-info.js';
import { Scheduler } from '../framework/scheduler.js';
import type { ScheduleOutcome } from '../framework/scheduler.js';
import type { Plugin, PluginName, Status } from '../framework/types.js';
import { CycleState, isFilterPlugin, isPreFilterPlugin, isScorePlugin } from '../framework/types.js';
import { DEFAULT_PLUGINS } from '../plugins/registry.js';

export type Existing = readonly [pod: PodInfo, nodeName: string];

export function clusterWith(nodes: readonly Node[], existing: readonly Existing[] = []): Scheduler {
  const scheduler = new Scheduler(nodes, DEFAULT_PLUGINS);
  for (const [pod, nodeName] of existing) scheduler.bind(pod, scheduler.nodeByName(nodeName)!);
  return scheduler;
}

/** PreFilter then Filter of one plugin on every node: the status code and reasons per node name. */
export function filterWith(plugin: Plugin, pod: PodInfo, nodes: readonly Node[], existing: readonly Existing[] = []): Record<string, { code: Status['code']; reasons: readonly string[] }> {
  const scheduler = clusterWith(nodes, existing);
  const state = new CycleState();
  if (isPreFilterPlugin(plugin)) {
    const result = plugin.preFilter(state, pod, scheduler);
    if (result.status.code === 'Skip') return Object.fromEntries(scheduler.nodes.map((n) => [n.name, { code: 'Success', reasons: [] }]));
    if (result.status.code !== 'Success') return Object.fromEntries(scheduler.nodes.map((n) => [n.name, { code: result.status.code, reasons: result.status.reasons }]));
  }
  if (!isFilterPlugin(plugin)) throw new Error(`${plugin.name} is not a filter plugin`);
  return Object.fromEntries(scheduler.nodes.map((n) => {
    const s = plugin.filter(state, pod, n);
    return [n.name, { code: s.code, reasons: s.reasons }];
  }));
}

/** PreScore, Score and NormalizeScore of one plugin over every node; undefined when PreScore skips. */
export function scoreWith(plugin: Plugin, pod: PodInfo, nodes: readonly Node[], existing: readonly Existing[] = []): Record<string, number> | undefined {
  const scheduler = clusterWith(nodes, existing);
  if (!isScorePlugin(plugin)) throw new Error(`${plugin.name} is not a score plugin`);
  const state = new CycleState();
  if (plugin.preScore && plugin.preScore(state, pod, scheduler.nodes, scheduler).code === 'Skip') return undefined;
  const scores = new Float64Array(scheduler.nodes.length);
  scheduler.nodes.forEach((n, i) => (scores[i] = plugin.score(state, pod, n, scheduler)));
  plugin.normalizeScore?.(state, pod, scores, scheduler.nodes);
  return Object.fromEntries(scheduler.nodes.map((n, i) => [n.name, scores[i]]));
}

/** Schedules pods one after another on a fresh cluster; returns each outcome (node name or message). */
export function scheduleAll(nodes: readonly Node[], pods: readonly PodInfo[], existing: readonly Existing[] = []): (string | { pending: string })[] {
  const scheduler = clusterWith(nodes, existing);
  return pods.map((pod) => {
    const outcome: ScheduleOutcome = scheduler.schedule(pod);
    if (!outcome.scheduled) return { pending: outcome.message };
    scheduler.bind(pod, outcome.node);
    return outcome.node.name;
  });
}

export type { PluginName };
