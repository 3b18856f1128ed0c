// The project's .kube-hybrid.yaml as check and audit read it: --config FILE, --no-config, or the
// nearest file from the working directory upward; problems and unknown rule ids printed to stderr.
import { dirname, resolve } from 'node:path';
import type { ConfigProblem, LoadedConfig } from '../config/config.js';
import { findConfigFile } from '../config/find.js';
import type { ConfigWarning } from '../format/report.js';
import { RULES_BY_ID } from '../rules/index.js';
import type { CliIO } from './io.js';
import { UsageError } from './spec.js';

/** A config file read without errors, with its warnings (rule ids no rule has) for the machine-readable outputs. */
export interface ProjectSettings extends LoadedConfig {
  warnings: ConfigProblem[];
}

/** Config problems as the formatters' warnings: file, line and column when known, the message. */
export function asConfigWarnings(problems: readonly ConfigProblem[]): ConfigWarning[] {
  return problems.map(({ file, line, column, message }) => ({ file, message, ...(line !== undefined ? { line, column: column ?? 1 } : {}) }));
}

/** The folder the project's relative settings (cluster file, ignore paths) start from: the config file's, or `cwd` without one. */
export function projectDir(project: ProjectSettings | undefined, cwd: string): string {
  return project ? dirname(project.file) : cwd;
}

export interface ConfigFlags {
  config?: string;
  'no-config'?: boolean;
}

/** The config file the flags and working directory point at, read and checked; 'failed' after printing why. */
export async function loadProjectSettings(verb: string, flags: ConfigFlags, io: CliIO): Promise<ProjectSettings | undefined | 'failed'> {
  if (flags.config !== undefined && flags['no-config']) throw new UsageError('use --config FILE or --no-config, not both');
  if (flags['no-config']) return undefined;
  const file = flags.config !== undefined ? resolve(io.cwd, flags.config) : findConfigFile(io.cwd);
  if (file === undefined) return undefined;
  const { formatConfigProblem, loadConfigFile, unknownRuleWarnings } = await import('../config/config.js');
  const loaded = loadConfigFile(file);
  for (const problem of loaded.problems) io.stderr(formatConfigProblem(problem));
  if (!loaded.config) {
    io.stderr(`kube-hybrid ${verb}: fix the config file, or run with --no-config\n`);
    return 'failed';
  }
  const warnings = unknownRuleWarnings(loaded, new Set(RULES_BY_ID.keys()));
  for (const warning of warnings) io.stderr(formatConfigProblem(warning));
  return { ...loaded, warnings };
}
