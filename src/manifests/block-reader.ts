// A fast reader for the block-style YAML that Kubernetes manifests are written in: nested `key: value`
// mappings and `- ` sequences, one-line plain and quoted scalars (simple escapes), literal block
// scalars (`|`, `|-`), one-line flow collections, comments. It gives the value
// `jsyaml.load(text, { schema: KUBECTL_SCHEMA })` gives, or NOT_HANDLED as soon as the document
// leaves that subset (anchors, tags, folded scalars, plain and quoted scalars or flow collections
// over several lines, other escapes, tabs, CRLF, odd characters, duplicate keys …), and the caller
// then reads the whole document with js-yaml as before: errors, messages and positions of odd
// documents stay exactly js-yaml's. Plain scalars are resolved by the schema's own implicit types,
// in js-yaml's order; this file only decides where a scalar starts and ends. A differential test
// (block-reader.test.ts) compares both readers on the repository's YAML files, the bench corpus and
// fuzzed documents.
import type jsyaml from 'js-yaml';
import { PointerWalks } from './block-locator.js';
import { KUBECTL_SCHEMA } from './schema.js';

/** What readBlockYaml and readBlockDocument return for a document outside the reader's subset. */
export const NOT_HANDLED: unique symbol = Symbol('not handled by the block reader');

/**
 * The implicit types js-yaml's loader tries on every untagged plain scalar, in its order
 * (`state.implicitTypes = schema.compiledImplicit`): null, the YAML 1.1 bool, int, float.
 */
export const IMPLICIT_TYPES: readonly jsyaml.Type[] = (KUBECTL_SCHEMA as unknown as { compiledImplicit: jsyaml.Type[] }).compiledImplicit;

/**
 * False when no implicit type can accept `text` (a non-empty plain scalar): ints and floats start
 * with a digit, a sign or a dot; null (`~`, `null`) and the booleans (`y`, `off`, `false` …) are at
 * most 5 characters and start with one of `~nNyYoOtTfF`. Most scalars (`nginx`, `app-3`,
 * `mcr.microsoft.com/…`) thus skip the resolvers. A test holds this against the resolvers themselves.
 */
export function mayResolve(text: string): boolean {
  const c = text.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) return true; // 0-9 - + .
  if (text.length > 5) return false;
  // ~ n N y Y o O t T f F
  return c === 126 || c === 110 || c === 78 || c === 121 || c === 89 || c === 111 || c === 79 || c === 116 || c === 84 || c === 102 || c === 70;
}

/** The value of an untagged plain scalar, as js-yaml's composeNode resolves it. */
export function resolvePlain(text: string): unknown {
  if (!mayResolve(text)) return text;
  for (const type of IMPLICIT_TYPES) if (type.resolve(text)) return type.construct(text);
  return text;
}

/** Anything but a newline and printable ASCII: the document is looked at more closely. */
const NOT_PLAIN_ASCII = /[^\n\x20-\x7e]/;
/**
 * Characters the reader leaves to js-yaml: tabs and carriage returns (indentation and line-break
 * rules), control characters, C1 controls (incl. NEL), Unicode line separators, BOMs, non-characters
 * and surrogates.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const REFUSED_CHARACTERS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;

/** Nested collections deeper than this go to js-yaml (its own limit is 100 nodes deep). */
const MAX_DEPTH = 40;
/** Flow collections nested deeper than this, inside one line: js-yaml's. */
const MAX_FLOW_DEPTH = 8;

const SPACE = 32;
const HASH = 35;
const PERCENT = 37;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const QUESTION = 63;
const PIPE = 124;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** The escapes of double-quoted scalars the reader reads itself, as js-yaml's simpleEscapeSequence does. */
const SIMPLE_ESCAPES = new Map<number, string>([
  [92, '\\'],
  [34, '"'],
  [47, '/'],
  [110, '\n'],
  [116, '\t'],
  [114, '\r'],
]);

/** Thrown inside the reader when the document leaves the subset; never escapes readBlockYaml. */
const DECLINE = { declined: true };

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The document's value, or NOT_HANDLED. `text` is one document as splitYamlDocuments cuts it (an
 * optional `---` line first); a blank document is the caller's to skip.
 */
