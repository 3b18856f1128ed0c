// Runs rules over loaded objects and turns their reports into positioned findings.
import type { Cluster } from '../cluster/model.js';
import type { ImageFactsByReference } from '../model/image-facts.js';
import type { KubeObject, RuntimeClass } from '../kube/types.js';
import type { LoadProblem, ManifestObject } from '../manifests/types.js';
import { detached } from '../util/detach.js';
import { nameOf, workloadOf } from '../manifests/workloads.js';
import type { Workload } from '../manifests/workloads.js';
import { analyseWorkload } from './analysis.js';
import { rbacFromObjects } from '../gmsa/rbac.js';
import type { WorkloadAnalysis } from './analysis.js';
import type { AnalysisInputs, ClusterObjects, Finding, ObjectRef, ReportDescriptor, Rule, RuleContext, RuleVisitor, Severity } from './types.js';
import { IGNORE_ANNOTATION } from './types.js';
import { hasWindowsOptions } from './windows-options.js';

export interface RunOptions {
  /** Severity per rule id; 'off' disables a rule. */
  severityOverrides?: ReadonlyMap<string, Severity | 'off'>;
  /** Called with each finding and the object it is about (for callers that act per object). */
  onFinding?: (finding: Finding, target: ManifestObject) => void;
  /**
   * Called when a rule or the shared analysis throws on an object: the error becomes a problem on
   * that object (file:line, "internal error in rule X: …") and the run goes on with the next rule
   * and the next object. Without it the error is thrown, as before (tests that want to see it).
   */
  onProblem?: (problem: LoadProblem, target: ManifestObject) => void;
  /**
   * False when `onFinding` takes every finding and `finish` need not return them: a streamed `check`
   * of a million documents hands each finding to its store and keeps none here (default true).
   */
  keepFindings?: boolean;
}

/** What threw, and on which object, as a problem the front ends print like malformed input. */
export function internalErrorProblem(where: string, error: unknown, target: ManifestObject): LoadProblem {
  const reason = error instanceof Error ? error.message : String(error);
  const ref = objectRefOf(target.object);
  let position: { line: number; column: number } = { line: 1, column: 1 };
  try {
    position = target.positionOf('');
  } catch {
    // the object's own position is best effort: the problem is reported either way
  }
  return {
    severity: 'error',
    file: target.file.path,
    ...position,
    message: `internal error in ${where}: ${firstLineOf(reason)} (${ref.kind}/${ref.name || '<unnamed>'}; the other rules and objects were analysed)`,
  };
}

function firstLineOf(text: string): string {
  const newline = text.indexOf('\n');
  return newline === -1 ? text : text.slice(0, newline);
}

/** Thrown to a rule whose workload analysis already failed: that failure was reported once. */
class AnalysisFailed extends Error {}

/**
 * The objects of the input that rules consult beyond the one they judge (AnalysisInputs), gathered
 * before any rule runs: when `check` streams its input, in a first light pass that parses only the
 * documents that name one of these kinds. To gather another kind, add one line here and its field
 * (a ReadonlyMap by `keyOf`) in AnalysisInputs; a cluster that holds such objects passes them under
 * the same field name to `withClusterInput`.
 */
export const GATHERED_KINDS = [
  { field: 'runtimeClasses', kind: 'RuntimeClass', apiVersionPrefix: 'node.k8s.io/', keyOf: nameOf },
  { field: 'gmsaCredentialSpecs', kind: 'GMSACredentialSpec', apiVersionPrefix: 'windows.k8s.io/', keyOf: nameOf },
  // RBAC, for whether a pod's service account may `use` its GMSACredentialSpec (src/gmsa/rbac.ts).
  { field: 'rbacObjects', kind: 'Role', apiVersionPrefix: 'rbac.authorization.k8s.io/', keyOf: rbacKeyOf },
  { field: 'rbacObjects', kind: 'ClusterRole', apiVersionPrefix: 'rbac.authorization.k8s.io/', keyOf: rbacKeyOf },
  { field: 'rbacObjects', kind: 'RoleBinding', apiVersionPrefix: 'rbac.authorization.k8s.io/', keyOf: rbacKeyOf },
  { field: 'rbacObjects', kind: 'ClusterRoleBinding', apiVersionPrefix: 'rbac.authorization.k8s.io/', keyOf: rbacKeyOf },
] as const satisfies readonly GatheredKind[];

/** AnalysisInputs fields that hold gathered objects by key. */
type GatheredField = { [F in keyof AnalysisInputs]-?: NonNullable<AnalysisInputs[F]> extends ReadonlyMap<string, KubeObject> ? F : never }[keyof AnalysisInputs];

