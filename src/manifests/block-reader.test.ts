// Differential test of the block reader against js-yaml (the spec): on every YAML file of the
// repository, the bench corpus and generated / mutated block documents, the reader either declines
// or gives exactly js-yaml's value (same keys in the same order, same scalar types).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import jsyaml from 'js-yaml';
import { REPO_ROOT } from '../testing/paths.js';
import { Random } from '../testing/testbed/diff/random.js';
import { parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { escapePointerToken } from '../util/pointer.js';
import { BlockDocumentLocator } from './block-locator.js';
import { IMPLICIT_TYPES, NOT_HANDLED, mayResolve, readBlockDocument, readBlockYaml, resolvePlain } from './block-reader.js';
import { lineStartsOf, positionFinder, positionOfOffset } from './positions.js';
import { KUBECTL_SCHEMA } from './schema.js';
import { isBlankDocument, mayHoldAnchors, splitYamlDocuments } from './split.js';

type Outcome = 'same' | 'declined';

/** Object keys at every level, in order: what JSON.stringify shows too, checked on its own. */
function keyOrder(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) keyOrder(item, out);
  else if (value !== null && typeof value === 'object') {
    out.push(Object.keys(value).join('\u0000'));
    for (const item of Object.values(value)) keyOrder(item, out);
  }
  return out;
}

/** Reads one document both ways; fails when the reader gives a value js-yaml does not. */
function compareDocument(text: string, label: string): Outcome {
  const fast = readBlockYaml(text);
  if (fast === NOT_HANDLED) return 'declined';
  let expected: unknown;
  try {
    expected = jsyaml.load(text, { schema: KUBECTL_SCHEMA });
  } catch (error) {
    assert.fail(`${label}: the block reader read a document js-yaml refuses (${(error as Error).message.split('\n')[0]}):\n${text}`);
  }
  assert.deepStrictEqual(fast, expected, `${label}:\n${text}`);
  assert.equal(JSON.stringify(fast), JSON.stringify(expected), `${label}:\n${text}`);
  assert.deepEqual(keyOrder(fast), keyOrder(expected), `${label}: key order\n${text}`);
  return 'same';
}

/** Each document of a file as the loader cuts and routes it (documents with anchors never reach the reader). */
function compareFile(text: string, label: string): { same: number; declined: number } {
  const counts = { same: 0, declined: 0 };
  for (const chunk of splitYamlDocuments(text)) {
    if (isBlankDocument(chunk.text) || mayHoldAnchors(chunk.text)) continue;
    counts[compareDocument(chunk.text, `${label} line ${chunk.line + 1}`)]++;
  }
  return counts;
}

function yamlFilesUnder(folder: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(folder, name);
    if (statSync(path).isDirectory()) files.push(...yamlFilesUnder(path));
    else if (/\.ya?ml$/.test(name)) files.push(path);
  }
  return files;
}

