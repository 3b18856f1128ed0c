// Label selector semantics as apimachinery implements them:
//   k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go  (LabelSelectorAsSelector: nil vs empty)
//   k8s.io/apimachinery/pkg/labels/selector.go       (NewRequirement validation, Requirement.Matches)
//   k8s.io/apimachinery/pkg/util/validation          (label key = qualified name, label value syntax)
// Selectors come from untrusted manifests, so every reader here copes with wrong shapes: a selector
// that cannot be parsed selects nothing, as the API server's callers treat a conversion error.

import { isRecord } from '../util/guards.js';
import type { LabelSelector } from './types.js';

/** Operators a parsed requirement can carry (label selectors use the first four; node selectors add Gt/Lt). */
export type RequirementOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt' | 'Equals';

export interface Requirement {
  key: string;
  operator: RequirementOperator;
  values: string[];
}

export type Labels = Record<string, string> | undefined;

const LABEL_SELECTOR_OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

// --- syntax of keys and values (k8s.io/apimachinery/pkg/util/validation) --------------------------

const QUALIFIED_NAME_MAX = 63;
const DNS1123_SUBDOMAIN_MAX = 253;
const LABEL_VALUE_MAX = 63;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Problems with a label key ("prefix/name" or "name"); empty when valid. */
export function labelKeyProblems(key: string): string[] {
  const parts = key.split('/');
  let name = key;
  const problems: string[] = [];
  if (parts.length > 2) {
    return [`label key "${key}" may contain at most one "/"`];
  }
  if (parts.length === 2) {
    const [prefix, rest] = parts as [string, string];
    name = rest;
    if (prefix.length === 0) problems.push(`label key "${key}" has an empty prefix`);
    else if (prefix.length > DNS1123_SUBDOMAIN_MAX) problems.push(`label key prefix "${prefix}" is longer than ${DNS1123_SUBDOMAIN_MAX} characters`);
    else if (!DNS1123_SUBDOMAIN.test(prefix)) problems.push(`label key prefix "${prefix}" is not a lowercase DNS subdomain`);
  }
  if (name.length === 0) problems.push(`label key "${key}" has an empty name part`);
  else if (name.length > QUALIFIED_NAME_MAX) problems.push(`label key name "${name}" is longer than ${QUALIFIED_NAME_MAX} characters`);
  else if (!QUALIFIED_NAME_PART.test(name)) {
    problems.push(`label key name "${name}" must be alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`);
  }
  return problems;
}

/** Problems with a label value; the empty string is a valid value. */
export function labelValueProblems(value: string): string[] {
  if (value.length > LABEL_VALUE_MAX) return [`label value "${value}" is longer than ${LABEL_VALUE_MAX} characters`];
  if (!LABEL_VALUE.test(value)) {
    return [`label value "${value}" must be empty or alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`];
  }
  return [];
}

// --- integers as strconv.ParseInt(s, 10, 64) reads them -------------------------------------------

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The value as a signed 64-bit decimal integer, or undefined (Gt/Lt then never match). */
export function parseInt64(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

// --- requirements ---------------------------------------------------------------------------------

/** What labels.NewRequirement would reject, as short messages (empty when the requirement is valid). */
export function requirementProblems(requirement: Requirement): string[] {
  const { key, operator, values } = requirement;
  const problems = labelKeyProblems(key);
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) problems.push(`${operator} on "${key}" needs at least one value`);
      break;
    case 'Equals':
      if (values.length !== 1) problems.push(`"${key}" must have exactly one value`);
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) problems.push(`${operator} on "${key}" must not have values`);
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) problems.push(`${operator} on "${key}" needs exactly one value`);
      for (const value of values) {
        if (parseInt64(value) === undefined) problems.push(`${operator} on "${key}" needs an integer value, not "${value}"`);
      }
      break;
  }
  for (const value of values) problems.push(...labelValueProblems(value));
  return problems;
}

/** Requirement.Matches: NotIn and DoesNotExist match when the key is absent; Gt/Lt need integers on both sides. */
export function requirementMatches(requirement: Requirement, labels: Labels): boolean {
  const present = labels !== undefined && Object.hasOwn(labels, requirement.key);
  const value = present ? labels[requirement.key] : undefined;
  switch (requirement.operator) {
    case 'In':
    case 'Equals':
      return value !== undefined && requirement.values.includes(value);
    case 'NotIn':
      return value === undefined || !requirement.values.includes(value);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || requirement.values.length !== 1) return false;
      const actual = parseInt64(value);
      const bound = parseInt64(requirement.values[0]);
      if (actual === undefined || bound === undefined) return false;
      return requirement.operator === 'Gt' ? actual > bound : actual < bound;
    }
  }
}

// --- LabelSelector (metav1) -----------------------------------------------------------------------

/** A LabelSelector after conversion: 'everything', 'nothing', requirements to AND, or why it is invalid. */
export type ParsedLabelSelector =
  | { kind: 'everything' }
  | { kind: 'nothing' }
  | { kind: 'requirements'; requirements: Requirement[] }
  | { kind: 'invalid'; problems: string[] };

