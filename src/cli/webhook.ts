// `kube-hybrid webhook serve|manifests|certs`: the core's analysis as an admission webhook.
import { closeSync, fchmodSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { StaticClusterSource } from '../admission/cluster-state.js';
import type { ClusterSource } from '../admission/cluster-state.js';
import { APP_NAME, DEFAULT_IMAGE, DEFAULT_NAMESPACE, DEFAULT_POLICY_YAML, MUTATING_WEBHOOK_NAME, TLS_SECRET, VALIDATING_WEBHOOK_NAME, WEBHOOK_CONFIGURATION, installObjects } from '../admission/install.js';
import type { FailurePolicy, TlsMode } from '../admission/install.js';
import { LOG_LEVELS, jsonLogger } from '../admission/log.js';
import type { LogLevel } from '../admission/log.js';
import { createMetrics } from '../admission/metrics.js';
import { defaultPolicy, formatPolicyProblem, loadPolicyFile } from '../admission/policy.js';
import type { WebhookPolicy } from '../admission/policy.js';
import { createWebhookServer } from '../admission/server.js';
import { liveGmsaEnforcement, staticGmsaEnforcement } from '../admission/gmsa.js';
import type { GmsaEnforcement } from '../admission/gmsa.js';
import { createServingCertificates, serviceHosts } from '../admission/x509.js';
import { loadCluster } from '../cluster/profiles.js';
import type { KubeObject, RuntimeClass } from '../kube/types.js';
import { loadManifests } from '../manifests/load.js';
import { RULES } from '../rules/index.js';
import type { V1Secret } from '@kubernetes/client-node';
import type { CliIO, Verb } from './io.js';
import { EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';

const USAGE = `Usage:
  kube-hybrid webhook serve --tls-cert-file FILE --tls-private-key-file FILE [options]
      --address ADDR            listen address (default 0.0.0.0)
      --port N                  listen port (default 8443)
      --policy FILE             webhook policy (docs/webhook.md); defaults when absent
      --cluster NAME|FILE       judge against a profile or NodeList instead of the live cluster
      --kubeconfig FILE         watch the cluster through this kubeconfig (default: $KUBECONFIG,
                                ~/.kube/config, then the in-cluster service account, as kubectl)
      --context NAME            the kubeconfig context to use
      --log-level LEVEL         debug|info|warn|error (default info)
      --shutdown-delay DURATION keep serving this long after SIGTERM, readiness failing (default 0s)
      --cert-check-interval DURATION  how often to look for a rotated certificate (default 10s)
      --header-timeout DURATION TLS handshake and request headers must arrive within this (default 10s)
      --request-timeout DURATION a whole request must arrive within this (default 30s, the API server's
                                longest webhook timeout)
      --max-connections N       open connections at most; more are refused at once (default 1000)
  kube-hybrid webhook manifests [--namespace NS] [--image IMAGE] [--tls cert-manager|self-signed]
      [--failure-policy Ignore|Fail] [--policy FILE] [-o yaml|json]
  kube-hybrid webhook certs [--namespace NS] [--service NAME] [--days N] [--out-dir DIR]
      [--print-secret] [--apply [--kubeconfig FILE] [--context NAME]]
      --out-dir DIR             write ca.crt, tls.crt and tls.key (mode 0600, also over an existing file)
      --print-secret            print the TLS Secret, private key included, as YAML on stdout
      --apply                   write the Secret and set caBundle through the API
`;

type Flags = Map<string, string | true>;

/** `--name value`, `--name=value`, and boolean `--flag`; anything else is a positional argument. */
function parseFlags(argv: string[], booleans: readonly string[]): { flags: Flags; positional: string[]; error?: string } {
  const flags: Flags = new Map();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq === -1 ? arg : arg.slice(0, eq)).replace(/^--?/, '');
    if (booleans.includes(name)) {
      flags.set(name, true);
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) return { flags, positional, error: `--${name} needs a value` };
    flags.set(name, value);
  }
  return { flags, positional };
}

function str(flags: Flags, name: string): string | undefined {
  const v = flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** `5s`, `500ms`, `1m`, or a bare number of seconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
}

