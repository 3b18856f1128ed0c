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
 * `inc({…})`, which is a visible share of a review's cost at thousands of reviews per second.
 */
export function childrenOf<Child>(make: (...values: string[]) => Child): (...values: string[]) => Child {
  const children = new Map<string, Child>();
  return (...values) => {
    const key = values.join('\u0000');
    let child = children.get(key);
    if (!child) children.set(key, (child = make(...values)));
    return child;
  };
}

/** A counter child counted in a plain number (see `tally`). */
export interface Tally {
  inc(): void;
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
      buckets: [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    decisions: new Counter({ name: 'kube_hybrid_webhook_decisions_total', help: 'Findings at validation by rule and the action the policy took.', labelNames: ['rule', 'severity', 'action'], registers, collect: addTallies }),
    mutations: new Counter({ name: 'kube_hybrid_webhook_mutations_total', help: 'Fields the mutating webhook added, by kind of mutation.', labelNames: ['mutation'], registers, collect: addTallies }),
    inFlight: new Gauge({ name: 'kube_hybrid_webhook_in_flight_requests', help: 'Reviews being handled.', labelNames: ['webhook'], registers, collect: setLevels }),
    clusterNodes: new Gauge({ name: 'kube_hybrid_webhook_cluster_nodes', help: 'Nodes in the cluster snapshot, by OS.', labelNames: ['os'], registers }),
    certificateExpiry: new Gauge({ name: 'kube_hybrid_webhook_certificate_expiry_timestamp_seconds', help: 'notAfter of the serving certificate in use.', registers }),
    certificateReloads: new Counter({ name: 'kube_hybrid_webhook_certificate_reloads_total', help: 'Serving certificate reloads, by result.', labelNames: ['result'], registers }),
  };
}
