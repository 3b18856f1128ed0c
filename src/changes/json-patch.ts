// RFC 6902 JSON Patch built against the object exactly as received, so nothing the user wrote (or a
// field this version of kube-hybrid does not know) is lost. The webhook only adds; `check --fix` also
// replaces a scalar and inserts into arrays (the safe changes in this folder say which).
import { isRecord } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { copyJson } from '../util/json-copy.js';

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'test' | 'move' | 'copy';
  path: string;
  value?: unknown;
}

function nest(tokens: readonly string[], value: unknown): unknown {
  let out = value;
  for (let i = tokens.length - 1; i >= 0; i--) out = { [tokens[i]]: out };
  return out;
}

/**
 * Collects `add` operations. Each operation is also applied to the builder's view of the document, so
 * a later operation sees what an earlier one created (two keys into a nodeSelector that did not exist
 * give one `add` of the map and one `add` of a member, in the order the API server applies them).
 * The view copies only the objects on the changed path; the received object is never modified.
 */
export class JsonPatchBuilder {
  readonly operations: JsonPatchOperation[] = [];
  private document: unknown;

  constructor(original: unknown) {
    this.document = original;
  }

  /** The value at a path of tokens in the document as patched so far. */
  valueAt(tokens: readonly string[]): unknown {
    let node: unknown = this.document;
    for (const token of tokens) {
      if (isRecord(node)) node = node[token];
      else if (Array.isArray(node) && /^\d+$/.test(token)) node = node[Number(token)];
      else return undefined;
    }
    return node;
  }

  /**
   * Adds `value` at `tokens` when nothing is there (a JSON null counts as nothing), creating the
   * missing parent objects in the same operation. Returns false, adding nothing, when the member is
   * already set or something on the way is not an object (never overwrite what the user wrote).
   */
  addMember(tokens: readonly string[], value: unknown): boolean {
    let node: unknown = this.document;
    for (let i = 0; i < tokens.length; i++) {
      // Arrays are walked through (an existing item), never added to here: appendTo and insertAt do that.
      if (Array.isArray(node) && i < tokens.length - 1 && /^\d+$/.test(tokens[i]) && Number(tokens[i]) < node.length) {
        node = node[Number(tokens[i])];
        continue;
      }
      if (!isRecord(node)) return false;
      const next = node[tokens[i]];
      if (next === undefined || next === null) {
        this.add(tokens.slice(0, i + 1), nest(tokens.slice(i + 1), value));
        return true;
      }
      node = next;
    }
    return false;
  }

  /** Appends to the array at `tokens`, creating it when absent; false when something else is there. */
  appendTo(tokens: readonly string[], value: unknown): boolean {
    const current = this.valueAt(tokens);
    if (current === undefined || current === null) return this.addMember(tokens, [value]);
    if (!Array.isArray(current)) return false;
    this.add([...tokens, '-'], value);
    return true;
  }

  /** Inserts `value` at `index` of the array at `tokens` (later items move up); false when no array is there. */
  insertAt(tokens: readonly string[], index: number, value: unknown): boolean {
    const current = this.valueAt(tokens);
    if (!Array.isArray(current) || index < 0 || index > current.length) return false;
    this.add([...tokens, String(index)], value, true);
    return true;
  }

  /** Replaces the value at `tokens` when one is there and differs; false otherwise. */
  replace(tokens: readonly string[], value: unknown): boolean {
    const current = this.valueAt(tokens);
    if (current === undefined || tokens.length === 0 || JSON.stringify(current) === JSON.stringify(value)) return false;
    this.operations.push({ op: 'replace', path: joinPointer('', ...tokens), value });
    this.document = withAdded(this.document, tokens, 0, copyJson(value));
    return true;
  }

  /** Removes the member or item at `tokens` when it is there; false otherwise. */
  remove(tokens: readonly string[]): boolean {
    if (tokens.length === 0 || this.valueAt(tokens) === undefined) return false;
    this.operations.push({ op: 'remove', path: joinPointer('', ...tokens) });
    this.document = withRemoved(this.document, tokens, 0);
    return true;
  }

  private add(tokens: readonly string[], value: unknown, insert = false): void {
    this.operations.push({ op: 'add', path: joinPointer('', ...tokens), value });
    this.document = withAdded(this.document, tokens, 0, copyJson(value), insert);
  }
}

/** A copy of `node` with `value` added at `tokens[i…]`: objects on that path are copied, the rest shared. */
function withAdded(node: unknown, tokens: readonly string[], i: number, value: unknown, insert = false): unknown {
  const token = tokens[i];
  const last = i === tokens.length - 1;
  if (Array.isArray(node)) {
    const copy = node.slice();
    if (last && token === '-') copy.push(value);
    else if (last && insert) copy.splice(Number(token), 0, value);
    else {
      const index = Number(token);
      copy[index] = last ? value : withAdded(copy[index], tokens, i + 1, value, insert);
    }
    return copy;
  }
  if (isRecord(node)) return { ...node, [token]: last ? value : withAdded(node[token], tokens, i + 1, value, insert) };
  // Callers only add under existing objects and arrays (addMember and appendTo check the path).
  return node;
}

/** A copy of `node` without the member or item at `tokens[i…]`. */
function withRemoved(node: unknown, tokens: readonly string[], i: number): unknown {
  const token = tokens[i];
  const last = i === tokens.length - 1;
  if (Array.isArray(node)) {
    const copy = node.slice();
    const index = Number(token);
    if (last) copy.splice(index, 1);
    else copy[index] = withRemoved(copy[index], tokens, i + 1);
    return copy;
  }
  if (isRecord(node)) {
    if (!last) return { ...node, [token]: withRemoved(node[token], tokens, i + 1) };
    const copy = { ...node };
    delete copy[token];
    return copy;
  }
  return node;
}
