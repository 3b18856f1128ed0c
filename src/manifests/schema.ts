// The js-yaml schema that reads scalars as kubectl does. sigs.k8s.io/yaml parses with go-yaml v2
// (YAML 1.1 resolution): y/yes/on/true and n/no/off/false in any of their listed spellings are
// booleans. This type replaces js-yaml's own bool type (same tag), so it lists true/false too.
import jsyaml from 'js-yaml';

const TRUE_WORDS = ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'];
const FALSE_WORDS = ['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'];
/** Each word and the boolean it means: one lookup per plain scalar, and none for the long ones. */
const BOOLEAN_WORDS = new Map<string, boolean>([...TRUE_WORDS.map((w) => [w, true] as const), ...FALSE_WORDS.map((w) => [w, false] as const)]);
const LONGEST_WORD = 5;

const yaml11Boolean = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  // js-yaml asks every implicit type about every plain scalar: most are longer than any boolean word.
  resolve: (data: unknown) => typeof data === 'string' && data.length <= LONGEST_WORD && BOOLEAN_WORDS.has(data),
  construct: (data: string) => BOOLEAN_WORDS.get(data) === true,
  predicate: (value: unknown) => typeof value === 'boolean',
});

/**
 * The core schema: no timestamp type, so a date-like value stays a string (as in the JSON the API
 * server receives) instead of becoming a Date. Merge keys never reach js-yaml: documents with `<<`
 * or anchors are read by the `yaml` library, which bounds alias expansion (src/manifests/split.ts).
 */
export const KUBECTL_SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [yaml11Boolean] });
