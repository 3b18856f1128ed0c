// Flag parsing on node:util parseArgs, with errors turned into a usage message and exit code 2.
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { parseByteSize } from '../manifests/read.js';
import type { ReadLimits } from '../manifests/read.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

import { UsageError } from './spec.js';
import type { FlagSpecs } from './spec.js';

export { UsageError };

export interface ParsedArgs<V> {
  values: V;
  positionals: string[];
}

export function parseVerbArgs<V>(argv: string[], options: OptionSpec): ParsedArgs<V> {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: parsed.values as V, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

/**
 * For verbs whose only flag is `-o`: the chosen format, or undefined after printing a usage error
 * (the caller then exits 2).
 */
export function outputFlagOnly<T extends string>(verb: string, argv: string[], formats: readonly T[], stderr: (text: string) => void): T | undefined {
  try {
    const parsed = parseVerbArgs<{ output?: string }>(argv, { output: { type: 'string', short: 'o' } });
    return oneOf('--output', parsed.values.output, formats, formats[0]);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr(`kube-hybrid ${verb}: ${error.message}\nUsage: kube-hybrid ${verb} [-o ${formats.join('|')}]\n`);
    return undefined;
  }
}

/** The flags every verb with `--resolve-images` takes, and what the registry resolver needs of them. */
export const REGISTRY_FLAG_OPTIONS = {
  'resolve-images': { type: 'boolean' },
  offline: { type: 'boolean' },
  'plain-http': { type: 'string', multiple: true },
  'cache-dir': { type: 'string' },
} as const satisfies OptionSpec;

export interface RegistryFlags {
  'resolve-images'?: boolean;
  offline?: boolean;
  'plain-http'?: string[];
  'cache-dir'?: string;
}

export function resolverSettings(flags: RegistryFlags, env: NodeJS.ProcessEnv): { offline: boolean; plainHttp: string[]; cacheDir?: string; env: NodeJS.ProcessEnv } {
  return { offline: flags.offline ?? false, plainHttp: flags['plain-http'] ?? [], cacheDir: flags['cache-dir'], env };
}

/** The input size flags every verb that reads manifests takes (src/manifests/read.ts, docs/input-limits.md). */
export const READ_LIMIT_FLAG_OPTIONS = {
  'max-file-size': { type: 'string' },
  'max-document-size': { type: 'string' },
} as const satisfies OptionSpec;

export interface ReadLimitFlags {
  'max-file-size'?: string;
  'max-document-size'?: string;
}

/** The same flags as a spec group (src/cli/spec.ts). */
export const READ_LIMIT_FLAGS = {
  'max-file-size': { type: 'string', value: 'SIZE', accepts: (v: string) => parseByteSize(v) !== undefined, expects: 'a size such as 64MiB, 500k or 1048576', default: '64MiB', help: 'refuse an input file or stdin larger than this, while reading' },
  'max-document-size': { type: 'string', value: 'SIZE', accepts: (v: string) => parseByteSize(v) !== undefined, expects: 'a size such as 8MiB, 500k or 1048576', default: '8MiB', help: 'refuse one YAML document larger than this' },
} as const satisfies FlagSpecs;

export const READ_LIMIT_HELP = `  --max-file-size SIZE    refuse an input file or stdin larger than this, while reading (default 64MiB)
  --max-document-size SIZE  refuse one YAML document larger than this (default 8MiB)
`;

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
