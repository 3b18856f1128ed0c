// `plan upgrade`: a move of the Windows workloads from one Windows Server build to the next, planned
// from the manifests and the cluster, and each step simulated through src/scheduler (add the pool →
// pre-pull → move the workloads → cordon and drain the old nodes one by one → remove the old pool).
// Every step's cluster is placed from scratch by the simulator; what a step breaks is measured against
// the cluster before the upgrade (baseline), so problems the input already had are not blamed on it.
import type { Cluster, Pool } from '../cluster/model.js';
import { collectInputs } from '../engine/run.js';
import type { AnalysisInputs } from '../engine/types.js';
import { DEFAULT_PAUSE_IMAGE, DEFAULT_PAUSE_WINDOWS_BUILDS, prepullDaemonSet, prepullManifests } from './prepull.js';
import type { BuildPrepull } from './prepull.js';
import type { ImageFactsByReference } from '../model/image-facts.js';
import { parseLabelSelector, parsedSelectorMatches } from '../kube/label-selector.js';
import type { KubeObject, LabelSelector, RuntimeClass } from '../kube/types.js';
import { manifestObjectFromValue } from '../manifests/load.js';
import type { ManifestObject } from '../manifests/types.js';
import { nameOf, workloadOf } from '../manifests/workloads.js';
import type { Workload } from '../manifests/workloads.js';
import { RULES } from '../rules/index.js';
import { simulate, workloadKey } from '../scheduler/simulate.js';
import type { SimulatedPod, SimulationResult } from '../scheduler/simulate.js';
import { formatDuration } from '../scheduler/time-to-ready.js';
import { applyWhatIfs } from '../scheduler/what-if.js';
import type { WhatIf } from '../scheduler/what-if.js';
import { asRecord } from '../util/guards.js';
import { buildLifecycle, currentDay, formatDay, minorSupport } from '../windows/lifecycle.js';
import type { LifecyclePlatform } from '../windows/lifecycle.js';
import { changesFor, targetPoolSpec } from './changes.js';
import { drainTimeoutOf } from './drain-timeouts.js';
import type { ChangeSet, PinMode, PoolSpecDocument } from './changes.js';
import { buildLabel, inventoryOf, releaseName } from './inventory.js';
import type { WorkloadInventory } from './inventory.js';
import { PLATFORM_NAMES, buildNumberOfPool, kubernetesVersionOfPool, platformOfCluster } from './pool-lifecycle.js';

export interface UpgradeOptions {
  target: number;
  /** The build to move away from; default: the oldest Windows build of the cluster other than the target. */
  source?: number;
  pinMode?: PinMode;
  today?: string;
  platform?: LifecyclePlatform;
  imageFacts?: ImageFactsByReference;
  bandwidth?: number;
}

export type StepKind = 'baseline' | 'add-pool' | 'prepull' | 'move' | 'drain' | 'remove-pool';

export interface PodProblem {
  namespace: string;
  name: string;
  workload: string;
  node: string | null;
  status: string;
  message: string | null;
}

export interface WorkloadRegression {
  workload: string;
  /** Running pods at baseline, and after this step. */
  before: number;
  after: number;
  pods: PodProblem[];
}

export interface StepOutcome {
  kind: StepKind;
  title: string;
  /** What to run (kubectl / platform CLI), in words. */
  action: string;
  pods: { total: number; running: number };
  /** Workloads with fewer Running pods than before the upgrade. */
  regressions: WorkloadRegression[];
  /** Things that stop this step (a PodDisruptionBudget that blocks an eviction, a DaemonSet without pods). */
  problems: string[];
  notes: string[];
  /** Seconds until the step's pods are Ready (pull, extract, start, readiness delay), where the simulator says. */
  readyAfterSeconds?: number;
  ok: boolean;
}

export interface UpgradePlan {
  today: string;
  platform: LifecyclePlatform;
  cluster: string;
  source: { build: number; release: string; pools: string[] };
  target: { build: number; release: string; pool: PoolSpecDocument; lifecycle: string };
  inventory: WorkloadInventory[];
  changes: ChangeSet;
  prepull: KubeObject[];
  /** Blocking problems, most important first (also inside their steps). */
  blocking: string[];
  /** Problems the input already has before the upgrade (not blamed on any step). */
  preexisting: PodProblem[];
  steps: StepOutcome[];
  rollback: string[];
  /** A step leaves pods not running that ran before. */
  failed: boolean;
}