export function readBlockYaml(text: string): unknown {
  const read = readBlockDocument(text);
  return read === NOT_HANDLED ? NOT_HANDLED : read.value;
}

/**
 * The document's value and, when the block locator would read every field of it the same way, the
 * places of its fields (BlockPositions), recorded during the same scan; or NOT_HANDLED.
 */
export function readBlockDocument(text: string): { value: unknown; positions: BlockPositions | undefined } | typeof NOT_HANDLED {
  if (NOT_PLAIN_ASCII.test(text) && REFUSED_CHARACTERS.test(text)) return NOT_HANDLED;
  const reader = new BlockReader(text);
  let value: unknown;
  try {
    value = reader.document();
  } catch (error) {
    if (error === DECLINE) return NOT_HANDLED;
    throw error;
  }
  return { value, positions: reader.locatable ? new BlockPositions(reader.record, reader.rootPlace) : undefined };
}

/** Slots per entry in BlockReader.record: key (null for a sequence item), place, end of its subtree. */
const SLOTS = 3;
/** A place packed in one number: 0-based line in the document times 2^21, plus the 0-based column. */
const LINE_UNIT = 2097152;

class BlockReader {
  /** Start of the current line (a line with content: not blank, not a comment). */
  private lineStart = 0;
  /** Its indentation; -1 at the end of the document. */
  private indent = -1;
  /** Its end (the offset of its newline, or the text's length). */
  private lineEnd = 0;
  /** Where the value after the last key read starts (spaces after the colon skipped). */
  private valueAt = 0;
  private depth = 0;
  /** 0-based line of the current line in the document. */
  private line = 0;
  /**
   * The entries of every mapping and sequence in document order (a parent's entry before its
   * value's entries), SLOTS numbers each: the key (null for a sequence item), where the block
   * locator places it (the key; an item's node), the record index after its value's entries.
   */
  readonly record: (string | number | null)[] = [];
  /** Where the root node starts. */
  rootPlace = 0;
  /**
   * False when the block locator might place some field differently (or defer to the `yaml`
   * library): keys it reads another way, `[]` / `{}` values, a marker line with more than `---`;
   * the caller then keeps the locator for this document.
   */
  locatable = true;

  constructor(private readonly text: string) {}

  document(): unknown {
    const text = this.text;
    let from = 0;
    if (text.startsWith('---')) {
      const end = this.endOfLine(0);
      let p = 3;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      // `--- # comment` or a bare `---`; `--- value`, `--- !tag`, `--- |` are js-yaml's.
      if (p < end && !(text.charCodeAt(p) === HASH && p > 3)) throw DECLINE;
      // The locator skips a marker line only when it is exactly `---`.
      if (end !== 3) this.locatable = false;
      from = end + 1;
      this.line = 1;
    }
    this.advanceFrom(from);
    this.rootPlace = this.line * LINE_UNIT;
    if (this.indent !== 0) throw DECLINE;
    const content = this.lineStart;
    let value: unknown;
    if (this.isSequenceEntry(content)) {
      value = this.sequence(0);
    } else {
      const key = this.keyAt(content);
      if (key === undefined) throw DECLINE;
      value = this.mapping(0, key);
    }
    // More content after the root node: js-yaml's error to report.
    if (!this.atEnd()) throw DECLINE;
    return value;
  }

  private atEnd(): boolean {
    return this.indent === -1;
  }

  private endOfLine(from: number): number {
    const newline = this.text.indexOf('\n', from);
    return newline === -1 ? this.text.length : newline;
  }

