// `audit -o policyreport`: the report as wgpolicyk8s.io/v1alpha2 PolicyReport objects (one per
// namespace with results) and one ClusterPolicyReport (cluster-scoped objects: Nodes), the format
// Kyverno and Kubescape write and Policy Reporter reads (kubernetes-sigs/wg-policy-prototypes,
// policy-report/apis/wgpolicyk8s.io/v1alpha2). `kubectl apply -f -` stores them where the CRDs exist.
import type { AuditReport } from '../audit/analyse.js';
import type { Severity } from '../engine/types.js';

export type PolicyResult = 'pass' | 'fail' | 'warn' | 'error' | 'skip';
export type PolicyResultSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface PolicyReportResult {
  source: string;
  policy: string;
  rule?: string;
  category?: string;
  severity?: PolicyResultSeverity;
  timestamp: { seconds: number; nanos: number };
  result: PolicyResult;
  scored?: boolean;
  resources?: { apiVersion: string; kind: string; namespace?: string; name: string }[];
  message?: string;
  properties?: Record<string, string>;
}

export interface PolicyReportObject {
  apiVersion: 'wgpolicyk8s.io/v1alpha2';
  kind: 'PolicyReport' | 'ClusterPolicyReport';
  metadata: { name: string; namespace?: string; labels: Record<string, string> };
  summary: { pass: number; fail: number; warn: number; error: number; skip: number };
  results: PolicyReportResult[];
}

export const POLICY_REPORT_NAME = 'kube-hybrid-audit';
const SOURCE = 'kube-hybrid';

const RESULT_OF: Record<Severity, PolicyResult> = { error: 'fail', warning: 'warn', info: 'warn' };
const SEVERITY_OF: Record<Severity, PolicyResultSeverity> = { error: 'high', warning: 'medium', info: 'info' };

function apiVersionOfKind(kind: string): string {
  if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(kind)) return 'apps/v1';
  if (kind === 'Job' || kind === 'CronJob') return 'batch/v1';
  return 'v1';
}

/** The reports, in a stable order: namespaces by name, then the ClusterPolicyReport. */
export function policyReportsOf(report: AuditReport, now: number): PolicyReportObject[] {
  const timestamp = { seconds: Math.floor(now / 1000), nanos: 0 };
  const byNamespace = new Map<string, PolicyReportResult[]>();
  const add = (namespace: string | undefined, result: PolicyReportResult) => {
    const key = namespace ?? '';
    const list = byNamespace.get(key);
    if (list) list.push(result);
    else byNamespace.set(key, [result]);
  };
  for (const f of report.findings) {
    add(f.object.namespace, {
      source: SOURCE,
      policy: f.ruleId,
      rule: f.ruleId,
      category: f.category,
      severity: SEVERITY_OF[f.severity],
      timestamp,
      result: RESULT_OF[f.severity],
      scored: true,
      resources: [{ apiVersion: f.object.apiVersion, kind: f.object.kind, ...(f.object.namespace ? { namespace: f.object.namespace } : {}), name: f.object.name }],
      message: f.message,
      properties: { jsonPointer: f.path },
    });
  }
  for (const p of report.podProblems) {
    const properties: Record<string, string> = { owner: `${p.owner.kind}/${p.owner.name}`, status: p.status };
    if (p.node) properties.node = p.node;
    if (p.windowsBuild) properties.windowsBuild = p.windowsBuild;
    if (p.cause) properties.cause = p.cause;
    properties.predictedBy = p.predictedBy.length > 0 ? p.predictedBy.join(',') : 'none';
    add(p.namespace, {
      source: SOURCE,
      policy: 'pod-status',
      rule: p.kind,
      category: 'runtime',
      severity: 'high',
      timestamp,
      result: 'fail',
      scored: true,
      resources: [{ apiVersion: 'v1', kind: 'Pod', namespace: p.namespace, name: p.name }],
      message: `${p.status}${p.message ? `: ${p.message}` : ''}`,
      properties,
    });
  }
  for (const d of report.disagreements) {
    add(d.owner.namespace, {
      source: SOURCE,
      policy: 'prediction',
      rule: d.kind,
      category: 'prediction',
      severity: 'medium',
      timestamp,
      result: 'warn',
      scored: false,
      resources: [{ apiVersion: apiVersionOfKind(d.owner.kind), kind: d.owner.kind, ...(d.owner.namespace ? { namespace: d.owner.namespace } : {}), name: d.owner.name }],
      message: `predicted: ${d.predicted}; actual: ${d.actual}`,
    });
  }
  const labels = { 'app.kubernetes.io/managed-by': 'kube-hybrid' };
  const summaryOf = (results: readonly PolicyReportResult[]) => {
    const summary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
    for (const r of results) summary[r.result]++;
    return summary;
  };
  const out: PolicyReportObject[] = [];
  for (const namespace of [...byNamespace.keys()].filter((k) => k !== '').sort()) {
    const results = byNamespace.get(namespace) ?? [];
    out.push({ apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: 'PolicyReport', metadata: { name: POLICY_REPORT_NAME, namespace, labels }, summary: summaryOf(results), results });
  }
  const clusterResults = byNamespace.get('') ?? [];
  out.push({ apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: 'ClusterPolicyReport', metadata: { name: POLICY_REPORT_NAME, labels }, summary: summaryOf(clusterResults), results: clusterResults });
  return out;
}
