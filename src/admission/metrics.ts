// Prometheus metrics (prom-client) on a registry of our own: nothing global, so tests and several
// servers in one process do not collide.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LabelValues } from 'prom-client';

export type WebhookPath = 'mutate' | 'validate';

export interface WebhookMetrics {
  registry: Registry;
  requests: Counter<'webhook' | 'code'>;
  reviews: Counter<'webhook' | 'kind' | 'operation' | 'outcome'>;
  latency: Histogram<'webhook'>;
  decisions: Counter<'rule' | 'severity' | 'action'>;
  mutations: Counter<'mutation'>;
  inFlight: Gauge<'webhook'>;
  clusterNodes: Gauge<'os'>;
  certificateExpiry: Gauge;
  certificateReloads: Counter<'result'>;
}

/**
 * Children of a labelled metric, made once per label set: prom-client hashes the labels on every
 * `inc({…})`, which is a visible share of a review's cost at thousands of reviews per second. Found
 * by one map per label value (no key string joined per call).
 */
export function childrenOf<Child>(make: (...values: string[]) => Child): (...values: string[]) => Child {
  const root = new Map<string, unknown>();
  return (...values) => {
    let level = root;
    const last = values.length - 1;
    for (let i = 0; i < last; i++) {
      let next = level.get(values[i]) as Map<string, unknown> | undefined;
      if (!next) level.set(values[i], (next = new Map()));
      level = next;
    }
    // (No label values at all: the child sits under '' — the metric has no labels.)
    const key = last >= 0 ? values[last] : '';
    let child = level.get(key) as Child | undefined;
    if (child === undefined) level.set(key, (child = make(...values)));
    return child;
  };
}

/** A counter child counted in a plain number (see `tally`). */
export interface Tally {
  inc(): void;
}

/** A histogram child observed in plain numbers (see `observer`). */
export interface Observer {
  observe(value: number): void;
}

/** A gauge child held in a plain number (see `level`). */
export interface Level {
  inc(): void;
  dec(): void;
}

interface Pending {
  labels: LabelValues<string>;
  value: number;
}

/** Tallies and levels by the metric that collects them (weakly: a dropped registry's metrics go with it). */
const pendingOf = new WeakMap<Counter<string> | Gauge<string>, Pending[]>();

function pendingFor(metric: Counter<string> | Gauge<string>): Pending[] {
  let pending = pendingOf.get(metric);
  if (!pending) pendingOf.set(metric, (pending = []));
  return pending;
}

/**
 * A count for one label set kept in a number and added to the counter when the counter is read (a
 * scrape, or `get()`): prom-client hashes the label set on every `inc()`, even on a child made by
 * `labels()`, which is a visible share of a review at thousands of reviews per second. What a scrape
 * reads is the same. The counter must be made by `createMetrics` (its `collect` adds the tallies).
 */
export function tally<T extends string>(counter: Counter<T>, labels: LabelValues<T>): Tally {
  const pending: Pending = { labels, value: 0 };
  pendingFor(counter as Counter<string>).push(pending);
  return { inc: () => void pending.value++ };
}

/** A gauge value for one label set kept in a number and set on the gauge when it is read (as `tally`). */
export function level<T extends string>(gauge: Gauge<T>, labels: LabelValues<T>): Level {
  const pending: Pending = { labels, value: 0 };
  pendingFor(gauge as Gauge<string>).push(pending);
  return { inc: () => void pending.value++, dec: () => void pending.value-- };
}

/** `collect` of the counters that take tallies: adds what was counted since the last read. */
function addTallies(this: Counter<string>): void {
  for (const pending of pendingOf.get(this) ?? []) {
    if (pending.value === 0) continue;
    this.inc(pending.labels, pending.value);
    pending.value = 0;
  }
}

/** `collect` of the gauges that take levels: sets each label set to the sum of its levels (one per server). */
function setLevels(this: Gauge<string>): void {
  const sums = new Map<string, Pending>();
  for (const pending of pendingOf.get(this) ?? []) {
    const key = JSON.stringify(pending.labels);
    const sum = sums.get(key);
    if (sum) sum.value += pending.value;
    else sums.set(key, { labels: pending.labels, value: pending.value });
  }
  for (const { labels, value } of sums.values()) this.set(labels, value);
}

/** prom-client's own record of one label set of a histogram (lib/histogram.js, `createBaseValues`). */
interface HistogramEntry {
  labels: LabelValues<string>;
  bucketValues: Record<string, number>;
  sum: number;
  count: number;
}

/** Observations of one label set, in the numbers prom-client keeps (buckets not cumulative). */
interface Observations {
  labels: LabelValues<string>;
  bounds: readonly number[];
  /** Per upper bound, as prom-client's `bucketValues`. */
  buckets: number[];
  sum: number;
  count: number;
}

/** Observations by histogram, then by label set (one record per label set, shared by every server). */
const observationsOf = new WeakMap<Histogram<string>, Map<string, Observations>>();

