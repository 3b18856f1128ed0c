// Splitting a YAML stream into its documents without parsing it. A line that starts with `---` or
// `...` followed by a space or the line's end is always a document marker: YAML 1.2 §9.1.4
// (c-forbidden) keeps such a line out of every scalar, so this split agrees with a full parser.

export interface DocumentChunk {
  /** Offset of the chunk in the file (the marker line, if any, belongs to the chunk). */
  start: number;
  text: string;
}

const MARKER = /^(?:---|\.\.\.)(?=[ \t]|\r?$)/;

export function splitYamlDocuments(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  let chunkStart = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const first = text.charCodeAt(lineStart);
    // Cheap test first: only lines starting with '-' or '.' can be markers.
    if ((first === 45 || first === 46) && MARKER.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 5)))) {
      if (lineStart > chunkStart) chunks.push({ start: chunkStart, text: text.slice(chunkStart, lineStart) });
      const isEnd = first === 46;
      // `...` ends a document; the next starts after it. `---` starts one, on its own line.
      chunkStart = isEnd ? (newline === -1 ? text.length : newline + 1) : lineStart;
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  if (chunkStart < text.length) chunks.push({ start: chunkStart, text: text.slice(chunkStart) });
  return chunks;
}

/** True when the chunk holds nothing but blank lines, comments and markers. */
export function isBlankDocument(text: string): boolean {
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed === '---' || trimmed === '...') continue;
    return false;
  }
  return true;
}

/**
 * Anchors (and so aliases and merge keys) send a document down the careful path, which counts
 * alias expansions: `&name` after a space, a flow indicator, a colon-space or at a line start.
 */
export function mayHoldAnchors(text: string): boolean {
  return text.includes('&') && /(?:^|[\s[{,:-])&[^\s,[\]{}]/m.test(text);
}
