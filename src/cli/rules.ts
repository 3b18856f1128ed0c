// `kube-hybrid rules`: every rule with its category, default severity, whether `check --fix` fixes it, and description.
import { ruleDocsUrl } from '../format/report.js';
import { RULES } from '../rules/index.js';
import { outputFlagOnly } from './args.js';
import type { Verb } from './io.js';
import { EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';

export const rules: Verb = async (argv, io) => {
  const output = outputFlagOnly('rules', argv, ['text', 'json'] as const, io.stderr);
  if (output === undefined) return EXIT_USAGE_OR_INPUT;
  if (output === 'json') {
    const body = RULES.map((r) => ({ id: r.id, category: r.meta.category, severity: r.meta.defaultSeverity, description: r.meta.description, fixable: r.meta.fixable === true, docs: ruleDocsUrl(r.id) }));
    io.stdout(JSON.stringify({ rules: body }, null, 2) + '\n');
    return EXIT_OK;
  }
  const width = Math.max(...RULES.map((r) => r.id.length));
  for (const r of RULES) io.stdout(`${r.id.padEnd(width)}  ${r.meta.category.padEnd(13)} ${r.meta.defaultSeverity.padEnd(7)} ${(r.meta.fixable ? 'fixable' : '').padEnd(7)} ${r.meta.description}\n`);
  return EXIT_OK;
};