/** What a missing (null/undefined) selector means. Upstream's LabelSelectorAsSelector says 'nothing'. */
export type NilSelectorMeaning = 'nothing' | 'everything';

export interface LabelSelectorOptions {
  /** Default 'nothing', like metav1.LabelSelectorAsSelector; pass 'everything' where a caller treats an absent selector as "no restriction". */
  whenNil?: NilSelectorMeaning;
}

function stringValues(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return undefined;
  return value as string[];
}

/**
 * Converts a selector the way metav1.LabelSelectorAsSelector does: nil → nothing (or everything, if asked),
 * no matchLabels and no matchExpressions → everything, otherwise every entry becomes a requirement
 * and any invalid one makes the whole selector invalid.
 */
export function parseLabelSelector(selector: LabelSelector | undefined | null, options: LabelSelectorOptions = {}): ParsedLabelSelector {
  if (selector === undefined || selector === null) return { kind: options.whenNil ?? 'nothing' };
  if (!isRecord(selector)) return { kind: 'invalid', problems: ['label selector must be an object'] };
  const matchLabels: unknown = selector.matchLabels;
  const matchExpressions: unknown = selector.matchExpressions;
  const problems: string[] = [];
  const requirements: Requirement[] = [];

  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) problems.push('matchLabels must be a map of strings');
    else {
      for (const [key, value] of Object.entries(matchLabels)) {
        if (typeof value !== 'string') {
          problems.push(`matchLabels["${key}"] must be a string`);
          continue;
        }
        requirements.push({ key, operator: 'Equals', values: [value] });
      }
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) problems.push('matchExpressions must be a list');
    else {
      for (const expression of matchExpressions as unknown[]) {
        if (!isRecord(expression) || typeof expression.key !== 'string') {
          problems.push('each matchExpressions entry needs a string key');
          continue;
        }
        const operator = expression.operator;
        if (typeof operator !== 'string' || !LABEL_SELECTOR_OPERATORS.includes(operator)) {
          // Upstream's wording for this conversion error.
          problems.push(`"${String(operator)}" is not a valid label selector operator`);
          continue;
        }
        const values = stringValues(expression.values);
        if (values === undefined) {
          problems.push(`values of "${expression.key}" must be a list of strings`);
          continue;
        }
        requirements.push({ key: expression.key, operator: operator as RequirementOperator, values });
      }
    }
  }
  for (const requirement of requirements) problems.push(...requirementProblems(requirement));
  if (problems.length > 0) return { kind: 'invalid', problems };
  // len(matchLabels)+len(matchExpressions) == 0 → Everything (after shape checks, which empty input passes).
  if (requirements.length === 0) return { kind: 'everything' };
  return { kind: 'requirements', requirements };
}

/** Messages explaining why the selector is invalid (it then selects nothing); empty when valid or nil. */
export function validateLabelSelector(selector: LabelSelector | undefined | null): string[] {
  const parsed = parseLabelSelector(selector);
  return parsed.kind === 'invalid' ? parsed.problems : [];
}

/** Whether a parsed selector selects the labels; an invalid selector selects nothing. */
export function parsedSelectorMatches(parsed: ParsedLabelSelector, labels: Labels): boolean {
  switch (parsed.kind) {
    case 'everything':
      return true;
    case 'nothing':
    case 'invalid':
      return false;
    case 'requirements':
      return parsed.requirements.every((requirement) => requirementMatches(requirement, labels));
  }
}

/**
 * Whether a metav1.LabelSelector selects the labels. nil selects nothing unless `whenNil: 'everything'`;
 * an empty selector `{}` selects everything; an invalid selector selects nothing.
 */
export function matchesLabelSelector(
  selector: LabelSelector | undefined | null,
  labels: Labels,
  options: LabelSelectorOptions = {},
): boolean {
  return parsedSelectorMatches(parseLabelSelector(selector, options), labels);
}

/**
 * Map semantics (pod.spec.nodeSelector, labels.SelectorFromSet): every key must be present with an equal
 * value; an empty or missing map matches everything. Like upstream, keys and values are not validated.
 */
export function matchesLabels(required: Record<string, string> | undefined | null, labels: Labels): boolean {
  if (!isRecord(required)) return true;
  for (const [key, value] of Object.entries(required)) {
    if (labels === undefined || !Object.hasOwn(labels, key) || labels[key] !== String(value)) return false;
  }
  return true;
}

/** Human form of a requirement, close to labels.Requirement.String(): "k in (a,b)", "!k", "k>3". */
export function formatRequirement(requirement: Requirement): string {
  const { key, operator, values } = requirement;
  const list = [...values].sort().join(',');
  switch (operator) {
    case 'Equals':
      return `${key}=${values[0] ?? ''}`;
    case 'In':
      return `${key} in (${list})`;
    case 'NotIn':
      return `${key} notin (${list})`;
    case 'Exists':
      return key;
    case 'DoesNotExist':
      return `!${key}`;
    case 'Gt':
      return `${key}>${values[0] ?? ''}`;
    case 'Lt':
      return `${key}<${values[0] ?? ''}`;
  }
}
