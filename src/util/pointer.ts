// RFC 6901 JSON pointers: the address of every finding.

export function escapePointerToken(token: string | number): string {
  const text = String(token);
  // Most tokens (field names, indexes) need no escaping: skip the two regex passes.
  if (!text.includes('~') && !text.includes('/')) return text;
  return text.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `joinPointer('/spec', 'containers', 0)` → `/spec/containers/0`. */
export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  let out = base;
  for (const t of tokens) out += '/' + escapePointerToken(t);
  return out;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`invalid JSON pointer "${pointer}": must start with "/"`);
  return pointer.slice(1).split('/').map(unescapePointerToken);
}