  /** Moves to the first line with content at or after `from` (a line start). */
  private advanceFrom(from: number): void {
    const text = this.text;
    const length = text.length;
    let start = from;
    while (start < length) {
      const end = this.endOfLine(start);
      let first = start;
      while (first < end && text.charCodeAt(first) === SPACE) first++;
      if (first < end && text.charCodeAt(first) !== HASH) {
        if (first === start) {
          const code = text.charCodeAt(start);
          // A `---`/`...` line, or text that starts like one, or a directive: js-yaml's to read.
          if (((code === DASH || code === DOT) && (text.startsWith('---', start) || text.startsWith('...', start))) || code === PERCENT) throw DECLINE;
        }
        this.lineStart = start;
        this.indent = first - start;
        this.lineEnd = end;
        return;
      }
      start = end + 1;
      this.line++;
    }
    this.lineStart = length;
    this.lineEnd = length;
    this.indent = -1;
  }

  private next(): void {
    this.line++;
    this.advanceFrom(this.lineEnd + 1);
  }

  /** `-` followed by a space or the line's end, at `at`. */
  private isSequenceEntry(at: number): boolean {
    if (this.text.charCodeAt(at) !== DASH) return false;
    return at + 1 === this.lineEnd || this.text.charCodeAt(at + 1) === SPACE;
  }