function checkKnown(flags: Flags, known: readonly string[], io: CliIO): boolean {
  for (const name of flags.keys()) {
    if (!known.includes(name)) {
      io.stderr(`kube-hybrid webhook: unknown flag --${name}\n${USAGE}`);
      return false;
    }
  }
  return true;
}

function loadPolicy(path: string | undefined, io: CliIO): WebhookPolicy | undefined {
  if (path === undefined) return defaultPolicy();
  const loaded = loadPolicyFile(resolve(io.cwd, path));
  for (const p of loaded.problems) io.stderr(`${formatPolicyProblem(p)}\n`);
  return loaded.policy;
}

/** `-h` / `--help` anywhere among a subcommand's arguments: usage on stdout, exit 0. */
function wantsHelp(argv: readonly string[]): boolean {
  return argv.some((arg) => arg === '-h' || arg === '--help');
}

async function serve(argv: string[], io: CliIO): Promise<number> {
  if (wantsHelp(argv)) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const { flags, positional, error } = parseFlags(argv, []);
  if (error || positional.length > 0) {
    io.stderr(`kube-hybrid webhook serve: ${error ?? `unexpected argument ${positional[0]}`}\n${USAGE}`);
    return EXIT_USAGE_OR_INPUT;
  }
  if (!checkKnown(flags, ['tls-cert-file', 'tls-private-key-file', 'address', 'port', 'policy', 'cluster', 'kubeconfig', 'context', 'log-level', 'shutdown-delay', 'cert-check-interval', 'header-timeout', 'request-timeout', 'max-connections'], io)) return EXIT_USAGE_OR_INPUT;
  const certFile = str(flags, 'tls-cert-file');
  const keyFile = str(flags, 'tls-private-key-file');
  if (!certFile || !keyFile) {
    io.stderr(`kube-hybrid webhook serve: --tls-cert-file and --tls-private-key-file are required\n${USAGE}`);
    return EXIT_USAGE_OR_INPUT;
  }
  const level = (str(flags, 'log-level') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(level)) {
    io.stderr(`kube-hybrid webhook serve: --log-level must be one of ${LOG_LEVELS.join(', ')}\n`);
    return EXIT_USAGE_OR_INPUT;
  }
  const port = Number(str(flags, 'port') ?? '8443');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr('kube-hybrid webhook serve: --port must be 0–65535\n');
    return EXIT_USAGE_OR_INPUT;
  }
  const shutdownDelayMs = parseDuration(str(flags, 'shutdown-delay') ?? '0s');
  const certCheckIntervalMs = parseDuration(str(flags, 'cert-check-interval') ?? '10s');
  const headersTimeoutMs = parseDuration(str(flags, 'header-timeout') ?? '10s');
  const requestTimeoutMs = parseDuration(str(flags, 'request-timeout') ?? '30s');
  if (shutdownDelayMs === undefined || certCheckIntervalMs === undefined || certCheckIntervalMs <= 0 || !headersTimeoutMs || !requestTimeoutMs) {
    io.stderr('kube-hybrid webhook serve: durations are written 5s, 500ms or 1m (timeouts above 0)\n');
    return EXIT_USAGE_OR_INPUT;
  }
  const maxConnections = Number(str(flags, 'max-connections') ?? '1000');
  if (!Number.isInteger(maxConnections) || maxConnections < 1) {
    io.stderr('kube-hybrid webhook serve: --max-connections must be a positive integer\n');
    return EXIT_USAGE_OR_INPUT;
  }
  const logger = jsonLogger((line) => io.stdout(line), level, { component: 'kube-hybrid-webhook' });
  const policy = loadPolicy(str(flags, 'policy'), io);
  if (!policy) return EXIT_USAGE_OR_INPUT;

  let cluster: ClusterSource;
  const clusterFlag = str(flags, 'cluster');
  if (clusterFlag !== undefined) {
    const loaded = loadCluster(clusterFlag);
    for (const p of loaded.problems) io.stderr(`${p.file}${p.line ? `:${p.line}:${p.column}` : ''}: ${p.message}\n`);
    if (!loaded.cluster) return EXIT_USAGE_OR_INPUT;
    // RuntimeClass objects beside the nodes in the same file are used too.
    const runtimeClasses = loadManifests([clusterFlag]).objects.map((o) => o.object).filter((o: KubeObject) => o.kind === 'RuntimeClass') as RuntimeClass[];
    cluster = new StaticClusterSource(loaded.cluster, runtimeClasses);
  } else {
    const kubeconfig = str(flags, 'kubeconfig');
    const { LiveClusterSource } = await import('../live/informers.js');
    try {
      // As kubectl: --kubeconfig, else $KUBECONFIG, ~/.kube/config, then the in-cluster service account.
      cluster = new LiveClusterSource({ kubeconfig: kubeconfig ? resolve(io.cwd, kubeconfig) : undefined, context: str(flags, 'context'), env: io.env, logger });
    } catch (e) {
      io.stderr(`kube-hybrid webhook serve: cannot load cluster credentials: ${(e as Error).message}\n`);
      return EXIT_USAGE_OR_INPUT;
    }
  }

  // `gmsa: enforce`: the windows-gmsa webhook's checks, against the same cluster (docs/gmsa.md).
  let gmsa: GmsaEnforcement | undefined;
  if (policy.gmsa === 'enforce') {
    try {
      const kubeconfig = str(flags, 'kubeconfig');
      gmsa = clusterFlag !== undefined
        ? staticGmsaEnforcement(loadManifests([clusterFlag]).objects.map((o) => o.object), policy.excludedNamespaces)
        : liveGmsaEnforcement({ kubeconfig: kubeconfig ? resolve(io.cwd, kubeconfig) : undefined, context: str(flags, 'context'), env: io.env }, logger, policy.excludedNamespaces);
    } catch (e) {
      io.stderr(`kube-hybrid webhook serve: cannot set up gMSA enforcement: ${(e as Error).message}\n`);
      return EXIT_USAGE_OR_INPUT;
    }
  }

  let server;
  try {
    server = createWebhookServer({
      tls: { certFile: resolve(io.cwd, certFile), keyFile: resolve(io.cwd, keyFile) },
      address: str(flags, 'address') ?? '0.0.0.0',
      port,
      policy,
      cluster,
      rules: RULES,
      ...(gmsa ? { gmsa } : {}),
      logger,
      metrics: createMetrics({ defaultMetrics: true }),
      shutdownDelayMs,
      certCheckIntervalMs,
      headersTimeoutMs,
      requestTimeoutMs: Math.max(requestTimeoutMs, headersTimeoutMs),
      maxConnections,
    });
    await server.start();
  } catch (e) {
    io.stderr(`kube-hybrid webhook serve: ${(e as Error).message}\n`);
    return EXIT_USAGE_OR_INPUT;
  }
  // Sync the cluster after listening: /healthz answers at once, /readyz once synced.
  cluster.start().catch((e: unknown) => logger.error('cluster sync failed; retrying through the watch', { error: String(e) }));
  gmsa?.specs.start().catch((e: unknown) => logger.error('GMSACredentialSpec sync failed; retrying through the watch', { error: String(e) }));
  return new Promise<number>((done) => {
    const shutdown = (signal: string) => {
      logger.info('signal received', { signal });
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      void server.stop().then(() => cluster.stop()).then(() => done(EXIT_OK), (e: unknown) => {
        logger.error('shutdown failed', { error: String(e) });
        done(1);
      });
    };
    const onTerm = () => shutdown('SIGTERM');
    const onInt = () => shutdown('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
}

function printObjects(objects: KubeObject[], format: string, io: CliIO): void {
  if (format === 'json') io.stdout(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2) + '\n');
  else io.stdout(objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n'));
}

async function manifests(argv: string[], io: CliIO): Promise<number> {
  const { flags, positional, error } = parseFlags(argv, []);
  if (error || positional.length > 0 || !checkKnown(flags, ['namespace', 'image', 'tls', 'failure-policy', 'policy', 'o', 'output'], io)) {
    if (error || positional.length > 0) io.stderr(`kube-hybrid webhook manifests: ${error ?? `unexpected argument ${positional[0]}`}\n${USAGE}`);
    return EXIT_USAGE_OR_INPUT;
  }
  const tls = (str(flags, 'tls') ?? 'cert-manager') as TlsMode;
  const failurePolicy = (str(flags, 'failure-policy') ?? 'Ignore') as FailurePolicy;
  const format = str(flags, 'o') ?? str(flags, 'output') ?? 'yaml';
  if (!['cert-manager', 'self-signed'].includes(tls) || !['Ignore', 'Fail'].includes(failurePolicy) || !['yaml', 'json'].includes(format)) {
    io.stderr(`kube-hybrid webhook manifests: --tls is cert-manager|self-signed, --failure-policy Ignore|Fail, -o yaml|json\n`);
    return EXIT_USAGE_OR_INPUT;
  }
  const policyPath = str(flags, 'policy');
  let policyYaml = DEFAULT_POLICY_YAML;
  if (policyPath !== undefined) {
    if (!loadPolicy(policyPath, io)) return EXIT_USAGE_OR_INPUT;
    const { readFileSync } = await import('node:fs');
    policyYaml = readFileSync(resolve(io.cwd, policyPath), 'utf8');
  }
  const namespace = str(flags, 'namespace') ?? DEFAULT_NAMESPACE;
  let certificates;
  if (tls === 'self-signed') {
    const made = createServingCertificates(serviceHosts(APP_NAME, namespace));
    certificates = { caCert: made.ca.cert, cert: made.serving.cert, key: made.serving.key };
  }
  printObjects(installObjects({ namespace, image: str(flags, 'image') ?? DEFAULT_IMAGE, tls, failurePolicy, policyYaml, certificates }), format, io);
  return EXIT_OK;
}

async function certs(argv: string[], io: CliIO): Promise<number> {
  if (wantsHelp(argv)) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const { flags, positional, error } = parseFlags(argv, ['apply', 'print-secret']);
  if (error || positional.length > 0 || !checkKnown(flags, ['namespace', 'service', 'days', 'out-dir', 'apply', 'kubeconfig', 'context', 'print-secret'], io)) {
    if (error || positional.length > 0) io.stderr(`kube-hybrid webhook certs: ${error ?? `unexpected argument ${positional[0]}`}\n${USAGE}`);
    return EXIT_USAGE_OR_INPUT;
  }
  const namespace = str(flags, 'namespace') ?? DEFAULT_NAMESPACE;
  const service = str(flags, 'service') ?? APP_NAME;
  const days = Number(str(flags, 'days') ?? '365');
  if (!Number.isInteger(days) || days < 1) {
    io.stderr('kube-hybrid webhook certs: --days must be a positive integer\n');
    return EXIT_USAGE_OR_INPUT;
  }
  const outDir = str(flags, 'out-dir');
  const printSecret = flags.get('print-secret') === true;
  const apply = flags.get('apply') === true;
  if (!outDir && !printSecret && !apply) {
    // The Secret holds the private key: it goes to stdout (and so to terminals, logs and CI output)
    // only when asked for.
    io.stderr(`kube-hybrid webhook certs: say where the certificate goes: --out-dir DIR, --print-secret or --apply\n${USAGE}`);
    return EXIT_USAGE_OR_INPUT;
  }
  const made = createServingCertificates(serviceHosts(service, namespace), { servingDays: days });
  if (outDir) {
    const dir = resolve(io.cwd, outDir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'ca.crt'), made.ca.cert);
    writeFileSync(join(dir, 'tls.crt'), made.serving.cert);
    writePrivateFile(join(dir, 'tls.key'), made.serving.key);
    io.stderr(`wrote ca.crt, tls.crt, tls.key (mode 0600) to ${dir}\n`);
  }
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: TLS_SECRET, namespace },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': b64(made.serving.cert), 'tls.key': b64(made.serving.key), 'ca.crt': b64(made.ca.cert) },
  };
  if (apply) return applyCertificates(secret, b64(made.ca.cert), { kubeconfig: str(flags, 'kubeconfig'), context: str(flags, 'context') }, io);
  // Without --apply: the Secret when asked for, and JSON patches for caBundle, ready for kubectl.
  if (printSecret) io.stdout(stringify(secret, { lineWidth: 0 }));
  const patch = JSON.stringify([{ op: 'replace', path: '/webhooks/0/clientConfig/caBundle', value: b64(made.ca.cert) }]);
  const createSecret = printSecret
    ? '# apply the Secret above (kubectl apply -f -), then set the CA bundle:\n'
    : `# create the Secret from the files, then set the CA bundle:\nkubectl -n ${namespace} create secret tls ${TLS_SECRET} --cert=${join(resolve(io.cwd, outDir ?? '.'), 'tls.crt')} --key=${join(resolve(io.cwd, outDir ?? '.'), 'tls.key')} --dry-run=client -o yaml | kubectl apply -f -\n`;
  io.stderr(
    createSecret +
      `kubectl patch mutatingwebhookconfiguration ${WEBHOOK_CONFIGURATION} --type=json -p '${patch}'\n` +
      `kubectl patch validatingwebhookconfiguration ${WEBHOOK_CONFIGURATION} --type=json -p '${patch}'\n`,
  );
  return EXIT_OK;
}

