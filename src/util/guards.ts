// Narrowing helpers for untrusted parsed input: manifests can hold any JSON value anywhere.

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined;
}

/** The array's record elements, paired with their index (so pointers stay right when others are skipped). */
export function recordsIn(value: unknown): { item: JsonRecord; index: number }[] {
  if (!Array.isArray(value)) return [];
  const out: { item: JsonRecord; index: number }[] = [];
  value.forEach((item, index) => {
    if (isRecord(item)) out.push({ item, index });
  });
  return out;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asStringMap(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}
