// A fast reader for the block-style YAML that Kubernetes manifests are written in: nested `key: value`
// mappings and `- ` sequences, one-line plain and quoted scalars, comments, `[]` and `{}`. It gives
// the value `jsyaml.load(text, { schema: KUBECTL_SCHEMA })` gives, or NOT_HANDLED as soon as the
// document leaves that subset (anchors, tags, block scalars, multi-line scalars, escapes, flow
// collections with content, tabs, CRLF, odd characters, duplicate keys …), and the caller then reads
// the whole document with js-yaml as before: errors, messages and positions of odd documents stay
// exactly js-yaml's. Plain scalars are resolved by the schema's own implicit types, in js-yaml's order;
// this file only decides where a scalar starts and ends. A differential test
// (block-reader.test.ts) compares both readers on the fixtures, the bench corpus and fuzzed documents.
import type jsyaml from 'js-yaml';
import { KUBECTL_SCHEMA } from './schema.js';

/** What readBlockYaml returns for a document outside its subset. */
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

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Thrown inside the reader when the document leaves the subset; never escapes readBlockYaml. */
const DECLINE = { declined: true };

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The document's value, or NOT_HANDLED. `text` is one document as splitYamlDocuments cuts it (an
 * optional `---` line first); a blank document is the caller's to skip.
 */
export function readBlockYaml(text: string): unknown {
  if (NOT_PLAIN_ASCII.test(text) && REFUSED_CHARACTERS.test(text)) return NOT_HANDLED;
  try {
    return new BlockReader(text).document();
  } catch (error) {
    if (error === DECLINE) return NOT_HANDLED;
    throw error;
  }
}

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
      from = end + 1;
    }
    this.advanceFrom(from);
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
          if (((code === DASH || code === 46) && (text.startsWith('---', start) || text.startsWith('...', start))) || code === 37) throw DECLINE;
        }
        this.lineStart = start;
        this.indent = first - start;
        this.lineEnd = end;
        return;
      }
      start = end + 1;
    }
    this.lineStart = length;
    this.lineEnd = length;
    this.indent = -1;
  }

  private next(): void {
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
      colon = close;
      while (colon < end && text.charCodeAt(colon) === SPACE) colon++;
      if (colon >= end || text.charCodeAt(colon) !== COLON) return undefined;
      if (colon + 1 < end && text.charCodeAt(colon + 1) !== SPACE) throw DECLINE;
      key = this.quoted;
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
      key = String(resolvePlain(text.slice(at, keyEnd)));
    }
    // `__proto__` needs js-yaml's defineProperty; `<<` is a merge key.
    if (key === '__proto__' || key === '<<') throw DECLINE;
    let value = colon + 1;
    while (value < end && text.charCodeAt(value) === SPACE) value++;
    this.valueAt = value;
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
      // Escapes are js-yaml's to read.
      if (content.includes('\\')) throw DECLINE;
      this.quoted = content;
      return close + 1;
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
      if (text.charCodeAt(at + 1) !== (first === OPEN_BRACKET ? CLOSE_BRACKET : CLOSE_BRACE)) throw DECLINE;
      this.expectLineEnd(at + 2);
      return first === OPEN_BRACKET ? [] : {};
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

  /** Only spaces, then the line's end or a comment, from `at`. */
  private expectLineEnd(at: number): void {
    const text = this.text;
    let p = at;
    while (p < this.lineEnd && text.charCodeAt(p) === SPACE) p++;
    if (p < this.lineEnd && !(text.charCodeAt(p) === HASH && p > at)) throw DECLINE;
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
    const value = this.scalarAt(at);
    this.next();
    // A more indented line after a scalar continues it (a multi-line scalar) or is an error.
    if (this.indent > parentIndent) throw DECLINE;
    return value;
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
    let key = firstKey;
    for (;;) {
      // A duplicate key is an error: js-yaml says so, at its place.
      if (hasOwn.call(result, key)) throw DECLINE;
      result[key] = this.valueAfter(this.valueAt, indent, true);
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
    for (;;) {
      let at = this.lineStart + indent + 1;
      while (at < this.lineEnd && text.charCodeAt(at) === SPACE) at++;
      if (at < this.lineEnd && text.charCodeAt(at) !== HASH) {
        // `- - a`: a sequence in a sequence, js-yaml's.
        if (this.isSequenceEntry(at)) throw DECLINE;
        const key = this.keyAt(at);
        result.push(key === undefined ? this.valueAfter(at, indent, false) : this.mapping(at - this.lineStart, key));
      } else {
        const value = this.valueAfter(at, indent, false);
        result.push(value);
        // js-yaml reads a `- ` right after an empty entry as this sequence's next entry whatever its
        // indentation: that reading is js-yaml's to give.
        if (value === null && this.indent < indent && !this.atEnd() && this.isSequenceEntry(this.lineStart + this.indent)) throw DECLINE;
      }
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
