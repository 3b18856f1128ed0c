// What `check` hands to a formatter.
import type { Finding, Rule, Severity } from '../engine/types.js';
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

/**
 * Findings as a formatter reads them: an array, or findings read back in order from where a streamed
 * `check` held them (engine/finding-store.ts), with their counts known beforehand. Formatters read
 * them once, in order, and write as they go.
 */
export interface StreamedFindings extends Iterable<Finding> {
  readonly counts: Readonly<Record<Severity, number>>;
}

export type ReportFindings = readonly Finding[] | StreamedFindings;

/** A check report whose findings may be streamed: what the formatters take. */
export type FormattableReport = Omit<CheckReport, 'findings'> & { findings: ReportFindings };

/** Where a formatter writes its output, piece by piece. */
export type Write = (text: string) => void;

/** Runs a writing formatter and returns what it wrote, as one string. */
export function collected(format: (write: Write) => void): string {
  const parts: string[] = [];
  format((text) => parts.push(text));
  return parts.join('');
}

/**
 * A writer that hands `write` pieces of about `bytes` characters: formatters write a line or a finding
 * at a time, and each call to a stream's write costs a system call.
 */
export function bufferedWriter(write: Write, bytes = 1 << 16): { write: Write; flush(): void } {
  let parts: string[] = [];
  let length = 0;
  const flush = () => {
    if (parts.length === 0) return;
    write(parts.join(''));
    parts = [];
    length = 0;
  };
  return {
    write(text) {
      parts.push(text);
      length += text.length;
      if (length >= bytes) flush();
    },
    flush,
  };
}

/** `items` with `map` applied as they are read. */
export function* mapped<T, U>(items: Iterable<T>, map: (item: T) => U): Iterable<U> {
  for (const item of items) yield map(item);
}

export function severityCounts(findings: ReportFindings): Readonly<Record<Severity, number>> {
  if (!isFindingArray(findings)) return findings.counts;
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

function isFindingArray(findings: ReportFindings): findings is readonly Finding[] {
  return Array.isArray(findings);
}

/**
 * `JSON.stringify(value, null, 2)` of a value whose array at `key` holds `items`, written piece by
 * piece: the value is stringified with that array empty, and the items are written in its place,
 * each indented to its depth. `key` must name the last array of that name in the text (and hold `[]`).
 */
export function writeJsonWithArray<T>(value: unknown, key: string, items: Iterable<T>, write: Write, itemText: (item: T, itemIndent: string) => string = indentedJson): void {
  const text = JSON.stringify(value, null, 2);
  const placeholder = `${JSON.stringify(key)}: []`;
  const at = text.lastIndexOf(placeholder);
  if (at === -1) throw new Error(`writeJsonWithArray: no empty "${key}" in the value`);
  const keyIndent = at - text.lastIndexOf('\n', at) - 1;
  const itemIndent = '\n' + ' '.repeat(keyIndent + 2);
  let first = true;
  for (const item of items) {
    write(first ? text.slice(0, at + placeholder.length - 1) : ',');
    first = false;
    write(itemText(item, itemIndent));
  }
  if (first) write(text);
  else write(`\n${' '.repeat(keyIndent)}]${text.slice(at + placeholder.length)}`);
}

/** `JSON.stringify(item, null, 2)` with every line break followed by `itemIndent` (a line break and spaces), and one before it. */
export function indentedJson(item: unknown, itemIndent: string): string {
  return itemIndent + JSON.stringify(item, null, 2).replace(/\n/g, itemIndent);
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

export function summarize(report: FormattableReport): Summary {
  const counts = severityCounts(report.findings);
  return { errors: counts.error, warnings: counts.warning, infos: counts.info, objects: report.objectCount, files: report.files.length };
}

/** Where each rule's docs page lives; SARIF `helpUri` and text output link here. */
export const DOCS_BASE_URL = 'https://github.com/kube-hybrid/kube-hybrid/blob/main/docs/rules/';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
