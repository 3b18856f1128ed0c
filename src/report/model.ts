// The report's one data model: `check -o json`, `simulate -o json`, `plan lifecycle -o json` and
// (with a target build) `plan upgrade -o json`, each exactly as those verbs print it, plus what the
// page draws from them — pools, the workload × pool placement matrix and a summary. `report -o json`
// prints it; src/format/report/ renders it as HTML. Nothing here analyses anew: it runs the same
// cores (engine/check, engine/analysis, scheduler/simulate, planner/) and groups their answers.
import type { ClusterInput } from '../cluster/input.js';
import { loadClusterInput } from '../cluster/input.js';
import type { Cluster } from '../cluster/model.js';
import { poolNameOf } from '../cluster/pools.js';
import { analyseWorkload } from '../engine/analysis.js';
import { runCheck } from '../engine/check.js';
import type { CheckOptions, CheckResult } from '../engine/check.js';
import type { AnalysisInputs, Finding, Severity } from '../engine/types.js';
import { formatJson } from '../format/json.js';
import { DOCS_BASE_URL } from '../format/report.js';
import { DEFAULT_READ_LIMITS } from '../manifests/read.js';
import type { LoadProblem, SourceFile } from '../manifests/types.js';
import { workloadOf } from '../manifests/workloads.js';
import { windowsPoolLifecycles } from '../planner/pool-lifecycle.js';
import { renderLifecycleJson, upgradeJson } from '../planner/render.js';
import { UpgradePlanError, planUpgrade } from '../planner/upgrade.js';
import { RULES, RULES_BY_ID } from '../rules/index.js';
import { renderJson } from '../scheduler/output.js';
import { simulate } from '../scheduler/simulate.js';
import type { SimulationResult } from '../scheduler/simulate.js';
import { currentDay } from '../windows/lifecycle.js';

/** Bumped when a field changes meaning (fields are only ever added otherwise). */
export const REPORT_MODEL_VERSION = 1 as const;

/**
 * What a workload's pods do in one pool:
 * - `runs`: the simulation put pods there and they run;
 * - `fails`: the simulation put pods there and they do not run (image pull, OS, container errors);
 * - `may-land`: kube-scheduler's node filters let the pods in, the simulation put none there;
 * - `would-fail`: the filters let them in, but the pool's OS is not the one the workload needs;
 * - `blocked`: every node of the pool is filtered out (taint, selector/affinity, cordon, nodeName).
 */
export type CellVerdict = 'runs' | 'fails' | 'may-land' | 'would-fail' | 'blocked';
export const CELL_VERDICTS: readonly CellVerdict[] = ['runs', 'fails', 'may-land', 'would-fail', 'blocked'];

export interface MatrixCell {
  verdict: CellVerdict;
  /** kube-scheduler's filter reason, the kubelet's status and message, or a few words. */
  reason: string;
  /** Simulated pods placed in the pool, by status (`kubectl get pods` STATUS). */
  pods?: Record<string, number>;
}

export interface ReportWorkload {
  kind: string;
  namespace: string;
  name: string;
  /** The OS the workload needs (spec.os, selector, image), and whether anything said so. */
  os: string;
  osDecided: boolean;
  file: string;
  line: number;
  pods: number;
  running: number;
  /** Simulated pods by status. */
  statuses: Record<string, number>;
  /** The first pod that does not run: its status and message (FailedScheduling text for Pending). */
  notRunning?: { status: string; message: string | null };
  readyAfterSeconds?: number;
  pullBytes?: number;
  findings: { errors: number; warnings: number; infos: number };
  /** One per pool, in `cluster.pools` order. */
  cells: MatrixCell[];
}

export interface ReportPool {
  name: string;
  os: string;
  windowsBuild?: string;
  architecture: string;
  nodes: number;
  cordoned: number;
  /** Taints of the pool's first node, as `key=value:Effect`. */
  taints: string[];
  /** Summed over the pool's nodes: CPU in millicores, memory in bytes, pods. */
  allocatable: { cpu: number; memory: number; pods: number };
  requested: { cpu: number; memory: number; pods: number };
  /** From `plan lifecycle` (Windows pools with a known build). */
  lifecycle?: { release: string; status: string; endDate: string | null; daysLeft: number | null };
}

