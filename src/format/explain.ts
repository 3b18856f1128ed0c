// `explain` as text: each explanation with its cause, fix, the rules that predict it and its sources;
// for live pods, each pod in trouble with where it runs and what was recognised.
import type { ExplainReport, Explanation } from '../explain/explain.js';
import type { LiveExplainReport } from '../explain/live.js';
import { ruleDocsUrl } from './report.js';

function formatExplanation(e: Explanation, index: number): string {
  const lines = [`${index}. ${e.title}  [${e.id}]`, `   seen:   ${e.seen}`];
  const captures = Object.entries(e.captures);
  if (captures.length > 0) lines.push(`   found:  ${captures.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  for (const code of e.codes) if (code.name) lines.push(`   code:   ${code.hex} = ${code.name}`);
  lines.push(`   cause:  ${e.cause}`, `   fix:    ${e.fix}`);
  if (e.rules.length > 0) {
    lines.push(`   \`check\` would have caught this: ${e.rules.length === 1 ? 'rule' : 'rules'} ${e.rules.join(', ')}`);
    for (const rule of e.rules) lines.push(`           ${ruleDocsUrl(rule)}`);
  } else {
    lines.push('   (a node or cluster condition: no rule of `check` can see it in manifests)');
  }
  for (const source of e.sources) lines.push(`   source: ${source.url} (read ${source.read})`);
  return lines.join('\n');
}

/** `kind: text — detail` of something recognised without a catalogue entry. */
function recognisedLine(r: { kind: string; text: string; detail?: string }): string {
  return `${r.kind}: ${r.text}${r.detail ? ` — ${r.detail}` : ''}`;
}

export function formatExplainText(report: ExplainReport): string {
  const parts: string[] = [];
  if (report.explained.length > 0) {
    parts.push(`kube-hybrid explain: ${report.explained.length} ${report.explained.length === 1 ? 'error' : 'errors'} explained\n`);
    report.explained.forEach((e, i) => parts.push(formatExplanation(e, i + 1) + '\n'));
  } else {
    parts.push('kube-hybrid explain: no catalogue entry matches this input.\n');
  }
  if (report.recognised.length > 0) {
    parts.push(report.explained.length > 0 ? 'Also recognised (no catalogue entry):' : 'Recognised:');
    for (const r of report.recognised) parts.push(`   ${recognisedLine(r)}`);
    parts.push('');
  } else if (report.explained.length === 0) {
    parts.push('Nothing recognised: no HRESULT/NTSTATUS/Win32 code, FailedScheduling reason or failure event.\n');
  }
  return parts.join('\n');
}

export function formatLiveExplainText(report: LiveExplainReport): string {
  const parts: string[] = [];
  for (const note of report.notes) parts.push(`note: ${note}`);
  if (report.pods.length === 0) parts.push('kube-hybrid explain: no pod in trouble.');
  for (const pod of report.pods) {
    const where = pod.node ? ` on ${pod.node}${pod.nodeOs ? ` (${pod.nodeOs}${pod.windowsBuild ? ` ${pod.windowsBuild}` : ''})` : ''}` : '';
    parts.push(`pod ${pod.namespace}/${pod.name}${where}: ${pod.status}`);
    pod.explained.forEach((e, i) => parts.push(formatExplanation(e, i + 1)));
    if (pod.explained.length === 0) parts.push('   no catalogue entry matches what the cluster reports for this pod.');
    for (const r of pod.recognised) parts.push(`   recognised ${recognisedLine(r)}`);
    parts.push('');
  }
  return `${parts.join('\n')}\n`;
}
