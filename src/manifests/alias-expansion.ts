// How much a document grows once its aliases (and merge keys, which merge aliased maps) are
// expanded, measured on js-yaml's value graph before anything is expanded. js-yaml turns an alias
// into a second reference to the anchored value, so the graph is as large as the text; each value
// is sized once (memoised by identity), which keeps the count linear in the document even when the
// expansion is exponential (billion laughs) or quadratic (merge keys over many anchors).

/** Nodes that aliases may add to a document: far above any real manifest, far below harm. */
export const MAX_EXPANDED_NODES = 100_000;

/** YAML 1.1's merge key. KUBECTL_SCHEMA has no merge type, so js-yaml keeps it as a plain key. */
const MERGE_KEY = '<<';

export interface AliasGrowth {
  /** Nodes as written: each value counted where it is written, an alias counted as one node. */
  written: number;
  /** Nodes once every alias and merge key is expanded. */
  expanded: number;
  /** Merge keys (`<<`) met: js-yaml keeps them as plain keys, so such a document needs merging. */
  mergeKeys: number;
}

/**
 * Written and expanded node counts of a value loaded by js-yaml with KUBECTL_SCHEMA. A value met a
 * second time was reached through an alias: it adds its expanded size but nothing written.
 * Self-referencing anchors cannot be expanded at all; they count once and the loader refuses them.
 */
export function aliasGrowthOf(value: unknown): AliasGrowth {
  const sizes = new Map<object, number>();
  const inProgress = new Set<object>();
  let written = 0;
  let mergeKeys = 0;

  const sizeOf = (node: unknown): number => {
    if (node === null || typeof node !== 'object') return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (inProgress.has(node)) return 1;
    inProgress.add(node);
    let size = 1;
    written += 1;
    if (Array.isArray(node)) {
      for (const item of node) {
        written += writtenAsReference(item);
        size += sizeOf(item);
      }
    } else {
      for (const [key, item] of Object.entries(node as Record<string, unknown>)) {
        written += 1 + writtenAsReference(item); // the key, and the value unless sized where it is written
        if (key === MERGE_KEY) mergeKeys += 1;
        size += key === MERGE_KEY ? mergedSize(item) : 1 + sizeOf(item);
      }
    }
    inProgress.delete(node);
    sizes.set(node, size);
    return size;
  };

  // A scalar is one written node; a collection met again is one alias (`*a`); a collection met for
  // the first time is counted by sizeOf itself.
  const writtenAsReference = (item: unknown): number =>
    item === null || typeof item !== 'object' || sizes.has(item) || inProgress.has(item) ? 1 : 0;

  // `<<: *a` merges a map's entries; `<<: [*a, *b]` merges several. The merged maps' own nodes
  // are not added, their entries are.
  const mergedSize = (item: unknown): number => {
    if (Array.isArray(item) && !sizes.has(item)) {
      let size = 0;
      written += 1;
      for (const entry of item) {
        written += writtenAsReference(entry);
        size += Math.max(0, sizeOf(entry) - 1);
      }
      return size;
    }
    return Math.max(0, sizeOf(item) - 1);
  };

  const expanded = sizeOf(value);
  return { written, expanded, mergeKeys };
}

/** True when expanding the document's aliases would add more than `limit` nodes to what is written. */
export function isAliasBomb(growth: AliasGrowth, limit = MAX_EXPANDED_NODES): boolean {
  return growth.expanded - growth.written > limit;
}

/** Raised when an anchor's own value holds an alias to it: such a value has no finite expansion. */
export class SelfReferencingAliasError extends Error {}

/**
 * A tree copy of a js-yaml value in which every alias is a copy of its anchor's value, as the API
 * server receives the document from kubectl. Call only once isAliasBomb has said no: the copy is
 * as large as the expansion.
 */
export function expandAliases(value: unknown): unknown {
  const ancestors = new Set<object>();
  const copy = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (ancestors.has(node)) throw new SelfReferencingAliasError('an anchor holds an alias to itself, which cannot be expanded');
    ancestors.add(node);
    let out: unknown;
    if (Array.isArray(node)) out = node.map(copy);
    else {
      const entries: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node as Record<string, unknown>)) entries[key] = copy(item);
      out = entries;
    }
    ancestors.delete(node);
    return out;
  };
  return copy(value);
}
