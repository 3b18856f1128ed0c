// Flag groups and value checks shared by verbs (the parser itself is src/cli/spec.ts).
import { parseByteSize } from '../manifests/read.js';
import type { ReadLimits } from '../manifests/read.js';
import { UsageError } from './spec.js';
import type { FlagSpecs } from './spec.js';

export { UsageError };

export interface RegistryFlags {
  'resolve-images'?: boolean;
  offline?: boolean;
  'plain-http'?: string[];
  'cache-dir'?: string;
}

export function resolverSettings(flags: RegistryFlags, env: NodeJS.ProcessEnv): { offline: boolean; plainHttp: string[]; cacheDir?: string; env: NodeJS.ProcessEnv } {
  return { offline: flags.offline ?? false, plainHttp: flags['plain-http'] ?? [], cacheDir: flags['cache-dir'], env };
}

export interface ReadLimitFlags {
  'max-file-size'?: string;
  'max-document-size'?: string;
}

/** The same flags as a spec group (src/cli/spec.ts). */
export const READ_LIMIT_FLAGS = {
  'max-file-size': { type: 'string', value: 'SIZE', accepts: (v: string) => parseByteSize(v) !== undefined, expects: 'a size such as 64MiB, 500k or 1048576', default: '64MiB', help: 'refuse an input file or stdin larger than this, while reading' },
  'max-document-size': { type: 'string', value: 'SIZE', accepts: (v: string) => parseByteSize(v) !== undefined, expects: 'a size such as 8MiB, 500k or 1048576', default: '8MiB', help: 'refuse one YAML document larger than this' },
} as const satisfies FlagSpecs;

/** The limits the flags ask for; a value that is not a size is a usage error. */
export function readLimitsOf(flags: ReadLimitFlags): Partial<ReadLimits> {
  const limits: Partial<ReadLimits> = {};
  for (const [flag, key] of [['max-file-size', 'maxFileBytes'], ['max-document-size', 'maxDocumentBytes']] as const) {
    const value = flags[flag];
    if (value === undefined) continue;
    const bytes = parseByteSize(value);
    if (bytes === undefined) throw new UsageError(`--${flag} takes a size such as 64MiB, 500k or 1048576 (got "${value}")`);
    limits[key] = bytes;
  }
  return limits;
}
