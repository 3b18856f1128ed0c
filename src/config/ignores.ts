// The `ignore:` entries of .kube-hybrid.yaml applied to findings, and the `kube-hybrid.io/ignore`
// annotations checked for rule ids that do not exist (a typo there silently ignores nothing).
import { relative, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';
import type * as MinimatchModule from 'minimatch';
import type { ObjectRef } from '../engine/types.js';
import { IGNORE_ANNOTATION } from '../engine/types.js';
import type { ManifestObject } from '../manifests/types.js';
import { joinPointer } from '../util/pointer.js';
import type { ConfigProblem, IgnoreEntry } from './config.js';

// minimatch is loaded for the first path glob only: every `check` imports this module.
let minimatchFn: typeof MinimatchModule.minimatch | undefined;
function minimatch(path: string, glob: string, options: MinimatchModule.MinimatchOptions): boolean {
  minimatchFn ??= (createRequire(import.meta.url)('minimatch') as typeof MinimatchModule).minimatch;
  return minimatchFn(path, glob, options);
}

export interface IgnoreContext {
  /** Folder of the config file: `paths` globs are relative to it. */
  baseDir: string;
  /** Where relative finding files were named from. */
  cwd: string;
}

function rulesOf(entry: IgnoreEntry): string[] | undefined {
  if (entry.rule === undefined) return undefined;
  return Array.isArray(entry.rule) ? entry.rule : [entry.rule];
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** What an ignore entry can match: check's findings (with a file) and audit's (live objects, no file). */
export interface Ignorable {
  ruleId: string;
  object: ObjectRef;
  file?: string;
  helmSource?: string;
}

/** True when every field the entry gives matches the finding; `paths` never match a finding without a file. */
export function ignoreMatches(entry: IgnoreEntry, finding: Ignorable, context: IgnoreContext): boolean {
  const rules = rulesOf(entry);
  if (rules && !rules.includes('*') && !rules.includes(finding.ruleId)) return false;
  if (entry.namespace !== undefined && (finding.object.namespace ?? 'default') !== entry.namespace) return false;
  if (entry.kind !== undefined && finding.object.kind !== entry.kind) return false;
  if (entry.name !== undefined && finding.object.name !== entry.name) return false;
  if (entry.paths) {
    if (finding.file === undefined) return false;
    const file = toPosix(relative(context.baseDir, resolve(context.cwd, finding.file)));
    // A Helm chart's findings also match by their template (`# Source: chart/templates/ds.yaml`).
    const candidates = finding.helmSource ? [file, finding.helmSource] : [file];
    if (!entry.paths.some((glob) => candidates.some((candidate) => minimatch(candidate, glob, { dot: true })))) return false;
  }
  return true;
}

/** Whether any of the entries ignores a finding: what `--fix` and the report leave out, as check's output does. */
export function ignoredBy(entries: readonly IgnoreEntry[], context: IgnoreContext): (finding: Ignorable) => boolean {
  return (finding) => entries.some((entry) => ignoreMatches(entry, finding, context));
}

export interface IgnoreOutcome<F> {
  kept: F[];
  /** Each ignored finding with the reason of the entry that matched first. */
  ignored: { finding: F; reason: string }[];
}

export function applyIgnores<F extends Ignorable>(findings: readonly F[], entries: readonly IgnoreEntry[], context: IgnoreContext): IgnoreOutcome<F> {
  const outcome: IgnoreOutcome<F> = { kept: [], ignored: [] };
  for (const finding of findings) {
    const entry = entries.find((e) => ignoreMatches(e, finding, context));
    if (entry) outcome.ignored.push({ finding, reason: entry.reason });
    else outcome.kept.push(finding);
  }
  return outcome;
}

/** `kube-hybrid.io/ignore` values naming rule ids no rule has, as warnings at the annotation. */
export function unknownIgnoreAnnotations(objects: readonly ManifestObject[], knownRuleIds: ReadonlySet<string>): ConfigProblem[] {
  const warnings: ConfigProblem[] = [];
  for (const object of objects) {
    const value = object.object.metadata?.annotations?.[IGNORE_ANNOTATION];
    if (typeof value !== 'string') continue;
    const unknown = value.split(',').map((id) => id.trim()).filter((id) => id !== '' && id !== '*' && !knownRuleIds.has(id));
    if (unknown.length === 0) continue;
    const position = object.positionOf(joinPointer('/metadata/annotations', IGNORE_ANNOTATION));
    warnings.push({
      severity: 'warning',
      file: object.file.path,
      line: position.line,
      column: position.column,
      message: `${IGNORE_ANNOTATION}: no rule ${unknown.map((id) => `"${id}"`).join(', ')} (kube-hybrid rules lists them); the annotation ignores nothing for ${unknown.length === 1 ? 'it' : 'them'}`,
    });
  }
  return warnings;
}
