// `check -o json`: the contract in DESIGN.md (fields may be added, never changed).
import type { Finding } from '../engine/types.js';
import type { FormattableReport, Write } from './report.js';
import { collected, indentedJson, runComplete, summarize, writeJsonWithArray } from './report.js';
import { isLiveFinding, liveObjectReference } from './text.js';

export function findingJson(f: Finding) {
  const out = { ruleId: f.ruleId, category: f.category, severity: f.severity, message: f.message, object: f.object, path: f.path, file: f.file, line: f.line, column: f.column, ...(f.helmSource ? { helmSource: f.helmSource } : {}) };
  // An object read from the API server has no file (file "", line 0): `live` names it as text does.
  return isLiveFinding(f) ? { ...out, live: liveObjectReference(f.object) } : out;
}

/**
 * One finding as `indentedJson(findingJson(f), itemIndent)` writes it. The findings of a large run are
 * most of the document: the common shape (strings where strings belong, finite numbers, an object
 * reference of strings) is written field by field, without the intermediate object and the pass that
 * indents it; anything else (a live finding, an odd value) goes through JSON.stringify itself.
 */
function findingText(f: Finding, itemIndent: string): string {
  return plainFindingText(f, itemIndent) ?? indentedJson(findingJson(f), itemIndent);
}

const FIELD_ORDER = ['ruleId', 'category', 'severity', 'message'] as const;

function plainFindingText(f: Finding, itemIndent: string): string | undefined {
  if (isLiveFinding(f)) return undefined;
  if (!Number.isFinite(f.line) || !Number.isFinite(f.column)) return undefined;
  const field = `,${itemIndent}  `;
  let out = `${itemIndent}{${itemIndent}  `;
  for (const name of FIELD_ORDER) {
    const value = f[name];
    if (typeof value !== 'string') return undefined;
    out += `"${name}": ${JSON.stringify(value)}${field}`;
  }
  const object = objectText(f.object, `${itemIndent}    `);
  if (object === undefined || typeof f.path !== 'string' || typeof f.file !== 'string') return undefined;
  out += `"object": ${object}${field}"path": ${JSON.stringify(f.path)}${field}"file": ${JSON.stringify(f.file)}${field}"line": ${f.line}${field}"column": ${f.column}`;
  if (f.helmSource) {
    if (typeof f.helmSource !== 'string') return undefined;
    out += `${field}"helmSource": ${JSON.stringify(f.helmSource)}`;
  }
  return `${out}${itemIndent}}`;
}

/** The object reference as JSON.stringify indents it, its fields at `fieldIndent`; undefined unless every value is a string. */
function objectText(object: unknown, fieldIndent: string): string | undefined {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return undefined;
  let out = '{';
  let first = true;
  for (const key of Object.keys(object)) {
    const value = (object as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') return undefined;
    out += `${first ? '' : ','}${fieldIndent}${JSON.stringify(key)}: ${JSON.stringify(value)}`;
    first = false;
  }
  return first ? '{}' : `${out}${fieldIndent.slice(0, -2)}}`;
}

/** Everything of the JSON document but its findings (written in its `findings: []`). */
export function jsonBodyWithoutFindings(report: FormattableReport) {
  return {
    findings: [],
    summary: summarize(report),
    problems: report.problems.map((p) => ({ ...p })),
    // Settings that do nothing (unknown rule ids in .kube-hybrid.yaml or an ignore annotation).
    warnings: (report.warnings ?? []).map((w) => ({ ...w })),
    // False when input could not be read or no rule ran: an empty `findings` then means nothing.
    complete: runComplete(report),
  };
}

/** The JSON document written piece by piece, one finding at a time (the same text as formatJson). */
export function writeJson(report: FormattableReport, write: Write): void {
  writeJsonWithArray(jsonBodyWithoutFindings(report), 'findings', report.findings, write, findingText);
  write('\n');
}

export function formatJson(report: FormattableReport): string {
  return collected((write) => writeJson(report, write));
}