export interface ReportRule {
  id: string;
  category: string;
  description: string;
  fixable: boolean;
  docs: string;
}

export interface ReportSummary {
  verdict: 'ok' | 'attention' | 'broken';
  workloads: number;
  workloadsFullyRunning: number;
  pods: number;
  podsRunning: number;
  findings: { errors: number; warnings: number; infos: number };
  pools: number;
  nodes: number;
  /** The Windows pool whose support ends first, when a date is known. */
  nextRetirement?: { pool: string; release: string; endDate: string; daysLeft: number };
  plan?: { target: string; ok: boolean; steps: number; blocking: number } | { error: string };
  /** Input problems with severity error: the report covers only what could be read. */
  inputErrors: number;
}

export interface ReportModel {
  kind: 'KubeHybridReport';
  version: typeof REPORT_MODEL_VERSION;
  generatedOn: string;
  today: string;
  cluster: { name: string; source: string; pools: ReportPool[] };
  summary: ReportSummary;
  workloads: ReportWorkload[];
  rules: Record<string, ReportRule>;
  /** Source lines the findings point at, by file then line number: the page draws code frames from them. */
  frames: Record<string, Record<string, string>>;
  /** `kube-hybrid check -o json`, as printed. */
  check: CheckJson;
  /** `kube-hybrid simulate -o json`, as printed (null when the cluster could not be read). */
  simulate: unknown;
  /** `kube-hybrid plan lifecycle -o json`, as printed. */
  lifecycle: unknown;
  /** `kube-hybrid plan upgrade --to BUILD -o json`, as printed, or why there is no plan. */
  plan?: Record<string, unknown> | { error: string };
}

export interface CheckJson {
  findings: { ruleId: string; category: string; severity: Severity; message: string; object: { kind: string; namespace?: string; name: string }; path: string; file: string; line: number; column: number }[];
  summary: { errors: number; warnings: number; infos: number; objects: number; files: number };
  problems: LoadProblem[];
  complete: boolean;
}

export interface ReportOptions {
  paths: readonly string[];
  cluster?: string;
  /** A cluster already read (live); wins over `cluster`. */
  clusterInput?: ClusterInput;
  readStdin?: CheckOptions['readStdin'];
  limits?: CheckOptions['limits'];
  resolveImages?: CheckOptions['resolveImages'];
  severityOverrides?: CheckOptions['severityOverrides'];
  /** YYYY-MM-DD; default: today (UTC). */
  today?: string;
  /** Windows build to plan an upgrade to (`--plan-to`). */
  planTo?: number;
  /** Image download bytes per second per node (simulate and plan). */
  bandwidth?: number;
  /** Findings the project ignores (`.kube-hybrid.yaml` `ignore:`) leave the page as they leave check's output. */
  isIgnored?: (finding: Finding) => boolean;
}

export interface ReportBuild {
  model: ReportModel;
  /** Input and cluster problems, for stderr (also inside `model.check.problems`). */
  problems: LoadProblem[];
  /** False when the cluster could not be read: nothing was analysed. */
  analysed: boolean;
}

