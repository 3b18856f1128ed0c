// The differential report as text: totals, then every disagreement (case, seed, upstream, ours).
import { KNOWN_SCHEDULING, KNOWN_VALIDATION, explainValidation, knownCounts } from './known.js';
import type { KnownDisagreement } from './known.js';
import type { DiffReport } from './run.js';

function label<T>(d: T, known: readonly KnownDisagreement<T>[]): string {
  return known.find((k) => k.matches(d))?.id ?? 'NEW';
}

export function formatReport(report: DiffReport): string {
  const s = report.scheduling;
  const v = report.validation;
  const out: string[] = [];
  out.push(`Differential run against Kubernetes ${report.kubernetesVersion}, seed ${report.seed}, ${report.seconds} s`);
  out.push(`scheduling: ${s.cases} cases; compared ${Object.entries(s.compared).map(([a, n]) => `${a} ${n}`).join(', ')}; ${s.skippedRacy} racy decisions skipped; ${s.disagreements.length} disagreements; ${s.errors.length} errors`);
  out.push(`validation: ${v.cases} pods (${v.accepted} accepted, ${v.rejected} rejected by the server); ${v.disagreements.length} disagreements`);
  const counts: Record<string, number> = knownCounts(s.disagreements, KNOWN_SCHEDULING);
  for (const k of KNOWN_VALIDATION) counts[k.id] = v.disagreements.filter((d) => explainValidation(d)?.includes(k.id)).length;
  out.push(`known disagreements: ${Object.entries(counts).map(([id, n]) => `${id} ×${n}`).join(', ')}`);
  for (const e of s.errors) out.push(`  error: ${e}`);
  for (const d of s.disagreements) {
    out.push(`  ${label(d, KNOWN_SCHEDULING)} [${d.area}] case ${d.caseIndex} (seed ${d.seed}) ${d.subject}`);
    out.push(`    upstream: ${d.upstream}`);
    out.push(`    ours:     ${d.ours}`);
  }
  for (const d of v.disagreements) {
    out.push(`  ${explainValidation(d)?.join('+') ?? 'NEW'} [validation] case ${d.caseIndex} (seed ${d.seed}) pod spec ${JSON.stringify(d.pod.spec)}`);
    out.push(`    upstream: ${d.upstream.length > 0 ? d.upstream.join(' | ') : 'accepted'}`);
    out.push(`    ours:     ${d.ours.length > 0 ? d.ours.join(' | ') : 'no API-refusal finding'}`);
    if (d.missed.length > 0) out.push(`    only upstream rejects: ${d.missed.join(', ')}`);
    if (d.extra.length > 0) out.push(`    only we flag: ${d.extra.join(', ')}`);
  }
  return out.join('\n') + '\n';
}
