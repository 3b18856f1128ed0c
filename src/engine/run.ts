// Runs rules over loaded objects and turns their reports into positioned findings.
import type { Cluster } from '../cluster/model.js';
import type { ImageFactsByReference } from '../model/image-facts.js';
import type { KubeObject, RuntimeClass } from '../kube/types.js';
import type { LoadProblem, ManifestObject } from '../manifests/types.js';
import { nameOf, workloadOf } from '../manifests/workloads.js';
import type { Workload } from '../manifests/workloads.js';
import { analyseWorkload } from './analysis.js';
import { rbacFromObjects } from '../gmsa/rbac.js';
import type { WorkloadAnalysis } from './analysis.js';
import type { AnalysisInputs, ClusterObjects, Finding, ObjectRef, ReportDescriptor, Rule, RuleContext, RuleVisitor, Severity } from './types.js';
import { IGNORE_ANNOTATION } from './types.js';

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

/** RuntimeClasses and GMSACredentialSpecs found in the input, beside the cluster. */
export function collectInputs(objects: readonly ManifestObject[], cluster: Cluster, imageFacts?: ImageFactsByReference, clusterRuntimeClasses: readonly RuntimeClass[] = []): AnalysisInputs {
  const runtimeClasses = new Map<string, RuntimeClass>();
  for (const rc of clusterRuntimeClasses) runtimeClasses.set(nameOf(rc), rc);
  const gmsaCredentialSpecs = new Map<string, KubeObject>();
  for (const { object } of objects) {
    if (object.kind === 'RuntimeClass' && object.apiVersion.startsWith('node.k8s.io/')) runtimeClasses.set(nameOf(object), object as RuntimeClass);
    if (object.kind === 'GMSACredentialSpec' && object.apiVersion.startsWith('windows.k8s.io/')) gmsaCredentialSpecs.set(nameOf(object), object);
  }
  const inputs: AnalysisInputs = { cluster, runtimeClasses, gmsaCredentialSpecs };
  if (imageFacts) inputs.imageFacts = imageFacts;
  const rbac = rbacFromObjects(objects.map(({ object }) => object));
  if (rbac) inputs.rbac = rbac;
  return inputs;
}

/**
 * Inputs with what the cluster itself holds: its RuntimeClasses and GMSACredentialSpecs (objects in
 * the manifests win over the cluster's of the same name, as an apply would replace them) and, for
 * NodeLists and live clusters, its objects for the cluster rules.
 */
export function withClusterInput(inputs: AnalysisInputs, cluster: { runtimeClasses: readonly RuntimeClass[]; gmsaCredentialSpecs: readonly KubeObject[]; clusterObjects?: ClusterObjects }): AnalysisInputs {
  const runtimeClasses = new Map<string, RuntimeClass>();
  for (const rc of cluster.runtimeClasses) runtimeClasses.set(nameOf(rc), rc);
  for (const [name, rc] of inputs.runtimeClasses) runtimeClasses.set(name, rc);
  const gmsaCredentialSpecs = new Map<string, KubeObject>();
  for (const spec of cluster.gmsaCredentialSpecs) gmsaCredentialSpecs.set(nameOf(spec), spec);
  for (const [name, spec] of inputs.gmsaCredentialSpecs) gmsaCredentialSpecs.set(name, spec);
  const out: AnalysisInputs = { ...inputs, runtimeClasses, gmsaCredentialSpecs };
  if (cluster.clusterObjects) out.clusterObjects = cluster.clusterObjects;
  return out;
}

export function objectRefOf(object: KubeObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: object.apiVersion, kind: object.kind, name: nameOf(object) };
  const namespace = object.metadata?.namespace;
  if (typeof namespace === 'string') ref.namespace = namespace;
  return ref;
}

/** Rule ids an object opts out of through `kube-hybrid.io/ignore` ("*" for all). */
export function ignoredRuleIds(object: KubeObject): ReadonlySet<string> {
  const value = object.metadata?.annotations?.[IGNORE_ANNOTATION];
  if (typeof value !== 'string') return new Set();
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
}

