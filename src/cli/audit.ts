// `kube-hybrid audit [-n NS | -A] [-o text|json|sarif]`: read the running cluster of the kubeconfig,
// run the core (src/audit), print. `--print-rbac` prints the read-only ClusterRole it needs.
import { resolve } from 'node:path';
import type { Severity } from '../engine/types.js';
import { RULES, RULES_BY_ID } from '../rules/index.js';
import { jsonToYaml } from '../format/yaml.js';
import { exitCodeFor, parseRuleOverrides } from './check.js';
import type { CliIO, Verb } from './io.js';
import { EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';
import type { FlagSpec, VerbSpec } from './spec.js';
import { CONFIG_FLAGS, UsageError, runVerb } from './spec.js';
import { asConfigWarnings, loadProjectSettings, projectDir } from './project-config.js';
import { VERSION } from './version.js';

interface AuditFlags {
  namespace?: string;
  'all-namespaces'?: boolean;
  output?: string;
  context?: string;
  kubeconfig?: string;
  'fail-on'?: string;
  rule?: string[];
  'print-rbac'?: boolean;
  apply?: boolean;
  'max-heap'?: string;
  config?: string;
  'no-config'?: boolean;
}

interface ManifestFlags {
  namespace?: string;
  image?: string;
  schedule?: string;
  output?: string;
}

const manifestsVerb: VerbSpec<ManifestFlags> = {
  name: 'manifests',
  summary: 'print what runs audit in the cluster on a schedule',
  description: 'Print what runs audit in the cluster on a schedule: a CronJob (default hourly) whose ServiceAccount may read what audit reads and write only its PolicyReports.',
  flags: {
    namespace: { type: 'string', short: 'n', value: 'NS', default: 'kube-hybrid', help: 'namespace of the CronJob and its ServiceAccount' },
    image: { type: 'string', value: 'IMAGE', help: 'the kube-hybrid image the CronJob runs' },
    schedule: { type: 'string', value: 'CRON', accepts: (v) => v.trim().split(/\s+/).length === 5 || v.startsWith('@'), expects: 'a cron expression of five fields or @hourly/@daily', default: '17 * * * *', help: 'when the CronJob runs' },
    output: { type: 'string', short: 'o', value: 'FORMAT', choices: ['yaml', 'json'], default: 'yaml', help: 'output format' },
  },
  footer: 'Exit codes: 0, or 2 on bad usage.',
  run: ({ flags }, io) => manifests(flags, io),
};

async function manifests(flags: ManifestFlags, io: CliIO): Promise<number> {
  const output = flags.output ?? 'yaml';
  const { auditManifests } = await import('../audit/publish.js');
  const { DEFAULT_IMAGE } = await import('../admission/install.js');
  const objects = auditManifests({ namespace: flags.namespace ?? 'kube-hybrid', image: flags.image ?? DEFAULT_IMAGE, schedule: flags.schedule ?? '17 * * * *' });
  if (output === 'json') io.stdout(`${JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: {}, items: objects }, null, 2)}\n`);
  else {
    const { stringify } = await import('yaml');
    io.stdout(objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n'));
  }
  return EXIT_OK;
}

const FAIL_ON = { type: 'string', value: 'LEVEL', choices: ['error', 'warning', 'info', 'none'], default: 'error', help: 'exit 1 when a finding is at or above this level' } as const satisfies FlagSpec;

export const verb: VerbSpec<AuditFlags> = {
  name: 'audit',
  summary: 'read a running cluster: rules on live workloads, pods in trouble and why, prediction against reality',
  usage: '[-n NS | -A] [flags]',
  description: 'Read the running cluster of the kubeconfig (Nodes, Namespaces, RuntimeClasses, GMSACredentialSpecs, Pods, Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs, Warning Events) and say what is wrong with it: every check rule on the live workloads, the pods in trouble with their cause and the rule that predicts it, DaemonSets not ready per pool, replicas spanning Windows builds, and where simulate\'s prediction disagrees with what the cluster does. Rule levels, fail-on and ignores (by rule, namespace, kind/name) also come from .kube-hybrid.yaml, as for check; flags override it.',
  flags: {
    namespace: { type: 'string', short: 'n', value: 'NS', help: 'only this namespace (cluster-scoped kinds are still read)' },
    'all-namespaces': { type: 'boolean', short: 'A', help: 'every namespace (the default)' },
    output: { type: 'string', short: 'o', value: 'FORMAT', choices: ['text', 'json', 'yaml', 'sarif', 'junit', 'github', 'policyreport'], default: 'text', help: 'output format; policyreport is a wgpolicyk8s.io/v1alpha2 PolicyReport per namespace + ClusterPolicyReport, YAML for kubectl apply' },
    context: { type: 'string', value: 'NAME', help: 'the kubeconfig context (default: its current-context)' },
    kubeconfig: { type: 'string', value: 'FILE', complete: 'file', help: 'the kubeconfig (default: $KUBECONFIG, ~/.kube/config, then in-cluster)' },
    'fail-on': FAIL_ON,
    rule: { type: 'string', multiple: true, value: 'ID=LEVEL', help: "set a rule's severity (error, warning, info) or turn it off (off)" },
    apply: { type: 'boolean', help: 'with -o policyreport: write the reports into the cluster (server-side apply)' },
    'print-rbac': { type: 'boolean', help: 'print the read-only ClusterRole audit needs, and exit' },
    ...CONFIG_FLAGS,
    'max-heap': { type: 'string', value: 'MiB', accepts: (v) => /^[1-9]\d*$/.test(v), expects: 'MiB as a positive integer', default: '4096', help: 'heap bound of the analysis; reaching it is a one-line error' },
  },
  subcommands: [manifestsVerb as VerbSpec<never>],
  runsWithoutSubcommand: true,
  footer: `Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on,
            2 bad usage, or the cluster could not be read (one line says what failed).`,
  run: ({ flags, positionals }, io) => runAudit(flags, positionals, io),
};

export const audit: Verb = (argv, io) => runVerb(verb, argv, io);

async function runAudit(flags: AuditFlags, positionals: string[], io: CliIO): Promise<number> {
  if (flags.apply && flags.output !== 'policyreport') throw new UsageError('--apply writes PolicyReports: use it with -o policyreport');
  if (positionals.length > 0) throw new UsageError(`audit reads the cluster, not files (got "${positionals[0]}"); use check for manifests`);
  if (flags.namespace !== undefined && flags['all-namespaces']) throw new UsageError('-n and -A exclude each other');
  const output = flags.output ?? 'text';
  const cliOverrides = parseRuleOverrides(flags.rule);
  if (flags['print-rbac']) {
    const { auditClusterRole } = await import('../live/resources.js');
    io.stdout(auditClusterRole());
    return EXIT_OK;
  }

  // The project's .kube-hybrid.yaml: rule levels, fail-on and ignores apply to audit too (its
  // cluster and output are check's: audit reads the kubeconfig's cluster and prints text by default).
  const project = await loadProjectSettings('audit', flags, io);
  if (project === 'failed') return EXIT_USAGE_OR_INPUT;
  const config = project?.config;
  const failOn = (flags['fail-on'] ?? config?.['fail-on'] ?? 'error') as Severity | 'none';
  const overrides = new Map<string, Severity | 'off'>();
  for (const [id, level] of Object.entries(config?.rules ?? {})) if (RULES_BY_ID.has(id)) overrides.set(id, level);
  for (const [id, level] of cliOverrides) overrides.set(id, level);

  const { AuditOutOfMemoryError, DEFAULT_MAX_HEAP_MB, runAuditInWorker } = await import('../audit/worker.js');
  const { ClusterSourceError } = await import('../live/cluster-source.js');
  let report;
  const now = Date.now();
  try {
    report = await runAuditInWorker({
      kubeconfig: flags.kubeconfig ? resolve(io.cwd, flags.kubeconfig) : undefined,
      context: flags.context,
      env: io.env,
      namespace: flags.namespace,
      rules: RULES,
      severityOverrides: overrides,
      now,
    }, { maxOldGenerationSizeMb: flags['max-heap'] ? Number(flags['max-heap']) : DEFAULT_MAX_HEAP_MB });
  } catch (error) {
    if (error instanceof ClusterSourceError || error instanceof AuditOutOfMemoryError) {
      io.stderr(`kube-hybrid audit: ${error.message}\n`);
      return EXIT_USAGE_OR_INPUT;
    }
    throw error;
  }
  if (project && config?.ignore && config.ignore.length > 0) {
    const { applyIgnores } = await import('../config/ignores.js');
    const outcome = applyIgnores(report.findings, config.ignore, { baseDir: projectDir(project, io.cwd), cwd: io.cwd });
    if (outcome.ignored.length > 0) io.stderr(`kube-hybrid audit: note: ${outcome.ignored.length} finding${outcome.ignored.length === 1 ? '' : 's'} ignored by ${project.file}\n`);
    report = { ...report, findings: outcome.kept };
  }
  const format = await import('../format/audit.js');
  // The config file's warnings (printed on stderr when it was read) go into the machine-readable outputs too.
  const warnings = asConfigWarnings(project?.warnings ?? []);
  if (output === 'json') io.stdout(format.formatAuditJson(report, warnings));
  else if (output === 'yaml') io.stdout(jsonToYaml(format.formatAuditJson(report, warnings)));
  else if (output === 'junit') {
    const { formatAuditJunit } = await import('../format/junit.js');
    io.stdout(formatAuditJunit(report, failOn, warnings));
  } else if (output === 'github') {
    const { formatAuditGithub } = await import('../format/github.js');
    io.stdout(formatAuditGithub(report, warnings));
  }
  else if (output === 'sarif') io.stdout(format.formatAuditSarif(report, RULES, VERSION, warnings));
  else if (output === 'policyreport') {
    const { policyReportsOf } = await import('../format/policyreport.js');
    const reports = policyReportsOf(report, now);
    if (flags.apply) {
      const { connect, asSourceError } = await import('../live/cluster-source.js');
      const { applyPolicyReports } = await import('../audit/publish.js');
      try {
        const { client } = connect({ kubeconfig: flags.kubeconfig ? resolve(io.cwd, flags.kubeconfig) : undefined, context: flags.context }, io.env);
        const written = await applyPolicyReports(client, reports);
        io.stderr(`kube-hybrid audit: applied ${written.length} report(s): ${written.join(', ')}\n`);
      } catch (error) {
        const e = asSourceError(error);
        if (e instanceof ClusterSourceError) {
          io.stderr(`kube-hybrid audit: ${e.message}\n`);
          return EXIT_USAGE_OR_INPUT;
        }
        throw e;
      }
    } else {
      const { stringify } = await import('yaml');
      io.stdout(reports.map((r) => stringify(r, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n'));
    }
  }
  else io.stdout(format.formatAuditText(report));
  // Pods in trouble count as errors, disagreements as warnings, beside the rule findings.
  const severities: { severity: Severity }[] = [...report.findings, ...report.podProblems.map(() => ({ severity: 'error' as const })), ...report.disagreements.map(() => ({ severity: 'warning' as const }))];
  return exitCodeFor(severities, failOn, false);
}
