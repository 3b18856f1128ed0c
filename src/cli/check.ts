// `kube-hybrid check [paths…]`: parse flags, run the core, print, choose the exit code.
import { runCheck } from '../engine/check.js';
import type { CheckOptions, CheckResult } from '../engine/check.js';
import type { FailOn, Severity } from '../engine/types.js';
import { IGNORE_ANNOTATION, SEVERITIES, failsRun } from '../engine/types.js';
import type { ManifestObject } from '../manifests/types.js';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { ProjectConfig } from '../config/config.js';
import { formatConfigProblem } from '../config/format-problem.js';
import { FindingStore } from '../engine/finding-store.js';
import type { Finding } from '../engine/types.js';
import { writeJson } from '../format/json.js';
import type { FormattableReport } from '../format/report.js';
import { bufferedWriter } from '../format/report.js';
import { writeCheckYaml } from '../format/yaml.js';
import { formatProblem, writeText } from '../format/text.js';
import { RULES_BY_ID } from '../rules/index.js';
import { READ_LIMIT_FLAGS, readLimitsOf, resolverSettings } from './args.js';
import type { ReadLimitFlags, RegistryFlags } from './args.js';
import type { CliIO, Verb } from './io.js';
import type { VerbSpec } from './spec.js';
import { CLUSTER_FLAGS, COLOR_FLAGS, CONFIG_FLAGS, REGISTRY_FLAGS, TODAY_FLAG, UsageError, colorWanted, runVerb } from './spec.js';
import { asConfigWarnings, loadProjectSettings, projectDir } from './project-config.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';
import { VERSION } from './version.js';

interface CheckFlags extends RegistryFlags, ReadLimitFlags {
  cluster?: string;
  context?: string;
  kubeconfig?: string;
  output?: string;
  'fail-on'?: string;
  rule?: string[];
  today?: string;
  color?: boolean;
  'no-color'?: boolean;
  config?: string;
  'no-config'?: boolean;
  fix?: boolean;
  'fix-dry-run'?: boolean;
}

export function parseRuleOverrides(values: readonly string[] = []): Map<string, Severity | 'off'> {
  const overrides = new Map<string, Severity | 'off'>();
  for (const value of values) {
    const [id, level] = value.split('=');
    if (!id || !level) throw new UsageError(`--rule takes ID=LEVEL (got "${value}")`);
    if (!RULES_BY_ID.has(id)) throw new UsageError(`--rule ${value}: unknown rule "${id}" (kube-hybrid rules lists them)`);
    if (level !== 'off' && !(SEVERITIES as readonly string[]).includes(level)) throw new UsageError(`--rule ${value}: level must be error, warning, info or off`);
    overrides.set(id, level as Severity | 'off');
  }
  return overrides;
}

export function exitCodeFor(findings: readonly { severity: Severity }[], failOn: FailOn, inputBroken: boolean): number {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return exitCodeForCounts(counts, failOn, inputBroken);
}

/** The exit code from the number of findings of each severity. */
export function exitCodeForCounts(counts: Readonly<Record<Severity, number>>, failOn: FailOn, inputBroken: boolean): number {
  if (inputBroken) return EXIT_USAGE_OR_INPUT;
  return SEVERITIES.some((severity) => failsRun(severity, failOn) && counts[severity] > 0) ? EXIT_FINDINGS : EXIT_OK;
}

const OUTPUTS = ['text', 'json', 'yaml', 'sarif', 'junit', 'github'] as const;

