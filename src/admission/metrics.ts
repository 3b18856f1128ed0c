// Prometheus metrics (prom-client) on a registry of our own: nothing global, so tests and several
// servers in one process do not collide.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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

export function createMetrics(options: { defaultMetrics?: boolean } = {}): WebhookMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'kube_hybrid_webhook_' });
  const registers = [registry];
  return {
    registry,
    requests: new Counter({ name: 'kube_hybrid_webhook_http_requests_total', help: 'HTTP requests to /mutate and /validate by status code.', labelNames: ['webhook', 'code'], registers }),
    reviews: new Counter({
      name: 'kube_hybrid_webhook_reviews_total',
      help: 'AdmissionReviews answered, by outcome (allowed, patched, denied, skipped, errored).',
      labelNames: ['webhook', 'kind', 'operation', 'outcome'],
      registers,
    }),
    latency: new Histogram({
      name: 'kube_hybrid_webhook_request_duration_seconds',
      help: 'Time from the request arriving to the response written (body read, review, encode).',
      labelNames: ['webhook'],
      buckets: [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    decisions: new Counter({ name: 'kube_hybrid_webhook_decisions_total', help: 'Findings at validation by rule and the action the policy took.', labelNames: ['rule', 'severity', 'action'], registers }),
    mutations: new Counter({ name: 'kube_hybrid_webhook_mutations_total', help: 'Fields the mutating webhook added, by kind of mutation.', labelNames: ['mutation'], registers }),
    inFlight: new Gauge({ name: 'kube_hybrid_webhook_in_flight_requests', help: 'Reviews being handled.', labelNames: ['webhook'], registers }),
    clusterNodes: new Gauge({ name: 'kube_hybrid_webhook_cluster_nodes', help: 'Nodes in the cluster snapshot, by OS.', labelNames: ['os'], registers }),
    certificateExpiry: new Gauge({ name: 'kube_hybrid_webhook_certificate_expiry_timestamp_seconds', help: 'notAfter of the serving certificate in use.', registers }),
    certificateReloads: new Counter({ name: 'kube_hybrid_webhook_certificate_reloads_total', help: 'Serving certificate reloads, by result.', labelNames: ['result'], registers }),
  };
}
