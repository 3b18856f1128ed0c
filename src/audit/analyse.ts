// audit's analysis of a running cluster (front ends only translate its report):
//   1. every check rule (cluster rules included) on the top-level workloads as they are in the cluster;
//   2. what is actually happening: pods in trouble, tied to the cause their events give and to the
//      rules that predict it; DaemonSets short of ready per pool; workloads whose replicas span builds;
//   3. prediction against reality: simulate's verdict for each workload against its pods.
import type { GmsaUseAnswers } from '../gmsa/live-use.js';
import { poolNameOf } from '../cluster/pools.js';
import type { WorkloadAnalysis } from '../engine/analysis.js';
import { collectInputs, runRules, withClusterInput } from '../engine/run.js';
import type { AnalysisInputs, Finding, Rule, Severity } from '../engine/types.js';
import { osOfNode } from '../kube/nodes.js';
import type { KubeObject, Node, OSName } from '../kube/types.js';
import { clusterInputOfLive } from '../live/cluster-source.js';
import { liveManifestObject } from '../live/objects.js';
import type { ManifestObject } from '../manifests/types.js';
import { simulate } from '../scheduler/simulate.js';
import { asRecord, isRecord } from '../util/guards.js';
import { buildLabelOf, windowsVersionOfNode } from '../windows/builds.js';
import { RULES_BY_PROBLEM, knownCauseOf, podStateOf } from './pods.js';
import type { PodProblemKind } from './pods.js';
import type { LiveState } from './read.js';

/** A rule's finding on a live object: no file position; `path` points into the object as the API server returns it. */
export type AuditFinding = Pick<Finding, 'ruleId' | 'category' | 'severity' | 'message' | 'object' | 'path'>;

export interface OwnerRef {
  kind: string;
  namespace?: string;
  name: string;
}

export interface PodProblem {
  kind: PodProblemKind;
  namespace: string;
  name: string;
  owner: OwnerRef;
  node: string | null;
  nodeOs?: OSName;
  pool?: string;
  windowsBuild?: string;
  /** As `kubectl get pods` shows it. */
  status: string;
  message: string;
  /** Warning events on the pod, newest last, deduplicated. */
  events: string[];
  /** What the texts mean, when they match a known Windows failure. */
  cause?: string;
  /** Rules that found this on the pod's workload (the prediction); empty when none did. */
  predictedBy: string[];
}

export interface PoolCount {
  pool: string;
  os?: OSName;
  windowsBuild?: string;
  pods: number;
  ready: number;
}

export interface DaemonSetGap {
  namespace: string;
  name: string;
  desired: number;
  ready: number;
  pools: PoolCount[];
  /** Warning events on the DaemonSet itself (e.g. FailedCreate: the API server refused its pods). */
  events: string[];
  /** Rules that found problems on the DaemonSet. */
  predictedBy: string[];
}

export interface BuildSpread {
  owner: OwnerRef;
  builds: { windowsBuild: string; pods: number }[];
}

export type DisagreementKind = 'predicted-running' | 'predicted-failing' | 'placed-outside-prediction';

export interface Disagreement {
  kind: DisagreementKind;
  owner: OwnerRef;
  predicted: string;
  actual: string;
}

export interface AuditSummary {
  errors: number;
  warnings: number;
  infos: number;
  nodes: number;
  workloads: number;
  pods: number;
  podProblems: number;
  daemonSetGaps: number;
  buildSpreads: number;
  disagreements: number;
}

export interface AuditReport {
  cluster: { context: string; server: string; version?: string; nodes: number; pools: { name: string; os: OSName; windowsBuild?: string; nodes: number }[] };
  namespace?: string;
  notes: string[];
  findings: AuditFinding[];
  podProblems: PodProblem[];
  daemonSets: DaemonSetGap[];
  buildSpreads: BuildSpread[];
  disagreements: Disagreement[];
  summary: AuditSummary;
}

export interface AuditOptions {
  rules: readonly Rule[];
  severityOverrides?: ReadonlyMap<string, Severity | 'off'>;
  /** Milliseconds since the epoch: when ContainerCreating counts as stuck. */
  now: number;
  namespace?: string;
  /** The API server's answers to the gMSA `use` questions (SubjectAccessReviews). */
  gmsaUse?: GmsaUseAnswers;
}

