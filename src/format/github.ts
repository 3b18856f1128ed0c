// `-o github`: GitHub Actions workflow commands, one per finding, so findings show as annotations on
// the pull request's diff: `::error file=app.yaml,line=14,col=11,title=kube-hybrid: rule-id::message`.
// Escaping as the runner unescapes (actions/toolkit packages/core/src/command.ts escapeData and
// escapeProperty, https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts, read
// 2026-11-30): in the message % CR LF; in properties also : and ,.
import type { AuditReport } from '../audit/analyse.js';
import type { Finding, Severity } from '../engine/types.js';
import type { LoadProblem } from '../manifests/types.js';
import { objectName } from './audit.js';
import type { ConfigWarning, FormattableReport, Write } from './report.js';
import { collected, runComplete, summarize } from './report.js';

type AnnotationCommand = 'error' | 'warning' | 'notice';

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface Annotation {
  command: AnnotationCommand;
  file?: string;
  line?: number;
  col?: number;
  title: string;
  message: string;
}

export function workflowCommand(a: Annotation): string {
  const properties: [string, string | number | undefined][] = [['file', a.file], ['line', a.line], ['col', a.col], ['title', a.title]];
  const list = properties.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${a.command}${list ? ` ${list}` : ''}::${escapeData(a.message)}\n`;
}

const COMMAND: Record<Severity, AnnotationCommand> = { error: 'error', warning: 'warning', info: 'notice' };

/** A path GitHub can place on the diff: relative, forward slashes; stdin has none. */
function repoPath(file: string): string | undefined {
  if (file === '<stdin>' || file === '-') return undefined;
  return file.replace(/\\/g, '/').replace(/^\.\//, '');
}

function findingAnnotation(f: Finding): Annotation {
  // Helm output: the template named by `# Source:` is the file in the repository; the line in the
  // rendered output means nothing there, so the annotation sits on the template as a whole.
  if (f.helmSource) return { command: COMMAND[f.severity], file: repoPath(f.helmSource), title: `kube-hybrid: ${f.ruleId}`, message: `${objectName(f.object)} ${f.path}: ${f.message} (rendered at ${f.file}:${f.line}:${f.column})` };
  const file = repoPath(f.file);
  return { command: COMMAND[f.severity], file, ...(file ? { line: f.line, col: f.column } : {}), title: `kube-hybrid: ${f.ruleId}`, message: `${objectName(f.object)}: ${f.message}` };
}

function problemAnnotation(p: LoadProblem): Annotation {
  const file = repoPath(p.file);
  return { command: p.severity === 'error' ? 'error' : 'notice', file, ...(file && p.line !== undefined ? { line: p.line, col: p.column ?? 1 } : {}), title: 'kube-hybrid: input', message: p.message };
}

export function warningAnnotation(w: ConfigWarning): Annotation {
  const file = repoPath(w.file);
  return { command: 'warning', file, ...(file && w.line !== undefined ? { line: w.line, col: w.column ?? 1 } : {}), title: 'kube-hybrid: config', message: w.message };
}

/** One workflow command per warning, problem and finding, then the summary line, written as they come. */
export function writeGithub(report: FormattableReport, write: Write): void {
  for (const warning of report.warnings ?? []) write(workflowCommand(warningAnnotation(warning)));
  for (const problem of report.problems) write(workflowCommand(problemAnnotation(problem)));
  for (const finding of report.findings) write(workflowCommand(findingAnnotation(finding)));
  const s = summarize(report);
  write(`kube-hybrid: ${s.errors} errors, ${s.warnings} warnings, ${s.infos} infos in ${s.objects} objects from ${s.files} files${runComplete(report) ? '' : ' (incomplete: some input could not be read)'}\n`);
}

export function formatGithub(report: FormattableReport): string {
  return collected((write) => writeGithub(report, write));
}

export function formatAuditGithub(report: AuditReport, warnings: readonly ConfigWarning[] = []): string {
  const out = warnings.map((w) => workflowCommand(warningAnnotation(w)));
  out.push(...report.findings.map((f) => workflowCommand({ command: COMMAND[f.severity], title: `kube-hybrid: ${f.ruleId}`, message: `${objectName(f.object)} ${f.path}: ${f.message}` })));
  for (const p of report.podProblems) out.push(workflowCommand({ command: 'error', title: `kube-hybrid: pod/${p.kind}`, message: `Pod/${p.namespace}/${p.name} ${p.status}${p.message ? `: ${p.message}` : ''}` }));
  return out.join('');
}
