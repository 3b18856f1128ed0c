// Human output: findings grouped by file, `file:line:column severity message [rule-id]`, a code frame
// with a caret under the field, colour only on a TTY, and a summary line.
import type { Finding, Severity } from '../engine/types.js';
import type { SourceFile } from '../manifests/types.js';
import type { FormattableReport, Write } from './report.js';
import { collected, inputFailures, runComplete, summarize } from './report.js';

export interface TextOptions {
  color: boolean;
  /** Lines of context above the finding's line. */
  contextLines?: number;
}

const ANSI = { red: '\x1b[31m', yellow: '\x1b[33m', blue: '\x1b[34m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' } as const;

type Painter = (text: string, ...styles: (keyof typeof ANSI)[]) => string;

function painter(color: boolean): Painter {
  return (text, ...styles) => (color ? styles.map((s) => ANSI[s]).join('') + text + ANSI.reset : text);
}

const SEVERITY_STYLE: Record<Severity, keyof typeof ANSI> = { error: 'red', warning: 'yellow', info: 'blue' };

function lineText(file: SourceFile, line: number): string | undefined {
  const start = file.lineStarts[line - 1];
  if (start === undefined) return undefined;
  const end = file.lineStarts[line] ?? file.text.length;
  return file.text.slice(start, end).replace(/\r?\n$/, '');
}

/** The finding's line with `contextLines` before it, numbered, and a caret at the column. */
export function codeFrame(file: SourceFile, line: number, column: number, paint: Painter, contextLines = 1): string {
  if (file.text === '') return '';
  const first = Math.max(1, line - contextLines);
  const width = String(line).length;
  const out: string[] = [];
  for (let n = first; n <= line; n++) {
    const text = lineText(file, n);
    if (text === undefined) continue;
    const marker = n === line ? paint('>', 'red', 'bold') : ' ';
    out.push(`${marker} ${paint(String(n).padStart(width), 'dim')} | ${text}`);
  }
  out.push(`  ${' '.repeat(width)} ${paint('|', 'dim')} ${' '.repeat(Math.max(0, column - 1))}${paint('^', 'red', 'bold')}`);
  return out.join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Findings on objects read from the API server (`--cluster live`: Nodes, Namespaces) have no file:
 * they are located by the object, as kubectl names it — `node/aks-win22-0 (live)`,
 * `namespace/web (live)`, `deployment/iis -n web (live)`.
 */
export function isLiveFinding(f: Pick<Finding, 'file'>): boolean {
  return f.file === '';
}

export function liveObjectReference(object: Finding['object']): string {
  return objectReference(object, 'live');
}

/** A finding without a position (a live object, or a node of a cluster profile: line 0). */
export function hasNoPosition(f: Pick<Finding, 'line'>): boolean {
  return f.line === 0;
}

function objectReference(object: Finding['object'], where: string): string {
  return `${object.kind.toLowerCase()}/${object.name}${object.namespace ? ` -n ${object.namespace}` : ''} (${where})`;
}

/** Where a finding is: `file:line:column`, or the object and where it came from (`node/x (live)`, `node/x (builtin:aks)`). */
export function locationOf(f: Pick<Finding, 'file' | 'line' | 'column' | 'object'>): string {
  if (isLiveFinding(f)) return liveObjectReference(f.object);
  if (hasNoPosition(f)) return objectReference(f.object, f.file);
  return `${f.file}:${f.line}:${f.column}`;
}

/** The human report written piece by piece: a file's heading, then its findings, as they come (sorted by file). */
export function writeText(report: FormattableReport, options: TextOptions, write: Write): void {
  const paint = painter(options.color);
  const filesByPath = new Map(report.files.map((f) => [f.path, f]));
  // A heading each time the file changes: streamed findings come sorted by file; an array is put in
  // that shape (each file's findings together, files in the order they first appear).
  let heading: string | undefined;
  for (const f of Array.isArray(report.findings) ? groupedByFile(report.findings) : report.findings) {
    if (f.file !== heading) {
      heading = f.file;
      write(`${paint(heading === '' ? 'live cluster' : heading, 'bold')}\n`);
    }
    const where = locationOf(f);
    const object = `${f.object.kind}/${f.object.namespace ? f.object.namespace + '/' : ''}${f.object.name}`;
    const helm = f.helmSource ? paint(` (template ${f.helmSource})`, 'dim') : '';
    write(`${where} ${paint(f.severity, SEVERITY_STYLE[f.severity], 'bold')} ${f.message} ${paint(`[${f.ruleId}]`, 'dim')}\n`);
    write(`  ${paint(`${object} ${f.path}`, 'dim')}${helm}\n`);
    const file = filesByPath.get(f.file);
    if (file) {
      const frame = codeFrame(file, f.line, f.column, paint, options.contextLines ?? 1);
      if (frame) write(`${frame}\n`);
    }
    write('\n');
  }
  const s = summarize(report);
  const total = s.errors + s.warnings + s.infos;
  const counts = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}`;
  const scope = `in ${plural(s.objects, 'object')} from ${plural(s.files, 'file')} against cluster ${report.clusterName}`;
  const failures = inputFailures(report).length;
  let verdict: string;
  if (report.analysed === false) {
    verdict = paint(`✖ nothing analysed: ${plural(failures, 'input problem')} (on stderr) stopped the run before any rule ran`, 'red', 'bold');
  } else if (!runComplete(report)) {
    // Findings of what could be read, but never a clean verdict: part of the input was not seen.
    const seen = total === 0 ? 'no findings' : `${plural(total, 'finding')} (${counts})`;
    verdict = paint(`✖ incomplete: ${plural(failures, 'input problem')} (on stderr); ${seen} ${scope} in what could be read`, 'red', 'bold');
  } else if (total === 0) verdict = paint(`✔ no findings ${scope}`, 'bold');
  else verdict = paint(`✖ ${plural(total, 'finding')} (${counts}) ${scope}`, s.errors > 0 ? 'red' : 'yellow', 'bold');
  write(`${verdict}\n`);
}

function groupedByFile(findings: readonly Finding[]): Finding[] {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  return [...byFile.values()].flat();
}

export function formatText(report: FormattableReport, options: TextOptions): string {
  return collected((write) => writeText(report, options, write));
}

/** Input problems go to stderr in the compiler-style form editors can jump to. */
export function formatProblem(problem: { severity: string; file: string; line?: number; column?: number; message: string }): string {
  const where = problem.line !== undefined ? `${problem.file}:${problem.line}:${problem.column ?? 1}` : problem.file;
  return `${where}: ${problem.severity}: ${problem.message}\n`;
}
