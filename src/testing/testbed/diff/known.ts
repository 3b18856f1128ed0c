// Disagreements with upstream that are known, written down in docs/testing.md with upstream's
// reference, and not fixed here (the scheduler and the rules are being changed elsewhere). The
// differential suite fails on any disagreement not matched by one of these.
import type { Disagreement } from './scheduling-compare.js';
import type { ValidationDisagreement } from './validation.js';

export interface KnownDisagreement<T> {
  id: string;
  description: string;
  matches: (d: T) => boolean;
}

const NOT_HELPFUL = /(\d+) Preemption is not helpful for scheduling/;
const NO_VICTIMS = /(\d+) No preemption victims found for incoming pod/;

function preemptionCounts(text: string): { before: string; notHelpful: number; noVictims: number } | undefined {
  const at = text.indexOf(' preemption: ');
  if (at < 0) return undefined;
  const tail = text.slice(at);
  return { before: text.slice(0, at), notHelpful: Number(NOT_HELPFUL.exec(tail)?.[1] ?? 0), noVictims: Number(NO_VICTIMS.exec(tail)?.[1] ?? 0) };
}

/**
 * K1. Our NodeResourcesFit answers UnschedulableAndUnresolvable when a request exceeds the node's whole
 * allocatable, so DefaultPreemption counts that node as "Preemption is not helpful for scheduling".
 * Kubernetes v1.33 (the pinned version) always answers Unschedulable there, so upstream counts it as
 * "No preemption victims found for incoming pod"; the Unresolvable answer came with
 * kubernetes/kubernetes#131345 (v1.34). Everything before "preemption:" agrees.
 */
function isK1(d: Disagreement): boolean {
  if (d.area !== 'failed-scheduling-text' && d.area !== 'daemonset-outcome') return false;
  const strip = (s: string) => s.replace(/^Pending: /, '');
  const up = preemptionCounts(strip(d.upstream));
  const ours = preemptionCounts(strip(d.ours));
  if (!up || !ours || up.before !== ours.before || !/Insufficient /.test(up.before)) return false;
  return up.noVictims > ours.noVictims && up.notHelpful + up.noVictims === ours.notHelpful + ours.noVictims;
}

/** K1 is fixed (NodeResourcesFit follows v1.33); its matcher stays exported for its own test only. */
export const K1: KnownDisagreement<Disagreement> = {
  id: 'K1',
  description: 'preemption count for a node whose allocatable is below the request: upstream v1.33 "No preemption victims found", ours "Preemption is not helpful" (the v1.34 behaviour, kubernetes/kubernetes#131345) — fixed',
  matches: isK1,
};

export const KNOWN_SCHEDULING: readonly KnownDisagreement<Disagreement>[] = [];

/** A known validation difference explains some of a disagreement's fields (missed and extra). */
export interface KnownValidation {
  id: string;
  description: string;
  explains: (d: ValidationDisagreement) => { missed: string[]; extra: string[] };
}

/** The field of each upstream cause whose message includes `text`. */
function upstreamFieldsSaying(d: ValidationDisagreement, text: string): string[] {
  return d.upstream.filter((u) => u.includes(text)).map((u) => u.slice(0, u.indexOf(': ')));
}

export const KNOWN_VALIDATION: readonly KnownValidation[] = [
  {
    // validateSysctls: a namespaced net.* sysctl may not be set with hostNetwork (not Windows-specific;
    // no rule of ours models it).
    id: 'V2',
    description: 'sysctls net.* with hostNetwork: true ("may not be specified when \'hostNetwork\' is true"): no rule of ours',
    explains: (d) => ({ missed: upstreamFieldsSaying(d, "may not be specified when 'hostNetwork' is true"), extra: [] }),
  },
  {
    // validateSecurityContext (AllowPrivilegeEscalation): privileged: true with allowPrivilegeEscalation:
    // false is refused on any pod (not Windows-specific; no rule of ours models it).
    id: 'V3',
    description: 'privileged: true with allowPrivilegeEscalation: false ("cannot set `allowPrivilegeEscalation` to false and `privileged` to true"): no rule of ours',
    explains: (d) => ({ missed: upstreamFieldsSaying(d, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'), extra: [] }),
  },
];

/** The known entries that explain this disagreement, or undefined when some field stays unexplained. */
export function explainValidation(d: ValidationDisagreement): string[] | undefined {
  const missed = new Set(d.missed);
  const extra = new Set(d.extra);
  const ids: string[] = [];
  for (const k of KNOWN_VALIDATION) {
    const e = k.explains(d);
    let used = false;
    for (const f of e.missed) used = missed.delete(f) || used;
    for (const f of e.extra) used = extra.delete(f) || used;
    if (used) ids.push(k.id);
  }
  return missed.size === 0 && extra.size === 0 ? ids : undefined;
}

export function unknownValidation(found: readonly ValidationDisagreement[]): ValidationDisagreement[] {
  return found.filter((d) => explainValidation(d) === undefined);
}

export function unknownOf<T>(found: readonly T[], known: readonly KnownDisagreement<T>[]): T[] {
  return found.filter((d) => !known.some((k) => k.matches(d)));
}

/** How many disagreements each known entry covers (for the report). */
export function knownCounts<T>(found: readonly T[], known: readonly KnownDisagreement<T>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of known) out[k.id] = found.filter((d) => k.matches(d)).length;
  return out;
}
