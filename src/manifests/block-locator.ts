// A fast locator for fields of block-style YAML, the style of nearly every manifest: finds the
// offset of a JSON pointer by reading indentation, without building a syntax tree. Anything it is
// not sure of (flow collections, tags, anchors, odd keys) answers `undefined`, and the caller asks
// the full `yaml` parser instead. A test checks it against that parser on every field of a corpus.
import { unescapePointerToken } from '../util/pointer.js';

/** A line that can hold content. Its text is cut from the document only when a lookup reads it. */
class Line {
  private cut: string | undefined;

  constructor(
    readonly source: string,
    readonly start: number,
    /** Column of the first non-space character. */
    readonly indent: number,
    /** Offset after the line's last character (a trailing \r excluded). */
    readonly end: number,
  ) {}

  /** The character code at `column` (NaN past the end). */
  codeAt(column: number): number {
    const offset = this.start + column;
    return offset < this.end ? this.source.charCodeAt(offset) : Number.NaN;
  }

  /** `- item` or a lone `-`, read off the source without cutting the line. */
  get isSequenceEntry(): boolean {
    if (this.codeAt(this.indent) !== DASH) return false;
    const next = this.codeAt(this.indent + 1);
    return Number.isNaN(next) || next === SPACE;
  }

  /** The line without its indentation and without a trailing \r. */
  get content(): string {
    return (this.cut ??= this.source.slice(this.start + this.indent, this.end));
  }
}

const DASH = 45;
const SPACE = 32;
/** Lines that can hold content: not blank, not comments, not document markers. Compute once per document. */
function meaningfulLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    let end = newline === -1 ? text.length : newline;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    let indent = 0;
    while (text.charCodeAt(start + indent) === 32) indent++;
    const first = start + indent;
    const isMarker = indent === 0 && end - start === 3 && (text.startsWith('---', start) || text.startsWith('...', start));
    // Directives (`%YAML 1.2`) sit at column 0 before a document's `---`: not content.
    const isDirective = indent === 0 && text.charCodeAt(start) === 37;
    if (first < end && text.charCodeAt(first) !== 35 && !isMarker && !isDirective) lines.push(new Line(text, start, indent, end));
    if (newline === -1) break;
    start = newline + 1;
  }
  return lines;
}

/** A node's first character: line index and column. */
interface NodeStart {
  line: number;
  column: number;
}

/** `key` of a `key: value` entry starting at `text`, and where its value starts (relative), or undefined. */
function entryKey(text: string): { key: string; valueAt: number } | undefined {
  let key: string;
  let rest: number;
  const first = text.charCodeAt(0);
  if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
    const close = text.indexOf(text[0], 1);
    if (close === -1) return undefined;
    key = text.slice(1, close);
    if (key.includes('\\') || (first === SINGLE_QUOTE && text.charCodeAt(close + 1) === SINGLE_QUOTE)) return undefined;
    rest = close + 1;
    if (text.charCodeAt(rest) !== COLON) return undefined;
  } else {
    if (opensNonPlainKey(first)) return undefined;
    const colon = keyColon(text);
    if (colon <= 0) return undefined;
    key = text.slice(0, colon).trimEnd();
    if (key.includes(' #')) return undefined;
    rest = colon;
  }
  let valueAt = rest + 1;
  while (text.charCodeAt(valueAt) === SPACE) valueAt++;
  return { key, valueAt };
}

const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const COLON = 58;
const TAB = 9;

/** `[ { ! & * | > % @ \` ?`: a flow collection, tag, anchor, alias, block scalar, directive, reserved or complex key. */
function opensNonPlainKey(code: number): boolean {
  return code === 91 || code === 123 || code === 33 || code === 38 || code === 42 || code === 124 || code === 62 || code === 37 || code === 64 || code === 96 || code === 63;
}

/** Index of the first `:` followed by a space, a tab or the end of the text; -1 when there is none. */
function keyColon(text: string): number {
  for (let colon = text.indexOf(':'); colon !== -1; colon = text.indexOf(':', colon + 1)) {
    const next = text.charCodeAt(colon + 1);
    if (Number.isNaN(next) || next === SPACE || next === TAB) return colon;
  }
  return -1;
}

function isSequenceEntry(content: string): boolean {
  return content === '-' || content.startsWith('- ');
}

/** Text of the node from its start column on that line. */
function textAt(lines: readonly Line[], node: NodeStart): string {
  const line = lines[node.line];
  return line.content.slice(node.column - line.indent);
}

/**
 * The node that is the value after a key or a `- ` on `lineIndex` at `valueColumn`: inline when the
 * line goes on, else the block on the following lines. Undefined: a scalar or a style we leave to
 * the full parser.
 */
