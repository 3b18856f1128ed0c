// `kube-hybrid explain "<message>"` or `… | kube-hybrid explain -` (a pasted `kubectl describe pod`,
// `kubectl get events -o json|yaml` or `kubectl get pod -o json|yaml`): cause, fix, the rule of `check` that predicts it, the source.
// Live: `explain pod NAME -n NS` or `explain -A` read the pods, their events and nodes (src/explain/live.ts).
// Exit 0 when something was explained, 1 when nothing was, 2 on bad usage, empty input or an unreadable cluster.
import { explain as explainText } from '../explain/explain.js';
import { resolve } from 'node:path';
import type { LiveExplainReport, LiveTarget } from '../explain/live.js';
import { formatExplainText, formatLiveExplainText } from '../format/explain.js';
import { jsonToYaml } from '../format/yaml.js';
import type { Verb } from './io.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';
import type { VerbSpec } from './spec.js';
import { TEXT_JSON_YAML_OUTPUT_FLAG, UsageError, runVerb } from './spec.js';

interface ExplainFlags {
  output?: string;
  namespace?: string;
  'all-namespaces'?: boolean;
  kubeconfig?: string;
  context?: string;
}

type ExplainOutput = 'text' | 'json' | 'yaml';

/** What the command line asks for: pasted text, or pods read live through the kubeconfig. */
type ExplainRequest =
  | { mode: 'text'; output: ExplainOutput; positionals: string[] }
  | { mode: 'live'; output: ExplainOutput; target: LiveTarget; kubeconfig?: string; context?: string };

export const verb: VerbSpec<ExplainFlags> = {
  name: 'explain',
  summary: 'explain a Windows or scheduling error: cause, fix, the rule that predicts it, a source',
  usage: '"<error message>" | - | pod NAME [-n NS] | -A [flags]',
  description:
    'Explain a Windows or scheduling error: its cause, the fix, the rule of check that predicts it, and a source. Give the message as arguments, or pipe `kubectl describe pod`, `kubectl get events -o json|yaml` or `kubectl get pod -o json|yaml` into `kube-hybrid explain -` (standard input is read when no message is given). Live: `explain pod NAME -n NS` reads the pod, its Warning events and its node through the kubeconfig; `explain -A` explains every pod in trouble in all namespaces, `explain -n NS` in one.',
  flags: {
    output: TEXT_JSON_YAML_OUTPUT_FLAG,
    namespace: { type: 'string', short: 'n', value: 'NS', help: 'live: the namespace of the pod (default: default), or of the pods -n NS explains' },
    'all-namespaces': { type: 'boolean', short: 'A', help: 'live: explain every pod in trouble, in all namespaces' },
    kubeconfig: { type: 'string', value: 'FILE', complete: 'file', help: 'live: the kubeconfig (default: $KUBECONFIG, ~/.kube/config)' },
    context: { type: 'string', value: 'NAME', help: 'live: the kubeconfig context' },
  },
  positionals: { name: 'message', complete: 'none' },
  footer: 'Exit codes: 0 something was explained (live: every pod looked at), 1 nothing was, 2 bad usage, empty input or an unreadable cluster.',
  async run({ flags, positionals }, io) {
    const request = explainRequestOf(flags, positionals);
    if (request.mode === 'live') return explainLiveCommand(request, io);
    const text = positionals.length === 0 || (positionals.length === 1 && positionals[0] === '-') ? io.readStdin() : positionals.join(' ');
    if (!text.trim()) throw new UsageError('no input: give the error message, or pipe it into kube-hybrid explain -');
    const report = explainText(text);
    io.stdout(render(report, request.output, formatExplainText));
    return report.explained.length > 0 ? EXIT_OK : EXIT_FINDINGS;
  },
};

function render<T>(report: T, output: ExplainOutput, asText: (r: T) => string): string {
  if (output === 'text') return asText(report);
  const json = JSON.stringify(report, null, 2) + '\n';
  return output === 'yaml' ? jsonToYaml(json) : json;
}

/** All of explain's flag combinations (throws UsageError). */
function explainRequestOf(values: ExplainFlags, positionals: string[]): ExplainRequest {
  const output = (values.output ?? 'text') as ExplainOutput;
  const cluster = { ...(values.kubeconfig !== undefined ? { kubeconfig: values.kubeconfig } : {}), ...(values.context !== undefined ? { context: values.context } : {}) };
  if (positionals[0] === 'pod' || positionals[0] === 'pods') {
    if (values['all-namespaces']) throw new UsageError('explain pod NAME takes -n NS, not -A (explain -A explains every pod in trouble)');
    if (positionals.length !== 2) throw new UsageError('explain pod takes one pod name: explain pod NAME [-n NS]');
    return { mode: 'live', output, target: { kind: 'pod', namespace: values.namespace ?? 'default', name: positionals[1] }, ...cluster };
  }
  if (values['all-namespaces'] || (values.namespace !== undefined && positionals.length === 0)) {
    if (values['all-namespaces'] && values.namespace !== undefined) throw new UsageError('-n and -A exclude each other');
    if (positionals.length > 0) throw new UsageError(`-A reads the cluster: no message argument expected (got "${positionals[0]}")`);
    return { mode: 'live', output, target: values.namespace !== undefined ? { kind: 'all', namespace: values.namespace } : { kind: 'all' }, ...cluster };
  }
  if (values.kubeconfig !== undefined || values.context !== undefined) throw new UsageError('--kubeconfig and --context go with explain pod NAME or explain -A');
  return { mode: 'text', output, positionals };
}

async function explainLiveCommand(request: Extract<ExplainRequest, { mode: 'live' }>, io: Parameters<Verb>[1]): Promise<number> {
  const { connect, asSourceError, ClusterSourceError } = await import('../live/cluster-source.js');
  const { explainLive } = await import('../explain/live.js');
  let report: LiveExplainReport;
  try {
    const { client } = connect({ kubeconfig: request.kubeconfig ? resolve(io.cwd, request.kubeconfig) : undefined, context: request.context }, io.env);
    report = await explainLive(client, request.target, Date.now());
  } catch (error) {
    const e = asSourceError(error);
    if (e instanceof ClusterSourceError) {
      io.stderr(`kube-hybrid explain: ${e.message}\n`);
      return EXIT_USAGE_OR_INPUT;
    }
    throw e;
  }
  io.stdout(render(report, request.output, formatLiveExplainText));
  // Explained when every pod looked at has at least one explanation.
  return report.pods.every((p) => p.explained.length > 0) ? EXIT_OK : EXIT_FINDINGS;
}

export const explain: Verb = (argv, io) => runVerb(verb, argv, io);
