// ScorePlugin.scoreNodes is an optimisation of Score: for every plugin that has it, scoring all nodes
// at once must give exactly what calling score() node by node gives, over nodes of every shape
// (no allocatable, full, empty, without topology labels) and pods with every kind of term.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeNode, makePod } from '../testing/builders.js';
import type { PodWrapper } from '../testing/builders.js';
import { clusterWith } from '../testing/harness.js';
import type { Existing } from '../testing/harness.js';
import { DEFAULT_PLUGINS } from '../plugins/registry.js';
import type { ScorePlugin } from './types.js';
import { CycleState, isScorePlugin } from './types.js';
import { makePodInfo } from './pod-info.js';

const nodes = [
  makeNode('a1').label('topology.kubernetes.io/zone', 'a').capacity({ cpu: '4', memory: '16Gi', pods: '110' }).obj(),
  makeNode('a2').label('topology.kubernetes.io/zone', 'a').capacity({ cpu: '2', memory: '4Gi', pods: '10' }).obj(),
  makeNode('b1').label('topology.kubernetes.io/zone', 'b').label('disk', 'ssd').capacity({ cpu: '8', memory: '32Gi', pods: '110' }).obj(),
  makeNode('b2').label('topology.kubernetes.io/zone', 'b').capacity({ cpu: '500m', memory: '1Gi', pods: '110' }).obj(),
  makeNode('nozone').capacity({ cpu: '4', memory: '8Gi', pods: '110' }).obj(),
  makeNode('nocpu').label('topology.kubernetes.io/zone', 'c').capacity({ memory: '8Gi', pods: '110' }).obj(),
  makeNode('nothing').label('topology.kubernetes.io/zone', 'c').capacity({ pods: '110' }).obj(),
];
const web = (name: string) => makePod(name).label('app', 'web');
const existing: Existing[] = [
  [web('e1').req({ cpu: '1', memory: '2Gi' }).obj(), 'a1'],
  [web('e2').req({ cpu: '1500m', memory: '3Gi' }).obj(), 'a2'],
  [web('e3').req({ cpu: '200m' }).obj(), 'b1'],
  [makePod('e4').label('app', 'db').req({ memory: '900Mi' }).preferredPodAffinity('podAntiAffinity', 40, { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'topology.kubernetes.io/zone' }).obj(), 'b2'],
  [web('e5').req({ cpu: '100m', memory: '100Mi' }).obj(), 'nozone'],
];
const zoneSpread = { maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { app: 'web' } } } as const;

const pods: [string, () => PodWrapper][] = [
  ['a pod with requests and the system default spread', () => web('p').req({ cpu: '300m', memory: '512Mi' }).defaultSpreadSelector({ matchLabels: { app: 'web' } })],
  ['a best-effort pod', () => web('p')],
  ['a pod that fits nowhere by its requests', () => web('p').req({ cpu: '64', memory: '1Ti' })],
  ['a pod with ScheduleAnyway constraints on zone and hostname', () => web('p').req({ cpu: '100m' }).spreadConstraint({ ...zoneSpread, whenUnsatisfiable: 'ScheduleAnyway' }).spreadConstraint({ ...zoneSpread, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' })],
  ['a pod with preferred pod affinity and anti-affinity', () => web('p').req({ memory: '1Gi' }).preferredPodAffinity('podAffinity', 10, { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }).preferredPodAffinity('podAntiAffinity', 70, { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'topology.kubernetes.io/zone' })],
];

const scorePlugins = DEFAULT_PLUGINS.map((p) => p.plugin).filter(isScorePlugin).filter((p): p is ScorePlugin & Required<Pick<ScorePlugin, 'scoreNodes'>> => typeof p.scoreNodes === 'function');

describe('scoreNodes gives the scores score() gives node by node', () => {
  it('is implemented by the plugins that score every pod at scale', () => {
    assert.deepEqual(scorePlugins.map((p) => p.name).sort(), ['InterPodAffinity', 'NodeResourcesBalancedAllocation', 'NodeResourcesFit', 'PodTopologySpread']);
  });
  /** PreScore on a fresh cluster; undefined when the plugin skips this pod (nothing to compare). */
  const prepared = (plugin: ScorePlugin, pod: () => PodWrapper) => {
    const scheduler = clusterWith(nodes, existing);
    const state = new CycleState();
    const info = pod().obj();
    // Nodes in a rotated order, as the scheduler's feasible list comes (not cluster order).
    const feasible = [...scheduler.nodes.slice(3), ...scheduler.nodes.slice(0, 3)];
    if (plugin.preScore && plugin.preScore(state, info, feasible, scheduler).code === 'Skip') return undefined;
    return { scheduler, state, info, feasible };
  };
  for (const plugin of scorePlugins) {
    for (const [what, pod] of pods) {
      if (!prepared(plugin, pod)) continue;
      it(`${plugin.name}: ${what}`, () => {
        const { scheduler, state, info, feasible } = prepared(plugin, pod)!;
        const oneByOne = feasible.map((n) => plugin.score(state, info, n, scheduler));
        const batch = new Float64Array(feasible.length);
        plugin.scoreNodes(state, info, feasible, batch, scheduler);
        assert.deepEqual([...batch], oneByOne);
      });
    }
  }
});

describe('scoreNodes with memos gives score() node by node as nodes change', () => {
  // NodeResourcesFit and BalancedAllocation remember their scores per node generation for the latest
  // profile: after pods are bound, the scores must be what score() computes on the changed nodes.
  for (const plugin of scorePlugins.filter((p) => p.name === 'NodeResourcesFit' || p.name === 'NodeResourcesBalancedAllocation')) {
    it(`${plugin.name}: replicas of one profile, bound one after another`, () => {
      const scheduler = clusterWith(nodes, existing);
      const first = web('r0').req({ cpu: '300m', memory: '512Mi' }).obj();
      for (let round = 0; round < 4; round++) {
        // One profile for every replica, as simulate makes them.
        const pod = makePodInfo(first.profile, `r${round}`, first.labels);
        const state = new CycleState();
        if (plugin.preScore && plugin.preScore(state, pod, scheduler.nodes, scheduler).code === 'Skip') return;
        const batch = new Float64Array(scheduler.nodes.length);
        plugin.scoreNodes(state, pod, scheduler.nodes, batch, scheduler);
        assert.deepEqual([...batch], scheduler.nodes.map((n) => plugin.score(state, pod, n, scheduler)));
        scheduler.bind(pod, scheduler.nodes[round % 3]);
      }
    });
  }
});
