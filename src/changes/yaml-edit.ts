// Applies JSON-patch operations to a YAML document's text without re-serialising it: the `yaml`
// library's parsed nodes say where each map, sequence and scalar is (source offsets), and each
// operation becomes one splice of the original text. Everything else — comments, key order, quoting,
// flow or block style, indentation, line endings — stays byte for byte. Every result is re-parsed and
// compared with the expected object; an edit that would not produce it is refused, never written.
import { isDeepStrictEqual } from 'node:util';
import type { Document, Node as YamlNode, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import jsyaml from 'js-yaml';
import { KUBECTL_SCHEMA } from '../manifests/schema.js';
import { yamlLibrary } from '../manifests/yaml-library.js';
import { isRecord } from '../util/guards.js';
import { parsePointer } from '../util/pointer.js';
import type { JsonPatchOperation } from './json-patch.js';

export type EditResult = { ok: true; text: string } | { ok: false; reason: string };

class Refusal extends Error {}

interface Style {
  eol: string;
  /** One level of indentation. */
  step: string;
  /** Whether block sequences under a key are indented below it (`key:\n  - a`) or not (`key:\n- a`). */
  indentSeqs: boolean;
  /** How strings in a new flow sequence are quoted: as in the document's flow sequences (`["a"]`). */
  flowQuote: Quote;
  /** The document is JSON (a `.json` manifest): what is added stays JSON (quoted keys and strings). */
  json: boolean;
  /** Flow maps are written with spaces inside the braces (`{ a: 1 }`). */
  pad: boolean;
}

type FlowOptions = Pick<Style, 'json' | 'pad'>;
const PLAIN_FLOW: FlowOptions = { json: false, pad: false };

function parse(text: string): Document {
  const doc = yamlLibrary().parseDocument(text, { version: '1.1', merge: true, prettyErrors: false });
  if (doc.errors.length > 0) throw new Refusal(`the document does not parse: ${doc.errors[0].message.split('\n')[0]}`);
  return doc;
}

function styleOf(text: string): Style {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  let step = Infinity;
  let indentSeqs: boolean | undefined;
  // The step is how far a block map's members sit below their key (`key:` then a deeper line); lines
  // inside flow collections or block scalars say nothing about it.
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim() || line.trimStart().startsWith('#') || !/:\s*(#.*)?$/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    const next = lines.slice(i + 1).find((l) => l.trim() && !l.trimStart().startsWith('#'));
    if (next === undefined) continue;
    const nextIndent = next.length - next.trimStart().length;
    if (next.trimStart().startsWith('- ')) {
      if (indentSeqs === undefined && !line.trimStart().startsWith('- ')) indentSeqs = nextIndent > indent;
    } else if (nextIndent > indent) {
      step = Math.min(step, nextIndent - indent - (line.trimStart().startsWith('- ') ? 2 : 0) || nextIndent - indent);
    }
  }
  const flowQuote: Quote = /\[\s*"/.test(text) ? 'double' : /\[\s*'/.test(text) ? 'single' : 'plain';
  const json = /^\s*[{[]/.test(text.replace(/^(\s*#[^\n]*\n)*/, ''));
  const pad = /\{ [^\s}]/.test(text) && !/\{[^\s}]/.test(text);
  return { eol, step: ' '.repeat(Number.isFinite(step) ? Math.min(step, 8) : 2), indentSeqs: indentSeqs ?? true, flowQuote, json, pad };
}

// --- rendering new values ---------------------------------------------------------------------------

type Quote = 'plain' | 'double' | 'single';

/** A scalar as YAML (1.1, as kubectl reads it), quoted when plain would change its type. */
function scalarText(value: unknown, quote: Quote = 'plain'): string {
  if (typeof value === 'string') {
    if (quote === 'double') return JSON.stringify(value);
    if (quote === 'single') return `'${value.replace(/'/g, "''")}'`;
  }
  const text = yamlLibrary().stringify(value, { version: '1.1', lineWidth: 0 }).replace(/\n$/, '');
  if (text.includes('\n')) return JSON.stringify(value);
  // Read back as kubectl would (YAML 1.1): a plain scalar that changes type there is quoted.
  if (typeof value === 'string' && !text.startsWith('"') && !text.startsWith("'")) {
    let back: unknown;
    try {
      back = jsyaml.load(text, { schema: KUBECTL_SCHEMA });
    } catch {
      back = undefined;
    }
    if (back !== value) return JSON.stringify(value);
  }
  return text;
}

function keyText(key: string, json: boolean): string {
  return json ? JSON.stringify(key) : scalarText(key);
}

function flowText(value: unknown, quote: Quote, options: FlowOptions = PLAIN_FLOW): string {
  if (Array.isArray(value)) return `[${value.map((v) => flowText(v, quote, options)).join(', ')}]`;
  if (isRecord(value)) {
    const members = Object.entries(value).map(([k, v]) => `${keyText(k, options.json)}: ${flowText(v, quote, options)}`).join(', ');
    return options.pad && members ? `{ ${members} }` : `{${members}}`;
  }
  return options.json ? JSON.stringify(value) : scalarText(value, quote);
}

function isEmptyCollection(value: unknown): boolean {
  return (Array.isArray(value) && value.length === 0) || (isRecord(value) && Object.keys(value).length === 0);
}

/** `key: value` in block style at `indent`, as lines. */
function pairLines(key: string, value: unknown, indent: string, style: Style, quote: Quote): string[] {
  const head = `${indent}${scalarText(key)}:`;
  // A short list of scalars (a command, its arguments) reads best on one line, as Kubernetes examples write it.
  if (Array.isArray(value) && value.length > 0 && value.every((v) => !Array.isArray(v) && !isRecord(v))) return [`${head} ${flowText(value, style.flowQuote)}`];
  if (Array.isArray(value) && value.length > 0) return [head, ...seqLines(value, style.indentSeqs ? indent + style.step : indent, style, quote)];
  if (isRecord(value) && Object.keys(value).length > 0) return [head, ...mapLines(value, indent + style.step, style, quote)];
  return [`${head} ${isEmptyCollection(value) ? flowText(value, quote) : scalarText(value, quote)}`];
}

function mapLines(value: Record<string, unknown>, indent: string, style: Style, quote: Quote): string[] {
  return Object.entries(value).flatMap(([k, v]) => pairLines(k, v, indent, style, quote));
}

/** One `- item` at `indent` (the column of the dash), as lines. */
function itemLines(value: unknown, indent: string, style: Style, quote: Quote): string[] {
  const inner = indent + '  ';
  let lines: string[];
  if (isRecord(value) && Object.keys(value).length > 0) lines = mapLines(value, inner, style, quote);
  else if (Array.isArray(value) && value.length > 0) lines = seqLines(value, inner, style, quote);
  else return [`${indent}- ${isEmptyCollection(value) ? flowText(value, quote) : scalarText(value, quote)}`];
  lines[0] = `${indent}- ${lines[0].slice(inner.length)}`;
  return lines;
}

function seqLines(value: readonly unknown[], indent: string, style: Style, quote: Quote): string[] {
  return value.flatMap((item) => itemLines(item, indent, style, quote));
}

// --- finding nodes ------------------------------------------------------------------------------------

type YamlLib = ReturnType<typeof yamlLibrary>;

function keyOf(pair: Pair): string | undefined {
  const key = pair.key as unknown;
  if (key !== null && typeof key === 'object' && 'value' in key) return String((key as Scalar).value);
  return key === null || key === undefined ? undefined : String(key);
}

function lookup(lib: YamlLib, doc: Document, tokens: readonly string[]): YamlNode | null {
  let node = doc.contents as YamlNode | null;
  for (const token of tokens) {
    if (node === null) throw new Refusal('a field on the way is empty');
    if (lib.isAlias(node)) throw new Refusal('the field is reached through a YAML alias: edit the anchor by hand');
    if (lib.isMap(node)) {
      const pair = (node as YAMLMap).items.find((p) => keyOf(p) === token);
      if (!pair) throw new Refusal(`"${token}" is not written in the document (a merge key or default supplies it)`);
      node = (pair.value ?? null) as YamlNode | null;
    } else if (lib.isSeq(node)) {
      const item = (node as YAMLSeq).items[Number(token)];
      if (item === undefined) throw new Refusal(`item ${token} is not in the document`);
      node = item as YamlNode | null;
    } else {
      throw new Refusal(`"${token}" is below a scalar`);
    }
  }
  if (node && lib.isAlias(node)) throw new Refusal('the field is a YAML alias: edit the anchor by hand');
  return node;
}

function rangeOf(node: unknown): [number, number, number] {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) throw new Refusal('no source position for the field');
  return range;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the line break that ends the line holding `offset - 1`. */
function afterLineOf(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline === -1 ? text.length : newline + 1;
}

function insertLines(text: string, at: number, lines: string[], eol: string): string {
  const needsBreak = at === text.length && at > 0 && text[at - 1] !== '\n';
  return text.slice(0, at) + (needsBreak ? eol : '') + lines.join(eol) + eol + text.slice(at);
}

/** How the neighbours of a new scalar are quoted, so a new item looks like its siblings. */
function siblingQuote(lib: YamlLib, items: readonly unknown[]): Quote {
  for (const item of items) {
    const node = lib.isPair(item) ? (item as Pair).value : item;
    if (lib.isScalar(node) && typeof (node as Scalar).value === 'string') {
      const type = (node as Scalar).type;
      return type === 'QUOTE_DOUBLE' ? 'double' : type === 'QUOTE_SINGLE' ? 'single' : 'plain';
    }
  }
  return 'plain';
}

function blockMapIndent(text: string, map: YAMLMap): string {
  const first = rangeOf(map.items[0].key)[0];
  return ' '.repeat(first - lineStart(text, first));
}

function closingOffset(text: string, node: YamlNode, bracket: '}' | ']'): number {
  const end = rangeOf(node)[1];
  const at = text.lastIndexOf(bracket, end);
  if (at < rangeOf(node)[0]) throw new Refusal('cannot find the end of a flow collection');
  return at;
}

/**
 * In a flow collection written one item per line, what goes between the comma and a new item: a line
 * break and the last item's indentation; otherwise one space.
 */
function ownLineIndent(text: string, itemStart: number, style: Style): string {
  const from = lineStart(text, itemStart);
  const before = text.slice(from, itemStart);
  return before.trim() === '' ? style.eol + before : ' ';
}

// --- operations -------------------------------------------------------------------------------------------

function addToMap(lib: YamlLib, text: string, map: YAMLMap, key: string, value: unknown, style: Style): string {
  const existing = map.items.find((p) => keyOf(p) === key);
  const quote = siblingQuote(lib, map.items);
  if (existing) {
    // The builder adds over a null: replace the null (or nothing) after the colon with the value, in flow style.
    const v = existing.value as YamlNode | null;
    if (v && !(lib.isScalar(v) && (v as Scalar).value === null)) throw new Refusal(`"${key}" is already set`);
    const keyEnd = rangeOf(existing.key)[1];
    const colon = text.indexOf(':', keyEnd);
    const valueEnd = v ? Math.max(rangeOf(v)[1], colon + 1) : colon + 1;
    return text.slice(0, colon + 1) + ' ' + flowText(value, quote, style) + text.slice(valueEnd);
  }
  if (map.flow) {
    const last = map.items[map.items.length - 1];
    if (last) {
      const end = rangeOf(last.value ?? last.key)[1];
      return text.slice(0, end) + `,${ownLineIndent(text, rangeOf(last.key)[0], style)}${keyText(key, style.json)}: ${flowText(value, quote, style)}` + text.slice(end);
    }
    const at = closingOffset(text, map, '}');
    return text.slice(0, at) + `${keyText(key, style.json)}: ${flowText(value, quote, style)}` + text.slice(at);
  }
  if (map.items.length === 0) throw new Refusal('an empty block map');
  const last = map.items[map.items.length - 1];
  const end = rangeOf(last.value ?? last.key)[1];
  return insertLines(text, afterLineOf(text, end), pairLines(key, value, blockMapIndent(text, map), style, quote), style.eol);
}

function dashIndent(text: string, item: unknown): string {
  const start = rangeOf(item)[0];
  const from = lineStart(text, start);
  const dash = text.lastIndexOf('-', start);
  if (dash < from || text.slice(from, dash).trim() !== '') throw new Refusal('a sequence item that does not start its line');
  return ' '.repeat(dash - from);
}

function addToSeq(lib: YamlLib, text: string, seq: YAMLSeq, token: string, value: unknown, style: Style): string {
  const index = token === '-' ? seq.items.length : Number(token);
  if (!Number.isInteger(index) || index < 0 || index > seq.items.length) throw new Refusal(`no place ${token} in the sequence`);
  const quote = siblingQuote(lib, seq.items);
  if (seq.flow) {
    if (index < seq.items.length) {
      const start = rangeOf(seq.items[index])[0];
      return text.slice(0, start) + `${flowText(value, quote, style)}, ` + text.slice(start);
    }
    const last = seq.items[seq.items.length - 1];
    if (last) {
      const end = rangeOf(last)[1];
      return text.slice(0, end) + `,${ownLineIndent(text, rangeOf(last)[0], style)}${flowText(value, quote, style)}` + text.slice(end);
    }
    const at = closingOffset(text, seq, ']');
    return text.slice(0, at) + flowText(value, quote, style) + text.slice(at);
  }
  if (seq.items.length === 0) throw new Refusal('an empty block sequence');
  const indent = dashIndent(text, seq.items[0]);
  const lines = itemLines(value, indent, style, quote);
  if (index < seq.items.length) return insertLines(text, lineStart(text, rangeOf(seq.items[index])[0]), lines, style.eol);
  return insertLines(text, afterLineOf(text, rangeOf(seq.items[seq.items.length - 1])[1]), lines, style.eol);
}

function replaceScalar(lib: YamlLib, text: string, node: YamlNode | null, value: unknown): string {
  if (!node || !lib.isScalar(node)) throw new Refusal('only a scalar value is replaced in place');
  const scalar = node as Scalar;
  const quote: Quote | undefined = scalar.type === 'QUOTE_DOUBLE' ? 'double' : scalar.type === 'QUOTE_SINGLE' ? 'single' : scalar.type === 'PLAIN' ? 'plain' : undefined;
  if (quote === undefined) throw new Refusal('a block scalar');
  const [start, end] = rangeOf(scalar);
  return text.slice(0, start) + scalarText(value, typeof value === 'string' ? quote : 'plain') + text.slice(end);
}

function removeFromMap(lib: YamlLib, text: string, map: YAMLMap, key: string): string {
  const index = map.items.findIndex((p) => keyOf(p) === key);
  if (index < 0) throw new Refusal(`"${key}" is not written in the document`);
  const pair = map.items[index];
  const keyStart = rangeOf(pair.key)[0];
  const valueEnd = rangeOf(pair.value ?? pair.key)[1];
  if (map.flow) {
    if (map.items.length === 1) return text.slice(0, keyStart) + text.slice(valueEnd);
    if (index < map.items.length - 1) return text.slice(0, keyStart) + text.slice(rangeOf(map.items[index + 1].key)[0]);
    const previous = map.items[index - 1];
    return text.slice(0, rangeOf(previous.value ?? previous.key)[1]) + text.slice(valueEnd);
  }
  if (map.items.length === 1) throw new Refusal('removing the only member of a block map');
  let from = lineStart(text, keyStart);
  if (text.slice(from, keyStart).trim() !== '') throw new Refusal('the member shares its line with a sequence dash');
  // Comment lines directly above the member, at its indentation, belong to it and go with it.
  const indent = text.slice(from, keyStart);
  while (from > 0) {
    const previousStart = lineStart(text, from - 1);
    const line = text.slice(previousStart, from).replace(/\r?\n$/, '');
    if (!(line.startsWith(indent + '#') && line.slice(indent.length).startsWith('#'))) break;
    from = previousStart;
  }
  return text.slice(0, from) + text.slice(afterLineOf(text, valueEnd));
}

function applyOne(lib: YamlLib, text: string, base: readonly string[], op: JsonPatchOperation, style: Style): string {
  const tokens = [...base, ...parsePointer(op.path)];
  if (tokens.length === 0) throw new Refusal('an operation on the whole document');
  const doc = parse(text);
  const parentTokens = tokens.slice(0, -1);
  const last = tokens[tokens.length - 1];
  if (op.op === 'replace') return replaceScalar(lib, text, lookup(lib, doc, tokens), op.value);
  const parent = lookup(lib, doc, parentTokens);
  if (op.op === 'add') {
    if (parent && lib.isMap(parent)) return addToMap(lib, text, parent as YAMLMap, last, op.value, style);
    if (parent && lib.isSeq(parent)) return addToSeq(lib, text, parent as YAMLSeq, last, op.value, style);
    throw new Refusal('the place to add to is not a map or a sequence');
  }
  if (op.op === 'remove' && parent && lib.isMap(parent)) return removeFromMap(lib, text, parent as YAMLMap, last);
  throw new Refusal(`operation ${op.op} is not supported here`);
}

/** `value` with the operations applied (the expected result), computed on plain data. */
export function applyToData(value: unknown, base: readonly string[], operations: readonly JsonPatchOperation[]): unknown {
  let root = structuredClone(value);
  for (const op of operations) {
    const tokens = [...base, ...parsePointer(op.path)];
    const parentTokens = tokens.slice(0, -1);
    const last = tokens[tokens.length - 1];
    let parent: unknown = root;
    for (const token of parentTokens) parent = Array.isArray(parent) ? parent[Number(token)] : isRecord(parent) ? parent[token] : undefined;
    if (Array.isArray(parent)) {
      if (op.op === 'add') parent.splice(last === '-' ? parent.length : Number(last), 0, structuredClone(op.value));
      else if (op.op === 'remove') parent.splice(Number(last), 1);
      else if (op.op === 'replace') parent[Number(last)] = structuredClone(op.value);
    } else if (isRecord(parent)) {
      if (op.op === 'remove') delete parent[last];
      else parent[last] = structuredClone(op.value);
    } else if (tokens.length === 0) {
      root = structuredClone(op.value);
    }
  }
  return root;
}

/**
 * Applies `operations` (pointers relative to the object at `basePointer` of the document) to one YAML
 * document's text. Refuses, changing nothing, when an operation would go through an alias or a merge
 * key, or when the edited text does not read back as the expected object.
 */
export function editYamlDocument(text: string, basePointer: string, operations: readonly JsonPatchOperation[]): EditResult {
  if (operations.length === 0) return { ok: true, text };
  const lib = yamlLibrary();
  try {
    const base = parsePointer(basePointer);
    const style = styleOf(text);
    const expected = applyToData(parse(text).toJS(), base, operations);
    let edited = text;
    for (const op of operations) edited = applyOne(lib, edited, base, op, style);
    const actual = parse(edited).toJS();
    if (!isDeepStrictEqual(actual, expected)) return { ok: false, reason: 'the edited text would not read back as the intended object' };
    return { ok: true, text: edited };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    throw error;
  }
}
