// `explain`: from error text to cause, fix, the rule of `check` that predicts it, and a public source.
// kube-scheduler's FailedScheduling text is first split into its reasons (each matched on its own, with
// its node count); status codes nobody catalogued are still decoded.
import type { CatalogueEntry, ErrorOrigin, ErrorSource } from '../windows/errors.js';
import { WINDOWS_ERRORS } from '../windows/errors.js';
import type { DecodedCode } from '../windows/hresult.js';
import { describeStatus, statusCodesIn } from '../windows/hresult.js';
import type { InputKind, InputMessage } from './input.js';
import { parseInput } from './input.js';
import { KUBE_ERRORS } from './kube-errors.js';

/** Every entry `explain` knows, Windows runtime errors first. */
export const CATALOGUE: readonly CatalogueEntry[] = [...WINDOWS_ERRORS, ...KUBE_ERRORS];

export interface Explanation {
  id: string;
  origin: ErrorOrigin;
  title: string;
  /** The text that matched (the message, or one FailedScheduling reason), shortened. */
  seen: string;
  /** Named groups of the matcher, plus `count` (nodes) for a FailedScheduling reason. */
  captures: Record<string, string>;
  cause: string;
  fix: string;
  rules: readonly string[];
  sources: readonly ErrorSource[];
  /** Status codes in the matched message, decoded. */
  codes: DecodedCode[];
  /** The event reason the message came with, when known. */
  eventReason?: string;
}

/** `pod-status`: live mode, a pod whose own status matched nothing (e.g. ImagePullBackOff with no event). */
export type RecognisedKind = 'status-code' | 'scheduler-reason' | 'event-reason' | 'pod-status';

/** Something `explain` recognised but has no catalogue entry for. */
export interface Recognised {
  kind: RecognisedKind;
  text: string;
  detail?: string;
}

export interface ExplainReport {
  input: InputKind;
  explained: Explanation[];
  recognised: Recognised[];
}

/** kube-scheduler's FitError: "0/N nodes are available: <n> <reason>, …." and a preemption part. */
const FIT_ERROR = /(\d+)\/(\d+) nodes are available: /g;

export interface SchedulingReason {
  count: number;
  reason: string;
  preemption: boolean;
}

/** The reasons of a FailedScheduling message, each with its node count. */
export function schedulingReasons(message: string): SchedulingReason[] {
  const out: SchedulingReason[] = [];
  const starts = [...message.matchAll(FIT_ERROR)];
  starts.forEach((start, i) => {
    const from = (start.index ?? 0) + start[0].length;
    const to = i + 1 < starts.length ? starts[i + 1].index : message.length;
    const preemption = message.slice(Math.max(0, (start.index ?? 0) - 'preemption: '.length), start.index).endsWith('preemption: ');
    // The histogram ends at the first ". " (or the end); what follows is the PostFilter message.
    let body = message.slice(from, to);
    const end = body.search(/\.(\s|$)/);
    if (end >= 0) body = body.slice(0, end);
    for (const item of body.split(/, (?=\d+ )/)) {
      const m = /^(\d+) (.+)$/.exec(item.trim());
      if (m) out.push({ count: Number(m[1]), reason: m[2], preemption });
      else if (item.trim()) out.push({ count: Number(start[2]), reason: item.trim(), preemption });
    }
  });
  return out;
}

function fill(template: string, captures: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => captures[name] ?? (name === 'count' ? 'some' : `the ${name}`));
}

function shorten(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function capturesOf(match: RegExpExecArray): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(match.groups ?? {})) if (value !== undefined) out[name] = value;
  return out;
}

function explanationOf(entry: CatalogueEntry, match: RegExpExecArray, seen: string, extra: Record<string, string>, eventReason: string | undefined): Explanation {
  const captures = { ...capturesOf(match), ...extra };
  return {
    id: entry.id,
    origin: entry.origin,
    title: entry.title,
    seen: shorten(seen),
    captures,
    cause: fill(entry.cause, captures),
    fix: fill(entry.fix, captures),
    rules: entry.rules,
    sources: entry.sources,
    codes: statusCodesIn(seen),
    ...(eventReason ? { eventReason } : {}),
  };
}

/** The first entry of the catalogue matching `text` (entries are ordered most specific first). */
export function matchEntry(text: string, catalogue: readonly CatalogueEntry[] = CATALOGUE): { entry: CatalogueEntry; match: RegExpExecArray } | undefined {
  for (const entry of catalogue) {
    const match = entry.pattern.exec(text);
    if (match) return { entry, match };
  }
  return undefined;
}

/** Event reasons that say something failed, reported as recognised when nothing else matched. */
const FAILURE_REASONS = new Set(['Failed', 'FailedCreatePodSandBox', 'FailedScheduling', 'FailedMount', 'FailedCreate', 'BackOff', 'Unhealthy', 'FailedKillPod', 'FailedSync', 'Evicted']);

export function explain(text: string): ExplainReport {
  const input = parseInput(text);
  return explainMessages(input.kind, input.messages);
}

/** Explains messages already taken apart (pasted input, or a live pod's status and events). */
export function explainMessages(kind: InputKind, messages: readonly InputMessage[]): ExplainReport {
  const input = { kind, messages };
  const explained: Explanation[] = [];
  const recognised: Recognised[] = [];
  const seenKeys = new Set<string>();
  const add = (explanation: Explanation) => {
    const key = `${explanation.id}\u0000${JSON.stringify(explanation.captures)}`;
    if (seenKeys.has(key)) return;
    seenKeys.add(key);
    explained.push(explanation);
  };
  const recognise = (item: Recognised) => {
    if (!recognised.some((r) => r.kind === item.kind && r.text === item.text)) recognised.push(item);
  };

  for (const message of input.messages) {
    const reasons = schedulingReasons(message.text);
    if (reasons.length > 0) {
      for (const r of reasons) {
        const found = matchEntry(r.reason);
        if (found) add(explanationOf(found.entry, found.match, r.reason, { count: String(r.count) }, message.reason));
        else recognise({ kind: 'scheduler-reason', text: r.reason, detail: `${r.count} node(s)${r.preemption ? ' (preemption)' : ''}` });
      }
      continue;
    }
    const found = matchEntry(message.text);
    if (found) {
      add(explanationOf(found.entry, found.match, message.text, {}, message.reason));
      continue;
    }
    const codes = statusCodesIn(message.text);
    for (const code of codes) recognise({ kind: 'status-code', text: code.hex, detail: describeStatus(code) });
    if (codes.length === 0 && message.reason && FAILURE_REASONS.has(message.reason)) recognise({ kind: 'event-reason', text: message.reason, detail: shorten(message.text, 160) });
  }
  return { input: input.kind, explained, recognised };
}