/** Scalar spellings inside the subset: the reader must read them as js-yaml does. */
const SCALARS = [
  'nginx', 'mcr.microsoft.com/windows/nanoserver:ltsc2022', 'app-3', 'a b', 'http://x:80/y', 'a#b', 'a,b', 'a]b', 'é', 'x:y', 'a "b"', "a 'b'",
  '010', '0x1F', '0X1f', '0o17', '0b101', '1e3', '1E3', '.5', '+.5', '1.', '+1', '-1', '-0', '-0.0', '1_000', '12:30', '2024-01-01', '0', '00', '08', '09', '-0x1',
  '.inf', '-.Inf', '+.INF', '.NaN', '.nan', '~', 'null', 'Null', 'NULL', 'nULL', 'yes', 'Yes', 'YES', 'yEs', 'no', 'No', 'on', 'On', 'ON', 'off', 'Off',
  'y', 'Y', 'n', 'N', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'tru', 'o', 'f', 't', '-x', ':x', '?x', '-Xmx1g',
  '""', "''", '"a # b"', "'a: b'", "'it''s'", '"yes"', "'010'", '"1"', '[]', '{}',
  '[a, b]', '[ "x", \'y\' ]', '{a: 1, b: "x"}', '{ app: web }', '[1, 0x1F, yes, ~, .5, -1]', '[a b, c]', '{"k": v, \'k2\': 2}', '{1.0: x, yes: y, ~: z}',
  '[nginx:1.27, "--path=/x", -Xmx1g]', '[ ]', '{ }', '{a: [], b: 1}', '{matchLabels: {app: a1}}', '[{port: 80}, {port: 443, name: "https"}]',
  '[a, [b, [c]], {d: [e]}]', '{ a: { }, b: [ ] }', '[[[[[[[[[x]]]]]]]]]', '{a: [1, 0x1F], b: {c: yes}}',
  '"NT AUTHORITY\\\\SYSTEM"', '"a\\"b\\/c\\nd\\te\\rf"', '"\\\\"', '"x\\" # c', '"\\": v',
  '|\n  line one\n  line two', '|-\n  a\n\n  b\n', '|\n  # not a comment\n    more indented\n  x: y\n\n\n', '| # c\n  text', '|-\n    deep\n    - x',
  '', 'trailing  ', 'a  # comment', '"q" # comment', '[] # c', '# only a comment',
];
/** Spellings the reader may decline (or read): flow content, escapes, block scalars, properties, indicators. */
const ODD_SCALARS = [
  'x: ', '"x\\ny"', '"a\\"b"', "'unclosed", '"unclosed', '[ ]', '[a]', '{a: 1}', '|', '|-\n  text', '>\n  folded', '!tag x', '!!str 010', '*alias',
  '? x', '- x', '@x', '`x', '%x', ' ', '"q"#x', ',x', 'a: b', 'a:',
  '[a, [b]]', '[a,]', '{a}', '{a: }', '[a: b]', '[a #c]', '{a: 1, a: 2}', '[a, b', '["a\\n"]', '[a, , b]', '[-]', '{? a}', '[:a]', '{a:b}',
  '"\\x41"', '"\\u0041"', '"a\\ b"', '"\\e"', '"\\N"', '"\\_"', '"a\\"', '"\\"', '"\\0"', '"a\\\\\\"',
  '|2\n  x', '|+\n  x\n\n', '>\n  folded', '|\n\n  late', '|\n   \n  x', '|\n x', '|\n  x\n   ', '|\n  a\n b', '|x', '|\n',
  '{"a":b}', '[a, {b: 1}]', '{__proto__: 1}', '[a]b', '[a] b', '[a] #c', '{a: 1}}', '[,]', '[a:]', '[a :b]', '{a: b: c}', '[a, -]', '["x" y]',
];
const KEYS = [
  'name', 'app.kubernetes.io/name', 'image', 'a b', 'key:with:colons', '1', '2', '010', '0x1F', '1.0', '1e3', '-1', 'yes', 'on', 'y', 'null', '~', 'true',
  'constructor', 'toString', 'hasOwnProperty', '"quoted key"', "'single'", "'it''s'", '"a: b"', '"1"', 'a#b', 'x ', '-x', 'é', '.inf', '.5',
];
const PLAIN_KEYS = ['"a\\\\b"', 'name', 'image', 'a b', 'key:with:colons', 'constructor', 'toString', '"quoted key"', "'single'", 'a#b', '-x', 'é', 'x ', 'app.kubernetes.io/name', '"a: b"', 'y1', 'c'];
const ODD_KEYS = ['__proto__', '<<', '"', "'", '? x', '[a]', '{a: 1}', '&a k', '!t k', '*a', '"a\\tb"', ''];

