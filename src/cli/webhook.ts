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
import type { VerbSpec } from './spec.js';
import { UsageError, runVerb } from './spec.js';

type Flags = Record<string, string | boolean | undefined>;

function str(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** `5s`, `500ms`, `1m`, or a bare number of seconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
}

function loadPolicy(path: string | undefined, io: CliIO): WebhookPolicy | undefined {
  if (path === undefined) return defaultPolicy();
  const loaded = loadPolicyFile(resolve(io.cwd, path));
  for (const p of loaded.problems) io.stderr(`${formatPolicyProblem(p)}\n`);
  return loaded.policy;
}

const isDuration = (v: string) => parseDuration(v) !== undefined;
const isPositiveDuration = (v: string) => (parseDuration(v) ?? 0) > 0;
const DURATION = 'a duration such as 5s, 500ms or 1m';
const POSITIVE_DURATION = 'a duration above 0 such as 5s, 500ms or 1m';

const serveVerb: VerbSpec<Flags> = {
  name: 'serve',
  summary: 'serve POST /mutate and /validate (AdmissionReview v1) over HTTPS',
  usage: '--tls-cert-file FILE --tls-private-key-file FILE [flags]',
  description: 'Serve the analysis as an admission webhook over HTTPS: POST /mutate and POST /validate (AdmissionReview admission.k8s.io/v1), GET /healthz, /readyz and /metrics.',
  flags: {
    'tls-cert-file': { type: 'string', value: 'FILE', complete: 'file', help: 'serving certificate (PEM); reloaded when it changes (required)' },
    'tls-private-key-file': { type: 'string', value: 'FILE', complete: 'file', help: 'its private key (PEM) (required)' },
    address: { type: 'string', value: 'ADDR', default: '0.0.0.0', help: 'listen address' },
    port: { type: 'string', value: 'N', accepts: (v) => /^\d+$/.test(v) && Number(v) <= 65535, expects: 'a port 0–65535', default: '8443', help: 'listen port' },
    policy: { type: 'string', value: 'FILE', complete: 'file', help: 'webhook policy (docs/webhook.md); defaults when absent' },
    cluster: { type: 'string', value: 'NAME|FILE', complete: 'file', help: 'judge against a profile or NodeList instead of the live cluster' },
    kubeconfig: { type: 'string', value: 'FILE', complete: 'file', help: 'watch the cluster through this kubeconfig (default: $KUBECONFIG, ~/.kube/config, then the in-cluster service account, as kubectl)' },
    context: { type: 'string', value: 'NAME', help: 'the kubeconfig context to use' },
    'log-level': { type: 'string', value: 'LEVEL', choices: LOG_LEVELS, default: 'info', help: 'least severe log line written' },
    'shutdown-delay': { type: 'string', value: 'DURATION', accepts: isDuration, expects: DURATION, default: '0s', help: 'keep serving this long after SIGTERM, readiness failing' },
    'cert-check-interval': { type: 'string', value: 'DURATION', accepts: isPositiveDuration, expects: POSITIVE_DURATION, default: '10s', help: 'how often to look for a rotated certificate' },
    'header-timeout': { type: 'string', value: 'DURATION', accepts: isPositiveDuration, expects: POSITIVE_DURATION, default: '10s', help: 'TLS handshake and request headers must arrive within this' },
    'request-timeout': { type: 'string', value: 'DURATION', accepts: isPositiveDuration, expects: POSITIVE_DURATION, default: '30s', help: "a whole request must arrive within this (the API server's longest webhook timeout)" },
    'max-connections': { type: 'string', value: 'N', accepts: (v) => /^[1-9]\d*$/.test(v), expects: 'a positive integer', default: '1000', help: 'open connections at most; more are refused at once' },
  },
  footer: 'Exit codes: 0 after a clean shutdown (SIGTERM, SIGINT), 2 bad usage or the server could not start.',
  run: ({ flags }, io) => serve(flags, io),
};

