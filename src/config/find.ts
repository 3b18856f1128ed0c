// Finding the project's config file, apart from reading it: every run looks for one, few have one, and
// reading one loads the YAML library and ajv (tens of milliseconds a run without a file need not pay).
import { existsSync, statSync } from 'node:fs';
import { dirname, join, parse as parsePath, resolve } from 'node:path';

export const CONFIG_FILE_NAMES = ['.kube-hybrid.yaml', '.kube-hybrid.yml'] as const;

/** The nearest config file from `cwd` up to the root, or undefined. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  const { root } = parsePath(dir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    if (dir === root) return undefined;
    dir = dirname(dir);
  }
}
