// The js-yaml schema that reads scalars as kubectl does. sigs.k8s.io/yaml parses with go-yaml v2
// (YAML 1.1 resolution): y/yes/on/true and n/no/off/false in any of their listed spellings are
// booleans. This type replaces js-yaml's own bool type (same tag), so it lists true/false too.
import jsyaml from 'js-yaml';

const TRUE_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE']);
const FALSE_WORDS = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE']);

const yaml11Boolean = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && (TRUE_WORDS.has(data) || FALSE_WORDS.has(data)),
  construct: (data: string) => TRUE_WORDS.has(data),
  predicate: (value: unknown) => typeof value === 'boolean',
});

/**
 * The core schema: no timestamp type, so a date-like value stays a string (as in the JSON the API
 * server receives) instead of becoming a Date. Merge keys never reach js-yaml: documents with `<<`
 * or anchors are read by the `yaml` library, which bounds alias expansion (src/manifests/split.ts).
 */
export const KUBECTL_SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [yaml11Boolean] });