  /**
   * The key of a `key: value` entry at `at` on the current line (resolved and made a string, as
   * js-yaml's storeMappingPair does), with `valueAt` set; undefined when the text there is not a key.
   */
  private keyAt(at: number): string | undefined {
    const text = this.text;
    const end = this.lineEnd;
    const first = text.charCodeAt(at);
    let key: string;
    let colon: number;
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      const close = this.quotedEnd(at);
      colon = this.skipSpaces(close);
      if (colon >= end || text.charCodeAt(colon) !== COLON) return undefined;
      if (colon + 1 < end && text.charCodeAt(colon + 1) !== SPACE) throw DECLINE;
      key = this.quoted;
      // The locator reads a quoted key only with its colon right after it, and no `''` in it.
      if (colon !== close || (first === SINGLE_QUOTE && text.indexOf("''", at) < close)) this.locatable = false;
    } else {
      // `[`, `{`, `&`, `!`, `|` …: not a plain key (scalarAt declines what it cannot read).
      if (!mayStartPlain(text, at, end)) return undefined;
      colon = -1;
      for (let i = at + 1; i < end; i++) {
        const code = text.charCodeAt(i);
        if (code === HASH && text.charCodeAt(i - 1) === SPACE) return undefined; // a comment first
        if (code === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) {
          colon = i;
          break;
        }
      }
      if (colon === -1) return undefined;
      let keyEnd = colon;
      while (text.charCodeAt(keyEnd - 1) === SPACE) keyEnd--;
      const raw = text.slice(at, keyEnd);
      key = String(resolvePlain(raw));
      // Pointers name keys as resolved (`1.0` → `1`), the locator finds them as written; a key like
      // `12` comes first in Object.keys; `?x` the locator leaves to the `yaml` library; it trims
      // Unicode spaces too.
      if (key !== raw || first === QUESTION || (first >= 48 && first <= 57) || key.charCodeAt(key.length - 1) > 126) this.locatable = false;
    }
    // `__proto__` needs js-yaml's defineProperty; `<<` is a merge key.
    if (key === '__proto__' || key === '<<') throw DECLINE;
    this.valueAt = this.skipSpaces(colon + 1);
    return key;
  }

  /** The content of the last quoted scalar read by quotedEnd. */
  private quoted = '';

  /** Reads a one-line quoted scalar at `at` into `quoted`; returns the offset after its closing quote. */
  private quotedEnd(at: number): number {
    const text = this.text;
    const end = this.lineEnd;
    if (text.charCodeAt(at) === DOUBLE_QUOTE) {
      const close = text.indexOf('"', at + 1);
      if (close === -1 || close >= end) throw DECLINE;
      const content = text.slice(at + 1, close);
      if (!content.includes('\\')) {
        this.quoted = content;
        return close + 1;
      }
      return this.escapedEnd(at);
    }
    let from = at + 1;
    let doubled = false;
    for (;;) {
      const close = text.indexOf("'", from);
      if (close === -1 || close >= end) throw DECLINE;
      if (text.charCodeAt(close + 1) === SINGLE_QUOTE && close + 1 < end) {
        doubled = true;
        from = close + 2;
        continue;
      }
      const content = text.slice(at + 1, close);
      this.quoted = doubled ? content.replaceAll("''", "'") : content;
      return close + 1;
    }
  }

  /**
   * A one-line double-quoted scalar with escapes at `at`, into `quoted`; returns the offset after
   * its closing quote. Only `\\`, `\"`, `\/`, `\n`, `\t` and `\r` (a Windows account:
   * `"NT AUTHORITY\\SYSTEM"`); any other escape, and an escaped line break, are js-yaml's.
   */
  private escapedEnd(at: number): number {
    const text = this.text;
    const end = this.lineEnd;
    let out = '';
    let from = at + 1;
    for (let p = from; p < end; p++) {
      const code = text.charCodeAt(p);
      if (code === DOUBLE_QUOTE) {
        this.quoted = out + text.slice(from, p);
        // The locator reads quoted text without unescaping it: keep it for this document.
        this.locatable = false;
        return p + 1;
      }
      if (code !== BACKSLASH) continue;
      const escaped = SIMPLE_ESCAPES.get(text.charCodeAt(p + 1));
      if (escaped === undefined || p + 1 >= end) throw DECLINE;
      out += text.slice(from, p) + escaped;
      p++;
      from = p + 1;
    }
    throw DECLINE;
  }

  /** A one-line scalar (or `[]`, `{}`) at `at`, up to the line's end or a comment. */
  private scalarAt(at: number): unknown {
    const text = this.text;
    const end = this.lineEnd;
    const first = text.charCodeAt(at);
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      const after = this.quotedEnd(at);
      this.expectLineEnd(after);
      return this.quoted;
    }
    if (first === OPEN_BRACKET || first === OPEN_BRACE) {
      // The locator leaves flow collections to the `yaml` library.
      this.locatable = false;
      return this.flowAt(at);
    }
    if (!mayStartPlain(text, at, end)) throw DECLINE;
    let scalarEnd = end;
    for (let i = at + 1; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code === HASH && text.charCodeAt(i - 1) === SPACE) {
        scalarEnd = i;
        break;
      }
      // `a: b: c` and `- a: b:` are errors or nested keys: js-yaml's.
      if (code === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) throw DECLINE;
    }
    while (text.charCodeAt(scalarEnd - 1) === SPACE) scalarEnd--;
    return resolvePlain(text.slice(at, scalarEnd));
  }

  /**
   * A flow collection that opens and closes on this line: `[a, "b", 3]`, `{ app: web, tier: "1" }`,
   * `{matchLabels: {app: web}}`, `[{port: 80}]`. Empty entries, a trailing comma, `{a}`, `[a: b]`,
   * collections as keys, comments inside, JSON-style `"a":b`: js-yaml's.
   */
  private flowAt(at: number): unknown[] | Record<string, unknown> {
    const value = this.flowCollection(at, 1);
    // From the closing bracket: a comment needs a space before it.
    let after = this.flowEnd;
    while (this.text.charCodeAt(after - 1) === SPACE) after--;
    this.expectLineEnd(after);
    return value;
  }

  /** The flow collection at `at`, `depth` flow levels deep; sets flowEnd after it (and its spaces). */
  private flowCollection(at: number, depth: number): unknown[] | Record<string, unknown> {
    if (depth > MAX_FLOW_DEPTH) throw DECLINE;
    const text = this.text;
    const isMapping = text.charCodeAt(at) === OPEN_BRACE;
    const close = isMapping ? CLOSE_BRACE : CLOSE_BRACKET;
    const sequence: unknown[] = [];
    const mapping: Record<string, unknown> = {};
    let p = this.skipSpaces(at + 1);
    if (p < this.lineEnd && text.charCodeAt(p) === close) {
      this.flowEnd = this.skipSpaces(p + 1);
      return isMapping ? mapping : sequence;
    }
    for (;;) {
      if (isMapping) {
        const key = this.flowScalar(p, close, true);
        if (typeof key !== 'string' || this.flowEnd >= this.lineEnd || text.charCodeAt(this.flowEnd) !== COLON || text.charCodeAt(this.flowEnd + 1) !== SPACE) throw DECLINE;
        if (key === '__proto__' || key === '<<' || hasOwn.call(mapping, key)) throw DECLINE;
        mapping[key] = this.flowValue(this.skipSpaces(this.flowEnd + 1), close, depth);
      } else {
        sequence.push(this.flowValue(p, close, depth));
      }
      p = this.flowEnd;
      const code = text.charCodeAt(p);
      if (p < this.lineEnd && code === close) break;
      if (p >= this.lineEnd || code !== COMMA) throw DECLINE;
      p = this.skipSpaces(p + 1);
      if (p >= this.lineEnd || text.charCodeAt(p) === close) throw DECLINE;
    }
    this.flowEnd = this.skipSpaces(p + 1);
    return isMapping ? mapping : sequence;
  }

  /** A value inside a flow collection: a nested collection or a scalar. */
  private flowValue(at: number, close: number, depth: number): unknown {
    const code = this.text.charCodeAt(at);
    if (at < this.lineEnd && (code === OPEN_BRACKET || code === OPEN_BRACE)) return this.flowCollection(at, depth + 1);
    return this.flowScalar(at, close, false);
  }

  /** Where the last flowScalar ended (spaces after it skipped). */
  private flowEnd = 0;

  /**
   * A scalar inside a flow collection at `at`: quoted, or plain up to `,` or the closing bracket
   * (a key: up to `: `). Returns it resolved (a key: made a string) and sets flowEnd.
   */
  private flowScalar(at: number, close: number, isKey: boolean): unknown {
    const text = this.text;
    const end = this.lineEnd;
    const first = text.charCodeAt(at);
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      this.flowEnd = this.skipSpaces(this.quotedEnd(at));
      return this.quoted;
    }
    if (at >= end || !mayStartPlain(text, at, end) || first === COMMA) throw DECLINE;
    const second = text.charCodeAt(at + 1);
    if ((first === DASH || first === QUESTION || first === COLON) && (second === COMMA || second === close)) throw DECLINE;
    let q = at;
    for (; q < end; q++) {
      const code = text.charCodeAt(q);
      if (code === COMMA || code === close) break;
      if (code === OPEN_BRACKET || code === CLOSE_BRACKET || code === OPEN_BRACE || code === CLOSE_BRACE) throw DECLINE;
      if (code === HASH && text.charCodeAt(q - 1) === SPACE) throw DECLINE;
      if (code === COLON) {
        const next = text.charCodeAt(q + 1);
        if (next === SPACE && isKey) break;
        if (q + 1 >= end || next === SPACE || next === COMMA || next === CLOSE_BRACKET || next === CLOSE_BRACE) throw DECLINE;
      }
    }
    let scalarEnd = q;
    while (text.charCodeAt(scalarEnd - 1) === SPACE) scalarEnd--;
    if (scalarEnd <= at) throw DECLINE;
    this.flowEnd = q;
    const value = resolvePlain(text.slice(at, scalarEnd));
    return isKey ? String(value) : value;
  }

  private skipSpaces(from: number): number {
    let p = from;
    while (p < this.lineEnd && this.text.charCodeAt(p) === SPACE) p++;
    return p;
  }

  /** Only spaces, then the line's end or a comment, from `at`. */
  private expectLineEnd(at: number): void {
    const p = this.skipSpaces(at);
    if (p < this.lineEnd && !(this.text.charCodeAt(p) === HASH && p > at)) throw DECLINE;
  }

  /**
   * The value that starts at `at` on the current line (after a key's colon or a `- `), or on the next
   * lines when the line ends there; `parentIndent` is the indentation of the mapping or sequence that
   * holds it. Leaves the reader on the line after the value.
   */
  private valueAfter(at: number, parentIndent: number, inMapping: boolean): unknown {
    if (at >= this.lineEnd || this.text.charCodeAt(at) === HASH) {
      this.next();
      if (this.indent > parentIndent) return this.nested();
      // A sequence may sit at its key's own indentation.
      if (inMapping && this.indent === parentIndent && this.isSequenceEntry(this.lineStart + parentIndent)) return this.sequence(parentIndent);
      return null;
    }
    if (this.text.charCodeAt(at) === PIPE) return this.literalAt(at, parentIndent);
    const value = this.scalarAt(at);
    this.next();
    // A more indented line after a scalar continues it (a multi-line scalar) or is an error.
    if (this.indent > parentIndent) throw DECLINE;
    return value;
  }

  /**
   * A literal block scalar (`|` or `|-`, no indentation indicator) whose lines start at `at`'s line:
   * its lines joined, less their common indentation (that of the first, more than one column past
   * `parentIndent`), with one final newline (`|`) or none (`|-`). Blank lines before the first line
   * or holding spaces, `|+`, `>` and an empty scalar: js-yaml's. Leaves the reader on the line after.
   */
  private literalAt(at: number, parentIndent: number): string {
    const text = this.text;
    let p = at + 1;
    const strip = text.charCodeAt(p) === DASH;
    if (strip) p++;
    this.expectLineEnd(p);
    // The locator places fields around block scalars by its own reading: keep it for this document.
    this.locatable = false;
    const length = text.length;
    let start = this.lineEnd + 1;
    let line = this.line + 1;
    let blockIndent = -1;
    let content = '';
    let lines = 0;
    let blankLines = 0;
    while (start < length) {
      const end = this.endOfLine(start);
      if (end === start) {
        if (blockIndent === -1) throw DECLINE;
        blankLines++;
      } else {
        let first = start;
        while (first < end && text.charCodeAt(first) === SPACE) first++;
        if (first === end) throw DECLINE; // a line of spaces only
        const indent = first - start;
        if (blockIndent === -1) {
          if (indent <= parentIndent + 1) throw DECLINE;
          blockIndent = indent;
        } else if (indent < blockIndent) break;
        const lineText = text.slice(start + blockIndent, end);
        content = lines === 0 ? lineText : content + '\n'.repeat(blankLines + 1) + lineText;
        lines++;
        blankLines = 0;
      }
      start = end + 1;
      line++;
    }
    if (blockIndent === -1) throw DECLINE;
    this.line = line;
    this.advanceFrom(start);
    if (this.indent > parentIndent) throw DECLINE;
    return strip ? content : `${content}\n`;
  }

  /** A block mapping or sequence that starts on the current line. */
  private nested(): unknown {
    const at = this.lineStart + this.indent;
    if (this.isSequenceEntry(at)) return this.sequence(this.indent);
    const key = this.keyAt(at);
    // A scalar on the line after its key, or anything else: js-yaml's.
    if (key === undefined) throw DECLINE;
    return this.mapping(this.indent, key);
  }

  /** The mapping at `indent` whose first key (on the current line) has just been read. */
  private mapping(indent: number, firstKey: string): Record<string, unknown> {
    if (++this.depth > MAX_DEPTH) throw DECLINE;
    const result: Record<string, unknown> = {};
    const record = this.record;
    let key = firstKey;
    for (;;) {
      // A duplicate key is an error: js-yaml says so, at its place.
      if (hasOwn.call(result, key)) throw DECLINE;
      const entry = record.length;
      record.push(key, this.line * LINE_UNIT + indent, 0);
      result[key] = this.valueAfter(this.valueAt, indent, true);
      record[entry + 2] = record.length;
      if (this.indent < indent) break;
      if (this.indent > indent) throw DECLINE;
      const at = this.lineStart + indent;
      if (this.isSequenceEntry(at)) throw DECLINE;
      const nextKey = this.keyAt(at);
      if (nextKey === undefined) throw DECLINE;
      key = nextKey;
    }
    this.depth--;
    return result;
  }

  /** The sequence whose first `- ` is on the current line at `indent`. */
  private sequence(indent: number): unknown[] {
    if (++this.depth > MAX_DEPTH) throw DECLINE;
    const text = this.text;
    const result: unknown[] = [];
    const record = this.record;
    for (;;) {
      const at = this.skipSpaces(this.lineStart + indent + 1);
      // An item is placed where its node starts: after the dash, or on the next line.
      const entry = record.length;
      const dashLine = this.line;
      record.push(null, dashLine * LINE_UNIT + (at - this.lineStart), 0);
      if (at < this.lineEnd && text.charCodeAt(at) !== HASH) {
        // `- - a`: a sequence in a sequence, js-yaml's.
        if (this.isSequenceEntry(at)) throw DECLINE;
        const key = this.keyAt(at);
        result.push(key === undefined ? this.valueAfter(at, indent, false) : this.mapping(at - this.lineStart, key));
      } else {
        // Nothing after the dash: a block on the next lines (placed at its start), or null.
        let value: unknown = null;
        this.next();
        if (this.indent > indent) {
          record[entry + 1] = this.line * LINE_UNIT + this.indent;
          value = this.nested();
        }
        result.push(value);
        // js-yaml reads a `- ` right after an empty entry as this sequence's next entry whatever its
        // indentation: that reading is js-yaml's to give.
        if (value === null && this.indent < indent && !this.atEnd() && this.isSequenceEntry(this.lineStart + this.indent)) throw DECLINE;
      }
      record[entry + 2] = record.length;
      if (this.indent < indent) break;
      if (this.indent > indent) throw DECLINE;
      if (!this.isSequenceEntry(this.lineStart + indent)) break;
    }
    this.depth--;
    return result;
  }
}