const keyOf = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? ''}/${name}`;

function metaOf(object: KubeObject): { name: string; namespace?: string; owners: { kind: string; name: string; controller?: boolean }[] } {
  const meta = asRecord(object.metadata) ?? {};
  const owners = (Array.isArray(meta.ownerReferences) ? meta.ownerReferences : []).filter(isRecord).map((o) => ({ kind: String(o.kind ?? ''), name: String(o.name ?? ''), controller: o.controller === true }));
  const out: { name: string; namespace?: string; owners: typeof owners } = { name: String(meta.name ?? ''), owners };
  if (typeof meta.namespace === 'string') out.namespace = meta.namespace;
  return out;
}

/** Follows controller owner references up to the object nothing read owns (Pod → ReplicaSet → Deployment). */
export function topOwners(objects: readonly KubeObject[]): Map<KubeObject, KubeObject> {
  const byKey = new Map<string, KubeObject>();
  for (const o of objects) {
    const m = metaOf(o);
    byKey.set(keyOf(o.kind, m.namespace, m.name), o);
  }
  const top = new Map<KubeObject, KubeObject>();
  for (const o of objects) {
    let current = o;
    for (let depth = 0; depth < 4; depth++) {
      const m = metaOf(current);
      const owner = m.owners.find((x) => x.controller) ?? m.owners[0];
      const next = owner ? byKey.get(keyOf(owner.kind, m.namespace, owner.name)) : undefined;
      if (!next) break;
      current = next;
    }
    top.set(o, current);
  }
  return top;
}

function ownerRefOf(object: KubeObject): OwnerRef {
  const m = metaOf(object);
  const ref: OwnerRef = { kind: object.kind, name: m.name };
  if (m.namespace !== undefined) ref.namespace = m.namespace;
  return ref;
}

function toAuditFinding(f: Finding): AuditFinding {
  return { ruleId: f.ruleId, category: f.category, severity: f.severity, message: f.message, object: f.object, path: f.path };
}

function isReady(pod: KubeObject): boolean {
  const conditions = asRecord(pod.status)?.conditions;
  return Array.isArray(conditions) && conditions.some((c) => isRecord(c) && c.type === 'Ready' && c.status === 'True');
}

function describeStatuses(statuses: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
}

export function analyseLiveState(state: LiveState, options: AuditOptions): AuditReport {
  const clusterInput = clusterInputOfLive(state.cluster);
  const cluster = state.cluster.cluster;
  const nodesByName = new Map<string, Node>(cluster.nodes.map((n) => [n.metadata.name, n]));
  const poolOf = (nodeName: string | null) => (nodeName ? nodesByName.get(nodeName) : undefined);

  // Top-level workloads: nothing read owns them (a ReplicaSet of a readable Deployment is not one).
  const top = topOwners(state.workloads);
  const topLevel = state.workloads.filter((o) => top.get(o) === o);
  const manifestOf = new Map<KubeObject, ManifestObject>(topLevel.map((o) => [o, liveManifestObject(o)]));
  // The cluster's GMSACredentialSpecs are judged too (gmsa-credspec-content and the like).
  const objects = [...manifestOf.values(), ...state.cluster.gmsaCredentialSpecs.map(liveManifestObject)];

  const podsByOwner = new Map<KubeObject, KubeObject[]>();
  for (const pod of state.pods) {
    const owner = top.get(pod) ?? pod;
    const list = podsByOwner.get(owner);
    if (list) list.push(pod);
    else podsByOwner.set(owner, [pod]);
  }

  // 1. The rules, and beside them, from the same per-workload analysis (made once, while the rules
  // use it), the two facts kept for later: the OS the workload wants, and the nodes its pods run on
  // that the placement analysis says it cannot land on (an analysis holds every node's verdict:
  // thousands of workloads × thousands of nodes must not stay in memory). Analysing each workload a
  // second time here cost a sixth of the run at 150,000 pods (docs/performance.md).
  const inputs: AnalysisInputs = withClusterInput(collectInputs(objects, cluster), clusterInput);
  const osOfOwner = new Map<KubeObject, OSName>();
  const outsideOfOwner = new Map<KubeObject, { outside: string[]; eligible: string }>();
  const placementFacts = (owner: KubeObject, analysis: WorkloadAnalysis) => {
    osOfOwner.set(owner, analysis.osIntent.os);
    const pods = podsByOwner.get(owner);
    if (!pods) return;
    // The nodes the pods run on, then each judged once against the smaller of the two node lists.
    const placed = new Set<string>();
    for (const pod of pods) {
      const nodeName = asRecord(pod.spec)?.nodeName;
      if (typeof nodeName === 'string' && nodesByName.has(nodeName)) placed.add(nodeName);
    }
    if (placed.size === 0) return;
    const { eligible, rejections } = analysis.placement;
    const listRejected = rejections.length < eligible.length;
    const listed = new Set((listRejected ? rejections.map((r) => r.node) : eligible).map((n) => n.metadata.name));
    // Outside: among the rejected nodes, or not among the eligible ones.
    const outside = [...placed].filter((name) => listed.has(name) === listRejected);
    if (outside.length > 0) outsideOfOwner.set(owner, { outside: outside.sort(), eligible: eligible.length === 0 ? 'no eligible node' : `eligible: ${summariseNodes(eligible)}` });
  };
  if (options.gmsaUse) inputs.gmsaUse = options.gmsaUse;
  const findings = runRules(objects, inputs, [...options.rules, placementFactsCollector(placementFacts)], { severityOverrides: options.severityOverrides });
  const rulesByOwner = new Map<string, Set<string>>();
  for (const f of findings) {
    const key = keyOf(f.object.kind, f.object.namespace, f.object.name);
    rulesByOwner.set(key, (rulesByOwner.get(key) ?? new Set()).add(f.ruleId));
  }

  // 2. What is happening.
  // Warning events by the object they are about (`Pod/ns/name`, `DaemonSet/ns/name`).
  const eventsByPod = new Map<string, string[]>();
  for (const e of state.events) {
    const involved = asRecord(e.involvedObject) ?? asRecord((e as Record<string, unknown>).regarding);
    if (!involved || (involved.kind !== 'Pod' && involved.kind !== 'DaemonSet')) continue;
    const key = `${String(involved.kind)}/${String(involved.namespace ?? '')}/${String(involved.name ?? '')}`;
    const reason = typeof e.reason === 'string' ? e.reason : '';
    const message = typeof e.message === 'string' ? e.message : (typeof (e as Record<string, unknown>).note === 'string' ? String((e as Record<string, unknown>).note) : '');
    const text = `${reason}: ${message}`;
    const list = eventsByPod.get(key) ?? [];
    if (!list.includes(text)) list.push(text);
    eventsByPod.set(key, list);
  }

  const podProblems: PodProblem[] = [];
  const actualByOwner = new Map<KubeObject, { statuses: string[]; nodes: string[] }>();
  const buildsByOwner = new Map<KubeObject, Map<string, number>>();
  for (const pod of state.pods) {
    const m = metaOf(pod);
    const owner = top.get(pod) ?? pod;
    const events = eventsByPod.get(`Pod/${m.namespace ?? ''}/${m.name}`) ?? [];
    const podState = podStateOf(pod, options.now, events.length > 0);
    const node = poolOf(podState.node);
    const nodeOs = node ? osOfNode(node) : undefined;
    const version = node && nodeOs === 'windows' ? windowsVersionOfNode(node) : undefined;
    const windowsBuild = version ? buildLabelOf(version) : undefined;
    let kind = podState.problem;
    // A Linux pod bound to a Windows node: whatever its state, it will not run there.
    if (nodeOs === 'windows' && osOfOwner.get(owner) === 'linux' && (kind === undefined || kind === 'ContainerCreating' || kind === 'ErrImagePull' || kind === 'ImagePullBackOff' || kind === 'CreateContainerError')) kind = 'LinuxPodOnWindowsNode';
    const actual = actualByOwner.get(owner) ?? { statuses: [], nodes: [] };
    actual.statuses.push(kind ? podState.status : podState.status === 'Succeeded' ? 'Succeeded' : 'Running');
    if (podState.node) actual.nodes.push(podState.node);
    actualByOwner.set(owner, actual);
    if (windowsBuild && podState.node) {
      const builds = buildsByOwner.get(owner) ?? new Map<string, number>();
      builds.set(windowsBuild, (builds.get(windowsBuild) ?? 0) + 1);
      buildsByOwner.set(owner, builds);
    }
    if (!kind) continue;
    const ownerRef = ownerRefOf(owner);
    const candidates = new Set(RULES_BY_PROBLEM[kind]);
    const known = knownCauseOf([...events, podState.message, podState.status]);
    for (const r of known?.rules ?? []) candidates.add(r);
    const found = rulesByOwner.get(keyOf(ownerRef.kind, ownerRef.namespace, ownerRef.name)) ?? new Set<string>();
    const problem: PodProblem = {
      kind,
      namespace: m.namespace ?? '',
      name: m.name,
      owner: ownerRef,
      node: podState.node,
      status: kind === 'LinuxPodOnWindowsNode' ? `${podState.status} (Linux pod on a Windows node)` : podState.status,
      message: podState.message,
      events,
      predictedBy: [...found].filter((id) => candidates.has(id)).sort(),
    };
    if (node) problem.pool = poolNameOf(node);
    if (nodeOs) problem.nodeOs = nodeOs;
    if (windowsBuild) problem.windowsBuild = windowsBuild;
    if (known) problem.cause = known.cause;
    else if (kind === 'LinuxPodOnWindowsNode') problem.cause = 'a Linux workload the scheduler may place on Windows nodes (no OS selector, or a toleration of the Windows taint)';
    podProblems.push(problem);
  }

  // DaemonSets short of ready, per pool.
  const daemonSets: DaemonSetGap[] = [];
  for (const ds of state.workloads.filter((o) => o.kind === 'DaemonSet')) {
    const status = asRecord(ds.status) ?? {};
    const desired = Number(status.desiredNumberScheduled ?? 0);
    const ready = Number(status.numberReady ?? 0);
    if (desired === ready) continue;
    const pools = new Map<string, PoolCount>();
    for (const pod of podsByOwner.get(ds) ?? []) {
      const node = poolOf(podStateOf(pod, options.now, false).node);
      const name = node ? poolNameOf(node) : '(unscheduled)';
      const entry = pools.get(name) ?? { pool: name, pods: 0, ready: 0 };
      if (node) {
        const os = osOfNode(node);
        if (os) entry.os = os;
        const v = os === 'windows' ? windowsVersionOfNode(node) : undefined;
        if (v) entry.windowsBuild = buildLabelOf(v);
      }
      entry.pods++;
      if (isReady(pod)) entry.ready++;
      pools.set(name, entry);
    }
    const m = metaOf(ds);
    daemonSets.push({
      namespace: m.namespace ?? '',
      name: m.name,
      desired,
      ready,
      pools: [...pools.values()].sort((a, b) => (a.pool < b.pool ? -1 : 1)),
      events: eventsByPod.get(`DaemonSet/${m.namespace ?? ''}/${m.name}`) ?? [],
      predictedBy: [...(rulesByOwner.get(keyOf('DaemonSet', m.namespace, m.name)) ?? [])].sort(),
    });
  }

  // Replicas spanning Windows builds (DaemonSets are meant to: skipped).
  const buildSpreads: BuildSpread[] = [];
  for (const [owner, builds] of buildsByOwner) {
    if (builds.size < 2 || owner.kind === 'DaemonSet') continue;
    buildSpreads.push({ owner: ownerRefOf(owner), builds: [...builds].sort().map(([windowsBuild, pods]) => ({ windowsBuild, pods })) });
  }

  // 3. Prediction against reality.
  // The pod-level rules decide pod states in simulate; cluster rules do not (they ran above).
  const podRules = options.rules.filter((rule) => rule.meta.category !== 'cluster');
  // Only each workload's predicted statuses and first failure message are kept from the simulation.
  const predictedByOwner = new Map<string, { statuses: string[]; failure: string | null }>();
  for (const pod of simulate(objects, cluster, { rules: podRules, clusterState: { runtimeClasses: clusterInput.runtimeClasses, gmsaCredentialSpecs: clusterInput.gmsaCredentialSpecs } }).pods) {
    const key = keyOf(pod.workload.kind, pod.namespace, pod.workload.name);
    let entry = predictedByOwner.get(key);
    if (!entry) predictedByOwner.set(key, (entry = { statuses: [], failure: null }));
    entry.statuses.push(pod.status);
    if (pod.status !== 'Running' && entry.failure === null) entry.failure = pod.message;
  }
  const disagreements: Disagreement[] = [];
  for (const owner of topLevel) {
    const ref = ownerRefOf(owner);
    const actual = actualByOwner.get(owner);
    if (!actual || actual.statuses.length === 0) continue;
    const predicted = predictedByOwner.get(keyOf(ref.kind, ref.namespace ?? 'default', ref.name))?.statuses ?? [];
    const failure = predictedByOwner.get(keyOf(ref.kind, ref.namespace ?? 'default', ref.name))?.failure ?? null;
    if (predicted.length === 0) continue;
    const predictedFailing = predicted.filter((status) => status !== 'Running');
    const actualFailing = actual.statuses.filter((s) => s !== 'Running' && s !== 'Succeeded' && s !== 'ContainerCreating');
    const predictedText = describeStatuses(predicted);
    const actualText = describeStatuses(actual.statuses);
    if (predictedFailing.length === 0 && actualFailing.length > 0) {
      disagreements.push({ kind: 'predicted-running', owner: ref, predicted: predictedText, actual: actualText });
    } else if (predictedFailing.length === predicted.length && actualFailing.length === 0) {
      disagreements.push({ kind: 'predicted-failing', owner: ref, predicted: `${predictedText}${failure ? ` (${failure})` : ''}`, actual: actualText });
    }
    const placed = outsideOfOwner.get(owner);
    if (placed) disagreements.push({ kind: 'placed-outside-prediction', owner: ref, predicted: placed.eligible, actual: `pods on ${placed.outside.join(', ')}` });
  }

  // Object by object (namespace, kind, name), then pointer: there is no file order to follow.
  const auditFindings = findings.map(toAuditFinding).sort(compareAuditFindings);
  const count = (s: Severity) => auditFindings.filter((f) => f.severity === s).length;
  const report: AuditReport = {
    cluster: {
      context: state.contextName,
      server: state.server,
      nodes: cluster.nodes.length,
      pools: cluster.pools.map((p) => ({ name: p.name, os: p.os, ...(p.windowsBuild ? { windowsBuild: p.windowsBuild } : {}), nodes: p.nodeNames.length })),
    },
    notes: state.notes.map((n) => n.message),
    findings: auditFindings,
    podProblems,
    daemonSets,
    buildSpreads,
    disagreements,
    summary: {
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
      nodes: cluster.nodes.length,
      workloads: topLevel.length,
      pods: state.pods.length,
      podProblems: podProblems.length,
      daemonSetGaps: daemonSets.length,
      buildSpreads: buildSpreads.length,
      disagreements: disagreements.length,
    },
  };
  if (state.cluster.serverVersion) report.cluster.version = state.cluster.serverVersion.gitVersion;
  if (options.namespace !== undefined) report.namespace = options.namespace;
  return report;
}

/**
 * Not a rule users see: it runs last, after every rule, on each workload, and hands its analysis
 * (cached by runRules for the rules that just ran) to `use`. It reports nothing.
 */
function placementFactsCollector(use: (owner: KubeObject, analysis: WorkloadAnalysis) => void): Rule {
  return {
    id: 'audit-placement-facts',
    meta: { category: 'placement', defaultSeverity: 'info', description: 'audit internals: keeps each workload\'s OS and eligible nodes', messages: {}, source: 'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/' },
    create: (context) => ({
      workload(workload) {
        use(workload.source.object, context.analysisOf(workload));
      },
    }),
  };
}

function compareAuditFindings(a: AuditFinding, b: AuditFinding): number {
  const ka = [a.object.namespace ?? '', a.object.kind, a.object.name, a.path, a.ruleId];
  const kb = [b.object.namespace ?? '', b.object.kind, b.object.name, b.path, b.ruleId];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return 0;
}

function summariseNodes(nodes: readonly Node[]): string {
  const pools = new Map<string, number>();
  for (const n of nodes) pools.set(poolNameOf(n), (pools.get(poolNameOf(n)) ?? 0) + 1);
  return [...pools].map(([p, n]) => `${p} (${n})`).join(', ');
}

