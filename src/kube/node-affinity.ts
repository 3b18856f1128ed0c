// Node selectors and node affinity as kube-scheduler's NodeAffinity plugin evaluates them:
//   k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go
//   (LazyErrorNodeSelector, PreferredSchedulingTerms, GetRequiredNodeAffinity)
// Terms are ORed, requirements inside a term are ANDed, an empty term matches nothing, and a term with
// an invalid requirement matches nothing while the other terms still count.

import { isRecord } from '../util/guards.js';
import {
  formatRequirement,
  matchesLabels,
  requirementMatches,
  requirementProblems,
  type Requirement,
  type RequirementOperator,
} from './label-selector.js';
import type { Node, NodeSelector, NodeSelectorTerm, PodSpec } from './types.js';

/** The NodeAffinity filter's reason (pkg/scheduler/framework/plugins/nodeaffinity). */
export const ERR_REASON_POD_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";

const NODE_SELECTOR_OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
/** The only node field a matchFields requirement can read. */
export const NODE_FIELD_NAME = 'metadata.name';

export type ParsedNodeSelectorTerm =
  | { kind: 'empty' }
  | { kind: 'invalid'; problems: string[] }
  | { kind: 'term'; labelRequirements: Requirement[]; fieldRequirements: Requirement[] };

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return undefined;
  return value as string[];
}

/** Converts one term; matchFields accept only In/NotIn with exactly one value. */
export function parseNodeSelectorTerm(term: NodeSelectorTerm | undefined | null): ParsedNodeSelectorTerm {
  if (!isRecord(term)) return { kind: 'empty' };
  const expressions = listOf(term.matchExpressions);
  const fields = listOf(term.matchFields);
  if (expressions.length === 0 && fields.length === 0) return { kind: 'empty' };

  const problems: string[] = [];
  const labelRequirements: Requirement[] = [];
  const fieldRequirements: Requirement[] = [];
  for (const expression of expressions) {
    if (!isRecord(expression) || typeof expression.key !== 'string') {
      problems.push('a matchExpressions entry needs a string key');
      continue;
    }
    const operator = expression.operator;
    if (typeof operator !== 'string' || !NODE_SELECTOR_OPERATORS.includes(operator)) {
      problems.push(`operator "${String(operator)}" on "${expression.key}" is not supported`);
      continue;
    }
    const values = stringList(expression.values);
    if (values === undefined) {
      problems.push(`values of "${expression.key}" must be a list of strings`);
      continue;
    }
    const requirement: Requirement = { key: expression.key, operator: operator as RequirementOperator, values };
    const invalid = requirementProblems(requirement);
    if (invalid.length > 0) problems.push(...invalid);
    else labelRequirements.push(requirement);
  }
  for (const field of fields) {
    if (!isRecord(field) || typeof field.key !== 'string') {
      problems.push('a matchFields entry needs a string key');
      continue;
    }
    if (field.operator !== 'In' && field.operator !== 'NotIn') {
      problems.push(`operator "${String(field.operator)}" is not supported in matchFields (only In, NotIn)`);
      continue;
    }
    const values = stringList(field.values);
    if (values === undefined || values.length !== 1) {
      problems.push(`matchFields "${field.key}" must have exactly one value`);
      continue;
    }
    fieldRequirements.push({ key: field.key, operator: field.operator, values });
  }
  if (problems.length > 0) return { kind: 'invalid', problems };
  return { kind: 'term', labelRequirements, fieldRequirements };
}

/** Node fields a field selector sees: only metadata.name, and only when the node has a name. */
function nodeFields(node: Node): Record<string, string> | undefined {
  const name = node.metadata?.name;
  return typeof name === 'string' && name.length > 0 ? { [NODE_FIELD_NAME]: name } : undefined;
}

/** Field selectors read a missing field as "", so NotIn on an unknown field matches (API validation forbids such keys). */
function fieldRequirementMatches(requirement: Requirement, fields: Record<string, string>): boolean {
  const actual = fields[requirement.key] ?? '';
  const equal = actual === requirement.values[0];
  return requirement.operator === 'In' ? equal : !equal;
}

function nodeLabels(node: Node): Record<string, string> | undefined {
  const labels = node.metadata?.labels;
  return isRecord(labels) ? labels : undefined;
}

/** First requirement of the term the node fails, or undefined when the term matches. */
function firstFailingRequirement(parsed: { labelRequirements: Requirement[]; fieldRequirements: Requirement[] }, node: Node) {
  const labels = nodeLabels(node);
  const labelMiss = parsed.labelRequirements.find((r) => !requirementMatches(r, labels));
  if (labelMiss) return { requirement: labelMiss, field: false };
  const fields = nodeFields(node);
  // Upstream skips matchFields entirely for a node without a name.
  if (fields === undefined) return undefined;
  const fieldMiss = parsed.fieldRequirements.find((r) => !fieldRequirementMatches(r, fields));
  return fieldMiss ? { requirement: fieldMiss, field: true } : undefined;
}

export function matchesNodeSelectorTerm(term: NodeSelectorTerm | undefined | null, node: Node): boolean {
  const parsed = parseNodeSelectorTerm(term);
  return parsed.kind === 'term' && firstFailingRequirement(parsed, node) === undefined;
}

