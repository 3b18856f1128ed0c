// `kube-hybrid check [paths…]`: parse flags, run the core, print, choose the exit code.
import { runCheck } from '../engine/check.js';
import type { CheckOptions, CheckResult } from '../engine/check.js';
import type { Severity } from '../engine/types.js';
import { SEVERITIES } from '../engine/types.js';
import { formatJson } from '../format/json.js';
import { formatSarif } from '../format/sarif.js';
import { formatProblem, formatText } from '../format/text.js';
import { RULES_BY_ID } from '../rules/index.js';
import { isIsoDay } from '../windows/lifecycle.js';
import { READ_LIMIT_FLAG_OPTIONS, READ_LIMIT_HELP, REGISTRY_FLAG_OPTIONS, UsageError, oneOf, parseVerbArgs, readLimitsOf, resolverSettings } from './args.js';
import type { ReadLimitFlags, RegistryFlags } from './args.js';
import type { ReadLimits } from '../manifests/read.js';
import type { Verb } from './io.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';
import { VERSION } from './version.js';

export const CHECK_HELP = `Usage: kube-hybrid check [paths…] [flags]

Analyse manifests (files, folders searched for .yaml/.yml/.json, or - for stdin) against a cluster.

Flags:
  --cluster NAME|FILE     built-in profile (kube-hybrid profiles), a ClusterProfile file, or
                          kubectl get nodes -o json|yaml output (default: the "default" profile);
                          - reads that NodeList from stdin; live reads the cluster of the kubeconfig
  --context NAME          with --cluster live (implied): the kubeconfig context
  --kubeconfig FILE       with --cluster live (implied): the kubeconfig (default: $KUBECONFIG, ~/.kube/config)
  -o, --output FORMAT     text (default), json or sarif
  --fail-on LEVEL         exit 1 when a finding is at or above: error (default), warning, info, none
  --rule ID=LEVEL         set a rule's severity (error, warning, info) or turn it off (off); repeatable
  --resolve-images        read each image's platforms from its registry instead of guessing from tags
  --offline               with --resolve-images: use only the on-disk cache
  --plain-http HOST       with --resolve-images: talk plain HTTP to this registry; repeatable
  --cache-dir DIR         with --resolve-images: where registry answers are cached
  --today YYYY-MM-DD      the day lifecycle rules compare retirement dates with (default: today, UTC)
  --color / --no-color    force colour on or off (default: on when stdout is a terminal)
  --fix                   rewrite the files to fix what can be fixed safely (comments and layout kept),
                          then report what is left; not with - (stdin)
  --fix-dry-run           print the changes --fix would make as a unified diff; exit 1 when there are any
${READ_LIMIT_HELP}
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on,
            2 bad usage or unreadable/malformed input (the rest is still analysed).
`;

type FailOn = Severity | 'none';
const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

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
  help?: boolean;
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
  if (inputBroken) return EXIT_USAGE_OR_INPUT;
  if (failOn === 'none') return EXIT_OK;
  const threshold = SEVERITY_RANK[failOn];
  return findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? EXIT_FINDINGS : EXIT_OK;
}

export const check: Verb = async (argv, io) => {
  let flags: CheckFlags;
  let paths: string[];
  let output: 'text' | 'json' | 'sarif';
  let failOn: FailOn;
  let overrides: Map<string, Severity | 'off'>;
  let limits: Partial<ReadLimits>;
  try {
    const parsed = parseVerbArgs<CheckFlags>(argv, {
      cluster: { type: 'string' },
      context: { type: 'string' },
      kubeconfig: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      rule: { type: 'string', multiple: true },
      today: { type: 'string' },
      ...REGISTRY_FLAG_OPTIONS,
      ...READ_LIMIT_FLAG_OPTIONS,
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      fix: { type: 'boolean' },
      'fix-dry-run': { type: 'boolean' },
    });
    flags = parsed.values;
    paths = parsed.positionals;
    if (flags.help) {
      io.stdout(CHECK_HELP);
      return EXIT_OK;
    }
    output = oneOf('--output', flags.output, ['text', 'json', 'sarif'] as const, 'text');
    failOn = oneOf('--fail-on', flags['fail-on'], ['error', 'warning', 'info', 'none'] as const, 'error');
    overrides = parseRuleOverrides(flags.rule);
    limits = readLimitsOf(flags);
    if (flags.today !== undefined && !isIsoDay(flags.today)) throw new UsageError(`--today ${flags.today}: expected a day as YYYY-MM-DD`);
    if (paths.length === 0) throw new UsageError('no manifests given: name files, folders, or - for stdin');
    if ((flags.fix || flags['fix-dry-run']) && paths.includes('-')) throw new UsageError('--fix and --fix-dry-run rewrite files: name files or folders, not - (stdin)');
    if (flags.fix && flags['fix-dry-run']) throw new UsageError('use --fix or --fix-dry-run, not both');
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`kube-hybrid check: ${error.message}\n\n${CHECK_HELP}`);
      return EXIT_USAGE_OR_INPUT;
    }
    throw error;
  }

  const options: CheckOptions = { paths, cluster: flags.cluster, readStdin: io.readStdin, severityOverrides: overrides, limits, ...(flags.today !== undefined ? { today: flags.today } : {}) };
  const { liveClusterInput } = await import('./cluster-flags.js');
  const live = await liveClusterInput('check', flags, io);
  if (live === 'failed') return EXIT_USAGE_OR_INPUT;
  if (live) options.clusterInput = live;
  if (flags['resolve-images']) {
    const { registryResolver } = await import('./resolve-images.js');
    options.resolveImages = registryResolver(resolverSettings(flags, io.env));
  }
  let report: CheckResult;
  if (flags.fix || flags['fix-dry-run']) {
    const { checkAndFix, describeOutcomes, planDiff } = await import('../changes/fix.js');
    const run = await checkAndFix(options, flags.fix ? 'write' : 'dry-run');
    io.stderr(describeOutcomes(run.plan.outcomes));
    for (const path of run.written) io.stderr(`  wrote ${path}\n`);
    if (flags['fix-dry-run']) {
      for (const problem of run.report.problems) io.stderr(formatProblem(problem));
      io.stdout(planDiff(run.plan));
      return run.report.problems.some((p) => p.severity === 'error') ? EXIT_USAGE_OR_INPUT : run.plan.files.length > 0 ? EXIT_FINDINGS : EXIT_OK;
    }
    report = run.report;
  } else {
    report = await runCheck(options);
  }
  for (const problem of report.problems) io.stderr(formatProblem(problem));

  const color = flags['no-color'] ? false : flags.color ? true : io.stdoutIsTTY && !io.env.NO_COLOR;
  if (output === 'json') io.stdout(formatJson(report));
  else if (output === 'sarif') io.stdout(formatSarif(report, VERSION));
  else io.stdout(formatText(report, { color }));

  const inputBroken = report.problems.some((p) => p.severity === 'error');
  return exitCodeFor(report.findings, failOn, inputBroken);
};
