// A pod's effective resource requests as kube-scheduler computes them:
//   k8s.io/component-helpers/resource/helpers.go  (PodRequests, AggregateContainerRequests, sidecar formula)
//   pkg/apis/core/v1/defaults.go                   (requests default to limits; pod-level request defaults)
//   pkg/scheduler/framework/types.go               (non-zero requests for scoring)
//   pkg/scheduler/util/pod_resources.go            (DefaultMilliCPURequest, DefaultMemoryRequest)
// Sums are done on exact quantities (nano units) and only then converted, as upstream sums Quantities
// before calling MilliValue()/Value().

import { isRecord } from '../util/guards.js';
import { formatBytes, formatCpu, parseQuantityExact, type ExactQuantity } from './quantity.js';
import type { Container, PodSpec, ResourceList } from './types.js';

/** Amounts by resource name: cpu in millicores, memory / ephemeral-storage / hugepages-* in bytes, others as counts. */
export type ResourceVector = Record<string, number>;

export const RESOURCE_CPU = 'cpu';
export const RESOURCE_MEMORY = 'memory';
export const RESOURCE_EPHEMERAL_STORAGE = 'ephemeral-storage';
export const RESOURCE_PODS = 'pods';
export const HUGEPAGES_PREFIX = 'hugepages-';

/** The scheduler scores a container without a cpu request as if it asked for 100m. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** ... and one without a memory request as if it asked for 200 MiB. */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

// --- exact sums in nano units ---------------------------------------------------------------------

type NanoList = Map<string, bigint>;

const NANO_EXPONENT = 9;
/** Quantities are clamped here (far beyond int64) so absurd exponents cannot blow up BigInt arithmetic. */
const NANO_CLAMP = 10n ** 60n;

/** Upstream rounds every parsed quantity up to a whole nano unit; so do we. */
function toNano(exact: ExactQuantity): bigint {
  const shift = exact.exponent10 + NANO_EXPONENT;
  let magnitude: bigint;
  if (exact.digits === 0n) magnitude = 0n;
  else if (shift >= 0) magnitude = shift > 60 ? NANO_CLAMP : exact.digits * 10n ** BigInt(shift);
  else if (-shift > 400) magnitude = 1n;
  else {
    const divisor = 10n ** BigInt(-shift);
    magnitude = exact.digits / divisor + (exact.digits % divisor === 0n ? 0n : 1n);
  }
  if (magnitude > NANO_CLAMP) magnitude = NANO_CLAMP;
  return exact.negative ? -magnitude : magnitude;
}

/** Parsed resource list; malformed quantities are left out (the API server would reject them). */
function nanoListOf(list: unknown): NanoList {
  const out: NanoList = new Map();
  if (!isRecord(list)) return out;
  for (const [name, value] of Object.entries(list)) {
    const exact = parseQuantityExact(value);
    if (exact) out.set(name, toNano(exact));
  }
  return out;
}

function addInto(target: NanoList, source: NanoList): void {
  for (const [name, amount] of source) target.set(name, (target.get(name) ?? 0n) + amount);
}

function maxInto(target: NanoList, source: NanoList): void {
  for (const [name, amount] of source) {
    const current = target.get(name);
    if (current === undefined || amount > current) target.set(name, amount);
  }
}

/** cpu → MilliValue(), everything else → Value(); both round up like Quantity.ScaledValue. */
function nanoToUnit(name: string, nano: bigint): number {
  const divisor = name === RESOURCE_CPU ? 1_000_000n : 1_000_000_000n;
  const negative = nano < 0n;
  const magnitude = negative ? -nano : nano;
  const rounded = magnitude / divisor + (magnitude % divisor === 0n ? 0n : 1n);
  return Number(negative ? -rounded : rounded);
}

function toVector(list: NanoList): ResourceVector {
  const out: ResourceVector = {};
  for (const [name, nano] of list) out[name] = nanoToUnit(name, nano);
  return out;
}

/** A ResourceList (as written) in scheduler units; malformed quantities are skipped. */
export function toResourceVector(list: ResourceList | undefined | null): ResourceVector {
  return toVector(nanoListOf(list));
}