const SIMULATION_RULES = RULES.filter((r) => r.meta.category !== 'lifecycle');

/**
 * The pre-pull DaemonSet's idle container: registry.k8s.io/pause is a multi-platform index with
 * Windows entries (DEFAULT_PAUSE_WINDOWS_BUILDS, src/planner/prepull.ts), which its tag does not say.
 * Sizes are left unknown (0): the simulator then uses its typical sizes.
 */
const PAUSE_FACTS: ImageFactsByReference = new Map([
  [
    DEFAULT_PAUSE_IMAGE,
    {
      reference: DEFAULT_PAUSE_IMAGE,
      digest: '',
      source: 'tag',
      platforms: [
        { os: 'linux', architecture: 'amd64', digest: '', size: 0 },
        ...DEFAULT_PAUSE_WINDOWS_BUILDS.map((build) => ({ os: 'windows', architecture: 'amd64', osVersion: `10.0.${build}`, digest: '', size: 0 })),
      ],
    },
  ],
]);

function factsWithPause(facts: ImageFactsByReference | undefined): ImageFactsByReference {
  if (facts?.has(DEFAULT_PAUSE_IMAGE)) return facts;
  return new Map([...PAUSE_FACTS, ...(facts ?? new Map())]);
}

function run(objects: readonly ManifestObject[], cluster: Cluster, options: UpgradeOptions): SimulationResult {
  return simulate(objects, cluster, { rules: SIMULATION_RULES, imageFacts: factsWithPause(options.imageFacts), ...(options.bandwidth ? { bandwidth: options.bandwidth } : {}) });
}

function keyOfPod(pod: SimulatedPod): string {
  return `${pod.workload.kind}/${pod.namespace}/${pod.workload.name}`;
}

function describeKey(key: string): string {
  const [kind, namespace, name] = key.split('/');
  return `${kind} ${namespace}/${name}`;
}

function problemOf(pod: SimulatedPod): PodProblem {
  return { namespace: pod.namespace, name: pod.name, workload: describeKey(keyOfPod(pod)), node: pod.node, status: pod.status, message: pod.message };
}

function runningByWorkload(result: SimulationResult): Map<string, number> {
  const counts = new Map<string, number>();
  for (const pod of result.pods) counts.set(keyOfPod(pod), (counts.get(keyOfPod(pod)) ?? 0) + (pod.status === 'Running' ? 1 : 0));
  return counts;
}

/** Workloads of `baseline` with fewer Running pods in `after`. Workloads new in `after` (prepull) count when not all Running. */
function regressionsOf(baseline: SimulationResult, after: SimulationResult, keyMap: (key: string) => string = (k) => k): WorkloadRegression[] {
  const before = runningByWorkload(baseline);
  const now = runningByWorkload(after);
  const out: WorkloadRegression[] = [];
  for (const [key, count] of now) {
    const was = before.get(keyMap(key));
    const pods = after.pods.filter((p) => keyOfPod(p) === key && p.status !== 'Running');
    if (was === undefined ? pods.length > 0 : count < was) out.push({ workload: describeKey(key), before: was ?? 0, after: count, pods: pods.map(problemOf) });
  }
  for (const [key, was] of before) {
    if (was > 0 && ![...now.keys()].some((k) => keyMap(k) === key)) out.push({ workload: describeKey(key), before: was, after: 0, pods: [] });
  }
  return out;
}

function slowestReady(pods: readonly SimulatedPod[]): number | undefined {
  const times = pods.map((p) => p.readyAfterSeconds).filter((t): t is number => t !== undefined);
  return times.length > 0 ? times.reduce((a, b) => Math.max(a, b)) : undefined;
}

// --- PodDisruptionBudgets --------------------------------------------------------------------------

interface Budget {
  namespace: string;
  name: string;
  selector: LabelSelector;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
}