function valueNode(lines: readonly Line[], lineIndex: number, valueColumn: number, parentIndent: number, parentIsMapKey: boolean): NodeStart | 'scalar' | undefined {
  const line = lines[lineIndex];
  const rest = line.content.slice(valueColumn - line.indent);
  if (rest !== '' && !rest.startsWith('#')) {
    if (opensCollectionOrProperty(rest)) return undefined;
    if (opensBlockScalar(rest)) return 'scalar';
    if (isSequenceEntry(rest) || entryKey(rest)) return { line: lineIndex, column: valueColumn };
    return 'scalar';
  }
  const next = lines[lineIndex + 1];
  if (!next) return 'scalar';
  // A sequence may sit at the same indentation as the key that owns it.
  if (next.indent > parentIndent || (parentIsMapKey && next.indent === parentIndent && isSequenceEntry(next.content))) {
    if (opensCollectionOrProperty(next.content) || opensBlockScalar(next.content)) return undefined;
    return { line: lineIndex + 1, column: next.indent };
  }
  return 'scalar';
}

/**
 * The entries of the block nodes already looked at, per walk or locator (NodeIndexes): each
 * sequence's entry lines and each mapping's keys are read once, so finding the 50,000th container
 * (and every one before it) costs one pass over the lines instead of one pass per lookup.
 */
interface SequenceIndex {
  kind: 'sequence';
  /** Line index of each entry, in order. */
  entries: number[];
}

interface MappingIndex {
  kind: 'mapping';
  /** First entry of each key: its line and where its value starts (column). */
  keys: Map<string, { line: number; valueAt: number }>;
  /** Line index of the first entry only the full parser can read: keys after it are not known. */
  unreadableAt: number;
}

type NodeIndexes = Map<number, SequenceIndex | MappingIndex>;

function nodeKey(node: NodeStart): number {
  // Columns stay far below 2^20 in any document we read whole.
  return node.line * 1048576 + node.column;
}

function sequenceIndex(lines: readonly Line[], cache: NodeIndexes, node: NodeStart, head: string): SequenceIndex {
  const key = nodeKey(node);
  const cached = cache.get(key);
  if (cached?.kind === 'sequence') return cached;
  const entries: number[] = [];
  const column = node.column;
  for (let i = node.line; i < lines.length; i++) {
    const line = lines[i];
    const isFirst = i === node.line;
    if (!isFirst && line.indent < column) break;
    if (!isFirst && line.indent > column) continue;
    if (isFirst ? !isSequenceEntry(head) : !line.isSequenceEntry) break;
    entries.push(i);
  }
  const index: SequenceIndex = { kind: 'sequence', entries };
  cache.set(key, index);
  return index;
}

function mappingIndex(lines: readonly Line[], cache: NodeIndexes, node: NodeStart, head: string): MappingIndex {
  const key = nodeKey(node);
  const cached = cache.get(key);
  if (cached?.kind === 'mapping') return cached;
  const keys = new Map<string, { line: number; valueAt: number }>();
  let unreadableAt = Number.POSITIVE_INFINITY;
  const column = node.column;
  for (let i = node.line; i < lines.length; i++) {
    const line = lines[i];
    const isFirst = i === node.line;
    if (!isFirst && line.indent < column) break;
    if (!isFirst && line.indent > column) continue;
    // A `- ` at the keys' own indentation is the value of the key above it (compact sequence).
    if (!isFirst && line.isSequenceEntry) continue;
    const parsed = entryKey(isFirst ? head : line.content);
    if (!parsed) {
      unreadableAt = i;
      break;
    }
    if (!keys.has(parsed.key)) keys.set(parsed.key, { line: i, valueAt: column + parsed.valueAt });
  }
  const index: MappingIndex = { kind: 'mapping', keys, unreadableAt };
  cache.set(key, index);
  return index;
}

/**
 * Where a walk down the pointer stands after some of its tokens: at a node (with the offset of the
 * nearest located field so far), or done (an offset, or undefined to defer to the full parser).
 */
type WalkState = { node: NodeStart; best: number } | { done: number | undefined };

function startOfWalk(lines: readonly Line[]): WalkState {
  if (lines.length === 0) return { done: 0 };
  const first = lines[0];
  if (first.indent !== 0 && !isSequenceEntry(first.content) && !entryKey(first.content)) return { done: undefined };
  return { node: { line: 0, column: first.indent }, best: first.start + first.indent };
}

