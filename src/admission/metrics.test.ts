// Counters and gauges counted in plain numbers read the same at a scrape as prom-client's own calls.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebhookMetrics } from './metrics.js';
import { LATENCY_BUCKETS, childrenOf, createMetrics, level, observer, tally } from './metrics.js';

/** The same story told twice: through prom-client's children, and through tallies and levels. */
function record(metrics: WebhookMetrics, fast: boolean, round: number): void {
  const requests = childrenOf((webhook, code) => (fast ? tally(metrics.requests, { webhook, code }) : metrics.requests.labels({ webhook, code })));
  const decisions = childrenOf((rule, severity, action) => (fast ? tally(metrics.decisions, { rule, severity, action }) : metrics.decisions.labels({ rule, severity, action })));
  const inFlight = childrenOf((webhook) => (fast ? level(metrics.inFlight, { webhook }) : metrics.inFlight.labels({ webhook })));
  for (let i = 0; i < 5 + round; i++) requests('mutate', '200').inc();
  requests('validate', '400').inc();
  decisions('windows-image-tag', 'warning', 'warn').inc();
  decisions('windows-image-tag', 'warning', 'warn').inc();
  inFlight('mutate').inc();
  inFlight('mutate').inc();
  inFlight('mutate').dec();
  inFlight('validate').inc();
  inFlight('validate').dec();
}

describe('metrics counted in plain numbers (tally, level)', () => {
  it('a scrape shows the same series and values as prom-client children, scrape after scrape', async () => {
    const direct = createMetrics();
    const fast = createMetrics();
    for (let round = 0; round < 3; round++) {
      record(direct, false, round);
      record(fast, true, round);
      const scraped = await fast.registry.metrics();
      assert.equal(scraped, await direct.registry.metrics());
      assert.match(scraped, /kube_hybrid_webhook_in_flight_requests\{webhook="mutate"\} \d+/);
    }
    assert.match(await fast.registry.metrics(), /kube_hybrid_webhook_http_requests_total\{webhook="mutate",code="200"\} 18/);
  });

  it('get() reads the tallies too (not only a scrape)', async () => {
    const metrics = createMetrics();
    tally(metrics.mutations, { mutation: 'toleration' }).inc();
    const read = await metrics.mutations.get();
    assert.deepEqual(read.values.map((v) => [v.labels, v.value]), [[{ mutation: 'toleration' }, 1]]);
  });
});

describe('a histogram observed in plain numbers (observer)', () => {
  // Values on bucket bounds, between them, past the last one, and sums that round differently by order.
  const values = [0.0001, 0.0002, 0.00020000001, 0.0007, 0.1, 0.3, 0.9999, 1, 1.5, 7, 0.1 + 0.2, 1e-9, 0];
  const observeAll = (metrics: WebhookMetrics, fast: boolean, webhook: string, from: number) => {
    const child = fast ? observer(metrics.latency, { webhook }, LATENCY_BUCKETS) : metrics.latency.labels({ webhook });
    for (let i = from; i < values.length; i += 2) child.observe(values[i]);
  };

  it('a scrape and get() show the same text and values as prom-client observe, scrape after scrape', async () => {
    const direct = createMetrics();
    const fast = createMetrics();
    assert.equal(await fast.registry.metrics(), await direct.registry.metrics());
    for (let round = 0; round < 3; round++) {
      for (const [metrics, isFast] of [[direct, false], [fast, true]] as const) {
        observeAll(metrics, isFast, round === 0 ? 'validate' : 'mutate', round % 2);
        observeAll(metrics, isFast, 'validate', (round + 1) % 2);
      }
      const scraped = await fast.registry.metrics();
      assert.equal(scraped, await direct.registry.metrics());
      assert.deepEqual(await fast.latency.get(), await direct.latency.get());
    }
    assert.match(await fast.registry.metrics(), /kube_hybrid_webhook_request_duration_seconds_bucket\{le="0\.0002",webhook="validate"\} \d+/);
  });

  it('refuses what prom-client refuses', () => {
    const metrics = createMetrics();
    assert.throws(() => observer(metrics.latency, { webhook: 'mutate' }, LATENCY_BUCKETS).observe(Number.NaN), TypeError);
  });
});
