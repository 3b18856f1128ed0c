// `kube-hybrid report [paths…] [--cluster …] [--plan-to BUILD] -o report.html|json`: one
// self-contained HTML page (or its JSON model) built from check, simulate and plan (src/report/model.ts).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatProblem } from '../format/text.js';
import { parseBuild } from '../planner/inventory.js';
import { parseBandwidth } from '../scheduler/time-to-ready.js';
import { isIsoDay } from '../windows/lifecycle.js';
import type { ReadLimits } from '../manifests/read.js';
import type { Severity } from '../engine/types.js';
import { READ_LIMIT_FLAG_OPTIONS, READ_LIMIT_HELP, REGISTRY_FLAG_OPTIONS, UsageError, parseVerbArgs, readLimitsOf, resolverSettings } from './args.js';
import type { ReadLimitFlags, RegistryFlags } from './args.js';
import { parseRuleOverrides } from './check.js';
import type { Verb } from './io.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';

const HELP = `Usage: kube-hybrid report [paths…] [flags] -o report.html

One self-contained HTML page (no network, opens from disk, prints) about the manifests on a cluster:
the pools, where each workload can land and why, the findings of check with their code, what simulate
says happens, the Windows lifecycle of the pools and, with --plan-to, the upgrade plan's steps.

Flags:
  -o, --output FILE|FORMAT  a file (.json gets the JSON model, anything else the HTML page), or
                            html / json to print to standard output (default: html)
  --cluster NAME|FILE     built-in profile, profile file or kubectl get nodes -o json (default: default);
                          - reads that NodeList from stdin; live reads the cluster of the kubeconfig
  --context NAME          with --cluster live (implied): the kubeconfig context
  --kubeconfig FILE       with --cluster live (implied): the kubeconfig
  --plan-to BUILD         add the plan of an upgrade to this Windows build (2022, 2025, 26100, …)
  --today YYYY-MM-DD      the day lifecycle dates are compared with (default: today, UTC)
  --bandwidth RATE        image download rate per node for time to ready (default 25MB/s)
  --rule ID=LEVEL         as for check: a rule's severity, or off (repeatable)
  --resolve-images        read image platforms and sizes from the registries
  --offline, --plain-http HOST, --cache-dir DIR   as for check --resolve-images
${READ_LIMIT_HELP}  -h, --help

Exit codes: 0 written, 1 written and some finding is an error or some pod does not run,
            2 bad usage or unreadable input (the page is still written from what could be read).
`;

interface ReportFlagValues extends RegistryFlags, ReadLimitFlags {
  cluster?: string;
  context?: string;
  kubeconfig?: string;
  output?: string;
  'plan-to'?: string;
  today?: string;
  bandwidth?: string;
  rule?: string[];
  help?: boolean;
}

export interface ReportFlags {
  paths: string[];
  help: boolean;
  /** Where the page goes: standard output as html or json, or a file. */
  output: { to: 'stdout'; format: 'html' | 'json' } | { to: 'file'; path: string; format: 'html' | 'json' };
  cluster?: string;
  context?: string;
  kubeconfig?: string;
  planTo?: number;
  today?: string;
  bandwidth?: number;
  severityOverrides: Map<string, Severity | 'off'>;
  limits: Partial<ReadLimits>;
  registry: RegistryFlags;
}