/**
 * A private key file readable by its owner only, also when it already exists with a wider mode:
 * `writeFileSync`'s mode applies only to a file it creates. The old content is truncated and the
 * mode narrowed before the new key is written.
 */
function writePrivateFile(path: string, content: string): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
}

async function applyCertificates(secret: { metadata: { name: string; namespace: string } } & Record<string, unknown>, caBundle: string, target: { kubeconfig?: string; context?: string }, io: CliIO): Promise<number> {
  const k8s = await import('@kubernetes/client-node');
  const { loadKubeconfig } = await import('../live/kubeconfig.js');
  let kc;
  try {
    // The same loading rules as kubectl and audit: --kubeconfig, $KUBECONFIG (merged), ~/.kube/config, in-cluster.
    kc = loadKubeconfig({ kubeconfig: target.kubeconfig ? resolve(io.cwd, target.kubeconfig) : undefined, context: target.context, env: io.env }).kubeConfig;
  } catch (e) {
    io.stderr(`kube-hybrid webhook certs: cannot load cluster credentials: ${(e as Error).message}\n`);
    return EXIT_USAGE_OR_INPUT;
  }
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const admission = kc.makeApiClient(k8s.AdmissionregistrationV1Api);
  const { name, namespace } = secret.metadata;
  try {
    try {
      await core.createNamespacedSecret({ namespace, body: secret as V1Secret });
    } catch (e) {
      if ((e as { code?: number }).code !== 409) throw e;
      await core.replaceNamespacedSecret({ name, namespace, body: secret as V1Secret });
    }
    io.stderr(`secret ${namespace}/${name} written\n`);
    const mutating = await admission.readMutatingWebhookConfiguration({ name: WEBHOOK_CONFIGURATION });
    for (const w of mutating.webhooks ?? []) if (w.name === MUTATING_WEBHOOK_NAME) w.clientConfig.caBundle = caBundle;
    await admission.replaceMutatingWebhookConfiguration({ name: WEBHOOK_CONFIGURATION, body: mutating });
    const validating = await admission.readValidatingWebhookConfiguration({ name: WEBHOOK_CONFIGURATION });
    for (const w of validating.webhooks ?? []) if (w.name === VALIDATING_WEBHOOK_NAME) w.clientConfig.caBundle = caBundle;
    await admission.replaceValidatingWebhookConfiguration({ name: WEBHOOK_CONFIGURATION, body: validating });
    io.stderr(`caBundle set on MutatingWebhookConfiguration and ValidatingWebhookConfiguration ${WEBHOOK_CONFIGURATION}\n`);
    return EXIT_OK;
  } catch (e) {
    const err = e as { code?: number; body?: unknown; message?: string };
    io.stderr(`kube-hybrid webhook certs: ${err.code ? `HTTP ${err.code}: ` : ''}${err.message ?? String(e)}\n`);
    return 1;
  }
}

export const webhook: Verb = async (argv, io) => {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'serve':
      return serve(rest, io);
    case 'manifests':
      return manifests(rest, io);
    case 'certs':
      return certs(rest, io);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      io.stdout(USAGE);
      return sub === undefined ? EXIT_USAGE_OR_INPUT : EXIT_OK;
    default:
      io.stderr(`kube-hybrid webhook: unknown subcommand "${sub}"\n${USAGE}`);
      return EXIT_USAGE_OR_INPUT;
  }
};