export function runRules(objects: readonly ManifestObject[], inputs: AnalysisInputs, rules: readonly Rule[], options: RunOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const analyses = new Map<Workload, WorkloadAnalysis>();
  const ignored = new Map<ManifestObject, ReadonlySet<string>>();
  const ignoredFor = (target: ManifestObject) => {
    let set = ignored.get(target);
    if (!set) ignored.set(target, (set = ignoredRuleIds(target.object)));
    return set;
  };
  const failedAnalyses = new Set<Workload>();
  const reportProblem = (where: string, error: unknown, target: ManifestObject) => {
    if (!options.onProblem) throw error;
    options.onProblem(internalErrorProblem(where, error, target), target);
  };
  const analysisOf = (workload: Workload) => {
    let analysis = analyses.get(workload);
    if (analysis) return analysis;
    if (failedAnalyses.has(workload)) throw new AnalysisFailed();
    try {
      analysis = analyseWorkload(workload, inputs);
    } catch (error) {
      // One problem for the analysis, not one per rule that asked for it.
      failedAnalyses.add(workload);
      reportProblem('the workload analysis', error, workload.source);
      throw new AnalysisFailed();
    }
    analyses.set(workload, analysis);
    return analysis;
  };

  // One context for all rules: `report` files the finding under the rule whose visitor is running
  // (rules report synchronously from their visitors). Cheap to set up, which matters to the webhook,
  // where every review is a run over one object.
  const active: RuleRun[] = [];
  let current: RuleRun | undefined;
  const context: RuleContext = {
    inputs,
    analysisOf,
    report(descriptor: ReportDescriptor) {
      if (!current) throw new Error('a rule reported outside its visitor');
      const ignoredIds = ignoredFor(descriptor.target);
      if (ignoredIds.has(current.rule.id) || ignoredIds.has('*')) return;
      const finding = toFinding(current.rule, descriptor, current.override);
      findings.push(finding);
      options.onFinding?.(finding, descriptor.target);
    },
  };
  for (const rule of rules) {
    const override = options.severityOverrides?.get(rule.id);
    if (override === 'off') continue;
    // Cluster rules judge the cluster's own objects: not run against a profile.
    if (rule.meta.category === 'cluster' && !inputs.clusterObjects) continue;
    current = { rule, override, visitor: {} };
    current.visitor = rule.create(context);
    active.push(current);
  }
  const clusterObjects = inputs.clusterObjects;
  if (clusterObjects) {
    for (const run of active) {
      current = run;
      run.visitor.cluster?.(clusterObjects);
    }
  }
  // Object by object, every rule in registry order: each object's analysis is made once, used by
  // all rules while it is fresh, and the findings come out sorted afterwards anyway.
  for (const object of objects) {
    let workload: Workload | undefined;
    try {
      workload = workloadOf(object);
    } catch (error) {
      reportProblem('reading the pod template', error, object);
    }
    for (const run of active) {
      current = run;
      try {
        run.visitor.object?.(object);
        if (workload) run.visitor.workload?.(workload);
      } catch (error) {
        if (!(error instanceof AnalysisFailed)) reportProblem(`rule ${run.rule.id}`, error, object);
      }
    }
    // Its analysis holds every node's verdict: thousands of workloads × thousands of nodes must not
    // stay alive together (a rule asking again later, from end(), gets it recomputed).
    if (workload) analyses.delete(workload);
  }
  for (const run of active) {
    current = run;
    run.visitor.end?.();
  }
  current = undefined;
  return findings.sort(compareFindings);
}

function toFinding(rule: Rule, descriptor: ReportDescriptor, override: Severity | undefined): Finding {
  const template = rule.meta.messages[descriptor.messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} reported unknown messageId "${descriptor.messageId}"`);
  const { target } = descriptor;
  const position = target.positionOf(descriptor.path);
  const finding: Finding = {
    ruleId: rule.id,
    category: rule.meta.category,
    severity: override ?? descriptor.severity ?? rule.meta.defaultSeverity,
    message: formatMessage(template, descriptor.data),
    object: objectRefOf(target.object),
    path: descriptor.path,
    file: target.file.path,
    line: position.line,
    column: position.column,
    messageId: descriptor.messageId,
  };
  if (target.helmSource !== undefined) finding.helmSource = target.helmSource;
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