export const verb: VerbSpec<CheckFlags> = {
  name: 'check',
  summary: 'analyse manifests against a cluster: placement, image builds, Windows compatibility',
  usage: '[paths…] [flags]',
  description: 'Analyse manifests (files, folders searched for .yaml/.yml/.json, or - for stdin) against a cluster. Settings not given as flags come from .kube-hybrid.yaml, found from the working directory upward (or --config FILE); flags override the file.',
  flags: {
    ...CLUSTER_FLAGS,
    output: { type: 'string', short: 'o', value: 'FORMAT', choices: OUTPUTS, default: 'text', help: 'output format; junit for GitLab, Azure Pipelines and Jenkins test reports, github for GitHub Actions annotations, sarif for code scanning' },
    'fail-on': { type: 'string', value: 'LEVEL', choices: ['error', 'warning', 'info', 'none'], default: 'error', help: 'exit 1 when a finding is at or above this level' },
    rule: { type: 'string', multiple: true, value: 'ID=LEVEL', help: "set a rule's severity (error, warning, info) or turn it off (off); repeatable" },
    ...CONFIG_FLAGS,
    ...REGISTRY_FLAGS,
    today: TODAY_FLAG,
    ...COLOR_FLAGS,
    fix: { type: 'boolean', help: 'rewrite the files to fix what can be fixed safely (comments and layout kept), then report what is left; not with - (stdin)' },
    'fix-dry-run': { type: 'boolean', help: 'print the changes --fix would make as a unified diff; exit 1 when there are any' },
    ...READ_LIMIT_FLAGS,
  },
  positionals: { name: 'paths…', complete: 'file' },
  footer: `Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on,
            2 bad usage, an invalid config file, or unreadable/malformed input (the rest is still analysed).`,
  run: ({ flags, positionals }, io) => runCheckVerb(flags, positionals, io),
};

export const check: Verb = (argv, io) => runVerb(verb, argv, io);

async function runCheckVerb(flags: CheckFlags, paths: string[], io: CliIO): Promise<number> {
  if (paths.length === 0) throw new UsageError('no manifests given: name files, folders, or - for stdin');
  if ((flags.fix || flags['fix-dry-run']) && paths.includes('-')) throw new UsageError('--fix and --fix-dry-run rewrite files: name files or folders, not - (stdin)');
  if (flags.fix && flags['fix-dry-run']) throw new UsageError('use --fix or --fix-dry-run, not both');
  const cliOverrides = parseRuleOverrides(flags.rule);
  const limits = readLimitsOf(flags);

  const project = await loadProjectSettings('check', flags, io);
  if (project === 'failed') return EXIT_USAGE_OR_INPUT;
  const settings = mergeSettings(flags, project?.config, projectDir(project, io.cwd), cliOverrides);

  // Objects carrying the ignore annotation, kept (only they) to warn about rule ids no rule has.
  const annotated: ManifestObject[] = [];
  const onObject = (object: ManifestObject) => {
    if (object.object.metadata?.annotations?.[IGNORE_ANNOTATION] !== undefined) annotated.push(object);
  };
  const options: CheckOptions = { paths, cluster: settings.cluster, readStdin: io.readStdin, severityOverrides: settings.overrides, limits, onObject, keepObjects: settings.output === 'junit', ...(flags.today !== undefined ? { today: flags.today } : {}) };
  const { liveClusterInput } = await import('./cluster-flags.js');
  const live = await liveClusterInput('check', { ...flags, cluster: settings.cluster }, io);
  if (live === 'failed') return EXIT_USAGE_OR_INPUT;
  if (live) options.clusterInput = live;
  if (flags['resolve-images']) {
    const { registryResolver } = await import('./resolve-images.js');
    options.resolveImages = registryResolver(resolverSettings(flags, io.env));
  }
  const { ignoredBy, unknownIgnoreAnnotations } = await import('../config/ignores.js');
  const ignoreEntries = project?.config?.ignore ?? [];
  const ignoreContext = { baseDir: projectDir(project, io.cwd), cwd: io.cwd };
  // Findings go to a store as they are made (what the config file ignores is counted and dropped):
  // past a few thousand it holds them in a temporary file, removed when the report is written.
  const isIgnored = ignoreEntries.length > 0 && project ? ignoredBy(ignoreEntries, ignoreContext) : undefined;
  const store = new FindingStore();
  let ignoredCount = 0;
  const keep = (finding: Finding) => {
    if (isIgnored?.(finding)) ignoredCount++;
    else store.add(finding);
  };
  try {
    let report: CheckResult;
    if (flags.fix || flags['fix-dry-run']) {
      const { checkAndFix, describeOutcomes, planDiff } = await import('../changes/fix.js');
      // What the config file ignores is not fixed either: ignoring a finding is a decision to leave it.
      const run = await checkAndFix(options, flags.fix ? 'write' : 'dry-run', ignoredBy(ignoreEntries, ignoreContext));
      io.stderr(describeOutcomes(run.plan.outcomes));
      for (const path of run.written) io.stderr(`  wrote ${path}\n`);
      if (flags['fix-dry-run']) {
        for (const problem of run.report.problems) io.stderr(formatProblem(problem));
        for (const warning of unknownIgnoreAnnotations(annotated, new Set(RULES_BY_ID.keys()))) io.stderr(formatConfigProblem(warning));
        io.stdout(planDiff(run.plan));
        return run.report.problems.some((p) => p.severity === 'error') ? EXIT_USAGE_OR_INPUT : run.plan.files.length > 0 ? EXIT_FINDINGS : EXIT_OK;
      }
      report = run.report;
      for (const finding of report.findings) keep(finding);
    } else {
      report = await runCheck({ ...options, findingSink: keep });
    }
    for (const problem of report.problems) io.stderr(formatProblem(problem));
    const annotationWarnings = unknownIgnoreAnnotations(annotated, new Set(RULES_BY_ID.keys()));
    for (const warning of annotationWarnings) io.stderr(formatConfigProblem(warning));
    if (ignoredCount > 0 && project) io.stderr(`kube-hybrid check: note: ${ignoredCount} finding${ignoredCount === 1 ? '' : 's'} ignored by ${project.file}\n`);
    // Warnings go to stderr above and into the machine-readable outputs (JSON warnings, SARIF
    // toolConfigurationNotifications, GitHub ::warning, JUnit system-err), where CI shows them.
    const warnings = asConfigWarnings([...(project?.warnings ?? []), ...annotationWarnings]);
    const formattable: FormattableReport = { ...report, findings: store, ...(warnings.length > 0 ? { warnings } : {}) };
    await writeReport(formattable, report, settings, flags, io);
    const inputBroken = report.problems.some((p) => p.severity === 'error');
    return exitCodeForCounts(store.counts, settings.failOn, inputBroken);
  } finally {
    store.close();
  }
}

