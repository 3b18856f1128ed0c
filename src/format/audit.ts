// `audit` output: text for people, JSON (the report as is), SARIF with logical locations only (a
// live object has no file: `kind/namespace/name` and the JSON pointer name the field).
import type { AuditFinding, AuditReport, Disagreement, PodProblem } from '../audit/analyse.js';
import type { Rule } from '../engine/types.js';
import { SARIF_SCHEMA, SARIF_VERSION, configurationNotificationOf, sarifLevel, sarifTool } from './sarif.js';
import type { ConfigWarning } from './report.js';

export function objectName(ref: { kind: string; namespace?: string; name: string }): string {
  return `${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function problemLines(p: PodProblem): string[] {
  const where = p.node ? `on ${p.node}${p.pool ? ` (pool ${p.pool}${p.windowsBuild ? `, ${p.windowsBuild}` : p.nodeOs ? `, ${p.nodeOs}` : ''})` : ''}` : 'not scheduled';
  const lines = [`  Pod/${p.namespace}/${p.name} ${p.status} ${where} — ${objectName(p.owner)}`];
  if (p.message) lines.push(`    ${p.message}`);
  for (const e of p.events.slice(-3)) lines.push(`    event ${e}`);
  if (p.cause) lines.push(`    cause: ${p.cause}`);
  lines.push(p.predictedBy.length > 0 ? `    predicted by: ${p.predictedBy.join(', ')}` : '    predicted by: no rule (a cluster problem, or a gap in kube-hybrid)');
  return lines;
}

function disagreementLine(d: Disagreement): string {
  const what = d.kind === 'predicted-running' ? 'simulate says its pods run; they do not' : d.kind === 'predicted-failing' ? 'simulate says its pods fail; they run' : 'pods run where the placement analysis says they cannot land';
  return `  ${objectName(d.owner)}: ${what}\n    predicted: ${d.predicted}\n    actual:    ${d.actual}`;
}

function findingLines(f: AuditFinding): string[] {
  return [`  ${objectName(f.object)} ${f.path || '/'}`, `    ${f.severity} ${f.message} [${f.ruleId}]`];
}

export function formatAuditText(report: AuditReport): string {
  const out: string[] = [];
  const c = report.cluster;
  out.push(`Cluster ${c.context} (${c.server}${c.version ? `, ${c.version}` : ''}): ${plural(c.nodes, 'node')} in ${plural(c.pools.length, 'pool')}${report.namespace !== undefined ? `, namespace ${report.namespace}` : ', all namespaces'}`);
  for (const p of c.pools) out.push(`  ${p.name}: ${p.os}${p.windowsBuild ? ` ${p.windowsBuild}` : ''}, ${plural(p.nodes, 'node')}`);
  for (const note of report.notes) out.push(`note: ${note}`);
  out.push('');
  if (report.findings.length > 0) {
    out.push(`Rules (${report.findings.length}):`);
    for (const f of report.findings) out.push(...findingLines(f));
    out.push('');
  }
  if (report.podProblems.length > 0) {
    out.push(`What is happening (${plural(report.podProblems.length, 'pod')} in trouble):`);
    for (const p of report.podProblems) out.push(...problemLines(p));
    out.push('');
  }
  if (report.daemonSets.length > 0) {
    out.push('DaemonSets not ready:');
    for (const d of report.daemonSets) {
      out.push(`  DaemonSet/${d.namespace}/${d.name}: ${d.ready}/${d.desired} ready`);
      for (const p of d.pools) out.push(`    pool ${p.pool}${p.windowsBuild ? ` (${p.windowsBuild})` : p.os ? ` (${p.os})` : ''}: ${p.ready}/${p.pods} ready`);
      if (d.pools.length === 0) out.push('    no pods');
      for (const e of d.events.slice(-3)) out.push(`    event ${e}`);
      if (d.predictedBy.length > 0) out.push(`    rules on it: ${d.predictedBy.join(', ')}`);
    }
    out.push('');
  }
  if (report.buildSpreads.length > 0) {
    out.push('Replicas spanning Windows builds:');
    for (const s of report.buildSpreads) out.push(`  ${objectName(s.owner)}: ${s.builds.map((b) => `${b.pods} on ${b.windowsBuild}`).join(', ')}`);
    out.push('');
  }
  if (report.disagreements.length > 0) {
    out.push('Prediction against reality (each is a cluster problem or a kube-hybrid bug):');
    for (const d of report.disagreements) out.push(disagreementLine(d));
    out.push('');
  }
  const s = report.summary;
  const total = s.errors + s.warnings + s.infos;
  out.push(
    `${total === 0 && s.podProblems === 0 && s.disagreements === 0 ? '✔' : '✖'} ${plural(total, 'finding')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}), ` +
      `${plural(s.podProblems, 'pod')} in trouble, ${plural(s.daemonSetGaps, 'DaemonSet')} not ready, ${plural(s.disagreements, 'disagreement')} — ` +
      `${plural(s.workloads, 'workload')}, ${plural(s.pods, 'pod')}, ${plural(s.nodes, 'node')}`,
  );
  return out.join('\n') + '\n';
}

/** `warnings`: settings of .kube-hybrid.yaml that do nothing (rule ids no rule has); added, never changing a field. */
export function formatAuditJson(report: AuditReport, warnings: readonly ConfigWarning[] = []): string {
  return JSON.stringify({ ...report, warnings }, null, 2) + '\n';
}

/** SARIF 2.1.0: rule findings and pod problems as results located by logical location (no file). */
export function formatAuditSarif(report: AuditReport, rules: readonly Rule[], toolVersion: string, warnings: readonly ConfigWarning[] = []): string {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results = [
    ...report.findings.map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
      level: sarifLevel(f.severity),
      message: { text: f.message },
      locations: [{ logicalLocations: [{ fullyQualifiedName: `${objectName(f.object)}${f.path}`, name: objectName(f.object), kind: 'object' }] }],
      properties: { category: f.category, jsonPointer: f.path, object: f.object },
    })),
    ...report.podProblems.map((p) => ({
      ruleId: `pod/${p.kind}`,
      level: 'error' as const,
      message: { text: `${p.status}${p.message ? `: ${p.message}` : ''}${p.cause ? ` (cause: ${p.cause})` : ''}${p.predictedBy.length ? ` — predicted by ${p.predictedBy.join(', ')}` : ''}` },
      locations: [{ logicalLocations: [{ fullyQualifiedName: `Pod/${p.namespace}/${p.name}`, name: `Pod/${p.namespace}/${p.name}`, kind: 'object' }] }],
      properties: { owner: p.owner, node: p.node, predictedBy: p.predictedBy },
    })),
  ];
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: sarifTool(rules, toolVersion),
        automationDetails: { id: `kube-hybrid-audit/${report.cluster.context}` },
        ...(warnings.length > 0 ? { invocations: [{ executionSuccessful: true, toolConfigurationNotifications: warnings.map(configurationNotificationOf) }] } : {}),
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