/**
 * True when a plain scalar may start at `at`: not an indicator (`[ ] { } , # & * ! | > ' " % @` and
 * the backquote), and `-`, `?`, `:` only when a non-space follows (`-1`, `-Xmx1g`).
 */
function mayStartPlain(text: string, at: number, end: number): boolean {
  const code = text.charCodeAt(at);
  switch (code) {
    case 91: case 93: case 123: case 125: case 44: case 35: case 38: case 42: case 33: case 124: case 62: case 39: case 34: case 37: case 64: case 96:
      return false;
    case 45: case 63: case 58:
      return at + 1 < end && text.charCodeAt(at + 1) !== SPACE;
    default:
      return true;
  }
}

/** Where a walk down a pointer stands: the entries of a node (record indexes), or done. */
interface PlaceWalk {
  /** Record index of the node's first entry, and after its last; equal for a scalar. */
  from: number;
  to: number;
  /** The place of the deepest field found so far. */
  best: number;
}

/**
 * The places of a document's fields, as BlockDocumentLocator gives them (a map entry at its key, a
 * sequence item where its node starts, a missing field at its nearest ancestor), from the record the
 * reader made: no second scan of the text. Walks to pointer prefixes are remembered (PointerWalks).
 */
export class BlockPositions extends PointerWalks<PlaceWalk> {
  constructor(
    private readonly record: readonly (string | number | null)[],
    private readonly rootPlace: number,
  ) {
    super();
  }