/** The report in the chosen format, written to stdout as it is made (JUnit needs every object: in one piece). */
async function writeReport(report: FormattableReport, result: CheckResult, settings: Settings, flags: CheckFlags, io: CliIO): Promise<void> {
  const out = bufferedWriter(io.stdout);
  const output = settings.output;
  if (output === 'json') writeJson(report, out.write);
  else if (output === 'yaml') writeCheckYaml(report, out.write);
  else if (output === 'sarif') {
    // Loaded for SARIF runs only: its fingerprints need node:crypto, which a text run need not load.
    const { writeSarif } = await import('../format/sarif.js');
    writeSarif(report, VERSION, out.write);
  } else if (output === 'junit') {
    const { formatJunit } = await import('../format/junit.js');
    out.write(formatJunit({ ...report, findings: [...report.findings], ...(result.objects ? { objects: result.objects } : {}) }, settings.failOn));
  } else if (output === 'github') {
    const { writeGithub } = await import('../format/github.js');
    writeGithub(report, out.write);
  } else writeText(report, { color: colorWanted(flags, io.env, io.stdoutIsTTY) }, out.write);
  out.flush();
}

interface Settings {
  cluster?: string;
  output: (typeof OUTPUTS)[number];
  failOn: FailOn;
  overrides: Map<string, Severity | 'off'>;
}

/** Flags over the config file over the defaults. Rule levels merge: the file's, then each --rule. */
export function mergeSettings(flags: Pick<CheckFlags, 'cluster' | 'context' | 'kubeconfig' | 'output' | 'fail-on'>, config: ProjectConfig | undefined, configDir: string, cliOverrides: ReadonlyMap<string, Severity | 'off'>): Settings {
  const overrides = new Map<string, Severity | 'off'>();
  for (const [id, level] of Object.entries(config?.rules ?? {})) if (RULES_BY_ID.has(id)) overrides.set(id, level);
  for (const [id, level] of cliOverrides) overrides.set(id, level);
  return {
    // --context or --kubeconfig alone mean the live cluster: a flag, so it wins over the file's cluster.
    cluster: flags.cluster ?? (flags.context !== undefined || flags.kubeconfig !== undefined ? undefined : clusterFromConfig(config?.cluster, configDir)),
    output: (flags.output ?? config?.output ?? 'text') as Settings['output'],
    failOn: (flags['fail-on'] ?? config?.['fail-on'] ?? 'error') as FailOn,
    overrides,
  };
}

/** A cluster file named in the config is relative to the config's folder; names (profiles, live) stay. */
function clusterFromConfig(value: string | undefined, configDir: string): string | undefined {
  if (value === undefined) return undefined;
  const candidate = resolve(configDir, value);
  return !isAbsolute(value) && existsSync(candidate) ? candidate : value;
}
