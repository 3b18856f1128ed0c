// `kube-hybrid audit [-n NS | -A] [-o text|json|sarif]`: read the running cluster of the kubeconfig,
// run the core (src/audit), print. `--print-rbac` prints the read-only ClusterRole it needs.
import { resolve } from 'node:path';
import type { Severity } from '../engine/types.js';
import { RULES } from '../rules/index.js';
import { UsageError, oneOf, parseVerbArgs } from './args.js';
import { exitCodeFor, parseRuleOverrides } from './check.js';
import type { Verb } from './io.js';
import { EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';
import { VERSION } from './version.js';

export const AUDIT_HELP = `Usage: kube-hybrid audit [-n NS | -A] [flags]
       kube-hybrid audit manifests [--namespace NS] [--image IMAGE] [--schedule CRON] [-o yaml|json]

Read the running cluster of the kubeconfig (Nodes, Namespaces, RuntimeClasses, GMSACredentialSpecs,
Pods, Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs, Warning Events) and say
what is wrong with it: every check rule on the live workloads, the pods in trouble with their cause
and the rule that predicts it, DaemonSets not ready per pool, replicas spanning Windows builds, and
where simulate's prediction disagrees with what the cluster does.

Flags:
  -n, --namespace NS      only this namespace (cluster-scoped kinds are still read)
  -A, --all-namespaces    every namespace (the default)
  -o, --output FORMAT     text (default), json, sarif, or policyreport (wgpolicyk8s.io/v1alpha2
                          PolicyReport per namespace + ClusterPolicyReport, YAML for kubectl apply)
  --context NAME          the kubeconfig context (default: its current-context)
  --kubeconfig FILE       the kubeconfig (default: $KUBECONFIG, ~/.kube/config, then in-cluster)
  --fail-on LEVEL         exit 1 when a finding is at or above: error (default), warning, info, none
  --rule ID=LEVEL         set a rule's severity or turn it off (off); repeatable
  --apply                 with -o policyreport: write the reports into the cluster (server-side apply)
  --print-rbac            print the read-only ClusterRole audit needs, and exit
  --max-heap MiB          heap bound of the analysis (default 4096); reaching it is a one-line error

audit manifests prints what runs audit in the cluster on a schedule: a CronJob (default hourly) whose
ServiceAccount may read what audit reads and write only its PolicyReports.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on,
            2 bad usage, or the cluster could not be read (one line says what failed).
`;

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
  help?: boolean;
}

interface ManifestFlags {
  namespace?: string;
  image?: string;
  schedule?: string;
  output?: string;
  help?: boolean;
}

async function manifests(argv: string[], io: Parameters<Verb>[1]): Promise<number> {
  let flags: ManifestFlags;
  let output: 'yaml' | 'json';
  try {
    const parsed = parseVerbArgs<ManifestFlags>(argv, {
      namespace: { type: 'string', short: 'n' },
      image: { type: 'string' },
      schedule: { type: 'string' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    });
    flags = parsed.values;
    if (flags.help) {
      io.stdout(AUDIT_HELP);
      return EXIT_OK;
    }
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
    output = oneOf('--output', flags.output, ['yaml', 'json'] as const, 'yaml');
    if (flags.schedule !== undefined && flags.schedule.trim().split(/\s+/).length !== 5 && !flags.schedule.startsWith('@')) throw new UsageError(`--schedule takes a cron expression of five fields or @hourly/@daily (got "${flags.schedule}")`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`kube-hybrid audit manifests: ${error.message}\n\n${AUDIT_HELP}`);
      return EXIT_USAGE_OR_INPUT;
    }
    throw error;
  }
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

export const audit: Verb = async (argv, io) => {
  if (argv[0] === 'manifests') return manifests(argv.slice(1), io);
  let flags: AuditFlags;
  let output: 'text' | 'json' | 'sarif' | 'policyreport';
  let failOn: Severity | 'none';
  let overrides: Map<string, Severity | 'off'>;
  try {
    const parsed = parseVerbArgs<AuditFlags>(argv, {
      namespace: { type: 'string', short: 'n' },
      'all-namespaces': { type: 'boolean', short: 'A' },
      output: { type: 'string', short: 'o' },
      context: { type: 'string' },
      kubeconfig: { type: 'string' },
      'fail-on': { type: 'string' },
      rule: { type: 'string', multiple: true },
      'print-rbac': { type: 'boolean' },
      apply: { type: 'boolean' },
      'max-heap': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    flags = parsed.values;
    if (flags['max-heap'] !== undefined && !/^[1-9]\d*$/.test(flags['max-heap'])) throw new UsageError(`--max-heap takes MiB as a positive integer (got "${flags['max-heap']}")`);
    if (flags.apply && flags.output !== 'policyreport') throw new UsageError('--apply writes PolicyReports: use it with -o policyreport');
    if (flags.help) {
      io.stdout(AUDIT_HELP);
      return EXIT_OK;
    }
    if (parsed.positionals.length > 0) throw new UsageError(`audit reads the cluster, not files (got "${parsed.positionals[0]}"); use check for manifests`);
    if (flags.namespace !== undefined && flags['all-namespaces']) throw new UsageError('-n and -A exclude each other');
    output = oneOf('--output', flags.output, ['text', 'json', 'sarif', 'policyreport'] as const, 'text');
    failOn = oneOf('--fail-on', flags['fail-on'], ['error', 'warning', 'info', 'none'] as const, 'error');
    overrides = parseRuleOverrides(flags.rule);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`kube-hybrid audit: ${error.message}\n\n${AUDIT_HELP}`);
      return EXIT_USAGE_OR_INPUT;
    }
    throw error;
  }
  if (flags['print-rbac']) {
    const { auditClusterRole } = await import('../live/resources.js');
    io.stdout(auditClusterRole());
    return EXIT_OK;
  }

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
  const format = await import('../format/audit.js');
  if (output === 'json') io.stdout(format.formatAuditJson(report));
  else if (output === 'sarif') io.stdout(format.formatAuditSarif(report, RULES, VERSION));
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
};
