// `check -o json`: the contract in DESIGN.md (fields may be added, never changed).
import type { Finding } from '../engine/types.js';
import type { FormattableReport, Write } from './report.js';
import { collected, mapped, runComplete, summarize, writeJsonWithArray } from './report.js';
import { isLiveFinding, liveObjectReference } from './text.js';

export function findingJson(f: Finding) {
  const out = { ruleId: f.ruleId, category: f.category, severity: f.severity, message: f.message, object: f.object, path: f.path, file: f.file, line: f.line, column: f.column, ...(f.helmSource ? { helmSource: f.helmSource } : {}) };
  // An object read from the API server has no file (file "", line 0): `live` names it as text does.
  return isLiveFinding(f) ? { ...out, live: liveObjectReference(f.object) } : out;
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
  writeJsonWithArray(jsonBodyWithoutFindings(report), 'findings', mapped(report.findings, findingJson), write);
  write('\n');
}

export function formatJson(report: FormattableReport): string {
  return collected((write) => writeJson(report, write));
}
