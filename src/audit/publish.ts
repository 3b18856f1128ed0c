// Writes audit's PolicyReports into the cluster by server-side apply (field manager kube-hybrid), and
// the objects that run audit in-cluster on a schedule: a CronJob with a read-only ClusterRole and a
// second one that may only write PolicyReports.
import type { KubeObject } from '../kube/types.js';
import type { LiveClient } from '../live/client.js';
import { LiveError } from '../live/client.js';
import { auditRbacRules } from '../live/resources.js';
import type { PolicyReportObject } from '../format/policyreport.js';

export const FIELD_MANAGER = 'kube-hybrid';
const REPORTS_API = '/apis/wgpolicyk8s.io/v1alpha2';

export function policyReportPath(report: PolicyReportObject): string {
  const name = encodeURIComponent(report.metadata.name);
  return report.kind === 'ClusterPolicyReport' ? `${REPORTS_API}/clusterpolicyreports/${name}` : `${REPORTS_API}/namespaces/${encodeURIComponent(report.metadata.namespace ?? '')}/policyreports/${name}`;
}

/** Applies each report; a missing CRD or a refused write becomes a one-line LiveError naming the fix. */
export async function applyPolicyReports(client: LiveClient, reports: readonly PolicyReportObject[]): Promise<string[]> {
  const written: string[] = [];
  for (const report of reports) {
    try {
      await client.apply(policyReportPath(report), report, FIELD_MANAGER);
    } catch (error) {
      if (error instanceof LiveError && error.kind === 'not-found') {
        throw new LiveError('not-found', `the ${report.kind} CRD (wgpolicyk8s.io/v1alpha2) is not installed: install the wg-policy PolicyReport CRDs (Kyverno and Policy Reporter ship them) or print the reports with -o policyreport`, 404);
      }
      if (error instanceof LiveError && error.kind === 'forbidden') {
        const resource = report.kind === 'ClusterPolicyReport' ? 'clusterpolicyreports' : 'policyreports';
        throw new LiveError('forbidden', `${error.message}; to write reports, add: - apiGroups: ["wgpolicyk8s.io"] resources: ["${resource}"] verbs: ["get", "create", "patch"]`, 403);
      }
      throw error;
    }
    written.push(`${report.kind}${report.metadata.namespace ? ` ${report.metadata.namespace}` : ''}/${report.metadata.name}`);
  }
  return written;
}

export interface AuditManifestOptions {
  namespace: string;
  image: string;
  /** Cron schedule (default hourly). */
  schedule: string;
}

export const AUDIT_APP = 'kube-hybrid-audit';

/** Namespace, ServiceAccount, the two ClusterRoles and their bindings, and the CronJob. */
export function auditManifests(options: AuditManifestOptions): KubeObject[] {
  const labels = { 'app.kubernetes.io/name': AUDIT_APP, 'app.kubernetes.io/part-of': 'kube-hybrid' };
  const ns = options.namespace;
  const binding = (name: string) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name: AUDIT_APP, namespace: ns }],
  });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { ...labels, 'pod-security.kubernetes.io/enforce': 'restricted' } } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: AUDIT_APP, namespace: ns, labels } },
    // Read-only: get/list on what audit reads; no Secrets, no ConfigMaps, no writes.
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: AUDIT_APP, labels }, rules: auditRbacRules() },
    binding(AUDIT_APP),
    // Its one write: its own PolicyReports.
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: `${AUDIT_APP}-reports`, labels },
      rules: [{ apiGroups: ['wgpolicyk8s.io'], resources: ['policyreports', 'clusterpolicyreports'], verbs: ['get', 'create', 'patch'] }],
    },
    binding(`${AUDIT_APP}-reports`),
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: AUDIT_APP, namespace: ns, labels },
      spec: {
        schedule: options.schedule,
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: 1,
            activeDeadlineSeconds: 1800,
            template: {
              metadata: { labels },
              spec: {
                serviceAccountName: AUDIT_APP,
                restartPolicy: 'Never',
                nodeSelector: { 'kubernetes.io/os': 'linux' },
                securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
                containers: [
                  {
                    name: 'audit',
                    image: options.image,
                    imagePullPolicy: 'IfNotPresent',
                    // The image's entrypoint is kube-hybrid (as for the webhook). Findings go into the
                    // reports, so they do not fail the Job (--fail-on none); an unreadable cluster does (exit 2).
                    // The heap bound stays under the memory limit: reaching it is a clear failure, not an OOM kill.
                    args: ['audit', '-A', '-o', 'policyreport', '--apply', '--fail-on', 'none', '--max-heap', '1536'],
                    resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '2Gi' } },
                    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                  },
                ],
              },
            },
          },
        },
      },
    },
  ];
}