function countBy<T>(items: Iterable<T>, key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

function taintText(t: { key: string; value?: string; effect: string }): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

function poolsOf(cluster: Cluster, simulation: SimulationResult, lifecycleJson: LifecycleJson): ReportPool[] {
  const nodesByName = new Map(cluster.nodes.map((n) => [n.metadata.name, n]));
  const summaries = new Map(simulation.nodes.map((n) => [n.name, n]));
  return cluster.pools.map((pool) => {
    const first = nodesByName.get(pool.nodeNames[0] ?? '');
    const members = pool.nodeNames.map((n) => summaries.get(n)).filter((n) => n !== undefined);
    const sum = (f: (n: (typeof members)[number]) => number) => members.reduce((a, n) => a + f(n), 0);
    const life = lifecycleJson.pools.find((p) => p.pool === pool.name);
    const out: ReportPool = {
      name: pool.name,
      os: pool.os,
      architecture: pool.architecture,
      nodes: pool.nodeNames.length,
      cordoned: members.filter((n) => n.unschedulable).length,
      taints: (first?.spec?.taints ?? []).map(taintText),
      allocatable: { cpu: sum((n) => n.allocatable.cpu), memory: sum((n) => n.allocatable.memory), pods: sum((n) => n.allocatable.pods) },
      requested: { cpu: sum((n) => n.requested.cpu), memory: sum((n) => n.requested.memory), pods: sum((n) => n.pods) },
    };
    if (pool.windowsBuild) out.windowsBuild = pool.windowsBuild;
    if (life) out.lifecycle = { release: life.release, status: life.status, endDate: life.endDate, daysLeft: life.daysLeft };
    return out;
  });
}

interface LifecycleJson {
  pools: { pool: string; release: string; status: string; endDate: string | null; daysLeft: number | null }[];
}

/** One cell: what the simulation did in the pool first, then what the static filters say. */
function cellOf(placed: readonly { status: string; message: string | null }[], eligibleNodes: number, wrongOs: number, firstRejection: string | undefined): MatrixCell {
  if (placed.length > 0) {
    const pods = countBy(placed, (p) => p.status);
    const failing = placed.find((p) => p.status !== 'Running');
    if (failing) return { verdict: 'fails', reason: failing.message ? `${failing.status}: ${failing.message}` : failing.status, pods };
    return { verdict: 'runs', reason: `${placed.length} pod${placed.length === 1 ? '' : 's'} Running`, pods };
  }
  if (eligibleNodes > 0 && wrongOs === eligibleNodes) return { verdict: 'would-fail', reason: "node filters let pods in, but the pool's OS is not the one the pods need" };
  if (eligibleNodes > 0) return { verdict: 'may-land', reason: 'node filters let pods in; the simulated scheduler placed none here' };
  return { verdict: 'blocked', reason: firstRejection ?? 'no node' };
}

function workloadsOf(check: CheckResult, inputs: AnalysisInputs, cluster: Cluster, simulation: SimulationResult, checkJson: CheckJson): ReportWorkload[] {
  const poolOfNode = new Map(cluster.nodes.map((n) => [n.metadata.name, poolNameOf(n)]));
  const poolIndex = new Map(cluster.pools.map((p, i) => [p.name, i]));
  for (const pool of cluster.pools) for (const node of pool.nodeNames) poolOfNode.set(node, pool.name);
  const podsByWorkload = new Map<string, SimulationResult['pods']>();
  for (const pod of simulation.pods) {
    const key = objectKey(pod.workload.kind, pod.namespace, pod.workload.name);
    const list = podsByWorkload.get(key);
    if (list) list.push(pod);
    else podsByWorkload.set(key, [pod]);
  }
  const summaries = new Map(simulation.workloads.map((w) => [objectKey(w.kind, w.namespace, w.name), w]));
  const findingCounts = new Map<string, ReportWorkload['findings']>();
  for (const f of checkJson.findings) {
    const key = objectKey(f.object.kind, f.object.namespace ?? 'default', f.object.name);
    const counts = findingCounts.get(key) ?? { errors: 0, warnings: 0, infos: 0 };
    counts[`${f.severity}s` as 'errors' | 'warnings' | 'infos']++;
    findingCounts.set(key, counts);
  }
  const out: ReportWorkload[] = [];
  for (const source of check.objects ?? []) {
    const workload = workloadOf(source);
    if (!workload) continue;
    const namespace = workload.namespace ?? 'default';
    const key = objectKey(workload.kind, namespace, workload.name);
    const analysis = analyseWorkload(workload, inputs);
    const pods = podsByWorkload.get(key) ?? [];
    const eligible = new Array<number>(cluster.pools.length).fill(0);
    const wrongOs = new Array<number>(cluster.pools.length).fill(0);
    const rejection = new Array<string | undefined>(cluster.pools.length);
    const wrongOsNames = new Set(analysis.wrongOsNodes.map((n) => n.metadata.name));
    for (const node of analysis.placement.eligible) {
      const i = poolIndex.get(poolOfNode.get(node.metadata.name) ?? '');
      if (i === undefined) continue;
      eligible[i]++;
      if (wrongOsNames.has(node.metadata.name)) wrongOs[i]++;
    }
    for (const r of analysis.placement.rejections) {
      const i = poolIndex.get(poolOfNode.get(r.node.metadata.name) ?? '');
      if (i !== undefined && rejection[i] === undefined) rejection[i] = r.reason;
    }
    const placedByPool = cluster.pools.map(() => [] as { status: string; message: string | null }[]);
    for (const pod of pods) {
      const i = pod.node ? poolIndex.get(poolOfNode.get(pod.node) ?? '') : undefined;
      if (i !== undefined) placedByPool[i].push(pod);
    }
    const summary = summaries.get(key);
    const firstNotRunning = pods.find((p) => p.status !== 'Running');
    const row: ReportWorkload = {
      kind: workload.kind,
      namespace,
      name: workload.name,
      os: analysis.osIntent.os,
      osDecided: analysis.osIntent.decided,
      file: source.file.path,
      line: source.positionOf('').line,
      pods: pods.length,
      running: pods.filter((p) => p.status === 'Running').length,
      statuses: countBy(pods, (p) => p.status),
      findings: findingCounts.get(key) ?? { errors: 0, warnings: 0, infos: 0 },
      cells: cluster.pools.map((_, i) => cellOf(placedByPool[i], eligible[i], wrongOs[i], rejection[i])),
    };
    if (firstNotRunning) row.notRunning = { status: firstNotRunning.status, message: firstNotRunning.message };
    if (summary?.readyAfterSeconds !== undefined) row.readyAfterSeconds = summary.readyAfterSeconds;
    if (summary?.pullBytes !== undefined) row.pullBytes = summary.pullBytes;
    out.push(row);
  }
  return out;
}

/** The finding's line and the two before it, for each finding: what `check`'s text output shows. */
function framesOf(files: readonly SourceFile[], findings: CheckJson['findings']): ReportModel['frames'] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const frames: ReportModel['frames'] = {};
  for (const f of findings) {
    const file = byPath.get(f.file);
    if (!file) continue;
    const lines = (frames[f.file] ??= {});
    for (let n = Math.max(1, f.line - 2); n <= f.line; n++) {
      if (lines[n] !== undefined) continue;
      const start = file.lineStarts[n - 1];
      if (start === undefined) continue;
      const end = file.lineStarts[n] ?? file.text.length;
      lines[n] = file.text.slice(start, end).replace(/\r?\n$/, '');
    }
  }
  return frames;
}

