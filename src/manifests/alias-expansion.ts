// How many nodes a document becomes once its aliases (and merge keys, which are aliases) are
// expanded, measured on the syntax tree before expanding anything. Alias bombs and huge merges are
// refused on this number, in time linear in the document's size.
import type { Document, Node as YamlNode } from 'yaml';
import { yamlLibrary } from './yaml-library.js';

/** Far above any real manifest (a 5,000-line Deployment is ~10,000 nodes), far below harm. */
export const MAX_EXPANDED_NODES = 100_000;

export function expandedNodeCount(doc: Document, limit = MAX_EXPANDED_NODES): number {
  const { isAlias, isMap, isPair, isSeq } = yamlLibrary();
  const sizes = new Map<unknown, number>();
  const inProgress = new Set<unknown>();
  const sizeOf = (node: unknown): number => {
    if (node === null || node === undefined) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    // A self-referencing anchor cannot be expanded at all; count it once and let toJS refuse it.
    if (inProgress.has(node)) return 1;
    inProgress.add(node);
    let size = 1;
    if (isAlias(node)) size = sizeOf(node.resolve(doc));
    else if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        size += isPair(item) ? sizeOf(item.key) + sizeOf(item.value) : sizeOf(item as YamlNode);
        if (size > limit) break;
      }
    }
    inProgress.delete(node);
    sizes.set(node, size);
    return size;
  };
  return sizeOf(doc.contents);
}
