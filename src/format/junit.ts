// `-o junit`: JUnit XML as GitLab (artifacts:reports:junit), Azure Pipelines (PublishTestResults,
// testResultsFormat JUnit) and Jenkins (junit step) read it. One <testsuite> per manifest file, one
// <testcase> per object that passed and per finding; findings at or above --fail-on are <failure>s
// (what fails the job shows as failed), lower ones pass with their text in <system-out>; input that
// could not be read is an <error>. Validated in tests against the JUnit XSD Jenkins uses
// (xunit-plugin junit-10.xsd: https://github.com/jenkinsci/xunit-plugin, read 2026-11-30).
import type { AuditReport } from '../audit/analyse.js';
import type { FailOn, Finding } from '../engine/types.js';
import { failsRun } from '../engine/types.js';
import type { LoadProblem, ManifestObject } from '../manifests/types.js';
import { objectName } from './audit.js';
import type { CheckReport, ConfigWarning } from './report.js';


/** Characters XML 1.0 cannot hold at all (C0 controls but tab, newline, carriage return; U+FFFE/FFFF). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlEscape(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
}

interface Case {
  name: string;
  classname: string;
  file?: string;
  line?: number;
  failure?: { type: string; message: string; text: string };
  error?: { type: string; message: string; text: string };
  out?: string;
}

function caseXml(c: Case): string {
  const open = `    <testcase${attributes({ name: c.name, classname: c.classname, file: c.file, line: c.line, time: '0' })}`;
  const body: string[] = [];
  if (c.failure) body.push(`      <failure${attributes({ type: c.failure.type, message: c.failure.message })}>${xmlEscape(c.failure.text)}</failure>`);
  if (c.error) body.push(`      <error${attributes({ type: c.error.type, message: c.error.message })}>${xmlEscape(c.error.text)}</error>`);
  if (c.out) body.push(`      <system-out>${xmlEscape(c.out)}</system-out>`);
  return body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`;
}

/** `suiteErr`: text for a suite's own <system-err> (settings that do nothing, by the file that says them). */
function suitesXml(suites: Map<string, Case[]>, suiteErr: ReadonlyMap<string, string> = new Map()): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  const body: string[] = [];
  for (const [name, cases] of suites) {
    const f = cases.filter((c) => c.failure).length;
    const e = cases.filter((c) => c.error).length;
    tests += cases.length;
    failures += f;
    errors += e;
    body.push(`  <testsuite${attributes({ name, tests: cases.length, failures: f, errors: e, skipped: 0, time: '0' })}>`);
    body.push(...cases.map(caseXml));
    const err = suiteErr.get(name);
    if (err !== undefined) body.push(`    <system-err>${xmlEscape(err)}</system-err>`);
    body.push('  </testsuite>');
  }
  lines.push(`<testsuites${attributes({ name: 'kube-hybrid', tests, failures, errors, time: '0' })}>`, ...body, '</testsuites>');
  return `${lines.join('\n')}\n`;
}

function where(file: string, line?: number, column?: number): string {
  return line !== undefined ? `${file}:${line}:${column ?? 1}` : file;
}

/** Settings that do nothing, as the <system-err> text of their file's suite (added, empty, when the file has none). */
function warningsBySuite(suites: Map<string, Case[]>, warnings: readonly ConfigWarning[]): Map<string, string> {
  const suiteErr = new Map<string, string>();
  for (const w of warnings) {
    if (!suites.has(w.file)) suites.set(w.file, []);
    suiteErr.set(w.file, `${suiteErr.get(w.file) ?? ''}${where(w.file, w.line, w.column)} warning ${w.message}\n`);
  }
  return suiteErr;
}

function findingText(f: Finding): string {
  const template = f.helmSource ? `\ntemplate: ${f.helmSource}` : '';
  return `${where(f.file, f.line, f.column)} ${f.severity} ${f.message} [${f.ruleId}]\nobject: ${objectName(f.object)}\nfield: ${f.path}${template}`;
}

function problemCase(p: LoadProblem): Case {
  return { name: `read ${p.file}`, classname: p.file, file: p.file, line: p.line, error: { type: 'input', message: p.message, text: `${where(p.file, p.line, p.column)} ${p.message}` } };
}

/** check's report as JUnit XML; `failOn` decides which findings are failures. */
export function formatJunit(report: CheckReport & { objects?: readonly ManifestObject[] }, failOn: FailOn = 'error'): string {
  const suites = new Map<string, Case[]>();
  const suite = (name: string) => {
    let cases = suites.get(name);
    if (!cases) suites.set(name, (cases = []));
    return cases;
  };
  for (const file of report.files) suite(file.path);
  const objectsWithFindings = new Set<string>();
  for (const f of report.findings) {
    const object = objectName(f.object);
    objectsWithFindings.add(`${f.file}\u0000${object}`);
    const name = `${f.ruleId}: ${object}`;
    const file = f.helmSource ?? f.file;
    const text = findingText(f);
    suite(f.file).push(failsRun(f.severity, failOn)
      ? { name, classname: file, file, line: f.helmSource ? undefined : f.line, failure: { type: f.severity, message: f.message, text } }
      : { name, classname: file, file, line: f.helmSource ? undefined : f.line, out: text });
  }
  for (const object of report.objects ?? []) {
    const name = objectName({ kind: String(object.object.kind ?? ''), namespace: typeof object.object.metadata?.namespace === 'string' ? object.object.metadata.namespace : undefined, name: String(object.object.metadata?.name ?? '') });
    if (!objectsWithFindings.has(`${object.file.path}\u0000${name}`)) suite(object.file.path).push({ name, classname: object.helmSource ?? object.file.path, file: object.helmSource ?? object.file.path });
  }
  for (const p of report.problems.filter((problem) => problem.severity === 'error')) suite(p.file).push(problemCase(p));
  // A warning is no test: it goes to the <system-err> of its file's suite (the config file gets one of its own).
  return suitesXml(suites, warningsBySuite(suites, report.warnings ?? []));
}

/** audit's report as JUnit XML: one suite per namespace; findings and pods in trouble are test cases. */
export function formatAuditJunit(report: AuditReport, failOn: FailOn = 'error', warnings: readonly ConfigWarning[] = []): string {
  const suites = new Map<string, Case[]>();
  const suite = (namespace: string | undefined) => {
    const name = namespace ? `namespace ${namespace}` : 'cluster';
    let cases = suites.get(name);
    if (!cases) suites.set(name, (cases = []));
    return cases;
  };
  for (const f of report.findings) {
    const object = objectName(f.object);
    const text = `${f.severity} ${f.message} [${f.ruleId}]\nobject: ${object}\nfield: ${f.path}`;
    suite(f.object.namespace).push(failsRun(f.severity, failOn)
      ? { name: `${f.ruleId}: ${object}`, classname: object, failure: { type: f.severity, message: f.message, text } }
      : { name: `${f.ruleId}: ${object}`, classname: object, out: text });
  }
  for (const p of report.podProblems) {
    const object = `Pod/${p.namespace}/${p.name}`;
    const text = `${p.status}${p.message ? `: ${p.message}` : ''}${p.predictedBy.length ? `\npredicted by: ${p.predictedBy.join(', ')}` : ''}`;
    suite(p.namespace).push({ name: `pod/${p.kind}: ${object}`, classname: object, ...(failsRun('error', failOn) ? { failure: { type: 'error', message: p.status, text } } : { out: text }) });
  }
  if (suites.size === 0) suite(report.namespace);
  // As for check: a warning is no test; the config file gets a suite whose <system-err> holds them.
  return suitesXml(suites, warningsBySuite(suites, warnings));
}
