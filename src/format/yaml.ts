// `-o yaml`: the same document as `-o json`, written as YAML (one formatter for every verb, so the two
// never drift apart: the JSON text is the source).
import { createRequire } from 'node:module';
import type * as YamlModule from 'yaml';
import type { FormattableReport, Write } from './report.js';
import { findingJson, jsonBodyWithoutFindings } from './json.js';

const OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

// Loaded on the first `-o yaml`: the YAML library's ~70 CommonJS modules cost a run that prints JSON or
// text ~20 ms of start-up.
let yamlLibrary: typeof YamlModule | undefined;
const yaml = (): typeof YamlModule => (yamlLibrary ??= createRequire(import.meta.url)('yaml') as typeof YamlModule);

/** The YAML form of a JSON document (a string as produced by a `-o json` formatter, or a value). */
export function jsonToYaml(json: string | unknown): string {
  const value: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  return yaml().stringify(value, OPTIONS);
}

/** A value as `-o json` prints it (two-space JSON, a newline) or as `-o yaml` does. */
export function jsonOrYaml(value: unknown, output: 'json' | 'yaml'): string {
  return output === 'yaml' ? jsonToYaml(value) : JSON.stringify(value, null, 2) + '\n';
}

/**
 * check's report as YAML, one finding at a time: the text `jsonToYaml(formatJson(report))` gives.
 * Each finding is written as the only item of `findings` and its first line (`findings:`) left out;
 * the rest of the document follows as one mapping.
 */
export function writeCheckYaml(report: FormattableReport, write: Write): void {
  const { findings: none, ...rest } = jsonBodyWithoutFindings(report);
  let first = true;
  for (const finding of report.findings) {
    if (first) write('findings:\n');
    first = false;
    const item = jsonToYaml(JSON.stringify({ findings: [findingJson(finding)] }));
    write(item.slice(item.indexOf('\n') + 1));
  }
  if (first) write(jsonToYaml(JSON.stringify({ findings: none })));
  write(jsonToYaml(JSON.stringify(rest)));
}
