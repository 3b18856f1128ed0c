// `check --fix`: turns fixable findings into the safe changes of this folder, writes them into the
// manifests as format-preserving edits, and keeps only what leaves the object better: an object's
// changes are dropped when they would not clear its findings or would cause a finding it did not
// have. Documents rendered by Helm are not rewritten (fix the chart), nor is standard input.
import { randomBytes } from 'node:crypto';
import { realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { analyseWorkload } from '../engine/analysis.js';
import { runCheck } from '../engine/check.js';
import type { CheckOptions, CheckResult } from '../engine/check.js';
import { RULES } from '../rules/index.js';
import { runRules } from '../engine/run.js';
import type { AnalysisInputs, Finding, Rule, Severity } from '../engine/types.js';
import { LABEL_OS } from '../kube/types.js';
import { isBlankDocument, splitYamlDocuments } from '../manifests/split.js';
import type { ManifestObject, SourceFile } from '../manifests/types.js';
import { workloadOf } from '../manifests/workloads.js';
import type { Workload } from '../manifests/workloads.js';
import { joinPointer, parsePointer } from '../util/pointer.js';
import { addStartupProbe, memoryRequestEqualsLimit, removeIgnoredSecurityField, wrapExecInCmd } from './containers.js';
import { unifiedDiff } from './diff.js';
import { JsonPatchBuilder } from './json-patch.js';
import type { JsonPatchOperation } from './json-patch.js';
import { addTolerations, buildToPin, missingTolerations, pinOs, pinWindowsBuild, pinsBuildAlready, runtimeClassForBuild, setRuntimeClass, tolerationFor, windowsBuildsOf, windowsTaintsOf } from './placement.js';
import { editYamlDocument } from './yaml-edit.js';

/** The safe changes `--fix` makes, by what they do. */
export type ChangeId = 'pin-os' | 'pin-windows-build' | 'memory-request-equals-limit' | 'startup-probe' | 'exec-probe-cmd' | 'remove-ignored-field';

export type FixStatus = 'fixed' | 'manual' | 'helm' | 'refused';

export interface FixOutcome {
  finding: Finding;
  status: FixStatus;
  change?: ChangeId;
  /** Why it was not fixed (manual, helm, refused). */
  reason?: string;
}

export interface FileFix {
  path: string;
  before: string;
  after: string;
}

export interface FixPlan {
  files: FileFix[];
  outcomes: FixOutcome[];
}

/** The rules whose findings `--fix` can change, and the change each uses. */
export const FIX_CHANGES: Readonly<Record<string, ChangeId>> = {
  'windows-workload-on-linux-node': 'pin-os',
  'linux-workload-on-windows-node': 'pin-os',
  'windows-image-build-mismatch': 'pin-windows-build',
  'windows-memory-limit': 'memory-request-equals-limit',
  'windows-liveness-probe-startup': 'startup-probe',
  'windows-exec-probe-command': 'exec-probe-cmd',
  'windows-forbidden-field': 'remove-ignored-field',
};

/** Order in which changes are made inside one object: a startupProbe copies an already-wrapped command. */
const ORDER: readonly ChangeId[] = ['exec-probe-cmd', 'remove-ignored-field', 'memory-request-equals-limit', 'startup-probe', 'pin-os', 'pin-windows-build'];

type Attempt = { ok: true } | { ok: false; status: 'manual' | 'refused'; reason: string };
const done: Attempt = { ok: true };
const manual = (reason: string): Attempt => ({ ok: false, status: 'manual', reason });

/** The pointer tokens of the container a finding's path is inside (`…/containers/0`). */
function containerTokens(path: string): string[] | undefined {
  const tokens = parsePointer(path);
  const at = tokens.findIndex((t, i) => (t === 'containers' || t === 'initContainers') && /^\d+$/.test(tokens[i + 1] ?? ''));
  return at < 0 ? undefined : tokens.slice(0, at + 2);
}

function attempt(change: ChangeId, finding: Finding, workload: Workload, builder: JsonPatchBuilder, inputs: AnalysisInputs): Attempt {
  const spec = parsePointer(workload.specPointer);
  switch (change) {
    case 'exec-probe-cmd': {
      const tokens = parsePointer(finding.path);
      const at = tokens.indexOf('exec');
      if (at < 0) return manual('no exec probe at the finding');
      return wrapExecInCmd(builder, tokens.slice(0, at)) ? done : manual('the command starts with a Linux path or is already an executable: rewrite the probe for Windows');
    }
    case 'remove-ignored-field': {
      const tokens = parsePointer(finding.path);
      const at = tokens.lastIndexOf('securityContext');
      if (at < 0 || at !== tokens.length - 2) return manual(`${tokens[tokens.length - 1]} asks for host namespaces Windows cannot give: decide by hand (removing it would hide that)`);
      const level = joinPointer('', ...tokens.slice(0, at)) === workload.specPointer ? 'pod' : 'container';
      return removeIgnoredSecurityField(builder, tokens.slice(0, at + 1), tokens[at + 1], level)
        ? done
        : manual(`${tokens[at + 1]} is left for a human: it asks for something Windows cannot give (privileged: true → a HostProcess container; added capabilities, sysctls, host namespaces), so removing it would hide that`);
    }
    case 'memory-request-equals-limit': {
      if (finding.messageId !== 'requestDiffers') return manual('choose a memory limit: kube-hybrid cannot guess how much the container needs');
      const container = containerTokens(finding.path);
      return container && memoryRequestEqualsLimit(builder, container) ? done : manual('the request or the limit is not a plain quantity');
    }
    case 'startup-probe': {
      const container = containerTokens(finding.path);
      return container && addStartupProbe(builder, container) ? done : manual('the liveness probe has no handler Windows can run: fix its command first');
    }
    case 'pin-os': {
      const analysis = analyseWorkload(workload, inputs);
      const os = analysis.osIntent.os;
      if (!pinOs(builder, spec, os)) return manual(`the pod already has a ${LABEL_OS} selector; its placement needs a human`);
      if (os === 'windows') {
        const wanted = windowsTaintsOf(inputs.cluster.nodes).map((taint) => ({ taint, toleration: tolerationFor(taint) }));
        addTolerations(builder, spec, missingTolerations(analysis.tolerations, wanted));
      }
      return done;
    }
    case 'pin-windows-build': {
      if (finding.messageId !== 'someNodes') return manual('no Windows node of the cluster runs this image: rebuild or re-tag it, or add a node pool of its build');
      const analysis = analyseWorkload(workload, inputs);
      if (pinsBuildAlready(analysis)) return manual('the pod already selects a Windows build');
      const build = buildToPin(analysis, windowsBuildsOf(inputs.cluster.nodes));
      if (build === undefined) return manual('the images name no single build that nodes of the cluster have, and several builds could run them: pin one by hand');
      const runtimeClass = runtimeClassForBuild(inputs.runtimeClasses, build);
      if (runtimeClass !== undefined && builder.valueAt([...spec, 'runtimeClassName']) === undefined) return setRuntimeClass(builder, spec, runtimeClass) ? done : manual('cannot set runtimeClassName');
      return pinWindowsBuild(builder, spec, build) ? done : manual('the pod already selects a Windows build');
    }
  }
}

function findingKey(f: Finding): string {
  return `${f.ruleId}\u0000${f.messageId}\u0000${f.path}`;
}

interface ObjectPlan {
  target: ManifestObject;
  builder: JsonPatchBuilder;
  operations: JsonPatchOperation[];
  patched: unknown;
  outcomes: FixOutcome[];
  /** Findings a change of this plan caused and a further change was tried for. */
  followUps: Set<string>;
}

/**
 * Findings the project ignores (its config file's `ignore:` entries): never fixed, not even when a
 * change reveals them, but known to be there before any change.
 */
export interface IgnoredFindings {
  findings: readonly { finding: Finding; target: ManifestObject }[];
  isIgnored: (finding: Finding) => boolean;
}

const NOTHING_IGNORED: IgnoredFindings = { findings: [], isIgnored: () => false };

/** How many times a change may call for another (pinning the OS, then the build it reveals). */
const MAX_FOLLOW_UP_ROUNDS = 3;

/** What `--fix` would do for these findings (each with the object it is about); nothing is written. */
export function planFixes(
  objects: readonly ManifestObject[],
  inputs: AnalysisInputs,
  findings: readonly { finding: Finding; target: ManifestObject }[],
  rules: readonly Rule[],
  severityOverrides?: ReadonlyMap<string, Severity | 'off'>,
  ignored: IgnoredFindings = NOTHING_IGNORED,
): FixPlan {
  const outcomes: FixOutcome[] = [];
  const byTarget = new Map<ManifestObject, Finding[]>();
  for (const { finding, target } of findings) {
    if (!FIX_CHANGES[finding.ruleId]) continue;
    byTarget.set(target, [...(byTarget.get(target) ?? []), finding]);
  }

  const plans: ObjectPlan[] = [];
  for (const [target, list] of byTarget) {
    const workload = workloadOf(target);
    const skipped = !workload
      ? { status: 'manual' as const, reason: 'not a workload' }
      : target.helmSource
        ? { status: 'helm' as const, reason: `rendered by Helm from ${target.helmSource}: fix the chart (its template or values), not the rendered output` }
        : target.file.path === '<stdin>'
          ? { status: 'refused' as const, reason: 'read from standard input: there is no file to rewrite' }
          : undefined;
    if (skipped || !workload) {
      for (const finding of list) outcomes.push({ finding, change: FIX_CHANGES[finding.ruleId], ...(skipped ?? { status: 'manual', reason: 'not a workload' }) });
      continue;
    }
    const builder = new JsonPatchBuilder(target.object);
    const sorted = [...list].sort((a, b) => ORDER.indexOf(FIX_CHANGES[a.ruleId]) - ORDER.indexOf(FIX_CHANGES[b.ruleId]));
    const plan: ObjectPlan = { target, builder, operations: [], patched: target.object, outcomes: [], followUps: new Set() };
    for (const finding of sorted) {
      const change = FIX_CHANGES[finding.ruleId];
      const result = attempt(change, finding, workload, builder, inputs);
      if (result.ok) plan.outcomes.push({ finding, status: 'fixed', change });
      else plan.outcomes.push({ finding, status: result.status, change, reason: result.reason });
    }
    plan.operations = builder.operations;
    plan.patched = builder.valueAt([]);
    plans.push(plan);
  }

  // Ignored findings are there before the change too: neither new after it nor to be fixed as follow-ups.
  const before = [...findings, ...ignored.findings];
  followUp(plans, objects, inputs, before, rules, severityOverrides, ignored.isIgnored);
  verify(plans, objects, inputs, before, rules, severityOverrides, ignored.isIgnored);
  for (const plan of plans) outcomes.push(...plan.outcomes);
  const files = writeEdits(plans);
  return { files, outcomes: orderLike(findings, outcomes) };
}

/** The findings of every object, with the changed objects as their plans would leave them (by the original object). */
function recheck(plans: readonly ObjectPlan[], objects: readonly ManifestObject[], inputs: AnalysisInputs, rules: readonly Rule[], severityOverrides?: ReadonlyMap<string, Severity | 'off'>): Map<ManifestObject, Finding[]> {
  const replaced = new Map<ManifestObject, ManifestObject>();
  for (const plan of plans) if (plan.operations.length > 0) replaced.set(plan.target, { ...plan.target, object: plan.patched as ManifestObject['object'] });
  const reverse = new Map<ManifestObject, ManifestObject>([...replaced].map(([original, copy]) => [copy, original]));
  const after = new Map<ManifestObject, Finding[]>();
  runRules(objects.map((o) => replaced.get(o) ?? o), inputs, rules, {
    severityOverrides,
    onFinding: (finding, target) => {
      const original = reverse.get(target) ?? target;
      after.set(original, [...(after.get(original) ?? []), finding]);
    },
  });
  return after;
}

/**
 * A change may reveal a finding another change fixes: pinning a Windows pod to Windows nodes shows
 * that its image runs on only some of their builds. Such findings get their change too (a few rounds),
 * applied to the object as already changed; whatever is still wrong is then caught by `verify`.
 */
function followUp(plans: ObjectPlan[], objects: readonly ManifestObject[], inputs: AnalysisInputs, findings: readonly { finding: Finding; target: ManifestObject }[], rules: readonly Rule[], severityOverrides: ReadonlyMap<string, Severity | 'off'> | undefined, isIgnored: (finding: Finding) => boolean): void {
  for (let round = 0; round < MAX_FOLLOW_UP_ROUNDS; round++) {
    if (!plans.some((p) => p.operations.length > 0)) return;
    const after = recheck(plans, objects, inputs, rules, severityOverrides);
    let progressed = false;
    for (const plan of plans) {
      if (plan.operations.length === 0) continue;
      const before = new Set(findings.filter((f) => f.target === plan.target).map((f) => findingKey(f.finding)));
      for (const finding of after.get(plan.target) ?? []) {
        const key = findingKey(finding);
        if (before.has(key) || plan.followUps.has(key) || !FIX_CHANGES[finding.ruleId] || isIgnored(finding)) continue;
        plan.followUps.add(key);
        const workload = workloadOf({ ...plan.target, object: plan.builder.valueAt([]) as ManifestObject['object'] });
        if (!workload) continue;
        const count = plan.builder.operations.length;
        attempt(FIX_CHANGES[finding.ruleId], finding, workload, plan.builder, inputs);
        progressed = progressed || plan.builder.operations.length > count;
      }
      plan.operations = plan.builder.operations;
      plan.patched = plan.builder.valueAt([]);
    }
    if (!progressed) return;
  }
}

/**
 * Drops an object's changes when, re-checked, they leave a finding they should clear or add one it did
 * not have (one the project ignores does not count: the project has said it does not want it reported).
 */
function verify(plans: ObjectPlan[], objects: readonly ManifestObject[], inputs: AnalysisInputs, findings: readonly { finding: Finding; target: ManifestObject }[], rules: readonly Rule[], severityOverrides: ReadonlyMap<string, Severity | 'off'> | undefined, isIgnored: (finding: Finding) => boolean): void {
  const changed = plans.filter((p) => p.operations.length > 0);
  if (changed.length === 0) return;
  const afterFindings = recheck(plans, objects, inputs, rules, severityOverrides);
  for (const plan of changed) {
    const before = new Set(findings.filter((f) => f.target === plan.target).map((f) => findingKey(f.finding)));
    const now = new Set((afterFindings.get(plan.target) ?? []).map(findingKey));
    const added = (afterFindings.get(plan.target) ?? []).find((f) => !before.has(findingKey(f)) && !isIgnored(f));
    const stuck = plan.outcomes.find((o) => o.status === 'fixed' && now.has(findingKey(o.finding)));
    if (!added && !stuck) continue;
    const reason = added ? `the change would cause a new finding (${added.ruleId}: ${added.message})` : 'the change would not clear the finding';
    plan.operations = [];
    plan.outcomes = plan.outcomes.map((o) => (o.status === 'fixed' ? { ...o, status: 'refused', reason } : o));
  }
}

/** Applies each object's operations to its YAML document; objects whose edit is refused keep their text. */
function writeEdits(plans: ObjectPlan[]): FileFix[] {
  const byFile = new Map<SourceFile, ObjectPlan[]>();
  for (const plan of plans) if (plan.operations.length > 0) byFile.set(plan.target.file, [...(byFile.get(plan.target.file) ?? []), plan]);
  const files: FileFix[] = [];
  for (const [file, filePlans] of byFile) {
    const chunks = splitYamlDocuments(file.text).filter((chunk) => !isBlankDocument(chunk.text));
    const texts = chunks.map((chunk) => chunk.text);
    for (const plan of filePlans) {
      const index = plan.target.documentIndex;
      const operations = plan.operations.map((op) => ({ ...op, path: plan.target.basePointer + op.path }));
      const result = index < texts.length ? editYamlDocument(texts[index], '', operations) : { ok: false as const, reason: 'document not found' };
      if (result.ok) texts[index] = result.text;
      else plan.outcomes = plan.outcomes.map((o) => (o.status === 'fixed' ? { ...o, status: 'refused', reason: `not rewritten: ${result.reason}` } : o));
    }
    let after = '';
    let cursor = 0;
    chunks.forEach((chunk, i) => {
      after += file.text.slice(cursor, chunk.start) + texts[i];
      cursor = chunk.start + chunk.text.length;
    });
    after += file.text.slice(cursor);
    if (after !== file.text) files.push({ path: file.path, before: file.text, after });
  }
  return files;
}

function orderLike(findings: readonly { finding: Finding }[], outcomes: FixOutcome[]): FixOutcome[] {
  const rank = new Map(findings.map(({ finding }, i) => [finding, i]));
  return [...outcomes].sort((a, b) => (rank.get(a.finding) ?? 0) - (rank.get(b.finding) ?? 0));
}

/** The unified diff of every file the plan changes. */
export function planDiff(plan: FixPlan): string {
  return plan.files.map((f) => unifiedDiff(f.path, f.before, f.after)).join('');
}

/** Writes each changed file atomically: a temporary file beside it (same permissions), then a rename over it. */
export function writePlan(plan: FixPlan): string[] {
  const written: string[] = [];
  for (const file of plan.files) {
    // Through a symlink to the file it names; with the file's permissions.
    const target = realpathSync(file.path);
    const temporary = join(dirname(target), `.${basename(target)}.kube-hybrid-${randomBytes(6).toString('hex')}.tmp`);
    try {
      writeFileSync(temporary, file.after, { flag: 'wx', mode: statSync(target).mode & 0o7777 });
      renameSync(temporary, target);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
    written.push(file.path);
  }
  return written;
}

/** One line per finding that was not fixed, and a count of those that were. */
export function describeOutcomes(outcomes: readonly FixOutcome[]): string {
  const fixed = outcomes.filter((o) => o.status === 'fixed').length;
  const lines = [`kube-hybrid check --fix: ${fixed} finding${fixed === 1 ? '' : 's'} fixed`];
  for (const o of outcomes) {
    if (o.status === 'fixed') continue;
    lines.push(`  not fixed: ${o.finding.file}:${o.finding.line}:${o.finding.column} ${o.finding.ruleId} — ${o.reason ?? o.status}`);
  }
  return lines.join('\n') + '\n';
}

export interface FixRun {
  /** The check after the fix (the files as written), or the check of the files as they are (dry run). */
  report: CheckResult;
  plan: FixPlan;
  written: string[];
}

/** `check`, then the fixes (of the findings not ignored): written (and `check` run again on the result) or, for a dry run, only planned. */
export async function checkAndFix(options: CheckOptions, mode: 'write' | 'dry-run', isIgnored: (finding: Finding) => boolean = () => false): Promise<FixRun> {
  const kept: { finding: Finding; target: ManifestObject }[] = [];
  const ignored: { finding: Finding; target: ManifestObject }[] = [];
  const first = await runCheck({ ...options, onFinding: (finding, target) => (isIgnored(finding) ? ignored : kept).push({ finding, target }) });
  if (!first.objects || !first.inputs) return { report: first, plan: { files: [], outcomes: [] }, written: [] };
  const plan = planFixes(first.objects, first.inputs, kept, options.rules ?? RULES, options.severityOverrides, { findings: ignored, isIgnored });
  if (mode === 'dry-run' || plan.files.length === 0) return { report: first, plan, written: [] };
  const written = writePlan(plan);
  return { report: await runCheck(options), plan, written };
}
