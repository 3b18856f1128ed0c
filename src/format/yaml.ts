// `-o yaml`: the same document as `-o json`, written as YAML (one formatter for every verb, so the two
// never drift apart: the JSON text is the source).
import { createRequire } from 'node:module';
import type * as YamlModule from 'yaml';

// Loaded on the first `-o yaml`: the YAML library's ~70 CommonJS modules cost a run that prints JSON or
// text ~20 ms of start-up.
let yamlLibrary: typeof YamlModule | undefined;
const yaml = (): typeof YamlModule => (yamlLibrary ??= createRequire(import.meta.url)('yaml') as typeof YamlModule);

/** The YAML form of a JSON document (a string as produced by a `-o json` formatter, or a value). */
export function jsonToYaml(json: string | unknown): string {
  const value: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  return yaml().stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}