function budgetsOf(objects: readonly ManifestObject[]): Budget[] {
  return objects.flatMap(({ object }) => {
    if (object.kind !== 'PodDisruptionBudget' || !object.apiVersion.startsWith('policy/')) return [];
    const spec = asRecord(object.spec);
    const selector = asRecord(spec?.selector);
    if (!spec || !selector) return [];
    const budget: Budget = { namespace: object.metadata?.namespace ?? 'default', name: nameOf(object), selector: selector as LabelSelector };
    if (typeof spec.minAvailable === 'number' || typeof spec.minAvailable === 'string') budget.minAvailable = spec.minAvailable;
    if (typeof spec.maxUnavailable === 'number' || typeof spec.maxUnavailable === 'string') budget.maxUnavailable = spec.maxUnavailable;
    return [budget];
  });
}

/** An int-or-percent scaled against `total`, rounding up as the disruption controller does. */
function scaled(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value.trim());
  return m ? Math.ceil((Number(m[1]) * total) / 100) : Number(value) || 0;
}

/** disruptionsAllowed: healthy pods above the desired minimum (policy/v1 semantics). */
export function disruptionsAllowed(budget: Pick<Budget, 'minAvailable' | 'maxUnavailable'>, expected: number, healthy: number): number {
  const desired = budget.maxUnavailable !== undefined ? expected - scaled(budget.maxUnavailable, expected) : budget.minAvailable !== undefined ? scaled(budget.minAvailable, expected) : expected;
  return Math.max(0, healthy - desired);
}

// --- The plan ----------------------------------------------------------------------------------------

function windowsPools(cluster: Cluster): Pool[] {
  return cluster.pools.filter((p) => p.os === 'windows' && buildNumberOfPool(p) !== undefined);
}

export function defaultSource(cluster: Cluster, target: number): number | undefined {
  const builds = windowsPools(cluster).map((p) => buildNumberOfPool(p)!).filter((b) => b !== target);
  return builds.length > 0 ? builds.reduce((a, b) => Math.min(a, b)) : undefined;
}

function withPatched(objects: readonly ManifestObject[], changes: ChangeSet): ManifestObject[] {
  const replaced = new Map(changes.patched.map((p) => [p.original, p.object]));
  const out = objects.map((o) => {
    const patched = replaced.get(o);
    return patched ? { ...o, object: patched } : o;
  });
  for (const rc of changes.runtimeClasses) out.unshift(manifestObjectFromValue(rc, `<plan>/runtimeclass-${nameOf(rc)}.yaml`));
  return out;
}

function podsOfWorkloadOn(result: SimulationResult, key: string, nodes: ReadonlySet<string>): SimulatedPod[] {
  return result.pods.filter((p) => keyOfPod(p) === key && p.node !== null && nodes.has(p.node));
}

export class UpgradePlanError extends Error {}