function rulesOf(findings: CheckJson['findings']): Record<string, ReportRule> {
  const out: Record<string, ReportRule> = {};
  for (const f of findings) {
    if (out[f.ruleId]) continue;
    const rule = RULES_BY_ID.get(f.ruleId);
    out[f.ruleId] = { id: f.ruleId, category: rule?.meta.category ?? f.category, description: rule?.meta.description ?? '', fixable: rule?.meta.fixable === true, docs: `${DOCS_BASE_URL}${f.ruleId}.md` };
  }
  return out;
}

function summaryOf(model: Omit<ReportModel, 'summary'>, pools: readonly ReportPool[]): ReportSummary {
  const f = model.check.summary;
  const workloads = model.workloads;
  const pods = workloads.reduce((a, w) => a + w.pods, 0);
  const podsRunning = workloads.reduce((a, w) => a + w.running, 0);
  const fullyRunning = workloads.filter((w) => w.pods > 0 && w.running === w.pods).length;
  const inputErrors = model.check.problems.filter((p) => p.severity === 'error').length;
  const summary: ReportSummary = {
    verdict: f.errors > 0 || podsRunning < pods || inputErrors > 0 ? 'broken' : f.warnings > 0 ? 'attention' : 'ok',
    workloads: workloads.length,
    workloadsFullyRunning: fullyRunning,
    pods,
    podsRunning,
    findings: { errors: f.errors, warnings: f.warnings, infos: f.infos },
    pools: pools.length,
    nodes: pools.reduce((a, p) => a + p.nodes, 0),
    inputErrors,
  };
  const dated = pools
    .filter((p) => p.lifecycle?.endDate && p.lifecycle.daysLeft !== null)
    .sort((a, b) => (a.lifecycle!.daysLeft ?? 0) - (b.lifecycle!.daysLeft ?? 0));
  const first = dated[0]?.lifecycle;
  if (first?.endDate && first.daysLeft !== null) summary.nextRetirement = { pool: dated[0].name, release: first.release, endDate: first.endDate, daysLeft: first.daysLeft };
  if (model.plan) {
    if ('error' in model.plan) summary.plan = { error: String(model.plan.error) };
    else {
      const plan = model.plan as { target?: { release?: string }; failed?: boolean; steps?: unknown[]; blocking?: unknown[] };
      summary.plan = { target: plan.target?.release ?? '', ok: plan.failed !== true, steps: plan.steps?.length ?? 0, blocking: plan.blocking?.length ?? 0 };
    }
  }
  return summary;
}