  /** 0-based line and column in the document of the field at `pointer` (a JSON pointer). */
  placeOf(pointer: string): { line: number; column: number } {
    const place = this.walkTo(pointer).best;
    const line = Math.floor(place / LINE_UNIT);
    return { line, column: place - line * LINE_UNIT };
  }

  protected start(): PlaceWalk {
    return { from: 0, to: this.record.length, best: this.rootPlace };
  }

  /** One token down from `walk`; a missing field (or a token into a scalar) stays at `best`. */
  protected step(walk: PlaceWalk, token: string): PlaceWalk {
    const record = this.record;
    const { from, to } = walk;
    const done = { from: 0, to: 0, best: walk.best };
    if (from >= to) return done;
    let entry = from;
    if (record[from] === null) {
      // A sequence: the locator (and the `yaml` library) read the token with Number().
      const index = Number(token);
      if (!Number.isInteger(index) || index < 0) return done;
      for (let i = 0; i < index; i++) {
        entry = record[entry + 2] as number;
        if (entry >= to) return done;
      }
    } else {
      while (record[entry] !== token) {
        entry = record[entry + 2] as number;
        if (entry >= to) return done;
      }
    }
    return { from: entry + SLOTS, to: record[entry + 2] as number, best: record[entry + 1] as number };
  }
}
