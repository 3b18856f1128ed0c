// Everything an install needs, as objects: `kube-hybrid webhook manifests` prints them and deploy/
// holds the same as plain YAML (a test keeps the two in step).
import type { KubeObject } from '../kube/types.js';
import { NAMESPACE_OPT_OUT_LABEL, OPT_OUT_KEY, SYSTEM_NAMESPACES } from './policy.js';

export type TlsMode = 'cert-manager' | 'self-signed';
export type FailurePolicy = 'Ignore' | 'Fail';

export interface InstallOptions {
  namespace: string;
  image: string;
  tls: TlsMode;
  failurePolicy: FailurePolicy;
  /** Policy file text for the ConfigMap. */
  policyYaml: string;
  /** Self-signed mode: PEM strings. */
  certificates?: { caCert: string; cert: string; key: string };
}

export const APP_NAME = 'kube-hybrid-webhook';
export const TLS_SECRET = 'kube-hybrid-webhook-tls';
export const POLICY_CONFIGMAP = 'kube-hybrid-webhook-policy';
export const WEBHOOK_CONFIGURATION = 'kube-hybrid';
export const MUTATING_WEBHOOK_NAME = 'mutate.webhook.kube-hybrid.io';
export const VALIDATING_WEBHOOK_NAME = 'validate.webhook.kube-hybrid.io';
export const DEFAULT_NAMESPACE = 'kube-hybrid';
export const DEFAULT_IMAGE = 'ghcr.io/kube-hybrid/kube-hybrid:0.1.0';
const PORT = 8443;

/** The default policy file, commented, as the ConfigMap ships it. */
export const DEFAULT_POLICY_YAML = `# kube-hybrid webhook policy (docs/webhook.md). Every field is optional; these are the defaults.
apiVersion: kube-hybrid.io/v1alpha1
kind: WebhookPolicy
# Never mutated or validated (the webhook configurations also skip them).
excludedNamespaces: [${SYSTEM_NAMESPACES.join(', ')}]
# enforce: also do what the kubernetes-sigs/windows-gmsa webhook does (fill and check credential specs,
# SubjectAccessReview for \`use\`); remove that webhook first (docs/gmsa.md).
gmsa: 'off'
mutation:
  enabled: true
  # Add kubernetes.io/os to nodeSelector when the pod does not choose its nodes by OS itself.
  nodeSelector: true
  # auto: the toleration for the Windows taint found on the cluster's Windows nodes (none if untainted);
  # none; or a fixed toleration {key, operator, value, effect}.
  toleration: auto
  # Set spec.os.name (the API server then refuses fields the OS cannot honour).
  osField: false
  # Pin node.kubernetes.io/windows-build to the one node build that runs the pod's images.
  pinWindowsBuild: false
  # Set a RuntimeClass by that build when the pod names none, e.g. "10.0.20348": windows-2022
  runtimeClassByBuild: {}
  # When nothing in the pod names an OS: skip, or linux (pin it to Linux nodes).
  undecided: skip
validation:
  enabled: true
  # What a finding of each severity does: deny, warn (shown by kubectl), audit (log + metric), off.
  severities: { error: deny, warning: warn, info: audit }
  # Per rule id, over the severities. The webhook does not read GMSACredentialSpecs (the gMSA
  # webhook refuses an unknown one itself), so that rule is off here.
  rules: { gmsa-credential-spec-not-found: 'off' }
  # Per namespace: { severities: {...}, rules: {...} }
  namespaces: {}
  # On UPDATE, findings the old object already had are only warned about.
  updates: new-findings
`;

const labels = { 'app.kubernetes.io/name': APP_NAME, 'app.kubernetes.io/part-of': 'kube-hybrid' };