export function planUpgrade(objects: readonly ManifestObject[], cluster: Cluster, options: UpgradeOptions): UpgradePlan {
  const today = options.today ?? currentDay();
  const platform = options.platform ?? platformOfCluster(cluster);
  const target = options.target;
  const source = options.source ?? defaultSource(cluster, target);
  if (source === undefined) throw new UpgradePlanError(`the cluster has no Windows pool of another build than ${buildLabel(target)} to move from`);
  if (source === target) throw new UpgradePlanError(`--from and --to name the same build (${buildLabel(target)})`);
  const sourcePools = windowsPools(cluster).filter((p) => buildNumberOfPool(p) === source);
  if (sourcePools.length === 0) throw new UpgradePlanError(`the cluster has no Windows pool of ${buildLabel(source)} (pools: ${windowsPools(cluster).map((p) => `${p.name} ${p.windowsBuild}`).join(', ') || 'no Windows pool'})`);
  const sourceNodes = sourcePools.flatMap((p) => p.nodeNames);
  const sourceNodeSet = new Set(sourceNodes);

  const baseInputs: AnalysisInputs = collectInputs(objects, cluster, options.imageFacts);
  const inventory = inventoryOf(objects, baseInputs, source, target);
  const poolSpec = targetPoolSpec(cluster, sourcePools[0], target);
  poolSpec.count = sourcePools.reduce((sum, p) => sum + p.nodeNames.length, 0);
  const poolRenames = new Map(sourcePools.map((p) => [p.name, poolSpec.name]));
  const changes = changesFor(inventory, baseInputs.runtimeClasses as ReadonlyMap<string, RuntimeClass>, target, options.pinMode ?? 'node-selector', poolSpec.taints ?? [], poolRenames);
  const moved = withPatched(objects, changes);
  const blocking: string[] = [];
  const steps: StepOutcome[] = [];

  // Lifecycle of the target and of the source on this platform.
  const targetLife = buildLifecycle(target, platform, today);
  const sourceLife = buildLifecycle(source, platform, today);
  const lifecycleText =
    targetLife.status === 'unknown'
      ? `no published support facts for ${releaseName(target)} on ${PLATFORM_NAMES[platform]}`
      : targetLife.endDate
        ? `${targetLife.status} on ${PLATFORM_NAMES[platform]}; support ends ${formatDay(targetLife.endDate)} (${targetLife.daysLeft} days)`
        : `${targetLife.status} on ${PLATFORM_NAMES[platform]}; no end date announced`;
  if (targetLife.status === 'retired') blocking.push(`${releaseName(target)} is retired on ${PLATFORM_NAMES[platform]} since ${formatDay(targetLife.endDate!)}: pick a supported build.`);
  else if (targetLife.status === 'retiring') blocking.push(`${releaseName(target)} itself retires on ${PLATFORM_NAMES[platform]} on ${formatDay(targetLife.endDate!)} (in ${targetLife.daysLeft} days): consider moving straight to a newer build.`);
  const poolVersion = kubernetesVersionOfPool(cluster, sourcePools[0]);
  if (poolVersion) {
    const support = minorSupport(target, platform, poolVersion);
    if (!support.supported) blocking.push(`${PLATFORM_NAMES[platform]} ${support.reason === 'above-max' ? `supports ${releaseName(target)} only up to Kubernetes ${support.limit}` : `offers ${releaseName(target)} only from Kubernetes ${support.limit}`}; the pool runs ${poolVersion} (${support.fact.source.url}).`);
  }

  // Workloads that cannot move yet.
  for (const entry of inventory) {
    if (!entry.onSource || !entry.needsRebuild) continue;
    const images = entry.images.filter((i) => i.verdict === 'rebuild' && !i.retag).map((i) => `${i.image} (offers ${i.builds.map(buildLabel).join(', ')})`);
    blocking.push(`${entry.ref} cannot move: rebuild ${images.join(', ')} for ${buildLabel(target)} first; the workload is left on ${buildLabel(source)} and loses its nodes when the old pool goes.`);
  }

  // 0. Baseline.
  const baseline = run(objects, cluster, options);
  const preexisting = baseline.pods.filter((p) => p.status !== 'Running').map(problemOf);
  steps.push({ kind: 'baseline', title: 'Before the upgrade', action: `the cluster as it is: ${sourcePools.map((p) => `${p.name} (${p.nodeNames.length} × ${buildLabel(source)})`).join(', ')}`, pods: count(baseline), regressions: [], problems: [], notes: preexisting.length > 0 ? [`${preexisting.length} pod(s) already not running before the upgrade (listed separately; not blamed on any step)`] : [], ok: true });

  // 1. Add the target pool.
  const addPool: WhatIf = { kind: 'add-pool', spec: JSON.stringify(poolSpec) };
  const added = applyWhatIfs(cluster, [addPool]);
  if (added.problems.length > 0) throw new UpgradePlanError(`the target pool does not fit the profile format: ${added.problems.join('; ')}`);
  const afterAdd = run(objects, added.cluster, options);
  const addRegressions = regressionsOf(baseline, afterAdd);
  const addStep: StepOutcome = { kind: 'add-pool', title: `Add pool ${poolSpec.name} (${poolSpec.count} × ${releaseName(target)})`, action: `create the pool (pool.yaml in the profile format; same size, labels and taints as ${sourcePools[0].name})`, pods: count(afterAdd), regressions: addRegressions, problems: [], notes: [], ok: addRegressions.length === 0 };
  const targetNodesAtAdd = new Set(added.cluster.nodes.filter((n) => !cluster.nodes.some((o) => o.metadata.name === n.metadata.name)).map((n) => n.metadata.name));
  const failingOnNew = new Map<string, SimulatedPod[]>();
  for (const pod of afterAdd.pods) {
    if (pod.node === null || !targetNodesAtAdd.has(pod.node) || pod.status === 'Running') continue;
    failingOnNew.set(keyOfPod(pod), [...(failingOnNew.get(keyOfPod(pod)) ?? []), pod]);
  }
  for (const [key, pods] of failingOnNew) {
    if (addRegressions.some((r) => r.workload === describeKey(key))) continue;
    // Already failing the same way on the old nodes: a problem of the input, listed as such.
    const onSourceBefore = podsOfWorkloadOn(baseline, key, sourceNodeSet);
    if (onSourceBefore.length > 0 && onSourceBefore.every((p) => p.status !== 'Running')) continue;
    const first = pods[0];
    addStep.problems.push(`${describeKey(key)} gets ${pods.length} pod(s) on ${poolSpec.name} as soon as it exists, and they fail (${first.status}${first.message ? `: ${first.message}` : ''}). ${pods[0].workload.kind === 'DaemonSet' ? 'Publish an image for the new build, or keep the DaemonSet off the new pool (windows-build selector)' : 'Pin the workload to its build'} before adding the pool.`);
  }
  const existingTarget = windowsPools(cluster).filter((p) => buildNumberOfPool(p) === target);
  if (existingTarget.length > 0) addStep.notes.push(`the cluster already has ${existingTarget.map((p) => `${p.name} (${p.nodeNames.length} × ${buildLabel(target)})`).join(', ')}: ${poolSpec.name} adds the capacity of ${sourcePools.map((p) => p.name).join(', ')}; skip this step if the existing pool has room for the moved workloads.`);
  addStep.ok = addStep.problems.length === 0 && addRegressions.length === 0;
  for (const r of addRegressions) {
    addStep.problems.push(`${r.workload} is not pinned to a build: new pods (restart, scale-out) can land on ${poolSpec.name}, where they fail (${r.pods[0]?.status ?? 'not running'}${r.pods[0]?.message ? `: ${r.pods[0].message}` : ''}). Pin it to ${buildLabel(source)} before adding the pool, or apply its change first.`);
  }
  blocking.push(...addStep.problems);
  steps.push(addStep);

  // 2. Pre-pull the target's images on the new pool.
  const targetNodes = new Set(added.cluster.nodes.filter((n) => !cluster.nodes.some((o) => o.metadata.name === n.metadata.name)).map((n) => n.metadata.name));
  const movedInputs = collectInputs(moved, added.cluster, options.imageFacts);
  if (options.today) movedInputs.today = options.today;
  const prepull = prepullManifests(moved, movedInputs);
  const targetPlan: BuildPrepull | undefined = prepull.builds.find((b) => b.build === buildLabel(target));
  const prepullObjects: KubeObject[] = targetPlan ? [prepullDaemonSet(targetPlan)] : [];
  const prepullStep: StepOutcome = { kind: 'prepull', title: `Pre-pull ${targetPlan ? targetPlan.images.length : 0} image(s) on ${poolSpec.name}`, action: 'kubectl apply -f prepull.yaml; wait until the DaemonSet is Ready on every new node', pods: { total: 0, running: 0 }, regressions: [], problems: [], notes: [], ok: true };
  let warmCluster = added.cluster;
  if (prepullObjects.length > 0 && targetPlan) {
    const withPrepull = [...objects, ...prepullObjects.map((o) => manifestObjectFromValue(o, '<plan>/prepull.yaml'))];
    const afterPrepull = run(withPrepull, added.cluster, options);
    const prepullPods = afterPrepull.pods.filter((p) => p.workload.kind === 'DaemonSet' && prepullObjects.some((o) => nameOf(o) === p.workload.name));
    prepullStep.pods = { total: prepullPods.length, running: prepullPods.filter((p) => p.status === 'Running').length };
    const ready = slowestReady(prepullPods);
    if (ready !== undefined) prepullStep.readyAfterSeconds = ready;
    for (const pod of prepullPods.filter((p) => p.status !== 'Running')) prepullStep.problems.push(`pre-pull pod ${pod.name} on ${pod.node ?? '(unscheduled)'}: ${pod.status}${pod.message ? ` — ${pod.message}` : ''}`);
    prepullStep.regressions = regressionsOf(baseline, afterPrepull).filter((r) => !prepullObjects.some((o) => r.workload.endsWith(`/${nameOf(o)}`)));
    prepullStep.ok = prepullStep.problems.length === 0 && prepullStep.regressions.length === 0;
    const warm = { ...poolSpec, images: targetPlan.images.map((i) => ({ name: i.image, sizeBytes: i.size ?? 0 })) };
    const rewarmed = applyWhatIfs(cluster, [{ kind: 'add-pool', spec: JSON.stringify(warm) }]);
    if (rewarmed.problems.length === 0) warmCluster = rewarmed.cluster;
  } else {
    prepullStep.notes.push('nothing to pre-pull for the target build (no Windows image of a moving workload runs there)');
  }
  for (const note of prepull.notes) if (note.kind === 'cannot-run' || note.kind === 'unknown-build') prepullStep.notes.push(note.message);
  blocking.push(...prepullStep.problems);
  steps.push(prepullStep);

  // 3. Move the workloads (apply the patched copies: a rolling update onto the new pool).
  const afterMove = run(moved, warmCluster, options);
  const moveRegressions = regressionsOf(baseline, afterMove);
  const moveStep: StepOutcome = { kind: 'move', title: `Move ${changes.patched.length} workload(s) to ${buildLabel(target)}`, action: 'kubectl apply -f manifests/ (the patched copies; each Deployment rolls onto the new pool)', pods: count(afterMove), regressions: moveRegressions, problems: [], notes: [], ok: moveRegressions.length === 0 };
  const movedKeys = new Set(changes.patched.flatMap((p) => {
    const w = workloadOf({ ...p.original, object: p.object });
    return w ? [workloadKey(w, 'default')] : [];
  }));
  const movedPods = afterMove.pods.filter((p) => movedKeys.has(keyOfPod(p)));
  const moveReady = slowestReady(movedPods);
  if (moveReady !== undefined) moveStep.readyAfterSeconds = moveReady;
  for (const r of moveRegressions) {
    const first = r.pods[0];
    moveStep.problems.push(`${r.workload}: ${r.after}/${r.before} pods running after the move${first ? ` (${first.status}${first.message ? `: ${first.message}` : ''})` : ''}`);
  }
  // DaemonSets and agents per build: a DaemonSet that runs on the old nodes needs Running pods on the new ones.
  for (const entry of inventory) {
    if (entry.workload.kind !== 'DaemonSet') continue;
    const key = workloadKey(entry.workload, 'default');
    const runningOnSource = podsOfWorkloadOn(baseline, key, sourceNodeSet).filter((p) => p.status === 'Running').length;
    if (runningOnSource === 0) continue;
    const onTarget = podsOfWorkloadOn(afterMove, key, targetNodes);
    const what = `${entry.hostProcess ? 'HostProcess agent ' : ''}${entry.ref}`;
    const noImage = entry.images.filter((i) => i.verdict === 'rebuild' && !i.retag).map((i) => i.image);
    if (onTarget.length === 0) moveStep.problems.push(`${what} runs on the ${buildLabel(source)} nodes but would have no pod on ${poolSpec.name}: ${noImage.length > 0 ? `no image for ${buildLabel(target)} (${noImage.join(', ')})` : 'its selectors exclude the new nodes'}.`);
    else if (onTarget.some((p) => p.status !== 'Running')) {
      const failing = onTarget.filter((p) => p.status !== 'Running');
      moveStep.problems.push(`${what} has no working pod on ${poolSpec.name} (${failing.length}/${onTarget.length} ${failing[0].status})${noImage.length > 0 ? `: ${noImage.join(', ')} offers no build ${buildLabel(target)} runs — publish one` : ''}.`);
    }
  }
  for (const entry of inventory) {
    if (!entry.onSource || entry.gmsaCredentialSpecs.length === 0) continue;
    moveStep.notes.push(`${entry.ref} runs as gMSA ${entry.gmsaCredentialSpecs.join(', ')}: the ${poolSpec.name} nodes need the same gMSA setup as ${sourcePools[0].name} (domain join, or the ccg plugin named in the credential spec's HostAccountConfig) before the move.`);
  }
  for (const entry of inventory) {
    if (entry.onSource && entry.unverified && !entry.needsRebuild) moveStep.notes.push(`${entry.ref}: the build of ${entry.images.filter((i) => i.verdict === 'unknown').map((i) => i.image).join(', ')} is unknown from its tag — check it offers ${buildLabel(target)} (kube-hybrid images, or --resolve-images).`);
  }
  moveStep.ok = moveStep.ok && moveStep.problems.length === 0;
  blocking.push(...moveStep.problems);
  steps.push(moveStep);

  // 4. Cordon and drain the old nodes one by one, each after the previous node's pods are Ready elsewhere.
  const budgets = budgetsOf(objects);
  const workloadsByKey = new Map<string, Workload>();
  for (const o of moved) {
    const w = workloadOf(o);
    if (w) workloadsByKey.set(workloadKey(w, 'default'), w);
  }
  let previous = afterMove;
  const cordoned: WhatIf[] = [];
  const timeout = drainTimeoutOf(platform);
  const blockedBudgets = new Set<string>();
  for (const nodeName of [...sourceNodes].sort()) {
    cordoned.push({ kind: 'cordon', target: nodeName });
    const drained = applyWhatIfs(warmCluster, cordoned);
    const after = run(moved, drained.cluster, options);
    const evicted = previous.pods.filter((p) => p.node === nodeName && p.workload.kind !== 'DaemonSet' && p.status === 'Running');
    const step: StepOutcome = { kind: 'drain', title: `Cordon and drain ${nodeName}`, action: `kubectl cordon ${nodeName} && kubectl drain ${nodeName} --ignore-daemonsets --delete-emptydir-data`, pods: count(after), regressions: regressionsOf(baseline, after), problems: [], notes: [], ok: true };
    if (evicted.length === 0) step.notes.push('no pod to evict (the workloads already moved)');
    for (const budget of budgets) {
      const selector = parseLabelSelector(budget.selector);
      const matches = (p: SimulatedPod) => p.namespace === budget.namespace && parsedSelectorMatches(selector, workloadsByKey.get(keyOfPod(p))?.podMetadata.labels);
      const hit = evicted.filter(matches);
      if (hit.length === 0) continue;
      const all = previous.pods.filter(matches);
      const allowed = disruptionsAllowed(budget, all.length, all.filter((p) => p.status === 'Running').length);
      if (allowed === 0) step.problems.push(`PodDisruptionBudget ${budget.namespace}/${budget.name} allows no disruption (${budget.maxUnavailable !== undefined ? `maxUnavailable ${budget.maxUnavailable}` : `minAvailable ${budget.minAvailable}`} of ${all.length} pods): the eviction of ${hit.map((p) => p.name).join(', ')} is refused and the drain of ${nodeName} never finishes${timeout ? ` (when ${PLATFORM_NAMES[platform]} drains a node itself it gives up after ${formatDuration(timeout.seconds).replace('~', '')}: ${timeout.source.url})` : ''}. Relax the budget for the move, or move the workload first.`);
      else if (allowed < hit.length) step.notes.push(`PodDisruptionBudget ${budget.namespace}/${budget.name} allows ${allowed} disruption(s) at a time: ${hit.length} pods leave ${nodeName} one batch at a time, each after the replacements are Ready.`);
    }
    const replacementKeys = new Set(evicted.map(keyOfPod));
    const drainedSoFar = new Set(cordoned.map((c) => (c.kind === 'cordon' ? c.target : '')));
    const replacements = after.pods.filter((p) => replacementKeys.has(keyOfPod(p)) && p.node !== null && !drainedSoFar.has(p.node));
    const ready = slowestReady(replacements);
    if (ready !== undefined) {
      step.readyAfterSeconds = ready;
      step.notes.push(`pace: drain the next node only when the pods of ${[...replacementKeys].map(describeKey).join(', ')} are Ready again (${formatDuration(ready)})`);
      if (timeout && ready > timeout.seconds) step.problems.push(`the replacements of ${nodeName}'s pods need ${formatDuration(ready)} to be Ready, longer than ${PLATFORM_NAMES[platform]}'s drain timeout (${formatDuration(timeout.seconds).replace('~', '')}${timeout.setting ? `, ${timeout.setting}` : ''}; ${timeout.source.url}): pre-pull first, or raise the timeout when the platform drains.`);
    }
    for (const r of step.regressions) step.problems.push(`${r.workload}: ${r.after}/${r.before} pods running after draining ${nodeName}${r.pods[0] ? ` (${r.pods[0].status}${r.pods[0].message ? `: ${r.pods[0].message}` : ''})` : ''}`);
    step.ok = step.problems.length === 0;
    // A budget that blocks every node's drain is one blocking problem: the first node's wording stands.
    for (const problem of step.problems) {
      const budget = /^PodDisruptionBudget (\S+) /.exec(problem)?.[1];
      if (budget !== undefined && blockedBudgets.has(budget)) continue;
      if (budget !== undefined) blockedBudgets.add(budget);
      blocking.push(problem);
    }
    steps.push(step);
    previous = after;
  }

  // 5. Remove the old pool.
  const removedWhatIfs: WhatIf[] = sourcePools.map((p) => ({ kind: 'remove-pool', pool: p.name }));
  const removed = applyWhatIfs(warmCluster, removedWhatIfs);
  const afterRemove = run(moved, removed.cluster, options);
  const removeStep: StepOutcome = { kind: 'remove-pool', title: `Remove ${sourcePools.map((p) => p.name).join(', ')}`, action: `delete the ${buildLabel(source)} pool(s) once every workload is Ready on ${poolSpec.name}`, pods: count(afterRemove), regressions: regressionsOf(baseline, afterRemove), problems: [], notes: [], ok: true };
  for (const r of removeStep.regressions) removeStep.problems.push(`${r.workload}: ${r.after}/${r.before} pods running without the old pool${r.pods[0] ? ` (${r.pods[0].status}${r.pods[0].message ? `: ${r.pods[0].message}` : ''})` : ''}`);
  removeStep.ok = removeStep.problems.length === 0;
  blocking.push(...removeStep.problems);
  steps.push(removeStep);

  const rollback = [
    `Until the old pool is removed: kubectl apply -f rollback/ (the manifests as they were), uncordon ${sourceNodes.join(', ')}, then delete ${poolSpec.name} and the pre-pull DaemonSet.`,
    sourceLife.status === 'retired'
      ? `After the old pool is removed there is no way back: ${releaseName(source)} is retired on ${PLATFORM_NAMES[platform]} (since ${formatDay(sourceLife.endDate!)}), so a new pool of that build cannot be created. Keep ${sourcePools.map((p) => p.name).join(', ')} until the workloads have run on ${poolSpec.name} for a while.`
      : `After the old pool is removed: re-create a ${buildLabel(source)} pool from the original profile, then apply rollback/.`,
  ];
  const failed = steps.some((s) => s.regressions.length > 0);
  return {
    today,
    platform,
    cluster: cluster.name,
    source: { build: source, release: releaseName(source), pools: sourcePools.map((p) => p.name) },
    target: { build: target, release: releaseName(target), pool: poolSpec, lifecycle: lifecycleText },
    inventory,
    changes,
    prepull: prepullObjects,
    blocking: dedupe(blocking),
    preexisting,
    steps,
    rollback,
    failed,
  };
}

function count(result: SimulationResult): { total: number; running: number } {
  return { total: result.pods.length, running: result.pods.filter((p) => p.status === 'Running').length };
}

function dedupe(items: readonly string[]): string[] {
  return [...new Set(items)];
}