/** One token further down from `node`. */
function stepOfWalk(lines: readonly Line[], cache: NodeIndexes, node: NodeStart, best: number, token: string): WalkState {
  const head = textAt(lines, node);
  const column = node.column;
  if (isSequenceEntry(head)) {
    const index = Number(token);
    if (!Number.isInteger(index) || index < 0) return { done: best };
    const found = sequenceIndex(lines, cache, node, head).entries[index];
    if (found === undefined) return { done: best };
    const entryText = found === node.line ? head : lines[found].content;
    let inner = column + 1;
    while (entryText[inner - column] === ' ') inner++;
    const value = valueNode(lines, found, inner, column, false);
    if (value === undefined) return { done: undefined };
    // Like the full parser, an item's position is where its node starts, after the dash.
    const next = value === 'scalar' ? { line: found, column: inner } : value;
    return { node: next, best: lines[next.line].start + next.column };
  }
  const entry = entryKey(head);
  if (!entry) return { done: opensCollectionOrProperty(head) ? undefined : best };
  const mapping = mappingIndex(lines, cache, node, head);
  const found = mapping.keys.get(token);
  // A key the index never reached (after an entry only the full parser reads) is the parser's to find.
  if (!found) return { done: mapping.unreadableAt === Number.POSITIVE_INFINITY ? best : undefined };
  const keyOffset = lines[found.line].start + column;
  const value = valueNode(lines, found.line, found.valueAt, column, true);
  if (value === undefined) return { done: undefined };
  return { node: value === 'scalar' ? { line: found.line, column: found.valueAt } : value, best: keyOffset };
}

/** `|` or `>` at the start: a block scalar. */
function opensBlockScalar(text: string): boolean {
  const code = text.charCodeAt(0);
  return code === 124 || code === 62;
}

/** `[ { ! & *` at the start: a flow collection, a tag, an anchor or an alias. */
function opensCollectionOrProperty(text: string): boolean {
  const code = text.charCodeAt(0);
  return code === 91 || code === 123 || code === 33 || code === 38 || code === 42;
}

/**
 * Offset of the field at `tokens`, the nearest located ancestor when a token is missing; undefined to
 * defer. One lookup, walked from the top (the tests hold BlockDocumentLocator to its answers).
 */
export function locateInBlockYaml(text: string, tokens: readonly string[]): number | undefined {
  const lines = meaningfulLines(text);
  const cache: NodeIndexes = new Map();
  let state = startOfWalk(lines);
  for (const token of tokens) {
    if ('done' in state) return state.done;
    state = stepOfWalk(lines, cache, state.node, state.best, token);
  }
  return 'done' in state ? state.done : state.best;
}

/**
 * Walks down JSON pointers a token at a time, the walk to every pointer prefix remembered (the
 * findings of a workload share `/spec/template/spec`, its containers, …): `start` gives the walk at
 * the root, `step` one (unescaped) token further down. BlockDocumentLocator and the block reader's
 * BlockPositions answer pointers so.
 */
export abstract class PointerWalks<Walk> {
  /** Walk by pointer (escaped, as written: `/spec/containers/0`). */
  private readonly walks = new Map<string, Walk>();

  protected abstract start(): Walk;
  protected abstract step(parent: Walk, token: string): Walk;

  protected walkTo(pointer: string): Walk {
    const known = this.walks.get(pointer);
    if (known) return known;
    let walk: Walk;
    if (pointer === '') {
      walk = this.start();
    } else {
      // Tokens are escaped (`~1` for `/`), so the last `/` ends the parent's pointer.
      const slash = pointer.lastIndexOf('/');
      const parent = this.walkTo(pointer.slice(0, slash));
      const raw = pointer.slice(slash + 1);
      // Nearly no token is escaped: the two replacements only when there is a `~`.
      walk = this.step(parent, raw.includes('~') ? unescapePointerToken(raw) : raw);
    }
    this.walks.set(pointer, walk);
    return walk;
  }
}

/**
 * The block locator of one document, for many lookups: its lines are split on the first lookup, and
 * the walk to every pointer prefix is remembered (PointerWalks), as are the entries of the nodes read
 * on the way.
 */
export class BlockDocumentLocator extends PointerWalks<WalkState> {
  private lines: Line[] | undefined;
  private readonly indexes: NodeIndexes = new Map();

  constructor(private readonly text: string) {
    super();
  }

  /**
   * Offset of the field at `pointer` (a valid JSON pointer), the nearest located ancestor when a
   * token is missing; undefined to defer to the full parser. Same answers as `locateInBlockYaml`.
   */
  offsetOf(pointer: string): number | undefined {
    const state = this.walkTo(pointer);
    return 'done' in state ? state.done : state.best;
  }

  protected start(): WalkState {
    this.lines ??= meaningfulLines(this.text);
    return startOfWalk(this.lines);
  }

  protected step(parent: WalkState, token: string): WalkState {
    return 'done' in parent ? parent : stepOfWalk(this.lines as Line[], this.indexes, parent.node, parent.best, token);
  }
}
