// `check -o json`: the contract in DESIGN.md (fields may be added, never changed).
import type { Finding } from '../engine/types.js';
import type { CheckReport } from './report.js';
import { runComplete, summarize } from './report.js';
import { isLiveFinding, liveObjectReference } from './text.js';

function findingJson(f: Finding) {
  const out = { ruleId: f.ruleId, category: f.category, severity: f.severity, message: f.message, object: f.object, path: f.path, file: f.file, line: f.line, column: f.column, ...(f.helmSource ? { helmSource: f.helmSource } : {}) };
  // An object read from the API server has no file (file "", line 0): `live` names it as text does.
  return isLiveFinding(f) ? { ...out, live: liveObjectReference(f.object) } : out;
}

export function formatJson(report: CheckReport): string {
  const body = {
    findings: report.findings.map(findingJson),
    summary: summarize(report),
    problems: report.problems.map((p) => ({ ...p })),
    // Settings that do nothing (unknown rule ids in .kube-hybrid.yaml or an ignore annotation).
    warnings: (report.warnings ?? []).map((w) => ({ ...w })),
    // False when input could not be read or no rule ran: an empty `findings` then means nothing.
    complete: runComplete(report),
  };
  return JSON.stringify(body, null, 2) + '\n';
}