/** Kind, namespace and name: the four RBAC kinds share one map. */
function rbacKeyOf(object: KubeObject): string {
  return `${object.kind}/${object.metadata?.namespace ?? ''}/${nameOf(object)}`;
}

export interface GatheredKind {
  field: GatheredField;
  kind: string;
  apiVersionPrefix: string;
  /** The key rules look the object up by (its name; namespace/name for namespaced kinds). */
  keyOf: (object: KubeObject) => string;
}

export type GatheredObjects = Record<GatheredField, Map<string, KubeObject>>;

/** No objects gathered yet: an empty map for every gathered field. */
export function createGathered(): GatheredObjects {
  const out = {} as GatheredObjects;
  for (const entry of GATHERED_KINDS) out[entry.field] = new Map();
  return out;
}

/** Adds the object when it is of a gathered kind (later objects of the same key win, as an apply would). */
export function gatherObject(gathered: GatheredObjects, object: KubeObject): void {
  for (const entry of GATHERED_KINDS) {
    if (object.kind === entry.kind && object.apiVersion.startsWith(entry.apiVersionPrefix)) gathered[entry.field].set(entry.keyOf(object), object);
  }
}

/**
 * The words the first pass looks for: each gathered kind's name, less those that hold another one
 * (`Role` finds `ClusterRole`, `RoleBinding` and `ClusterRoleBinding`), so a file is scanned once
 * per distinct word.
 */
const GATHERED_KIND_WORDS: readonly string[] = [...new Set(GATHERED_KINDS.map((entry) => entry.kind))].filter(
  (kind, _, kinds) => !kinds.some((other) => other !== kind && kind.includes(other)),
);

/** False when the text cannot hold an object of a gathered kind (the first pass skips it unparsed). */
export function mayHoldGatheredKind(text: string): boolean {
  return GATHERED_KIND_WORDS.some((word) => text.includes(word));
}

/** Inputs from gathered objects (see GATHERED_KINDS), beside the cluster. */
export function inputsOfGathered(gathered: GatheredObjects, cluster: Cluster, imageFacts?: ImageFactsByReference): AnalysisInputs {
  const inputs: AnalysisInputs = { cluster, runtimeClasses: new Map(), gmsaCredentialSpecs: new Map() };
  for (const entry of GATHERED_KINDS) (inputs as unknown as GatheredObjects)[entry.field] = gathered[entry.field];
  if (imageFacts) inputs.imageFacts = imageFacts;
  const rbac = rbacFromObjects(gathered.rbacObjects.values());
  if (rbac) inputs.rbac = rbac;
  return inputs;
}

/** RuntimeClasses, GMSACredentialSpecs (every GATHERED_KINDS entry) found in the input, beside the cluster. */
export function collectInputs(objects: readonly ManifestObject[], cluster: Cluster, imageFacts?: ImageFactsByReference, clusterRuntimeClasses: readonly RuntimeClass[] = []): AnalysisInputs {
  const gathered = createGathered();
  for (const rc of clusterRuntimeClasses) gathered.runtimeClasses.set(nameOf(rc), rc);
  for (const { object } of objects) gatherObject(gathered, object);
  return inputsOfGathered(gathered, cluster, imageFacts);
}

/**
 * Inputs with what the cluster itself holds: its RuntimeClasses and GMSACredentialSpecs (objects in
 * the manifests win over the cluster's of the same name, as an apply would replace them) and, for
 * NodeLists and live clusters, its objects for the cluster rules.
 */
export function withClusterInput(inputs: AnalysisInputs, cluster: Partial<Record<GatheredField, readonly KubeObject[]>> & { clusterObjects?: ClusterObjects }): AnalysisInputs {
  const out: AnalysisInputs = { ...inputs };
  for (const entry of GATHERED_KINDS) {
    const merged = new Map<string, KubeObject>();
    for (const object of cluster[entry.field] ?? []) merged.set(entry.keyOf(object), object);
    for (const [key, object] of inputs[entry.field] ?? []) merged.set(key, object);
    (out as unknown as GatheredObjects)[entry.field] = merged;
  }
  if (cluster.clusterObjects) out.clusterObjects = cluster.clusterObjects;
  return out;
}

export function objectRefOf(object: KubeObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: object.apiVersion, kind: object.kind, name: nameOf(object) };
  const namespace = object.metadata?.namespace;
  if (typeof namespace === 'string') ref.namespace = namespace;
  return ref;
}

/** Most objects ignore no rule: one empty set for all of them. */
const NO_IGNORED_IDS: ReadonlySet<string> = new Set();

