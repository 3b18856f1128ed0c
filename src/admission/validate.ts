// The validating handler: runs the core's rules on the object and maps each finding, by the policy,
// to deny / warn / audit. The rules are the registry's (src/rules): nothing here knows any rule.
import { prepareRuleRuns } from '../engine/run.js';
import type { PreparedRuleRuns } from '../engine/run.js';
import { parsePointer } from '../util/pointer.js';
import type { AnalysisInputs, Finding, InputService, Rule, Severity } from '../engine/types.js';
import type { ManifestObject } from '../manifests/types.js';
import { manifestObjectFromValue } from '../manifests/load.js';
import { workloadOf } from '../manifests/workloads.js';
import type { ClusterSnapshot } from './cluster-state.js';
import type { FindingAction, WebhookPolicy } from './policy.js';
import { actionFor } from './policy.js';
import type { AdmissionResult } from './response.js';
import { allowed, denied } from './response.js';
import type { AdmissionRequest } from './review.js';
import type { SkipReason } from './target.js';
import { describeObject, targetOf } from './target.js';

export interface Decision {
  ruleId: string;
  severity: Severity;
  action: Exclude<FindingAction, 'off'>;
  path: string;
  message: string;
  /** On UPDATE: the old object had it too (so it is not denied). */
  preexisting?: boolean;
}

export interface ValidationOutcome {
  result: AdmissionResult;
  decisions: Decision[];
  /** Rules that threw on this object: skipped for it, logged, and named in a warning. */
  internalErrors?: string[];
  skipped?: SkipReason;
}

/** Field names by pointer: the same pointers come back review after review. */
const fieldNames = new Map<string, string>();

/** `spec.template.spec.nodeSelector` — a pointer as a person writes a field. */
export function fieldOf(pointer: string): string {
  let name = fieldNames.get(pointer);
  if (name === undefined) {
    if (fieldNames.size >= 4096) fieldNames.clear();
    fieldNames.set(pointer, (name = fieldNameOf(pointer)));
  }
  return name;
}

function fieldNameOf(pointer: string): string {
  if (pointer === '') return '(object)';
  return parsePointer(pointer).reduce((out, token) => (/^\d+$/.test(token) ? `${out}[${token}]` : out === '' ? token : `${out}.${token}`), '');
}

/**
 * Rule runs prepared per cluster snapshot (its inputs) and rule list: a review's run then makes only
 * the visitors of the rules that keep state, not the whole rule set's (a snapshot lives until the
 * cluster changes; weakly held, so a replaced snapshot's go with it).
 */
const preparedRuns = new WeakMap<AnalysisInputs, { inputs: AnalysisInputs; byRules: WeakMap<readonly Rule[], PreparedRuleRuns> }>();

/** A review's run is over one workload (targetOf skips every other object): the Services of its input are known, and there are none. */
const NO_SERVICES: readonly InputService[] = Object.freeze([]);

/**
 * The inputs of a review's rule run: the snapshot's, saying that the run's objects hold no Service.
 * A rule that pairs Services with workloads (`windows-service-unsupported`) then has nothing to pair
 * and sets nothing up, rather than keeping a copy of the workload for Services that may come later in
 * the run — none can, a run here being one object. Same findings: with no Service nothing is paired.
 */
function reviewInputsOf(inputs: AnalysisInputs): AnalysisInputs {
  return inputs.services === undefined ? { ...inputs, services: NO_SERVICES } : inputs;
}

/** The rules' findings on one object, as `runRules([object], inputs, rules, { onProblem })`. */
function findingsOn(object: ManifestObject, snapshotInputs: AnalysisInputs, rules: readonly Rule[], onProblem: (problem: { message: string }) => void): Finding[] {
  let perSnapshot = preparedRuns.get(snapshotInputs);
  if (!perSnapshot) preparedRuns.set(snapshotInputs, (perSnapshot = { inputs: reviewInputsOf(snapshotInputs), byRules: new WeakMap() }));
  const { inputs, byRules } = perSnapshot;
  let prepared = byRules.get(rules);
  if (!prepared) byRules.set(rules, (prepared = prepareRuleRuns(inputs, rules)));
  const run = prepared.start({ onProblem });
  run.visit(object);
  return run.finish();
}