/** All of the verb's flag handling (kept in one function so it moves easily to a shared parser). */
export function parseReportFlags(argv: string[]): ReportFlags {
  const { values, positionals } = parseVerbArgs<ReportFlagValues>(argv, {
    cluster: { type: 'string' },
    context: { type: 'string' },
    kubeconfig: { type: 'string' },
    output: { type: 'string', short: 'o' },
    'plan-to': { type: 'string' },
    today: { type: 'string' },
    bandwidth: { type: 'string' },
    rule: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
    ...REGISTRY_FLAG_OPTIONS,
    ...READ_LIMIT_FLAG_OPTIONS,
  });
  const out = values.output;
  const output: ReportFlags['output'] =
    out === undefined || out === 'html' || out === 'json'
      ? { to: 'stdout', format: out === 'json' ? 'json' : 'html' }
      : { to: 'file', path: out, format: /\.json$/i.test(out) ? 'json' : 'html' };
  const flags: ReportFlags = { paths: positionals, help: values.help === true, output, severityOverrides: parseRuleOverrides(values.rule), limits: readLimitsOf(values), registry: values };
  if (flags.help) return flags;
  if (positionals.length === 0) throw new UsageError('no manifests given: name files, folders, or - for stdin');
  for (const key of ['cluster', 'context', 'kubeconfig'] as const) if (values[key] !== undefined) flags[key] = values[key];
  if (values['plan-to'] !== undefined) {
    flags.planTo = parseBuild(values['plan-to']);
    if (flags.planTo === undefined) throw new UsageError(`--plan-to ${values['plan-to']}: not a Windows build (2022, 2025, ltsc2025, Windows2025, 26100, 10.0.26100)`);
  }
  if (values.today !== undefined) {
    if (!isIsoDay(values.today)) throw new UsageError(`--today ${values.today}: expected a day as YYYY-MM-DD`);
    flags.today = values.today;
  }
  if (values.bandwidth !== undefined) {
    flags.bandwidth = parseBandwidth(values.bandwidth);
    if (flags.bandwidth === undefined) throw new UsageError(`--bandwidth ${values.bandwidth}: expected a rate such as 50MB/s, 200Mbit or 1Gbps`);
  }
  if (flags.cluster === '-' && positionals.includes('-')) throw new UsageError('--cluster - and the manifest path - both read standard input: name one of them as a file');
  return flags;
}

export const report: Verb = async (argv, io) => {
  let flags: ReportFlags;
  try {
    flags = parseReportFlags(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`kube-hybrid report: ${error.message}\nRun \`kube-hybrid report --help\` for usage.\n`);
    return EXIT_USAGE_OR_INPUT;
  }
  if (flags.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  const { liveClusterInput } = await import('./cluster-flags.js');
  const live = await liveClusterInput('report', flags, io);
  if (live === 'failed') return EXIT_USAGE_OR_INPUT;
  const resolveImages = flags.registry['resolve-images'] ? (await import('./resolve-images.js')).registryResolver(resolverSettings(flags.registry, io.env)) : undefined;

  const { buildReportModel, renderReportJson } = await import('../report/model.js');
  const built = await buildReportModel({
    paths: flags.paths,
    readStdin: io.readStdin,
    limits: flags.limits,
    severityOverrides: flags.severityOverrides,
    ...(flags.cluster !== undefined ? { cluster: flags.cluster } : {}),
    ...(live ? { clusterInput: live } : {}),
    ...(resolveImages ? { resolveImages } : {}),
    ...(flags.planTo !== undefined ? { planTo: flags.planTo } : {}),
    ...(flags.today !== undefined ? { today: flags.today } : {}),
    ...(flags.bandwidth !== undefined ? { bandwidth: flags.bandwidth } : {}),
  });
  for (const problem of built.problems) io.stderr(formatProblem(problem));

  let text: string;
  if (flags.output.format === 'json') text = renderReportJson(built.model);
  else text = (await import('../format/report/html.js')).renderReportHtml(built.model);
  if (flags.output.to === 'file') {
    const path = resolve(io.cwd, flags.output.path);
    writeFileSync(path, text);
    const s = built.model.summary;
    io.stderr(`kube-hybrid report: wrote ${flags.output.path} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB): ${s.workloads} workloads, ${s.podsRunning}/${s.pods} pods Running, ${s.findings.errors} errors, ${s.findings.warnings} warnings\n`);
  } else io.stdout(text);

  if (!built.analysed || built.problems.some((p) => p.severity === 'error')) return EXIT_USAGE_OR_INPUT;
  const s = built.model.summary;
  return s.findings.errors > 0 || s.podsRunning < s.pods ? EXIT_FINDINGS : EXIT_OK;
};