/** Rule ids an object opts out of through `kube-hybrid.io/ignore` ("*" for all). */
export function ignoredRuleIds(object: KubeObject): ReadonlySet<string> {
  const value = object.metadata?.annotations?.[IGNORE_ANNOTATION];
  if (typeof value !== 'string') return NO_IGNORED_IDS;
  return new Set(value.split(',').map((id) => id.trim()).filter((id) => id !== ''));
}

/** A message template split once into text and `{{name}}` placeholders (odd indexes). */
const compiledTemplates = new Map<string, string[]>();

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  let parts = compiledTemplates.get(template);
  if (!parts) compiledTemplates.set(template, (parts = template.split(/\{\{\s*(\w+)\s*\}\}/)));
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i];
    out += (Object.hasOwn(data, key) ? String(data[key]) : `{{${key}}}`) + parts[i + 1];
  }
  return out;
}

interface RuleRun {
  rule: Rule;
  override: Severity | undefined;
  visitor: RuleVisitor;
  /**
   * The visitor's per-object methods, read once: read per object from ~50 visitors of as many shapes,
   * every such read was a megamorphic property lookup (and most found nothing).
   */
  object: RuleVisitor['object'];
  workload: RuleVisitor['workload'];
  /** Rule.windowsWorkloadsOnly: not called for a workload whose pod is not a Windows pod. */
  windowsOnly: boolean;
  /** Rule.windowsOptionsOnly: not called for a workload without any windowsOptions. */
  windowsOptionsOnly: boolean;
  /** Rule.windowsImagesOnly: not called for a workload whose images are all known Linux images. */
  windowsImagesOnly: boolean;
}

/**
 * The context of the run whose visitors are being called: visitors made once (`sharedVisitor` rules)
 * hold the relay context below, which passes to it. Set on entry to a run's `visit`/`finish` and put
 * back on exit, so that runs may interleave (a streamed `check` between two files) or nest.
 */
let visitedRun: RuleContext | undefined;

function visitedRunContext(): RuleContext {
  if (!visitedRun) throw new Error('a rule used its context outside its visitor');
  return visitedRun;
}

const relayContext: RuleContext = {
  get inputs() {
    return visitedRunContext().inputs;
  },
  analysisOf: (workload) => visitedRunContext().analysisOf(workload),
  report: (descriptor) => visitedRunContext().report(descriptor),
};

/** Visitors of `sharedVisitor` rules, made once per rule. */
const sharedVisitors = new WeakMap<Rule, RuleVisitor>();

function visitorOf(rule: Rule, context: RuleContext): RuleVisitor {
  if (!rule.sharedVisitor) return rule.create(context);
  let visitor = sharedVisitors.get(rule);
  if (!visitor) sharedVisitors.set(rule, (visitor = rule.create(relayContext)));
  return visitor;
}

/** A rule's run with its visitor's per-object methods read once. */
function ruleRunOf(rule: Rule, override: Severity | undefined, visitor: RuleVisitor): RuleRun {
  return {
    rule,
    override,
    visitor,
    object: visitor.object,
    workload: visitor.workload,
    windowsOnly: rule.windowsWorkloadsOnly === true,
    windowsOptionsOnly: rule.windowsOptionsOnly === true,
    windowsImagesOnly: rule.windowsImagesOnly === true,
  };
}

export function runRules(objects: readonly ManifestObject[], inputs: AnalysisInputs, rules: readonly Rule[], options: RunOptions = {}): Finding[] {
  const run = startRuleRun(inputs, rules, options);
  for (const object of objects) run.visit(object);
  return run.finish();
}

/**
 * A run of the rules fed one object at a time, so that a caller can stream its input and let each
 * object go once it was visited (`check` over a million documents): `visit` every object in input
 * order, then `finish` for the rules that judge the objects together and the sorted findings.
 */
export interface RuleRunSession {
  visit(object: ManifestObject): void;
  finish(): Finding[];
}

export function startRuleRun(inputs: AnalysisInputs, rules: readonly Rule[], options: RunOptions = {}): RuleRunSession {
  return startPreparedRun(planOf(inputs, rules, options.severityOverrides), inputs, options);
}

/** A rule the run calls: with its visitor made once (`sharedVisitor`), or to be made per run. */
interface PlannedRule {
  rule: Rule;
  override: Severity | undefined;
  shared: RuleRun | undefined;
}