/** A block document: nested mappings and sequences of the spellings above, with comments and blank lines. */
function generateDocument(g: Random, keys: readonly string[] = KEYS): string {
  const lines: string[] = [];
  const scalar = () => (g.chance(0.02) ? g.pick(ODD_SCALARS) : g.pick(SCALARS));
  const comment = () => (g.chance(0.08) ? ' # note' : '') + (g.chance(0.05) ? '  ' : '');
  const interleave = (indent: number) => {
    if (g.chance(0.05)) lines.push('');
    if (g.chance(0.05)) lines.push(`${' '.repeat(g.pick([0, indent, indent + 3]))}# a comment`);
  };
  const mapping = (indent: number, depth: number, firstPrefix?: string) => {
    const entries = 1 + Math.floor(g.chance(0.5) ? 3 : 1);
    for (let e = 0; e < entries; e++) {
      const prefix = e === 0 && firstPrefix !== undefined ? firstPrefix : ' '.repeat(indent);
      const key = g.chance(0.02) ? g.pick(ODD_KEYS) : g.pick(keys);
      const spacing = g.chance(0.1) ? '   ' : ' ';
      if (depth < 4 && g.chance(0.35)) {
        lines.push(`${prefix}${key}:${comment()}`);
        interleave(indent);
        if (g.chance(0.5)) mapping(indent + g.pick([2, 2, 4, 1]), depth + 1);
        else sequence(g.chance(0.5) ? indent : indent + 2, depth + 1);
      } else {
        // A block scalar's lines, indented under their key.
        const value = scalar().replaceAll('\n', `\n${' '.repeat(indent)}`);
        lines.push(`${prefix}${key}:${value === '' ? '' : spacing + value}${comment()}`);
      }
      interleave(indent);
    }
  };
  const sequence = (indent: number, depth: number) => {
    const entries = 1 + Math.floor(g.chance(0.5) ? 2 : 0);
    for (let e = 0; e < entries; e++) {
      const dash = `${' '.repeat(indent)}-${g.chance(0.1) ? '   ' : ' '}`;
      const choice = depth < 4 ? g.pick(['scalar', 'compact', 'nested', 'empty']) : 'scalar';
      if (choice === 'compact') mapping(dash.length, depth + 1, dash);
      else if (choice === 'nested') {
        lines.push(`${' '.repeat(indent)}-${comment()}`);
        if (g.chance(0.5)) mapping(indent + 2, depth + 1);
        else sequence(indent + 2, depth + 1);
      } else if (choice === 'empty') lines.push(`${' '.repeat(indent)}-`);
      else lines.push(`${dash}${scalar().replaceAll('\n', `\n${' '.repeat(indent)}`)}${comment()}`);
      interleave(indent);
    }
  };
  if (g.chance(0.3)) lines.push(g.pick(['---', '--- # doc', '---  ', '--- x']));
  if (g.chance(0.1)) sequence(0, 0);
  else mapping(0, 0);
  return lines.join('\n') + (g.chance(0.9) ? '\n' : '');
}

/** A random edit at the text level: indentation off by one, a tab, CRLF, a character dropped or doubled … */
function mutate(text: string, g: Random): string {
  const at = Math.floor(g.next() * text.length);
  switch (g.pick(['indent+', 'indent-', 'tab', 'crlf', 'drop', 'double', 'colon', 'dash', 'quote', 'hash', 'bom', 'marker', 'line'])) {
    case 'indent+': {
      const lineStart = text.lastIndexOf('\n', at) + 1;
      return `${text.slice(0, lineStart)} ${text.slice(lineStart)}`;
    }
    case 'indent-': {
      const lineStart = text.lastIndexOf('\n', at) + 1;
      return text[lineStart] === ' ' ? text.slice(0, lineStart) + text.slice(lineStart + 1) : text;
    }
    case 'tab':
      return `${text.slice(0, at)}\t${text.slice(at)}`;
    case 'crlf':
      return text.replaceAll('\n', '\r\n');
    case 'drop':
      return text.slice(0, at) + text.slice(at + 1);
    case 'double':
      return text.slice(0, at) + text[at] + text.slice(at);
    case 'colon':
      return `${text.slice(0, at)}: ${text.slice(at)}`;
    case 'dash':
      return `${text.slice(0, at)}- ${text.slice(at)}`;
    case 'quote':
      return `${text.slice(0, at)}${g.pick(['"', "'"])}${text.slice(at)}`;
    case 'hash':
      return `${text.slice(0, at)}${g.pick([' #', '#'])}${text.slice(at)}`;
    case 'bom':
      return `\ufeff${text}`;
    case 'marker':
      return `${text.slice(0, text.lastIndexOf('\n', at) + 1)}${g.pick(['---\n', '...\n', '--- x\n', '%YAML 1.1\n'])}${text.slice(text.lastIndexOf('\n', at) + 1)}`;
    default: {
      // A line repeated (a duplicate key, or a second entry).
      const lineStart = text.lastIndexOf('\n', at) + 1;
      const lineEnd = text.indexOf('\n', at);
      const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd + 1);
      return text.slice(0, lineStart) + line + (line.endsWith('\n') ? '' : '\n') + text.slice(lineStart);
    }
  }
}

