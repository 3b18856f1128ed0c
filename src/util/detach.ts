// Strings read from a file are, in V8, slices of the file's text: one such string kept until the end
// of a run (in a finding, in a rule's index) keeps the whole file alive. A streamed `check` keeps its
// findings, so what they hold is copied out of the file first.

/** The same characters in a string of its own (no reference to the text it was cut from). */
export function detached(text: string): string {
  // A concatenation is flattened into a fresh string on first read; the slice then refers to that copy.
  const copy = ` ${text}`;
  return copy.slice(1);
}