/** Which rules a run over these inputs calls, with the visitors made once: what does not depend on the run. */
function planOf(inputs: AnalysisInputs, rules: readonly Rule[], severityOverrides: RunOptions['severityOverrides']): PlannedRule[] {
  const plan: PlannedRule[] = [];
  for (const rule of rules) {
    const override = severityOverrides?.get(rule.id);
    if (override === 'off') continue;
    // Cluster rules judge the cluster's own objects: not run against a profile.
    if (rule.meta.category === 'cluster' && !inputs.clusterObjects) continue;
    plan.push({ rule, override, shared: rule.sharedVisitor ? ruleRunOf(rule, override, visitorOf(rule, relayContext)) : undefined });
  }
  return plan;
}

/**
 * Runs over the same inputs and rules, set up once: the rules to call and the visitors made once
 * are found when prepared, and each run only makes the visitors of the rules that keep state. For
 * callers that start many small runs (the webhook: a run per review, over one cluster snapshot).
 */
export interface PreparedRuleRuns {
  /** The same as `startRuleRun(inputs, rules, options)` with the prepared inputs and rules (options.severityOverrides is the prepared one). */
  start(options?: Omit<RunOptions, 'severityOverrides'>): RuleRunSession;
}

export function prepareRuleRuns(inputs: AnalysisInputs, rules: readonly Rule[], severityOverrides?: RunOptions['severityOverrides']): PreparedRuleRuns {
  const plan = planOf(inputs, rules, severityOverrides);
  return { start: (options = {}) => startPreparedRun(plan, inputs, options) };
}

function startPreparedRun(plan: readonly PlannedRule[], inputs: AnalysisInputs, options: RunOptions): RuleRunSession {
  const findings: Finding[] = [];
  const keepFindings = options.keepFindings ?? true;
  const analyses = new Map<Workload, WorkloadAnalysis>();
  // The ignore annotation of the object being reported on (objects are reported on while visited,
  // or later by rules that pair objects): remembered for the last object only, read again otherwise.
  let ignoredTarget: ManifestObject | undefined;
  let ignoredSet: ReadonlySet<string> = NO_IGNORED_IDS;
  const ignoredFor = (target: ManifestObject) => {
    if (target !== ignoredTarget) {
      ignoredTarget = target;
      ignoredSet = ignoredRuleIds(target.object);
    }
    return ignoredSet;
  };
  // The findings of one object share its reference (copied out of the file once, not per finding).
  let refTarget: ManifestObject | undefined;
  let refTargetObject: KubeObject | undefined;
  let targetRef: ObjectRef | undefined;
  const detachedRefOf = (target: ManifestObject): ObjectRef => {
    if (target !== refTarget || target.object !== refTargetObject || !targetRef) {
      refTarget = target;
      refTargetObject = target.object;
      targetRef = detachedObjectRef(target.object);
    }
    return targetRef;
  };
  let failedAnalyses: WeakSet<Workload> | undefined;
  const reportProblem = (where: string, error: unknown, target: ManifestObject) => {
    if (!options.onProblem) throw error;
    options.onProblem(internalErrorProblem(where, error, target), target);
  };
  // Some thirty rules ask for the analysis of the workload being visited: the last one answered is
  // kept at hand (no Map lookup each time).
  let lastWorkload: Workload | undefined;
  let lastAnalysis: WorkloadAnalysis | undefined;
  const analysisOf = (workload: Workload) => {
    if (workload === lastWorkload && lastAnalysis !== undefined) return lastAnalysis;
    let analysis = analyses.get(workload);
    if (analysis) {
      lastWorkload = workload;
      lastAnalysis = analysis;
      return analysis;
    }
    if (failedAnalyses?.has(workload)) throw new AnalysisFailed();
    try {
      analysis = analyseWorkload(workload, inputs);
    } catch (error) {
      // One problem for the analysis, not one per rule that asked for it.
      (failedAnalyses ??= new WeakSet()).add(workload);
      reportProblem('the workload analysis', error, workload.source);
      throw new AnalysisFailed();
    }
    analyses.set(workload, analysis);
    lastWorkload = workload;
    lastAnalysis = analysis;
    return analysis;
  };

  // One context for all rules: `report` files the finding under the rule whose visitor is running
  // (rules report synchronously from their visitors). Cheap to set up, which matters to the webhook,
  // where every review is a run over one object.
  const active: RuleRun[] = new Array<RuleRun>(plan.length);
  let current: RuleRun | undefined;
  const context: RuleContext = {
    inputs,
    analysisOf,
    report(descriptor: ReportDescriptor) {
      if (!current) throw new Error('a rule reported outside its visitor');
      const ignoredIds = ignoredFor(descriptor.target);
      if (ignoredIds.has(current.rule.id) || ignoredIds.has('*')) return;
      const finding = toFinding(current.rule, descriptor, current.override, detachedRefOf(descriptor.target));
      if (keepFindings) findings.push(finding);
      options.onFinding?.(finding, descriptor.target);
    },
  };
  for (let i = 0; i < plan.length; i++) {
    const { rule, override, shared } = plan[i];
    if (shared) {
      active[i] = shared;
      continue;
    }
    // Current while its visitor is made, as when it visits (a rule's create may report).
    current = ruleRunOf(rule, override, {});
    active[i] = current = ruleRunOf(rule, override, visitorOf(rule, context));
  }
  const clusterObjects = inputs.clusterObjects;
  if (clusterObjects) {
    const outer = visitedRun;
    visitedRun = context;
    try {
      for (const run of active) {
        current = run;
        run.visitor.cluster?.(clusterObjects);
      }
    } finally {
      visitedRun = outer;
    }
  }
  current = undefined;
  return {
    // Object by object, every rule in registry order: each object's analysis is made once, used by
    // all rules while it is fresh, and the findings come out sorted afterwards anyway.
    visit(object: ManifestObject) {
      let workload: Workload | undefined;
      try {
        workload = workloadOf(object);
      } catch (error) {
        reportProblem('reading the pod template', error, object);
      }
      // Asked of the analysis by the first Windows-only rule, as that rule itself would have asked
      // (an analysis that throws is reported once, in the same place, and skips the rule as before).
      let windowsPod: boolean | undefined;
      let withWindowsOptions: boolean | undefined;
      let mayRunWindowsImage: boolean | undefined;
      const outer = visitedRun;
      visitedRun = context;
      try {
        for (const run of active) {
          // Only the rules that have an `object` or a `workload` visitor are called per object
          // (skipped here rather than filtered into lists per run: a webhook review is a run).
          if (run.object === undefined && (workload === undefined || run.workload === undefined)) continue;
          current = run;
          try {
            if (run.object !== undefined) run.object.call(run.visitor, object);
            if (workload !== undefined && run.workload !== undefined) {
              if (run.windowsOnly && !(windowsPod ??= analysisOf(workload).osIntent.os === 'windows')) continue;
              if (run.windowsOptionsOnly && !(withWindowsOptions ??= hasWindowsOptions(workload))) continue;
              if (run.windowsImagesOnly && !(mayRunWindowsImage ??= analysisOf(workload).images.some((image) => image.os !== 'linux'))) continue;
              run.workload.call(run.visitor, workload);
            }
          } catch (error) {
            if (!(error instanceof AnalysisFailed)) reportProblem(`rule ${run.rule.id}`, error, object);
          }
        }
      } finally {
        visitedRun = outer;
      }
      current = undefined;
      // Its analysis holds every node's verdict: thousands of workloads × thousands of nodes must not
      // stay alive together (a rule asking again later, from end(), gets it recomputed).
      if (workload) {
        analyses.delete(workload);
        if (lastWorkload === workload) lastWorkload = lastAnalysis = undefined;
      }
    },
    finish() {
      const outer = visitedRun;
      visitedRun = context;
      try {
        for (const run of active) {
          current = run;
          run.visitor.end?.();
        }
      } finally {
        visitedRun = outer;
      }
      current = undefined;
      return findings.sort(compareFindings);
    },
  };
}