// --- container and pod requests -------------------------------------------------------------------

/** SetDefaults_Pod: a resource with a limit but no request gets the limit as its request. */
function defaultedContainerRequests(container: Container): NanoList {
  const resources = isRecord(container.resources) ? container.resources : {};
  const requests = nanoListOf(resources.requests);
  for (const [name, amount] of nanoListOf(resources.limits)) {
    if (!requests.has(name)) requests.set(name, amount);
  }
  return requests;
}

function isRestartableInitContainer(container: Container): boolean {
  return container.restartPolicy === 'Always';
}

function containersOf(value: unknown): Container[] {
  return Array.isArray(value) ? (value.filter(isRecord) as unknown as Container[]) : [];
}

/**
 * AggregateContainerRequests (KEP-753 sidecar formula): regular containers and restartable init containers
 * run together, so they add up; each other init container runs beside the sidecars started before it;
 * the pod needs the larger of the two for every resource.
 */
function aggregateContainerRequests(spec: PodSpec, nonMissing?: NanoList): NanoList {
  const requestsOf = (container: Container): NanoList => {
    const requests = defaultedContainerRequests(container);
    // applyNonMissing: fill only resources the container does not set at all (an explicit 0 stays 0).
    if (nonMissing) for (const [name, amount] of nonMissing) if (!requests.has(name)) requests.set(name, amount);
    return requests;
  };
  const result: NanoList = new Map();
  for (const container of containersOf(spec.containers)) addInto(result, requestsOf(container));

  const sidecarsSoFar: NanoList = new Map();
  const initPeak: NanoList = new Map();
  for (const container of containersOf(spec.initContainers)) {
    const requests = requestsOf(container);
    if (isRestartableInitContainer(container)) {
      addInto(result, requests);
      addInto(sidecarsSoFar, requests);
      maxInto(initPeak, sidecarsSoFar);
    } else {
      const whileRunning: NanoList = new Map(requests);
      addInto(whileRunning, sidecarsSoFar);
      maxInto(initPeak, whileRunning);
    }
  }
  maxInto(result, initPeak);
  return result;
}

/** Pod-level resources only cover cpu, memory and hugepages-* (IsSupportedPodLevelResource). */
export function isSupportedPodLevelResource(name: string): boolean {
  return name === RESOURCE_CPU || name === RESOURCE_MEMORY || name.startsWith(HUGEPAGES_PREFIX);
}

/**
 * Pod-level requests after API defaulting (defaultHugePagePodLimits, defaultPodRequests): a resource with
 * a pod-level limit but no pod-level request takes the containers' aggregate (cpu, memory) or the limit.
 */
function podLevelRequests(spec: PodSpec, containerAggregate: NanoList): NanoList {
  const resources = isRecord(spec.resources) ? spec.resources : undefined;
  const requests = nanoListOf(resources?.requests);
  const limits = nanoListOf(resources?.limits);
  if (requests.size + limits.size > 0) {
    // Container hugepages requests must equal their limits, so the aggregate request stands in for the aggregate limit.
    for (const [name, amount] of containerAggregate) {
      if (name.startsWith(HUGEPAGES_PREFIX) && !requests.has(name) && !limits.has(name)) limits.set(name, amount);
    }
  }
  if (limits.size > 0) {
    for (const [name, amount] of containerAggregate) {
      const overcommittable = name === RESOURCE_CPU || name === RESOURCE_MEMORY;
      if (overcommittable && !requests.has(name)) requests.set(name, amount);
    }
    for (const [name, amount] of limits) {
      if (isSupportedPodLevelResource(name) && !requests.has(name)) requests.set(name, amount);
    }
  }
  const supported: NanoList = new Map();
  for (const [name, amount] of requests) if (isSupportedPodLevelResource(name)) supported.set(name, amount);
  return supported;
}

export interface PodRequestOptions {
  /** Leave pod overhead (set by the RuntimeClass admission plugin) out of the total. */
  excludeOverhead?: boolean;
}

