// `kube-hybrid rules`: every rule with its category, default severity, whether `check --fix` fixes it, and description.
import { ruleDocsUrl } from '../format/report.js';
import { RULES } from '../rules/index.js';
import { jsonOrYaml } from '../format/yaml.js';
import type { CliIO, Verb } from './io.js';
import { EXIT_OK } from './io.js';
import type { VerbSpec } from './spec.js';
import { TEXT_JSON_YAML_OUTPUT_FLAG, runVerb } from './spec.js';

export const verb: VerbSpec<{ output?: string }> = {
  name: 'rules',
  summary: 'list the rules check applies',
  description: 'List the rules check applies: id, category, default severity, whether check --fix fixes it, and what it catches. Each has a docs page with examples.',
  flags: { output: TEXT_JSON_YAML_OUTPUT_FLAG },
  footer: 'Exit codes: 0, or 2 on bad usage.',
  run: ({ flags }, io) => listRules(flags.output ?? 'text', io),
};

export const rules: Verb = (argv, io) => runVerb(verb, argv, io);

async function listRules(output: string, io: CliIO): Promise<number> {
  if (output === 'json' || output === 'yaml') {
    const body = RULES.map((r) => ({ id: r.id, category: r.meta.category, severity: r.meta.defaultSeverity, description: r.meta.description, fixable: r.meta.fixable === true, docs: ruleDocsUrl(r.id) }));
    io.stdout(jsonOrYaml({ rules: body }, output));
    return EXIT_OK;
  }
  const width = Math.max(...RULES.map((r) => r.id.length));
  for (const r of RULES) io.stdout(`${r.id.padEnd(width)}  ${r.meta.category.padEnd(13)} ${r.meta.defaultSeverity.padEnd(7)} ${(r.meta.fixable ? 'fixable' : '').padEnd(7)} ${r.meta.description}\n`);
  return EXIT_OK;
}
