// Pod and ReplicaSet names as the controllers form them, made deterministic.
//   k8s.io/apiserver/pkg/storage/names (SimpleNameGenerator): generateName + 5 random characters
//   k8s.io/apimachinery/pkg/util/rand (String, SafeEncodeString): the alphabet "bcdfghjklmnpqrstvwxz2456789"
//   pkg/controller/controller_utils.go (ComputeHash): pod-template-hash = SafeEncodeString(fnv32a(template))
// Upstream's suffixes are random and its hash covers Go's printing of the template; ours are derived
// from fnv-1a of stable strings (the owner's name and the pod's ordinal; our canonical JSON of the
// template), so the same input always gives the same names. The shapes match upstream's.

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** rand.SafeEncodeString: each character mapped into the alphabet without vowels. */
export function safeEncodeString(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += ALPHANUMS[text.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/** Stable JSON (sorted keys) for hashing. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The pod-template-hash label value / ReplicaSet name suffix. */
export function podTemplateHash(template: unknown): string {
  return safeEncodeString(String(fnv32a(canonicalJson(template))));
}

/** 5 characters of the alphabet, derived from `seed` (in place of utilrand.String(5)). */
export function suffixFor(seed: string): string {
  let state = fnv32a(seed) || 1;
  const codes: number[] = [0, 0, 0, 0, 0];
  for (let i = 0; i < 5; i++) {
    // xorshift32
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    codes[i] = ALPHANUMS.charCodeAt(state % ALPHANUMS.length);
  }
  // One string, not five concatenations (one name per pod).
  return String.fromCharCode(codes[0], codes[1], codes[2], codes[3], codes[4]);
}

/** Names `${prefix}${suffix}`, unique within one generator (a clash re-derives with a counter). */
export class NameGenerator {
  private readonly used = new Set<string>();
  generate(prefix: string, seed: string): string {
    let attempt = 0;
    for (;;) {
      const name = prefix + suffixFor(attempt === 0 ? seed : `${seed}#${attempt}`);
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
      attempt++;
    }
  }
}