/** Built-in workload resources whose pods (or pod templates) the webhooks review. */
const RULES = [
  { apiGroups: [''], apiVersions: ['v1'], resources: ['pods', 'pods/ephemeralcontainers', 'podtemplates', 'replicationcontrollers'] },
  { apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'] },
  { apiGroups: ['batch'], apiVersions: ['v1'], resources: ['jobs', 'cronjobs'] },
].map((r) => ({ ...r, operations: ['CREATE', 'UPDATE'], scope: 'Namespaced' }));

/**
 * CEL conditions the API server evaluates before calling us (admissionregistration v1, GA in 1.30):
 * each one false means no call at all.
 */
export const MATCH_CONDITIONS = [
  // An UPDATE that leaves the spec alone (labels, annotations, controller bookkeeping) changes nothing we judge.
  { name: 'create-or-spec-changed', expression: "request.operation == 'CREATE' || !has(object.spec) || !has(oldObject.spec) || object.spec != oldObject.spec" },
  // Objects opted out by annotation (the label is handled by objectSelector).
  {
    name: 'not-opted-out-by-annotation',
    expression: `!has(object.metadata.annotations) || !('${OPT_OUT_KEY}' in object.metadata.annotations) || object.metadata.annotations['${OPT_OUT_KEY}'] != 'disabled'`,
  },
];

function webhook(name: string, path: string, options: InstallOptions): Record<string, unknown> {
  const clientConfig: Record<string, unknown> = { service: { namespace: options.namespace, name: APP_NAME, path, port: 443 } };
  if (options.certificates) clientConfig.caBundle = Buffer.from(options.certificates.caCert).toString('base64');
  return {
    name,
    admissionReviewVersions: ['v1', 'v1beta1'],
    clientConfig,
    rules: RULES,
    failurePolicy: options.failurePolicy,
    matchPolicy: 'Equivalent',
    sideEffects: 'None',
    timeoutSeconds: 5,
    namespaceSelector: {
      matchExpressions: [
        { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...SYSTEM_NAMESPACES, options.namespace] },
        { key: NAMESPACE_OPT_OUT_LABEL, operator: 'NotIn', values: ['disabled'] },
      ],
    },
    objectSelector: { matchExpressions: [{ key: OPT_OUT_KEY, operator: 'NotIn', values: ['disabled'] }] },
    matchConditions: MATCH_CONDITIONS,
  };
}