describe('block reader: the implicit types', () => {
  it("are js-yaml's own compiled list for the kubectl schema: null, the YAML 1.1 bool, int, float", () => {
    assert.deepEqual(
      IMPLICIT_TYPES.map((type) => (type as unknown as { tag: string }).tag),
      ['tag:yaml.org,2002:null', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float'],
    );
    // The bool is schema.ts's YAML 1.1 one, in core's place.
    assert.equal(resolvePlain('yes'), true);
    assert.equal(resolvePlain('off'), false);
    assert.equal(resolvePlain('0x1F'), 31);
  });

  it('skips no scalar any resolver accepts (mayResolve false ⇒ every resolver refuses)', () => {
    // Every spelling some resolver accepts, and strings near them.
    const accepted = SCALARS.concat(KEYS, ['~', '0', '-.5', '+0b1', '0o7', '1.5e-3', '.INF', '-.inf', '.NAN']).filter((text) => text !== '' && IMPLICIT_TYPES.some((type) => type.resolve(text)));
    assert.ok(accepted.length > 40);
    // Any first character mayResolve refuses, before the rest of every accepted spelling (and of
    // the rest shortened): no resolver accepts any of these.
    const rests = new Set<string>();
    for (const text of accepted) for (let cut = 1; cut <= text.length; cut++) rests.add(text.slice(cut));
    let tried = 0;
    // Every code unit up to U+052F (ASCII, Latin, Greek, Cyrillic), every 61st one above.
    for (let code = 0; code <= 0xffff; code += code < 0x530 ? 1 : 61) {
      const first = String.fromCharCode(code);
      for (const rest of rests) {
        const text = first + rest;
        if (mayResolve(text)) continue;
        tried++;
        for (const type of IMPLICIT_TYPES) assert.equal(type.resolve(text), false, `${(type as unknown as { tag: string }).tag} accepts ${JSON.stringify(text)}`);
      }
    }
    assert.ok(tried > 100_000, `${tried}`);
    // Longer than 5 characters and starting with a letter: only int and float could, and they never start so.
    for (const text of ['nullnull', 'yesyes', 'falsee', 'offoff', 'Nginx:1', 'True  ']) {
      assert.equal(mayResolve(text), false);
      for (const type of IMPLICIT_TYPES) assert.equal(type.resolve(text), false);
    }
  });

  it('every string the resolvers accept passes mayResolve (all strings of up to 3 printable ASCII characters)', () => {
    const alphabet: string[] = [];
    for (let code = 32; code < 127; code++) alphabet.push(String.fromCharCode(code));
    let accepted = 0;
    const check = (text: string) => {
      if (IMPLICIT_TYPES.some((type) => type.resolve(text))) {
        accepted++;
        assert.ok(mayResolve(text), JSON.stringify(text));
      }
    };
    for (const a of alphabet) {
      check(a);
      for (const b of alphabet) {
        check(a + b);
        for (const c of alphabet) check(a + b + c);
      }
    }
    assert.ok(accepted > 1000);
  });
});

describe('block reader: same values as js-yaml', () => {
  it('reads every YAML file of the repository (fixtures, examples, profiles, deploy) or declines', (t) => {
    let same = 0;
    let declined = 0;
    const files = yamlFilesUnder(REPO_ROOT);
    assert.ok(files.length >= 30, `${files.length} files`);
    for (const file of files) {
      const counts = compareFile(readFileSync(file, 'utf8'), file);
      same += counts.same;
      declined += counts.declined;
    }
    t.diagnostic(`${files.length} files: ${same} documents read, ${declined} declined`);
    // Both outcomes occur: the fixtures hold block documents, which the reader reads, and documents
    // it leaves to js-yaml (CRLF line ends, a Pod written as one multi-line flow mapping).
    assert.ok(same > 0 && declined > 0, `same ${same}, declined ${declined}`);
  });

  it('reads every document of the bench corpus, none declined', async () => {
    const corpus = (await import(new URL('../../bench/corpus.mjs', import.meta.url).href)) as { documentAt: (i: number) => string };
    const documents: string[] = [];
    for (let i = 0; i < 200; i++) documents.push(corpus.documentAt(i));
    assert.deepEqual(compareFile(documents.join('---\n'), 'corpus'), { same: 200, declined: 0 });
  });

  it('reads generated block documents, and mutated ones, or declines', (t) => {
    // BLOCK_READER_FUZZ=200000 (and BLOCK_READER_SEED) for a longer run by hand.
    const g = new Random(Number(process.env.BLOCK_READER_SEED ?? 14));
    const totals = { same: 0, declined: 0 };
    for (let i = 0; i < Number(process.env.BLOCK_READER_FUZZ ?? 4000); i++) {
      const text = generateDocument(g);
      totals[compareDocument(text, `generated #${i}`)]++;
      const mutated = mutate(text, g);
      totals[compareDocument(mutated, `mutated #${i}`)]++;
      // As a stream: the loader cuts it and skips blank documents.
      if (i % 10 === 0) {
        const counts = compareFile(`${text}---\n${mutated}\n...\n${generateDocument(g)}`, `stream #${i}`);
        totals.same += counts.same;
        totals.declined += counts.declined;
      }
    }
    // Both outcomes are exercised in volume.
    t.diagnostic(JSON.stringify(totals));
    assert.ok(totals.same > 2000 && totals.declined > 1000, JSON.stringify(totals));
  });

  it('reads the spellings Kubernetes manifests use', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap # trailing comment',
      'metadata:',
      '  name: "quoted"',
      "  namespace: 'single'",
      '  labels: {}',
      'data:',
      '  010: 0o10',
      '  "010": yes',
      '  empty:',
      '  list:',
      '  - a',
      '  -',
      '  -   k: v',
      '      k2: ~',
      '  args: []',
      '  command: ["powershell", -Command, \'Write-Output "done"\']',
      '  selector: { app: web, tier: "1" }',
      '',
    ].join('\n');
    assert.equal(compareDocument(text, 'spellings'), 'same');
    assert.deepEqual(readBlockYaml(text), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'quoted', namespace: 'single', labels: {} },
      data: { '10': 8, '010': true, empty: null, list: ['a', null, { k: 'v', k2: null }], args: [], command: ['powershell', '-Command', 'Write-Output "done"'], selector: { app: 'web', tier: '1' } },
    });
  });

  it('declines what it leaves to js-yaml, so that js-yaml reports it as before', () => {
    const declined = [
      'a: 1\na: 2\n', // duplicate key: js-yaml's error
      '__proto__: x\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: >\n  text\n',
      'a: |+\n  text\n',
      'a: b\n  c\n', // multi-line plain scalar
      'a: "b\n  c"\n',
      'a: "hex\\x41"\n',
      'a:\n\tb: 1\n',
      'a: 1\r\nb: 2\r\n',
      '\ufeffa: 1\n',
      'a: [1, [2], ]\n',
      'a: {b: 1, b: 2}\n',
      '? a\n: b\n',
      '%YAML 1.1\n---\na: 1\n',
      '--- a\n',
      'just a scalar\n',
      '  a: 1\n', // indented root
      '- - a\n',
    ];
    for (const text of declined) assert.equal(readBlockYaml(text), NOT_HANDLED, JSON.stringify(text));
  });
});