/** The histogram's label sets as prom-client holds them, or undefined when it no longer does so. */
function entriesOf(histogram: Histogram<string>): Record<string, HistogramEntry> | undefined {
  const hashMap = (histogram as unknown as { hashMap?: unknown }).hashMap;
  return typeof hashMap === 'object' && hashMap !== null ? (hashMap as Record<string, HistogramEntry>) : undefined;
}

function sameLabels(a: LabelValues<string>, b: LabelValues<string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/**
 * A histogram child observed in plain numbers and handed to prom-client when the histogram is read
 * (a scrape, or `get()`), as `tally` does for counters: prom-client validates and hashes the label
 * set on every `observe()`. The numbers are the ones prom-client's `observe` keeps — the sum added
 * in the same order, a count per bucket (the first upper bound ≥ the value; none above the last) —
 * and replace its record of the label set when read, so a scrape shows the same text (a test compares
 * them). The histogram must be made by `createMetrics` (its `collect` hands the numbers over) with
 * these `bounds`, and be observed for this label set only through observers. When prom-client keeps
 * its records otherwise (another version), the observer is prom-client's own child.
 */
export function observer<T extends string>(histogram: Histogram<T>, labels: LabelValues<T>, bounds: readonly number[]): Observer {
  const metric = histogram as unknown as Histogram<string>;
  if (!entriesOf(metric)) return histogram.labels(labels);
  let byLabels = observationsOf.get(metric);
  if (!byLabels) observationsOf.set(metric, (byLabels = new Map()));
  const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  let record = byLabels.get(key);
  if (!record) byLabels.set(key, (record = { labels, bounds, buckets: bounds.map(() => 0), sum: 0, count: 0 }));
  const observations = record;
  return {
    observe(value: number) {
      if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
      observations.sum += value;
      observations.count += 1;
      for (let i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          observations.buckets[i]++;
          break;
        }
      }
    },
  };
}

/** `collect` of the histograms that take observers: puts each label set's numbers in prom-client's record. */
function handOverObservations(this: Histogram<string>): void {
  for (const observations of observationsOf.get(this)?.values() ?? []) {
    if (observations.count === 0) continue;
    const find = () => Object.values(entriesOf(this) ?? {}).find((e) => sameLabels(e.labels, observations.labels));
    if (!find()) this.zero(observations.labels);
    const entry = find();
    if (!entry) continue;
    entry.sum = observations.sum;
    entry.count = observations.count;
    observations.bounds.forEach((bound, i) => (entry.bucketValues[bound] = observations.buckets[i]));
  }
}

/** Upper bounds of the request latency histogram (seconds). */
export const LATENCY_BUCKETS: readonly number[] = [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

export function createMetrics(options: { defaultMetrics?: boolean } = {}): WebhookMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'kube_hybrid_webhook_' });
  const registers = [registry];
  return {
    registry,
    requests: new Counter({ name: 'kube_hybrid_webhook_http_requests_total', help: 'HTTP requests to /mutate and /validate by status code.', labelNames: ['webhook', 'code'], registers, collect: addTallies }),
    reviews: new Counter({
      name: 'kube_hybrid_webhook_reviews_total',
      help: 'AdmissionReviews answered, by outcome (allowed, patched, denied, skipped, errored).',
      labelNames: ['webhook', 'kind', 'operation', 'outcome'],
      registers,
      collect: addTallies,
    }),
    latency: new Histogram({
      name: 'kube_hybrid_webhook_request_duration_seconds',
      help: 'Time from the request arriving to the response written (body read, review, encode).',
      labelNames: ['webhook'],
      buckets: [...LATENCY_BUCKETS],
      registers,
      collect: handOverObservations,
    }),
    decisions: new Counter({ name: 'kube_hybrid_webhook_decisions_total', help: 'Findings at validation by rule and the action the policy took.', labelNames: ['rule', 'severity', 'action'], registers, collect: addTallies }),
    mutations: new Counter({ name: 'kube_hybrid_webhook_mutations_total', help: 'Fields the mutating webhook added, by kind of mutation.', labelNames: ['mutation'], registers, collect: addTallies }),
    inFlight: new Gauge({ name: 'kube_hybrid_webhook_in_flight_requests', help: 'Reviews being handled.', labelNames: ['webhook'], registers, collect: setLevels }),
    clusterNodes: new Gauge({ name: 'kube_hybrid_webhook_cluster_nodes', help: 'Nodes in the cluster snapshot, by OS.', labelNames: ['os'], registers }),
    certificateExpiry: new Gauge({ name: 'kube_hybrid_webhook_certificate_expiry_timestamp_seconds', help: 'notAfter of the serving certificate in use.', registers }),
    certificateReloads: new Counter({ name: 'kube_hybrid_webhook_certificate_reloads_total', help: 'Serving certificate reloads, by result.', labelNames: ['result'], registers }),
  };
}
