// `-o yaml`: the same document as `-o json`, written as YAML (one formatter for every verb, so the two
// never drift apart: the JSON text is the source).
import { stringify } from 'yaml';

/** The YAML form of a JSON document (a string as produced by a `-o json` formatter, or a value). */
export function jsonToYaml(json: string | unknown): string {
  const value: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}