/** Every pointer into a value, plus a missing child under each collection and a token past each scalar. */
function pointersOf(value: unknown, base = ''): string[] {
  const out = [base];
  if (Array.isArray(value)) {
    value.forEach((item, i) => out.push(...pointersOf(item, `${base}/${i}`)));
    out.push(`${base}/${value.length}`, `${base}/01`, `${base}/`, `${base}/-1`, `${base}/x`);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) out.push(...pointersOf(item, `${base}/${escapePointerToken(key)}`));
    out.push(`${base}/absent-field`, `${base}/0`);
  } else {
    out.push(`${base}/past-a-scalar`);
  }
  return out;
}

/**
 * Places from the reader's record against what the loader answered before: the block locator, and
 * the `yaml` library where the locator defers. Returns how many pointers were compared (0: the
 * reader left this document's positions to the locator).
 */
function comparePlaces(text: string, label: string): number {
  const read = readBlockDocument(text);
  if (read === NOT_HANDLED || read.positions === undefined) return 0;
  const locator = new BlockDocumentLocator(text);
  const lineStarts = lineStartsOf(text);
  let parsed: ((pointer: string) => { line: number; column: number }) | undefined;
  let compared = 0;
  for (const pointer of pointersOf(read.value)) {
    const offset = locator.offsetOf(pointer);
    let expected: { line: number; column: number };
    if (offset !== undefined) expected = positionOfOffset(lineStarts, offset);
    else {
      if (!parsed) {
        const doc = parseDocument(text, { version: '1.1', merge: true, prettyErrors: false });
        parsed = positionFinder(doc, doc.contents as YamlNode | null, lineStarts, '');
      }
      expected = parsed(pointer);
    }
    const place: { line: number; column: number } = read.positions.placeOf(pointer);
    assert.deepEqual({ line: place.line + 1, column: place.column + 1 }, expected, `${label}: ${pointer}\n${text}`);
    compared++;
  }
  return compared;
}

