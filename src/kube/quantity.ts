// resource.Quantity parsing, exact like k8s.io/apimachinery/pkg/api/resource (quantity.go, suffix.go):
//   <quantity> ::= <sign>? <digits>? ("." <digits>?)? <suffix>
//   <suffix>   ::= "" | n u m k M G T P E  (decimal SI)  |  Ki Mi Gi Ti Pi Ei  (binary SI)  |  e<int> E<int>
// Values are kept as an exact decimal (BigInt digits × 10^exponent) so "100m" is 100 millicores, not
// 100.00000000000001. Like Quantity.ScaledValue, conversion to an integer unit rounds away from zero.

import type { QuantityValue } from './types.js';
import { detached } from '../util/detach.js';

/** |value| = digits × 10^exponent10. */
export interface ExactQuantity {
  negative: boolean;
  digits: bigint;
  exponent10: number;
}

const DECIMAL_SUFFIX_EXPONENTS: Record<string, number> = { '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX_POWERS: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
// Mirrors upstream's scanner: sign, integer digits, optional fraction, then a run of suffix letters,
// an optional sign and digits (the exponent). Upstream accepts odd corner cases such as "+", "." or "Ki"
// (all zero); so do we.
const QUANTITY_SHAPE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[+-]?[0-9]*)$/;
/** Beyond this many decimal places either way the number is treated as too large / rounded to one unit. */
const EXPONENT_LIMIT = 400;

/** A quantity parsed: exactly, and as the float `parseQuantity` gives. */
interface ParsedQuantity {
  exact: ExactQuantity;
  float: number;
}

/** The same few quantities ("500m", "1Gi") recur in every manifest: remember each parse (results are frozen). */
const parsedQuantities = new Map<string | number, ParsedQuantity | undefined>();
const MAX_REMEMBERED_QUANTITIES = 4096;

function parsedQuantityOf(value: unknown): ParsedQuantity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  if (parsedQuantities.has(value)) return parsedQuantities.get(value);
  const exact = parseQuantityText(value);
  let parsed: ParsedQuantity | undefined;
  if (exact) {
    const magnitude = Number.parseFloat(`${exact.digits}e${exact.exponent10}`);
    parsed = { exact: Object.freeze(exact), float: exact.negative ? -magnitude : magnitude };
  }
  if (parsedQuantities.size >= MAX_REMEMBERED_QUANTITIES) parsedQuantities.clear();
  // The key outlives the run: a string cut from a file would keep the whole file alive.
  parsedQuantities.set(typeof value === 'string' ? detached(value) : value, parsed);
  return parsed;
}

/** Parses a quantity as written in a manifest (string or JSON number); undefined when malformed. */
export function parseQuantityExact(value: unknown): ExactQuantity | undefined {
  return parsedQuantityOf(value)?.exact;
}

function parseQuantityText(value: string | number): ExactQuantity | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value); // e.g. 1e+21, which the exponent form accepts
  } else if (typeof value === 'string') {
    text = value.trim(); // Quantity.UnmarshalJSON trims surrounding space
  } else {
    return undefined;
  }
  if (text === '') return undefined;
  const match = QUANTITY_SHAPE.exec(text);
  if (!match) return undefined;
  const [, sign, whole = '', fraction = '', suffix = ''] = match;

  let digits = BigInt(`${whole}${fraction}` || '0');
  let exponent10 = -fraction.length;
  if (Object.hasOwn(DECIMAL_SUFFIX_EXPONENTS, suffix)) {
    exponent10 += DECIMAL_SUFFIX_EXPONENTS[suffix];
  } else if (Object.hasOwn(BINARY_SUFFIX_POWERS, suffix)) {
    digits *= 2n ** BigInt(BINARY_SUFFIX_POWERS[suffix]);
  } else if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
    const exponent = Number(suffix.slice(1));
    if (!Number.isSafeInteger(exponent)) return undefined;
    exponent10 += exponent;
  } else {
    return undefined;
  }
  return { negative: sign === '-' && digits !== 0n, digits, exponent10 };
}

/** The quantity as a float (approximate for huge or very precise values); undefined when malformed. */
export function parseQuantity(value: QuantityValue | unknown): number | undefined {
  return parsedQuantityOf(value)?.float;
}

/** Quantity.ScaledValue: the value in units of 10^scale, rounded away from zero. */
export function scaledValueOf(exact: ExactQuantity, scale: number): number {
  if (exact.digits === 0n) return 0;
  const shift = exact.exponent10 - scale;
  let magnitude: number;
  if (shift >= 0) {
    magnitude = shift > EXPONENT_LIMIT ? Number.POSITIVE_INFINITY : Number(exact.digits * 10n ** BigInt(shift));
  } else if (-shift > EXPONENT_LIMIT) {
    magnitude = 1;
  } else {
    const divisor = 10n ** BigInt(-shift);
    const quotient = exact.digits / divisor;
    magnitude = Number(exact.digits % divisor === 0n ? quotient : quotient + 1n);
  }
  return exact.negative ? -magnitude : magnitude;
}

/** Quantity.MilliValue (how cpu is counted): "500m" → 500, "1" → 1000, "0.1m" → 1. */
export function milliValue(value: QuantityValue | unknown): number | undefined {
  const exact = parseQuantityExact(value);
  return exact ? scaledValueOf(exact, -3) : undefined;
}

/** Quantity.Value (how memory, storage and extended resources are counted): "1Ki" → 1024, "0.5" → 1. */
export function integerValue(value: QuantityValue | unknown): number | undefined {
  const exact = parseQuantityExact(value);
  return exact ? scaledValueOf(exact, 0) : undefined;
}

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** Bytes for people: "512 B", "200 MiB", "3.1 GiB" (one decimal, binary units). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const sign = bytes < 0 ? '-' : '';
  let amount = Math.abs(bytes);
  let unit = 0;
  while (amount >= 1024 && unit < BINARY_UNITS.length - 1) {
    amount /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${sign}${amount} B`;
  // Round first, then re-check the unit so 1023.96 MiB reads "1 GiB", not "1024 MiB".
  let rounded = Math.round(amount * 10) / 10;
  if (rounded >= 1024 && unit < BINARY_UNITS.length - 1) {
    rounded = Math.round((rounded / 1024) * 10) / 10;
    unit += 1;
  }
  return `${sign}${rounded} ${BINARY_UNITS[unit]}`;
}

/** Millicores in Kubernetes' own notation: 500 → "500m", 2000 → "2", 1500 → "1500m". */
export function formatCpu(millicores: number): string {
  if (!Number.isFinite(millicores)) return String(millicores);
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}
