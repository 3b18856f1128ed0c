// Splitting a YAML stream into its documents without parsing it. A line that starts with `---` or
// `...` followed by a space or the line's end is always a document marker: YAML 1.2 §9.1.4
// (c-forbidden) keeps such a line out of every scalar, so this split agrees with a full parser.
import { lineStartsOf, positionOfOffset } from './positions.js';

export interface DocumentChunk {
  /** Offset of the chunk in the file (the marker line, if any, belongs to the chunk). */
  start: number;
  /** 0-based line of `start` in the file, so that positions inside the chunk need no table of the whole file. */
  line: number;
  text: string;
}

const MARKER = /^(?:---|\.\.\.)(?=[ \t]|\r?$)/;

export function splitYamlDocuments(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  let chunkStart = 0;
  let chunkLine = 0;
  let lineStart = 0;
  let line = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const first = text.charCodeAt(lineStart);
    // Cheap test first: only lines starting with '-' or '.' can be markers.
    if ((first === 45 || first === 46) && MARKER.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 5)))) {
      const isEnd = first === 46;
      // Directives (`%YAML 1.2`) belong to the document whose `---` follows them: keep them together.
      const directivesOnly = !isEnd && holdsDirectives(text, chunkStart, lineStart);
      if (directivesOnly) {
        if (newline === -1) break;
        lineStart = newline + 1;
        line++;
        continue;
      }
      if (lineStart > chunkStart) chunks.push({ start: chunkStart, line: chunkLine, text: text.slice(chunkStart, lineStart) });
      // `...` ends a document; the next starts after it. `---` starts one, on its own line.
      chunkStart = isEnd ? (newline === -1 ? text.length : newline + 1) : lineStart;
      chunkLine = isEnd ? line + 1 : line;
    }
    if (newline === -1) break;
    lineStart = newline + 1;
    line++;
  }
  if (chunkStart < text.length) chunks.push({ start: chunkStart, line: chunkLine, text: text.slice(chunkStart) });
  return chunks;
}

/**
 * True when text[from, to) holds a directive and otherwise only blank lines and comments. Read in
 * place, line by line, stopping at the first line of content: the chunk before a `---` is nearly
 * always a document, and its first line says so (no copy or split of the chunk at every marker).
 */
function holdsDirectives(text: string, from: number, to: number): boolean {
  let directive = false;
  let start = from;
  while (start < to) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 || newline > to ? to : newline;
    let i = start;
    // The characters String.prototype.trim removes (what the line-by-line version trimmed).
    while (i < end && isTrimmedSpace(text.charCodeAt(i))) i++;
    if (i < end) {
      const first = text.charCodeAt(i);
      if (first === 37) directive = true; // %
      else if (first !== 35) return false; // not a comment (#)
    }
    if (newline === -1 || newline >= to) break;
    start = newline + 1;
  }
  return directive;
}

function isTrimmedSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 10 || code === 11 || code === 12 || code === 0xa0 || code === 0xfeff || (code >= 0x2000 && code <= 0x200a) || code === 0x1680 || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}

/** True when the chunk holds nothing but blank lines, comments and markers. */
export function isBlankDocument(text: string): boolean {
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    let i = start;
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 13)) i++;
    if (i < end && text.charCodeAt(i) !== 35 && !(i === start && (text.startsWith('---', i) || text.startsWith('...', i)) && isMarkerLine(text, i, end))) return false;
    if (newline === -1) break;
    start = newline + 1;
  }
  return true;
}

function isMarkerLine(text: string, from: number, end: number): boolean {
  for (let i = from + 3; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * Anchors, aliases and merge keys send a document down the careful path, which counts alias
 * expansions and merges: `&name` after a space, a flow indicator, a colon-space or at a line start,
 * or a `<<` key.
 */
export function mayHoldAnchors(text: string): boolean {
  if (text.includes('<<')) return true;
  return text.includes('&') && /(?:^|[\s[{,:-])&[^\s,[\]{}]/m.test(text);
}

/**
 * Line and column (1-based) of `offset` inside the chunk, counted on the chunk's own text: the same
 * answer as a table of the whole file's line starts. `lineStarts` caches the chunk's line starts.
 */
export function positionInChunk(chunk: DocumentChunk, offset: number, cache: { lineStarts?: number[] }): { line: number; column: number } {
  const { line, column } = positionOfOffset((cache.lineStarts ??= lineStartsOf(chunk.text)), offset);
  return { line: chunk.line + line, column };
}