describe('block reader: places of fields, as the block locator gives them', () => {
  it('on the bench corpus and the repository files', async () => {
    const corpus = (await import(new URL('../../bench/corpus.mjs', import.meta.url).href)) as { documentAt: (i: number) => string };
    let compared = 0;
    for (let i = 0; i < 60; i++) compared += comparePlaces(corpus.documentAt(i), `corpus #${i}`);
    assert.ok(compared > 3000, `${compared}`);
    for (const file of yamlFilesUnder(REPO_ROOT)) {
      for (const chunk of splitYamlDocuments(readFileSync(file, 'utf8'))) {
        if (!isBlankDocument(chunk.text) && !mayHoldAnchors(chunk.text)) compared += comparePlaces(chunk.text, file);
      }
    }
  });

  it('on generated and mutated documents', (t) => {
    const g = new Random(Number(process.env.BLOCK_READER_SEED ?? 15));
    let compared = 0;
    let documents = 0;
    for (let i = 0; i < Number(process.env.BLOCK_READER_FUZZ ?? 4000) / 2; i++) {
      // Mostly keys the locator reads as the reader does (others make the reader leave places to it).
      const text = generateDocument(g, g.chance(0.2) ? KEYS : PLAIN_KEYS);
      for (const variant of [text, mutate(text, g)]) {
        const count = comparePlaces(variant, `generated #${i}`);
        compared += count;
        if (count > 0) documents++;
      }
    }
    t.diagnostic(`${documents} documents, ${compared} pointers`);
    assert.ok(documents > 200, `${documents}`);
  });
});
