// Admission warnings capped the way the API server caps them before they become `Warning:` headers
// (k8s.io/apiserver/pkg/endpoints/filters/warning.go, the recorder behind AddWarning): duplicates are
// dropped; while the total stays within 4096 runes every warning is kept whole; once a warning would
// pass that total, every warning is cut to 256 runes, and warnings are added only while the total is
// under 4096. Sending more than that only makes a large response the API server throws away — a Pod
// with 40,000 containers produced a 28 MB answer before this cap.

/** Runes of warning text the API server keeps whole (truncateAtTotalRunes). */
export const WARNING_TOTAL_RUNES = 4 * 1024;
/** Runes each warning is cut to once the total is exceeded (truncateItemRunes). */
export const WARNING_ITEM_RUNES = 256;

function runeLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function cutToRunes(text: string, runes: number): string {
  let out = '';
  let n = 0;
  for (const ch of text) {
    if (n++ === runes) break;
    out += ch;
  }
  return out;
}

/** The warnings the API server would pass on to the client, in order; `omitted` counts the dropped ones. */
export function capWarnings(warnings: readonly string[]): { warnings: string[]; omitted: number } {
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const w of warnings) {
    if (w === '' || seen.has(w)) continue;
    seen.add(w);
    unique.push(w);
  }
  let total = 0;
  let i = 0;
  for (; i < unique.length; i++) {
    const length = runeLength(unique[i]);
    if (total + length > WARNING_TOTAL_RUNES) break;
    total += length;
  }
  if (i === unique.length) return { warnings: unique, omitted: 0 };
  // Over the total: start again with every warning cut, and stop once the total is reached.
  const kept: string[] = [];
  total = 0;
  for (const w of unique) {
    if (total >= WARNING_TOTAL_RUNES) break;
    const cut = runeLength(w) > WARNING_ITEM_RUNES ? cutToRunes(w, WARNING_ITEM_RUNES) : w;
    kept.push(cut);
    total += runeLength(cut);
  }
  return { warnings: kept, omitted: unique.length - kept.length };
}