function findingKey(f: Finding): string {
  return `${f.ruleId}\u0000${f.path}`;
}

export function validate(request: AdmissionRequest, policy: WebhookPolicy, snapshot: ClusterSnapshot, rules: readonly Rule[]): ValidationOutcome {
  if (!policy.validation.enabled) return { result: allowed(), decisions: [], skipped: 'operation' };
  const found = targetOf(request, policy, 'validation');
  if ('skip' in found) return { result: allowed(), decisions: [], skipped: found.skip };
  const { target } = found;
  // A rule that throws on this object is skipped for it, as in `check`; the others still decide
  // (docs/webhook.md, "Errors and failure modes", explains why this is not a 500).
  const internalErrors: string[] = [];
  const findings = findingsOn(target.manifest, snapshot.inputs, rules, (problem) => internalErrors.push(problem.message));

  let before: Set<string> | undefined;
  if (request.operation === 'UPDATE' && request.oldObject && policy.validation.updates === 'new-findings') {
    const old = manifestObjectFromValue(request.oldObject, `admission-old:${describeObject(request.oldObject, request)}`);
    // The old object's rule errors change nothing: at worst a finding it had is not recognised as old.
    before = workloadOf(old) ? new Set(findingsOn(old, snapshot.inputs, rules, () => undefined).map(findingKey)) : new Set();
  }

  const decisions: Decision[] = [];
  for (const finding of findings) {
    let action = actionFor(policy.validation, target.namespace, finding.ruleId, finding.severity);
    if (action === 'off') continue;
    const preexisting = before?.has(findingKey(finding)) ?? false;
    if (preexisting && action === 'deny') action = 'warn';
    const decision: Decision = { ruleId: finding.ruleId, severity: finding.severity, action, path: finding.path, message: finding.message };
    if (preexisting) decision.preexisting = true;
    decisions.push(decision);
  }

  // One pass: the warnings and denials in finding order, and each action's rule ids (first seen first).
  const warnings: string[] = [];
  const denials: Decision[] = [];
  const idsBy: Record<Decision['action'], string[]> = { deny: [], warn: [], audit: [] };
  for (const d of decisions) {
    if (d.action === 'warn') warnings.push(`[${d.ruleId}] ${fieldOf(d.path)}: ${d.message}${d.preexisting ? ' (already present before this update)' : ''}`);
    else if (d.action === 'deny') denials.push(d);
    const ids = idsBy[d.action];
    if (!ids.includes(d.ruleId)) ids.push(d.ruleId);
  }
  for (const error of internalErrors) warnings.push(`kube-hybrid ${error}`);
  const auditAnnotations: Record<string, string> = {};
  if (idsBy.deny.length > 0) auditAnnotations['denied-by'] = idsBy.deny.join(',');
  if (idsBy.warn.length > 0) auditAnnotations['warned-by'] = idsBy.warn.join(',');
  if (idsBy.audit.length > 0) auditAnnotations['audited-by'] = idsBy.audit.join(',');
  let result: AdmissionResult;
  if (denials.length > 0) {
    const what = describeObject(target.object, request);
    const lines = denials.map((d) => `[${d.ruleId}] ${fieldOf(d.path)} (${d.path}): ${d.message}`);
    const head = `kube-hybrid refused ${what}: ${denials.length} finding${denials.length === 1 ? '' : 's'} would fail on the node`;
    result = denied([head, ...lines].join('\n'), warnings);
  } else {
    result = allowed(undefined, warnings);
  }
  if (Object.keys(auditAnnotations).length > 0) result.auditAnnotations = auditAnnotations;
  const outcome: ValidationOutcome = { result, decisions };
  if (internalErrors.length > 0) outcome.internalErrors = internalErrors;
  return outcome;
}