/** The object's reference, copied out of its file: findings outlive the file's text when the input is streamed. */
function detachedObjectRef(target: KubeObject): ObjectRef {
  const ref = objectRefOf(target);
  const object: ObjectRef = { apiVersion: detached(ref.apiVersion), kind: detached(ref.kind), name: detached(ref.name) };
  if (ref.namespace !== undefined) object.namespace = detached(ref.namespace);
  return object;
}

function toFinding(rule: Rule, descriptor: ReportDescriptor, override: Severity | undefined, object: ObjectRef): Finding {
  const template = rule.meta.messages[descriptor.messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} reported unknown messageId "${descriptor.messageId}"`);
  const { target } = descriptor;
  const position = target.positionOf(descriptor.path);
  // Findings outlive their file's text when the input is streamed: nothing in them may point into it.
  const finding: Finding = {
    ruleId: rule.id,
    category: rule.meta.category,
    severity: override ?? descriptor.severity ?? rule.meta.defaultSeverity,
    message: detached(formatMessage(template, descriptor.data)),
    object,
    path: detached(descriptor.path),
    file: target.file.path,
    line: position.line,
    column: position.column,
    messageId: descriptor.messageId,
  };
  if (target.helmSource !== undefined) finding.helmSource = detached(target.helmSource);
  if (descriptor.stage !== undefined) finding.stage = descriptor.stage;
  return finding;
}

/** File, then position, then rule: the order a person reads a file in. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}
