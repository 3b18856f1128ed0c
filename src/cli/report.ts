// `kube-hybrid report [paths…] [--cluster …] [--plan-to BUILD] -o report.html|json`: one
// self-contained HTML page (or its JSON model) built from check, simulate and plan (src/report/model.ts).
import { writeFileAtomic } from '../util/write-atomic.js';
import { resolve } from 'node:path';
import { formatProblem } from '../format/text.js';
import { parseBuild } from '../planner/inventory.js';
import { parseBandwidth } from '../scheduler/time-to-ready.js';
import type { ReadLimits } from '../manifests/read.js';
import type { Severity } from '../engine/types.js';
import { READ_LIMIT_FLAGS, readLimitsOf, resolverSettings } from './args.js';
import type { ReadLimitFlags, RegistryFlags } from './args.js';
import { mergeSettings, parseRuleOverrides } from './check.js';
import { loadProjectSettings, projectDir } from './project-config.js';
import type { ConfigFlags } from './project-config.js';
import type { CliIO, Verb } from './io.js';
import type { VerbArgs, VerbSpec } from './spec.js';
import { CLUSTER_FLAGS, CONFIG_FLAGS, REGISTRY_FLAGS, TODAY_FLAG, UsageError, runVerb } from './spec.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';

interface ReportFlagValues extends RegistryFlags, ReadLimitFlags, ConfigFlags {
  cluster?: string;
  context?: string;
  kubeconfig?: string;
  output?: string;
  'plan-to'?: string;
  today?: string;
  bandwidth?: string;
  rule?: string[];
}

export interface ReportFlags {
  paths: string[];
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
  /** --config FILE / --no-config: where the cluster and rule levels not given as flags come from. */
  config: ConfigFlags;
}

export const verb: VerbSpec<ReportFlagValues> = {
  name: 'report',
  summary: 'one self-contained HTML page: pools, placement matrix, findings, simulation, upgrade plan',
  usage: '[paths…] [flags] -o report.html',
  description:
    'One self-contained HTML page (no network, opens from disk, prints) about the manifests on a cluster: the pools, where each workload can land and why, the findings of check with their code, what simulate says happens, the Windows lifecycle of the pools and, with --plan-to, the upgrade plan\'s steps. The cluster and rule levels not given as flags come from .kube-hybrid.yaml, as for check (or --config FILE); flags override the file.',
  flags: {
    output: { type: 'string', short: 'o', value: 'FILE|FORMAT', complete: 'file', default: 'html', help: 'a file (.json gets the JSON model, anything else the HTML page), or html / json to print to standard output' },
    ...CLUSTER_FLAGS,
    'plan-to': { type: 'string', value: 'BUILD', accepts: (v) => parseBuild(v) !== undefined, expects: 'a Windows build (2022, 2025, ltsc2025, Windows2025, 26100, 10.0.26100)', help: "add the plan of an upgrade to this Windows build" },
    today: TODAY_FLAG,
    bandwidth: { type: 'string', value: 'RATE', accepts: (v) => parseBandwidth(v) !== undefined, expects: 'a rate such as 50MB/s, 200Mbit or 1Gbps', default: '25MB/s', help: 'image download rate per node, for time to ready' },
    rule: { type: 'string', multiple: true, value: 'ID=LEVEL', help: "as for check: a rule's severity (error, warning, info) or off; repeatable" },
    ...CONFIG_FLAGS,
    ...REGISTRY_FLAGS,
    ...READ_LIMIT_FLAGS,
  },
  positionals: { name: 'paths…', help: 'files, folders (recursive) or - for stdin', complete: 'file' },
  footer: 'Exit codes: 0 written, 1 written and some finding is an error or some pod does not run,\n            2 bad usage or unreadable input (the page is still written from what could be read).',
  run: (args, io) => runReport(reportFlagsOf(args), io),
};