function podRequestsNano(spec: PodSpec, options: PodRequestOptions, nonMissing?: NanoList): { total: NanoList; podLevelSet: boolean } {
  const total = aggregateContainerRequests(spec, nonMissing);
  // Defaults are computed from the plain aggregate, as the API server does when the pod is created.
  const podLevel = podLevelRequests(spec, nonMissing ? aggregateContainerRequests(spec) : total);
  for (const [name, amount] of podLevel) total.set(name, amount);
  if (!options.excludeOverhead) addInto(total, nanoListOf(spec.overhead));
  return { total, podLevelSet: podLevel.size > 0 };
}

/**
 * resource.PodRequests as the scheduler's NodeResourcesFit uses it: the sidecar-aware container aggregate,
 * overridden by pod-level requests (PodLevelResources, on by default since 1.34), plus pod overhead.
 * Requests default to limits. Every named resource is kept; the scheduler itself only checks cpu, memory,
 * ephemeral-storage and scalar resources (extended, hugepages-*, attachable-volumes-*).
 */
export function podRequests(spec: PodSpec, options: PodRequestOptions = {}): ResourceVector {
  return toVector(podRequestsNano(spec, options).total);
}

/**
 * The requests kube-scheduler's scoring uses (NodeInfo.NonZeroRequested): like `podRequests`, but a
 * container that sets no cpu / memory request counts as 100m / 200 MiB. When pod-level requests are set,
 * the defaults only fill a resource that neither the pod nor any container requests.
 */
export function podNonZeroRequests(spec: PodSpec): ResourceVector {
  const plain = podRequestsNano(spec, {});
  const nonMissing: NanoList = new Map();
  const cpuDefault = BigInt(DEFAULT_MILLI_CPU_REQUEST) * 1_000_000n;
  const memoryDefault = BigInt(DEFAULT_MEMORY_REQUEST) * 1_000_000_000n;
  if (!plain.podLevelSet || !plain.total.has(RESOURCE_CPU)) nonMissing.set(RESOURCE_CPU, cpuDefault);
  if (!plain.podLevelSet || !plain.total.has(RESOURCE_MEMORY)) nonMissing.set(RESOURCE_MEMORY, memoryDefault);
  if (nonMissing.size === 0) return toVector(plain.total);
  return toVector(podRequestsNano(spec, {}, nonMissing).total);
}

// --- vector helpers -------------------------------------------------------------------------------

export function addResources(a: ResourceVector, b: ResourceVector): ResourceVector {
  const out: ResourceVector = { ...a };
  for (const [name, amount] of Object.entries(b)) out[name] = (out[name] ?? 0) + amount;
  return out;
}

export function subtractResources(a: ResourceVector, b: ResourceVector): ResourceVector {
  const out: ResourceVector = { ...a };
  for (const [name, amount] of Object.entries(b)) out[name] = (out[name] ?? 0) - amount;
  return out;
}

export function maxResources(a: ResourceVector, b: ResourceVector): ResourceVector {
  const out: ResourceVector = { ...a };
  for (const [name, amount] of Object.entries(b)) out[name] = Math.max(out[name] ?? amount, amount);
  return out;
}

/**
 * Names of resources the request needs more of than is available (a missing entry counts as 0).
 * Like NodeResourcesFit, a zero request never fails, whatever is available. Sorted for stable messages.
 */
export function exceededResources(request: ResourceVector, available: ResourceVector): string[] {
  return Object.entries(request)
    .filter(([name, amount]) => amount > 0 && amount > (available[name] ?? 0))
    .map(([name]) => name)
    .sort();
}

export function fitsWithin(request: ResourceVector, available: ResourceVector): boolean {
  return exceededResources(request, available).length === 0;
}

/** An amount for people: cpu as "500m" / "2", byte resources as "3.1 GiB", counts as numbers. */
export function formatResourceAmount(name: string, amount: number): string {
  if (name === RESOURCE_CPU) return formatCpu(amount);
  if (name === RESOURCE_MEMORY || name === RESOURCE_EPHEMERAL_STORAGE || name.startsWith(HUGEPAGES_PREFIX)) {
    return formatBytes(amount);
  }
  return String(amount);
}
