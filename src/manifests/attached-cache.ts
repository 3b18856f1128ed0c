// Per-object caches kept on the object itself rather than in a WeakMap keyed by it.
//
// Why: V8's young-generation collector (the scavenger) treats a WeakMap's values as strong. When a
// cached value refers back to its key (a workload refers to its manifest object) or holds parts of
// the same document, every document read survives the scavenges and is copied and promoted to the
// old generation before it dies: a streamed `check` spent ~20 % of its time in the collector for
// objects it had already let go (docs/performance.md, "Check, round 4"). A property on the object
// dies with it, in the cheap scavenge. The property is a non-enumerable symbol, so it is invisible to
// JSON, Object.keys, spreads and deepStrictEqual, as the WeakMap entry was.

/** The value cached on `owner` under `key`, or undefined. */
export function attachedValue<V>(owner: object, key: symbol): V | undefined {
  return (owner as Record<symbol, V | undefined>)[key];
}

/** Caches `value` on `owner` under `key` (non-enumerable, replaceable). */
export function attachValue<V>(owner: object, key: symbol, value: V): V {
  Object.defineProperty(owner, key, { value, writable: true, configurable: true, enumerable: false });
  return value;
}
