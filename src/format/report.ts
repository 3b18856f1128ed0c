// What `check` hands to a formatter.
import type { Finding, Rule } from '../engine/types.js';
import type { LoadProblem, SourceFile } from '../manifests/types.js';

export interface CheckReport {
  findings: Finding[];
  problems: LoadProblem[];
  files: SourceFile[];
  objectCount: number;
  rules: readonly Rule[];
  clusterName: string;
  /** False when the cluster could not be loaded, so no rule ran at all. */
  analysed?: boolean;
  /** Settings that do nothing (a rule id no rule has, in the config file or an ignore annotation): the run still counts as complete. */
  warnings?: ConfigWarning[];
}

/** A warning about how kube-hybrid was configured, at the place in the config file or manifest that says it. */
export interface ConfigWarning {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  objects: number;
  files: number;
}

/** Input that could not be read: a run with any is incomplete and never reports itself clean. */
export function inputFailures(report: Pick<CheckReport, 'problems'>): LoadProblem[] {
  return report.problems.filter((p) => p.severity === 'error');
}

/** True when every input was read and every rule ran: only then may a formatter say "clean". */
export function runComplete(report: Pick<CheckReport, 'problems' | 'analysed'>): boolean {
  return report.analysed !== false && inputFailures(report).length === 0;
}

export function summarize(report: CheckReport): Summary {
  const count = (severity: string) => report.findings.filter((f) => f.severity === severity).length;
  return { errors: count('error'), warnings: count('warning'), infos: count('info'), objects: report.objectCount, files: report.files.length };
}

/** Where each rule's docs page lives; SARIF `helpUri` and text output link here. */
export const DOCS_BASE_URL = 'https://github.com/kube-hybrid/kube-hybrid/blob/main/docs/rules/';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