/** NodeSelector.Match: any term matching is enough; no terms (or a missing selector) matches nothing. */
export function matchesNodeSelectorTerms(selector: NodeSelector | undefined | null, node: Node): boolean {
  if (!isRecord(selector)) return false;
  return listOf(selector.nodeSelectorTerms).some((term) => matchesNodeSelectorTerm(term as NodeSelectorTerm, node));
}

function requiredNodeSelectorOf(podSpec: PodSpec): NodeSelector | undefined {
  const affinity = podSpec.affinity;
  if (!isRecord(affinity) || !isRecord(affinity.nodeAffinity)) return undefined;
  const required: unknown = affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  // Present but malformed still counts as "required" (and then matches nothing), like an empty term list.
  return required === undefined || required === null ? undefined : (required as NodeSelector);
}

/** GetRequiredNodeAffinity(pod).Match(node): spec.nodeSelector AND the required node affinity, if any. */
export function requiredNodeAffinityMatches(podSpec: PodSpec, node: Node): boolean {
  if (!matchesLabels(isRecord(podSpec.nodeSelector) ? podSpec.nodeSelector : undefined, nodeLabels(node))) return false;
  const required = requiredNodeSelectorOf(podSpec);
  return required === undefined || matchesNodeSelectorTerms(required, node);
}

/**
 * Sum of the weights of preferred terms the node matches (the NodeAffinity plugin's raw score).
 * Terms with weight 0 or an empty preference are skipped. Upstream fails the pod's scoring when a
 * preferred term is invalid; here an invalid term simply adds nothing (see `preferredNodeAffinityProblems`).
 */
export function preferredNodeAffinityScore(podSpec: PodSpec, node: Node): number {
  let score = 0;
  for (const { weight, parsed } of parsedPreferredTerms(podSpec)) {
    if (parsed.kind === 'term' && firstFailingRequirement(parsed, node) === undefined) score += weight;
  }
  return score;
}

/** Why preferred terms are invalid (kube-scheduler would report an error for such a pod). */
export function preferredNodeAffinityProblems(podSpec: PodSpec): string[] {
  return parsedPreferredTerms(podSpec).flatMap(({ index, parsed }) =>
    parsed.kind === 'invalid' ? parsed.problems.map((p) => `preferred term ${index + 1}: ${p}`) : [],
  );
}

function parsedPreferredTerms(podSpec: PodSpec): { index: number; weight: number; parsed: ParsedNodeSelectorTerm }[] {
  const affinity = podSpec.affinity;
  if (!isRecord(affinity) || !isRecord(affinity.nodeAffinity)) return [];
  const out: { index: number; weight: number; parsed: ParsedNodeSelectorTerm }[] = [];
  listOf(affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((item, index) => {
    if (!isRecord(item)) return;
    const weight = typeof item.weight === 'number' && Number.isFinite(item.weight) ? Math.trunc(item.weight) : 0;
    if (weight === 0) return;
    const parsed = parseNodeSelectorTerm(item.preference as NodeSelectorTerm | undefined);
    if (parsed.kind === 'empty') return;
    out.push({ index, weight, parsed });
  });
  return out;
}

function describeActual(key: string, labels: Record<string, string> | undefined): string {
  return labels !== undefined && Object.hasOwn(labels, key) ? `node has ${key}=${labels[key]}` : `node has no label ${key}`;
}

/**
 * Short human reasons why the pod's nodeSelector / required node affinity rejects the node; empty when it
 * fits. Each failing term is named by its 1-based position with its first failing requirement.
 */
export function explainNodeAffinityMismatch(podSpec: PodSpec, node: Node): string[] {
  const reasons: string[] = [];
  const labels = nodeLabels(node);
  const nodeSelector = isRecord(podSpec.nodeSelector) ? podSpec.nodeSelector : {};
  for (const [key, value] of Object.entries(nodeSelector)) {
    if (labels === undefined || labels[key] !== String(value)) {
      reasons.push(`nodeSelector ${key}=${String(value)}: ${describeActual(key, labels)}`);
    }
  }
  const required = requiredNodeSelectorOf(podSpec);
  if (required === undefined || matchesNodeSelectorTerms(required, node)) return reasons;

  const terms = isRecord(required) ? listOf(required.nodeSelectorTerms) : [];
  if (terms.length === 0) {
    reasons.push('required node affinity has no terms, so it matches no node');
    return reasons;
  }
  const single = terms.length === 1;
  terms.forEach((term, index) => {
    const label = single ? 'required node affinity' : `required node affinity term ${index + 1}`;
    const parsed = parseNodeSelectorTerm(term as NodeSelectorTerm);
    if (parsed.kind === 'empty') reasons.push(`${label} is empty and matches no node`);
    else if (parsed.kind === 'invalid') reasons.push(`${label} is invalid (${parsed.problems.join('; ')}) and matches no node`);
    else {
      const miss = firstFailingRequirement(parsed, node);
      if (miss === undefined) return;
      const actual = miss.field ? `node name is ${node.metadata?.name ?? ''}` : describeActual(miss.requirement.key, labels);
      reasons.push(`${label}: ${formatRequirement(miss.requirement)}: ${actual}`);
    }
  });
  return reasons;
}
