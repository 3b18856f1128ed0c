// `kube-hybrid explain "<message>"` or `… | kube-hybrid explain -` (a pasted `kubectl describe pod`,
// `kubectl get events -o json|yaml` or `kubectl get pod -o json|yaml`): cause, fix, the rule of `check` that predicts it, the source.
// Exit 0 when something was explained, 1 when nothing was, 2 on bad usage or empty input.
import type { ExplainReport, Explanation } from '../explain/explain.js';
import { explain as explainText } from '../explain/explain.js';
import { ruleDocsUrl } from '../format/report.js';
import { UsageError, oneOf, parseVerbArgs } from './args.js';
import type { Verb } from './io.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';

const USAGE = 'Usage: kube-hybrid explain "<error message>" | - [-o text|json]\n       (reads standard input when no message is given or with "-")\n';

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
    for (const r of report.recognised) parts.push(`   ${r.kind}: ${r.text}${r.detail ? ` — ${r.detail}` : ''}`);
    parts.push('');
  } else if (report.explained.length === 0) {
    parts.push('Nothing recognised: no HRESULT/NTSTATUS/Win32 code, FailedScheduling reason or failure event.\n');
  }
  return parts.join('\n');
}

export const explain: Verb = async (argv, io) => {
  let output: 'text' | 'json';
  let positionals: string[];
  try {
    const parsed = parseVerbArgs<{ output?: string; help?: boolean; namespace?: string }>(argv, { output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' }, namespace: { type: 'string', short: 'n' } });
    if (parsed.values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    if (parsed.positionals[0] === 'pod') throw new UsageError('live mode (`explain pod NAME`) is not available yet: paste `kubectl describe pod NAME` or pipe `kubectl get events -o json` instead');
    output = oneOf('--output', parsed.values.output, ['text', 'json'] as const, 'text');
    positionals = parsed.positionals;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`kube-hybrid explain: ${error.message}\n${USAGE}`);
    return EXIT_USAGE_OR_INPUT;
  }
  const text = positionals.length === 0 || (positionals.length === 1 && positionals[0] === '-') ? io.readStdin() : positionals.join(' ');
  if (!text.trim()) {
    io.stderr(`kube-hybrid explain: no input\n${USAGE}`);
    return EXIT_USAGE_OR_INPUT;
  }
  const report = explainText(text);
  io.stdout(output === 'json' ? JSON.stringify(report, null, 2) + '\n' : formatExplainText(report));
  return report.explained.length > 0 ? EXIT_OK : EXIT_FINDINGS;
};
