// What `explain` reads: one error message, a pasted `kubectl describe pod`, `kubectl get events
// -o json|yaml` (an EventList, a List of events, or one Event) or `kubectl get pod -o json|yaml` (a Pod
// or a List of them: status, conditions and container states). Each becomes a list of messages, with
// the event or state reason when there is one.
import { parseAllDocuments } from 'yaml';
import { asRecord, asString, isRecord } from '../util/guards.js';

/** `live`: pods, their events and nodes read from the cluster (`explain pod NAME`, `explain -A`). */
export type InputKind = 'message' | 'describe' | 'events' | 'pods' | 'live';

export interface InputMessage {
  text: string;
  /** The event reason ("Failed", "FailedScheduling"…) or the describe field ("State", "Last State"). */
  reason?: string;
}

export interface ParsedInput {
  kind: InputKind;
  messages: InputMessage[];
}

/** What a Pod's status says went wrong: its message, condition messages, container waiting/terminated states. */
export function podMessages(pod: Record<string, unknown>): InputMessage[] {
  const out: InputMessage[] = [];
  const status = asRecord(pod.status);
  if (!status) return out;
  const message = asString(status.message);
  if (message) out.push({ text: message, reason: asString(status.reason) });
  for (const condition of Array.isArray(status.conditions) ? status.conditions : []) {
    const text = asString(asRecord(condition)?.message);
    if (text) out.push({ text, reason: asString(asRecord(condition)?.reason) });
  }
  for (const group of ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses']) {
    for (const container of Array.isArray(status[group]) ? (status[group] as unknown[]) : []) {
      for (const which of ['state', 'lastState']) {
        const state = asRecord(asRecord(container)?.[which]);
        for (const phase of ['waiting', 'terminated']) {
          const detail = asRecord(state?.[phase]);
          if (!detail) continue;
          const text = asString(detail.message);
          if (text) out.push({ text, reason: asString(detail.reason) });
          if (typeof detail.exitCode === 'number' && detail.exitCode !== 0) out.push({ text: `Exit Code: ${detail.exitCode}`, reason: 'Exit Code' });
        }
      }
    }
  }
  return out;
}

function eventsFrom(value: unknown): InputMessage[] | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  const items = Array.isArray(record.items) ? record.items : record.kind === 'Event' || record.kind === 'Pod' ? [record] : undefined;
  if (!items) return undefined;
  const out: InputMessage[] = [];
  for (const item of items) {
    if (!isRecord(item)) continue;
    if (item.kind === 'Pod') {
      out.push(...podMessages(item));
      continue;
    }
    // events.k8s.io/v1 names it `note`; core/v1 `message`.
    const text = asString(item.message) ?? asString(item.note);
    if (text) out.push({ text, reason: asString(item.reason) });
  }
  return out;
}

function tryStructured(text: string): InputMessage[] | undefined {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      return eventsFrom(JSON.parse(trimmed));
    } catch {
      return undefined;
    }
  }
  if (!/^(apiVersion|kind|items|metadata):/m.test(trimmed)) return undefined;
  try {
    const messages: InputMessage[] = [];
    let any = false;
    for (const doc of parseAllDocuments(trimmed)) {
      if (doc.errors.length > 0) return undefined;
      const found = eventsFrom(doc.toJS());
      if (found) {
        any = true;
        messages.push(...found);
      }
    }
    return any ? messages : undefined;
  } catch {
    return undefined;
  }
}

const EVENT_LINE = /^\s*(Normal|Warning)\s{2,}(\S+)\s{2,}/;

/** `kubectl describe` output: the Events table rows (columns are 2+ spaces apart) and every other line. */
function describeMessages(text: string): InputMessage[] {
  const out: InputMessage[] = [];
  for (const line of text.split(/\r?\n/)) {
    const event = EVENT_LINE.exec(line);
    if (event) {
      // Type, Reason, Age, From, Message: the message is what follows the fourth column.
      const columns = line.trim().split(/\s{2,}/);
      const message = columns.slice(4).join('  ');
      if (message) out.push({ text: message, reason: event[2] });
      continue;
    }
    const field = /^\s*(Message|Reason|Exit Code|State|Last State):\s+(.*)$/.exec(line);
    if (field) {
      out.push({ text: field[1] === 'Exit Code' ? `Exit Code: ${field[2]}` : field[2], reason: field[1] });
      continue;
    }
    if (line.trim()) out.push({ text: line.trim() });
  }
  return out;
}

function looksLikeDescribe(text: string): boolean {
  return /^Name:\s+\S/m.test(text) && (/^Events:/m.test(text) || /^Namespace:/m.test(text));
}

/** Whether structured input holds Pods (`kubectl get pod -o json|yaml`) rather than events. */
function holdsPods(text: string): boolean {
  return /"kind":\s*"Pod"|^\s*-?\s*kind:\s*Pod\s*$/m.test(text);
}

export function parseInput(text: string): ParsedInput {
  const structured = tryStructured(text);
  if (structured) return { kind: holdsPods(text) ? 'pods' : 'events', messages: structured };
  if (looksLikeDescribe(text)) return { kind: 'describe', messages: describeMessages(text) };
  return { kind: 'message', messages: [{ text: text.trim() }] };
}