async function serve(flags: Flags, io: CliIO): Promise<number> {
  const certFile = str(flags, 'tls-cert-file');
  const keyFile = str(flags, 'tls-private-key-file');
  if (!certFile || !keyFile) throw new UsageError('--tls-cert-file and --tls-private-key-file are required');
  const level = (str(flags, 'log-level') ?? 'info') as LogLevel;
  const port = Number(str(flags, 'port') ?? '8443');
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

const manifestsVerb: VerbSpec<Flags> = {
  name: 'manifests',
  summary: 'print the install manifests: Deployment, Service, RBAC, webhook configurations',
  description: 'Print what installs the webhook: namespace, ServiceAccount, RBAC, policy ConfigMap, Deployment, Service, PodDisruptionBudget, and the mutating and validating webhook configurations.',
  flags: {
    namespace: { type: 'string', short: 'n', value: 'NS', default: DEFAULT_NAMESPACE, help: 'namespace to install into' },
    image: { type: 'string', value: 'IMAGE', help: 'the kube-hybrid image' },
    tls: { type: 'string', value: 'MODE', choices: ['cert-manager', 'self-signed'], default: 'cert-manager', help: 'how the serving certificate is made' },
    'failure-policy': { type: 'string', value: 'POLICY', choices: ['Ignore', 'Fail'], default: 'Ignore', help: 'what the API server does when the webhook does not answer' },
    policy: { type: 'string', value: 'FILE', complete: 'file', help: 'webhook policy to ship in the ConfigMap' },
    output: { type: 'string', short: 'o', value: 'FORMAT', choices: ['yaml', 'json'], default: 'yaml', help: 'output format' },
  },
  footer: 'Exit codes: 0, or 2 on bad usage or an invalid policy.',
  run: ({ flags }, io) => manifests(flags, io),
};

async function manifests(flags: Flags, io: CliIO): Promise<number> {
  const tls = (str(flags, 'tls') ?? 'cert-manager') as TlsMode;
  const failurePolicy = (str(flags, 'failure-policy') ?? 'Ignore') as FailurePolicy;
  const format = str(flags, 'output') ?? 'yaml';
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

const certsVerb: VerbSpec<Flags> = {
  name: 'certs',
  summary: 'make a CA and serving certificate for the webhook Service',
  usage: '(--out-dir DIR | --print-secret | --apply) [flags]',
  description: 'Make a CA and a serving certificate for the webhook Service, and say how to install them; --apply writes the TLS Secret and sets caBundle through the API.',
  flags: {
    namespace: { type: 'string', short: 'n', value: 'NS', default: DEFAULT_NAMESPACE, help: 'namespace of the Service' },
    service: { type: 'string', value: 'NAME', default: APP_NAME, help: 'name of the Service' },
    days: { type: 'string', value: 'N', accepts: (v) => /^[1-9]\d*$/.test(v), expects: 'a positive integer', default: '365', help: 'validity of the serving certificate' },
    'out-dir': { type: 'string', value: 'DIR', complete: 'dir', help: 'write ca.crt, tls.crt and tls.key (mode 0600, also over an existing file)' },
    'print-secret': { type: 'boolean', help: 'print the TLS Secret, private key included, as YAML on stdout' },
    apply: { type: 'boolean', help: 'write the Secret and set caBundle through the API' },
    kubeconfig: { type: 'string', value: 'FILE', complete: 'file', help: 'with --apply: the kubeconfig' },
    context: { type: 'string', value: 'NAME', help: 'with --apply: the kubeconfig context' },
  },
  footer: 'Exit codes: 0, 1 the API refused a write, 2 bad usage or no credentials.',
  run: ({ flags }, io) => certs(flags, io),
};

async function certs(flags: Flags, io: CliIO): Promise<number> {
  const namespace = str(flags, 'namespace') ?? DEFAULT_NAMESPACE;
  const service = str(flags, 'service') ?? APP_NAME;
  const days = Number(str(flags, 'days') ?? '365');
  const outDir = str(flags, 'out-dir');
  const printSecret = flags['print-secret'] === true;
  const apply = flags.apply === true;
  // The Secret holds the private key: it goes to stdout (and so to terminals, logs and CI output)
  // only when asked for.
  if (!outDir && !printSecret && !apply) throw new UsageError('say where the certificate goes: --out-dir DIR, --print-secret or --apply');
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

export const verb: VerbSpec<never> = {
  name: 'webhook',
  summary: 'the same analysis as a mutating and validating admission webhook',
  flags: {},
  subcommands: [serveVerb as VerbSpec<never>, manifestsVerb as VerbSpec<never>, certsVerb as VerbSpec<never>],
};

export const webhook: Verb = (argv, io) => runVerb(verb, argv, io);