/** The verb's flags as the core wants them (values were already checked by the spec's runner). */
export function reportFlagsOf({ flags: values, positionals }: VerbArgs<ReportFlagValues>): ReportFlags {
  if (positionals.length === 0) throw new UsageError('no manifests given: name files, folders, or - for stdin');
  const out = values.output;
  const output: ReportFlags['output'] =
    out === undefined || out === 'html' || out === 'json'
      ? { to: 'stdout', format: out === 'json' ? 'json' : 'html' }
      : { to: 'file', path: out, format: /\.json$/i.test(out) ? 'json' : 'html' };
  const config: ConfigFlags = { ...(values.config !== undefined ? { config: values.config } : {}), ...(values['no-config'] ? { 'no-config': true } : {}) };
  const flags: ReportFlags = { paths: positionals, output, severityOverrides: parseRuleOverrides(values.rule), limits: readLimitsOf(values), registry: values, config };
  for (const key of ['cluster', 'context', 'kubeconfig', 'today'] as const) if (values[key] !== undefined) flags[key] = values[key];
  if (values['plan-to'] !== undefined) flags.planTo = parseBuild(values['plan-to']);
  if (values.bandwidth !== undefined) flags.bandwidth = parseBandwidth(values.bandwidth);
  if (flags.cluster === '-' && positionals.includes('-')) throw new UsageError('--cluster - and the manifest path - both read standard input: name one of them as a file');
  return flags;
}

export const report: Verb = (argv, io) => runVerb(verb, argv, io);

async function runReport(given: ReportFlags, io: CliIO): Promise<number> {
  const project = await loadProjectSettings('report', given.config, io);
  if (project === 'failed') return EXIT_USAGE_OR_INPUT;
  // The file's cluster and rule levels under the flags' (check's precedence); its output and fail-on are check's.
  const settings = mergeSettings({ cluster: given.cluster, context: given.context, kubeconfig: given.kubeconfig }, project?.config, projectDir(project, io.cwd), given.severityOverrides);
  const flags: ReportFlags = { ...given, severityOverrides: settings.overrides, ...(settings.cluster !== undefined ? { cluster: settings.cluster } : {}) };
  if (flags.cluster === '-' && flags.paths.includes('-')) throw new UsageError('--cluster - and the manifest path - both read standard input: name one of them as a file');
  const { liveClusterInput } = await import('./cluster-flags.js');
  const live = await liveClusterInput('report', flags, io);
  if (live === 'failed') return EXIT_USAGE_OR_INPUT;
  const resolveImages = flags.registry['resolve-images'] ? (await import('./resolve-images.js')).registryResolver(resolverSettings(flags.registry, io.env)) : undefined;

  // The config file's ignore entries, applied as check applies them (the page never disagrees with check).
  const ignoreEntries = project?.config?.ignore ?? [];
  const isIgnored = project && ignoreEntries.length > 0 ? (await import('../config/ignores.js')).ignoredBy(ignoreEntries, { baseDir: projectDir(project, io.cwd), cwd: io.cwd }) : undefined;

  const { buildReportModel, renderReportJson } = await import('../report/model.js');
  const built = await buildReportModel({
    ...(isIgnored ? { isIgnored } : {}),
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
    // Temp file then rename: a failed write never leaves half a page where the last good one was.
    await writeFileAtomic(path, text);
    const s = built.model.summary;
    io.stderr(`kube-hybrid report: wrote ${flags.output.path} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB): ${s.workloads} workloads, ${s.podsRunning}/${s.pods} pods Running, ${s.findings.errors} errors, ${s.findings.warnings} warnings\n`);
  } else io.stdout(text);

  if (!built.analysed || built.problems.some((p) => p.severity === 'error')) return EXIT_USAGE_OR_INPUT;
  const s = built.model.summary;
  return s.findings.errors > 0 || s.podsRunning < s.pods ? EXIT_FINDINGS : EXIT_OK;
}