/** Runs check, simulate, lifecycle and (with `planTo`) the upgrade plan once, and gathers them. */
export async function buildReportModel(options: ReportOptions): Promise<ReportBuild> {
  const today = options.today ?? currentDay();
  // `--cluster -` reads a NodeList from stdin, bounded like any other input (as check does).
  const readStdin = options.readStdin;
  const maxFileBytes = options.limits?.maxFileBytes ?? DEFAULT_READ_LIMITS.maxFileBytes;
  const clusterInput = options.clusterInput ?? loadClusterInput(options.cluster, readStdin ? () => readStdin(maxFileBytes) : undefined);
  const check = await runCheck({
    paths: options.paths,
    cluster: options.cluster,
    clusterInput,
    today,
    // The page needs the objects themselves (workloads, their pod templates), not only findings.
    keepObjects: true,
    ...(options.readStdin ? { readStdin: options.readStdin } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.resolveImages ? { resolveImages: options.resolveImages } : {}),
    ...(options.severityOverrides ? { severityOverrides: options.severityOverrides } : {}),
  });
  const isIgnored = options.isIgnored;
  const kept = isIgnored ? { ...check, findings: check.findings.filter((f) => !isIgnored(f)) } : check;
  const checkJson = JSON.parse(formatJson(kept)) as CheckJson;
  const base = {
    kind: 'KubeHybridReport' as const,
    version: REPORT_MODEL_VERSION,
    generatedOn: new Date().toISOString(),
    today,
    rules: rulesOf(checkJson.findings),
    frames: framesOf(check.files, checkJson.findings),
    check: checkJson,
  };
  const cluster = check.cluster;
  const inputs = check.inputs;
  if (!cluster || !inputs) {
    const empty = { ...base, cluster: { name: check.clusterName, source: options.cluster ?? 'default', pools: [] }, workloads: [], simulate: null, lifecycle: null };
    return { model: { ...empty, summary: summaryOf(empty, []) }, problems: check.problems, analysed: false };
  }

  const simulation = simulate(check.objects ?? [], cluster, {
    rules: RULES,
    clusterState: clusterInput,
    ...(inputs.imageFacts ? { imageFacts: inputs.imageFacts } : {}),
    ...(options.bandwidth ? { bandwidth: options.bandwidth } : {}),
  });
  const problems = [...check.problems, ...simulation.problems];
  const simulateJson = JSON.parse(renderJson(simulation, problems)) as unknown;
  const lifecycleJson = JSON.parse(renderLifecycleJson({ cluster: cluster.name, today, platform: '', pools: windowsPoolLifecycles(cluster, { today }) })) as LifecycleJson;

  let plan: ReportModel['plan'];
  if (options.planTo !== undefined) {
    try {
      const upgrade = planUpgrade(check.objects ?? [], cluster, { target: options.planTo, today, ...(inputs.imageFacts ? { imageFacts: inputs.imageFacts } : {}), ...(options.bandwidth ? { bandwidth: options.bandwidth } : {}) });
      plan = upgradeJson(upgrade);
    } catch (error) {
      if (!(error instanceof UpgradePlanError)) throw error;
      plan = { error: error.message };
    }
  }

  const pools = poolsOf(cluster, simulation, lifecycleJson);
  const body: Omit<ReportModel, 'summary'> = {
    ...base,
    cluster: { name: cluster.name, source: cluster.source, pools },
    workloads: workloadsOf(check, inputs, cluster, simulation, checkJson),
    simulate: simulateJson,
    lifecycle: lifecycleJson,
    ...(plan ? { plan } : {}),
  };
  return { model: { ...body, summary: summaryOf(body, pools) }, problems, analysed: true };
}

/** `report -o json`. */
export function renderReportJson(model: ReportModel): string {
  return JSON.stringify(model) + '\n';
}
