// JSON pointer → source position, computed on demand from the yaml AST (offsets are the truth).
import type { Document, Node as YamlNode } from 'yaml';
import { parsePointer } from '../util/pointer.js';
import { yamlLibrary } from './yaml-library.js';
import type { SourcePosition } from './types.js';

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function positionOfOffset(lineStarts: readonly number[], offset: number): SourcePosition {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
}

function keyMatches(key: unknown, token: string): boolean {
  if (yamlLibrary().isScalar(key)) return String(key.value) === token;
  return false;
}

/**
 * Offset of the field named by `tokens` under `root`: the key of a map entry (that is where a user
 * looks for the field), the item of a sequence, or the deepest ancestor that exists.
 */
export function offsetOfPath(doc: Document, root: YamlNode | null, tokens: readonly string[]): number | undefined {
  const { isAlias, isMap, isSeq } = yamlLibrary();
  let node: unknown = root;
  let best: number | undefined = (root as YamlNode | null)?.range?.[0];
  for (const token of tokens) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyMatches(p.key, token));
      if (!pair) return best;
      const keyOffset = (pair.key as YamlNode | null)?.range?.[0];
      if (keyOffset !== undefined) best = keyOffset;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = Number(token);
      const item = Number.isInteger(index) ? node.items[index] : undefined;
      if (item === undefined) return best;
      const itemOffset = (item as YamlNode | null)?.range?.[0];
      if (itemOffset !== undefined) best = itemOffset;
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

export function positionFinder(
  doc: Document,
  root: YamlNode | null,
  lineStarts: readonly number[],
  basePointer: string,
  /** Offset of the parsed text inside the file (a document parsed on its own). */
  textOffset = 0,
): (pointer: string) => SourcePosition {
  const base = parsePointer(basePointer);
  return (pointer: string) => {
    let tokens: string[];
    try {
      tokens = [...base, ...parsePointer(pointer)];
    } catch {
      tokens = base;
    }
    const offset = offsetOfPath(doc, root, tokens) ?? 0;
    return positionOfOffset(lineStarts, textOffset + offset);
  };
}