export function installObjects(options: InstallOptions): KubeObject[] {
  const ns = options.namespace;
  const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: ns, labels, ...extra });
  const injectCa = options.tls === 'cert-manager' ? { annotations: { 'cert-manager.io/inject-ca-from': `${ns}/${APP_NAME}` } } : {};
  const objects: KubeObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { ...labels, [NAMESPACE_OPT_OUT_LABEL]: 'disabled', 'pod-security.kubernetes.io/enforce': 'restricted' } },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(APP_NAME), automountServiceAccountToken: true },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: APP_NAME, labels },
      rules: [
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['node.k8s.io'], resources: ['runtimeclasses'], verbs: ['get', 'list', 'watch'] },
        // gmsa: enforce — the credential specs from a watch, and the `use` question asked as windows-gmsa asks it.
        { apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews', 'localsubjectaccessreviews'], verbs: ['create'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: APP_NAME, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: APP_NAME },
      subjects: [{ kind: 'ServiceAccount', name: APP_NAME, namespace: ns }],
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(POLICY_CONFIGMAP), data: { 'policy.yaml': options.policyYaml } },
  ];
  if (options.certificates) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(TLS_SECRET),
      type: 'kubernetes.io/tls',
      data: {
        'tls.crt': Buffer.from(options.certificates.cert).toString('base64'),
        'tls.key': Buffer.from(options.certificates.key).toString('base64'),
        'ca.crt': Buffer.from(options.certificates.caCert).toString('base64'),
      },
    });
  } else {
    objects.push(
      { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: meta(`${APP_NAME}-selfsigned`), spec: { selfSigned: {} } },
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: meta(APP_NAME),
        spec: {
          secretName: TLS_SECRET,
          dnsNames: [`${APP_NAME}.${ns}.svc`, `${APP_NAME}.${ns}.svc.cluster.local`],
          issuerRef: { kind: 'Issuer', name: `${APP_NAME}-selfsigned` },
          privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
          duration: '2160h',
          renewBefore: '360h',
        },
      },
    );
  }
  const probe = (path: string, period: number) => ({ httpGet: { path, port: 'https', scheme: 'HTTPS' }, periodSeconds: period, timeoutSeconds: 2, failureThreshold: 3 });
  objects.push(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(APP_NAME),
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels, annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/scheme': 'https', 'prometheus.io/port': String(PORT) } },
          spec: {
            serviceAccountName: APP_NAME,
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            terminationGracePeriodSeconds: 30,
            topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } }],
            securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'webhook',
                image: options.image,
                imagePullPolicy: 'IfNotPresent',
                args: [
                  'webhook', 'serve',
                  '--tls-cert-file=/etc/kube-hybrid/tls/tls.crt',
                  '--tls-private-key-file=/etc/kube-hybrid/tls/tls.key',
                  `--port=${PORT}`,
                  '--policy=/etc/kube-hybrid/policy/policy.yaml',
                  '--shutdown-delay=5s',
                ],
                ports: [{ name: 'https', containerPort: PORT, protocol: 'TCP' }],
                readinessProbe: probe('/readyz', 5),
                livenessProbe: probe('/healthz', 10),
                resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                volumeMounts: [
                  { name: 'tls', mountPath: '/etc/kube-hybrid/tls', readOnly: true },
                  { name: 'policy', mountPath: '/etc/kube-hybrid/policy', readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: 'tls', secret: { secretName: TLS_SECRET } },
              { name: 'policy', configMap: { name: POLICY_CONFIGMAP } },
            ],
          },
        },
      },
    },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta(APP_NAME), spec: { minAvailable: 1, selector: { matchLabels: labels } } },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(APP_NAME),
      spec: { selector: labels, ports: [{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: { name: WEBHOOK_CONFIGURATION, labels, ...injectCa },
      webhooks: [{ ...webhook(MUTATING_WEBHOOK_NAME, '/mutate', options), reinvocationPolicy: 'IfNeeded' }],
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: WEBHOOK_CONFIGURATION, labels, ...injectCa },
      webhooks: [webhook(VALIDATING_WEBHOOK_NAME, '/validate', options)],
    },
  );
  return objects;
}

/** The files of deploy/ (cert-manager flavour) and which objects go in each. */
export const DEPLOY_FILES: { file: string; kinds: string[] }[] = [
  { file: 'namespace.yaml', kinds: ['Namespace'] },
  { file: 'rbac.yaml', kinds: ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding'] },
  { file: 'policy.yaml', kinds: ['ConfigMap'] },
  { file: 'certificate.yaml', kinds: ['Issuer', 'Certificate'] },
  { file: 'deployment.yaml', kinds: ['Deployment', 'PodDisruptionBudget', 'Service'] },
  { file: 'webhooks.yaml', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'] },
];

/** deploy/ as file name → YAML text: the cert-manager install with the default policy. */
export function deployFiles(stringify: (object: unknown) => string): Record<string, string> {
  const objects = installObjects({ namespace: DEFAULT_NAMESPACE, image: DEFAULT_IMAGE, tls: 'cert-manager', failurePolicy: 'Ignore', policyYaml: DEFAULT_POLICY_YAML });
  const files: Record<string, string> = {};
  const header = '# Generated by `kube-hybrid webhook manifests` (src/admission/install.ts); a test keeps it in step.\n';
  for (const { file, kinds } of DEPLOY_FILES) {
    files[file] = header + objects.filter((o) => kinds.includes(o.kind)).map((o) => stringify(o)).join('---\n');
  }
  files['kustomization.yaml'] =
    header +
    stringify({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: DEPLOY_FILES.map((f) => f.file),
      images: [{ name: DEFAULT_IMAGE.split(':')[0], newTag: DEFAULT_IMAGE.split(':')[1] }],
    });
  return files;
}
