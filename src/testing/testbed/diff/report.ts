// The differential report as text: totals, then every disagreement (case, seed, upstream, ours).
import type { DiffReport } from './run.js';

export function formatReport(report: DiffReport): string {
  const s = report.scheduling;
  const v = report.validation;
  const out: string[] = [];
  out.push(`Differential run against Kubernetes ${report.kubernetesVersion}, seed ${report.seed}, ${report.seconds} s`);
  out.push(`scheduling: ${s.cases} cases; compared ${Object.entries(s.compared).map(([a, n]) => `${a} ${n}`).join(', ')}; ${s.skippedRacy} racy decisions skipped; ${s.disagreements.length} disagreements; ${s.errors.length} errors`);
  out.push(`validation: ${v.cases} pods (${v.accepted} accepted, ${v.rejected} rejected by the server); ${v.disagreements.length} disagreements`);
  for (const e of s.errors) out.push(`  error: ${e}`);
  for (const d of s.disagreements) {
    out.push(`  [${d.area}] case ${d.caseIndex} (seed ${d.seed}) ${d.subject}`);
    out.push(`    upstream: ${d.upstream}`);
    out.push(`    ours:     ${d.ours}`);
  }
  for (const d of v.disagreements) {
    out.push(`  [validation] case ${d.caseIndex} (seed ${d.seed}) pod spec ${JSON.stringify(d.pod.spec)}`);
    out.push(`    upstream: ${d.upstream.length > 0 ? d.upstream.join(' | ') : 'accepted'}`);
    out.push(`    ours:     ${d.ours.length > 0 ? d.ours.join(' | ') : 'no API-refusal finding'}`);
    if (d.missed.length > 0) out.push(`    only upstream rejects: ${d.missed.join(', ')}`);
    if (d.extra.length > 0) out.push(`    only we flag: ${d.extra.join(', ')}`);
  }
  return out.join('\n') + '\n';
}
