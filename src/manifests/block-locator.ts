// A fast locator for fields of block-style YAML, the style of nearly every manifest: finds the
// offset of a JSON pointer by reading indentation, without building a syntax tree. Anything it is
// not sure of (flow collections, tags, anchors, odd keys) answers `undefined`, and the caller asks
// the full `yaml` parser instead. A test checks it against that parser on every field of a corpus.

/** A line that can hold content. Its text is cut from the document only when a lookup reads it. */
export class Line {
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
export function meaningfulLines(text: string): Line[] {
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
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, 1);
    if (close === -1) return undefined;
    key = text.slice(1, close);
    if (key.includes('\\') || (quote === "'" && text[close + 1] === "'")) return undefined;
    rest = close + 1;
    if (text[rest] !== ':') return undefined;
  } else {
    if (/^[[{!&*|>%@`?]/.test(text)) return undefined;
    const colon = text.search(/:(?:[ \t]|$)/);
    if (colon <= 0) return undefined;
    key = text.slice(0, colon).trimEnd();
    if (key.includes(' #')) return undefined;
    rest = colon;
  }
  let valueAt = rest + 1;
  while (text[valueAt] === ' ') valueAt++;
  return { key, valueAt };
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
    if (/^[[{!&*]/.test(rest)) return undefined;
    if (/^[|>]/.test(rest)) return 'scalar';
    if (isSequenceEntry(rest) || entryKey(rest)) return { line: lineIndex, column: valueColumn };
    return 'scalar';
  }
  const next = lines[lineIndex + 1];
  if (!next) return 'scalar';
  // A sequence may sit at the same indentation as the key that owns it.
  if (next.indent > parentIndent || (parentIsMapKey && next.indent === parentIndent && isSequenceEntry(next.content))) {
    if (/^[[{!&*|>]/.test(next.content)) return undefined;
    return { line: lineIndex + 1, column: next.indent };
  }
  return 'scalar';
}

/** Offset of the field at `tokens`, the nearest located ancestor when a token is missing; undefined to defer. */
export function locateInBlockYaml(text: string, tokens: readonly string[]): number | undefined {
  return locateInBlockLines(meaningfulLines(text), tokens);
}

/**
 * The entries of the block nodes already looked at, per document's lines: each sequence's entry
 * lines and each mapping's keys are read once, so finding the 50,000th container (and every one
 * before it) costs one pass over the lines instead of one pass per lookup.
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

const indexes = new WeakMap<readonly Line[], Map<number, SequenceIndex | MappingIndex>>();

function nodeKey(node: NodeStart): number {
  // Columns stay far below 2^20 in any document we read whole.
  return node.line * 1048576 + node.column;
}

function indexesOf(lines: readonly Line[]): Map<number, SequenceIndex | MappingIndex> {
  let map = indexes.get(lines);
  if (!map) indexes.set(lines, (map = new Map()));
  return map;
}

function sequenceIndex(lines: readonly Line[], node: NodeStart, head: string): SequenceIndex {
  const cache = indexesOf(lines);
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

function mappingIndex(lines: readonly Line[], node: NodeStart, head: string): MappingIndex {
  const cache = indexesOf(lines);
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

/** `locateInBlockYaml` over lines already split by `meaningfulLines`. */
export function locateInBlockLines(lines: readonly Line[], tokens: readonly string[]): number | undefined {
  if (lines.length === 0) return 0;
  const first = lines[0];
  if (first.indent !== 0 && !isSequenceEntry(first.content) && !entryKey(first.content)) return undefined;
  let node: NodeStart = { line: 0, column: first.indent };
  let best = first.start + first.indent;
  for (const token of tokens) {
    const head = textAt(lines, node);
    const column = node.column;
    if (isSequenceEntry(head)) {
      const index = Number(token);
      if (!Number.isInteger(index) || index < 0) return best;
      const found = sequenceIndex(lines, node, head).entries[index];
      if (found === undefined) return best;
      const entryText = found === node.line ? head : lines[found].content;
      let inner = column + 1;
      while (entryText[inner - column] === ' ') inner++;
      const value = valueNode(lines, found, inner, column, false);
      if (value === undefined) return undefined;
      // Like the full parser, an item's position is where its node starts, after the dash.
      node = value === 'scalar' ? { line: found, column: inner } : value;
      best = lines[node.line].start + node.column;
      continue;
    }
    const entry = entryKey(head);
    if (!entry) return /^[[{!&*]/.test(head) ? undefined : best;
    const mapping = mappingIndex(lines, node, head);
    const found = mapping.keys.get(token);
    // A key the index never reached (after an entry only the full parser reads) is the parser's to find.
    if (!found) return mapping.unreadableAt === Number.POSITIVE_INFINITY ? best : undefined;
    best = lines[found.line].start + column;
    const value = valueNode(lines, found.line, found.valueAt, column, true);
    if (value === undefined) return undefined;
    if (value === 'scalar') node = { line: found.line, column: found.valueAt };
    else node = value;
  }
  return best;
}
