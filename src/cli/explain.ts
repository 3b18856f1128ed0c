// `kube-hybrid explain "<message>"` or `… | kube-hybrid explain -` (a pasted `kubectl describe pod`,
// `kubectl get events -o json|yaml` or `kubectl get pod -o json|yaml`): cause, fix, the rule of `check` that predicts it, the source.
// Exit 0 when something was explained, 1 when nothing was, 2 on bad usage or empty input.
import type { ExplainReport, Explanation } from '../explain/explain.js';
import { explain as explainText } from '../explain/explain.js';
import { ruleDocsUrl } from '../format/report.js';
import { jsonToYaml } from '../format/yaml.js';
import type { Verb } from './io.js';
import { EXIT_FINDINGS, EXIT_OK } from './io.js';
import type { VerbSpec } from './spec.js';
import { UsageError, runVerb } from './spec.js';

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

interface ExplainFlags {
  output?: string;
  namespace?: string;
}

export const verb: VerbSpec<ExplainFlags> = {
  name: 'explain',
  summary: 'explain a Windows or scheduling error: cause, fix, the rule that predicts it, a source',
  usage: '"<error message>" | - [flags]',
  description: 'Explain a Windows or scheduling error: its cause, the fix, the rule of check that predicts it, and a source. Give the message as arguments, or pipe `kubectl describe pod`, `kubectl get events -o json|yaml` or `kubectl get pod -o json|yaml` into `kube-hybrid explain -` (standard input is read when no message is given).',
  flags: {
    output: { type: 'string', short: 'o', value: 'FORMAT', choices: ['text', 'json', 'yaml'], default: 'text', help: 'output format' },
    namespace: { type: 'string', short: 'n', value: 'NS', help: 'reserved for the live mode (explain pod NAME), not available yet' },
  },
  positionals: { name: 'message', complete: 'none' },
  footer: 'Exit codes: 0 something was explained, 1 nothing was, 2 bad usage or empty input.',
  async run({ flags, positionals }, io) {
    if (positionals[0] === 'pod') throw new UsageError('live mode (`explain pod NAME`) is not available yet: paste `kubectl describe pod NAME` or pipe `kubectl get events -o json` instead');
    const output = flags.output ?? 'text';
    const text = positionals.length === 0 || (positionals.length === 1 && positionals[0] === '-') ? io.readStdin() : positionals.join(' ');
    if (!text.trim()) throw new UsageError('no input: give the error message, or pipe it into kube-hybrid explain -');
    const report = explainText(text);
    const json = JSON.stringify(report, null, 2) + '\n';
    io.stdout(output === 'json' ? json : output === 'yaml' ? jsonToYaml(json) : formatExplainText(report));
    return report.explained.length > 0 ? EXIT_OK : EXIT_FINDINGS;
  },
};

export const explain: Verb = (argv, io) => runVerb(verb, argv, io);
