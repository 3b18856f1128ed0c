// Disagreements with upstream that are known, written down in docs/testing.md with upstream's
// reference, and not yet fixed (the rules or the scheduler are being changed elsewhere). The
// differential suite fails on any disagreement not matched here.
import type { Disagreement } from './scheduling-compare.js';
import type { ValidationDisagreement } from './validation.js';

export interface KnownDisagreement<T> {
  id: string;
  description: string;
  matches: (d: T) => boolean;
}

export const KNOWN_SCHEDULING: readonly KnownDisagreement<Disagreement>[] = [];

export const KNOWN_VALIDATION: readonly KnownDisagreement<ValidationDisagreement>[] = [];

export function unknownOf<T>(found: readonly T[], known: readonly KnownDisagreement<T>[]): T[] {
  return found.filter((d) => !known.some((k) => k.matches(d)));
}
