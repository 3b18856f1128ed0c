// Shared by the webhook and gMSA end-to-end suites: waiting for a started `webhook serve` to answer.
import { KubeClient } from '../client.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the webhook's /readyz on 127.0.0.1:`port` (TLS, trusting `caPem`) until it answers 200; throws after 30 s. */
export async function waitForWebhookReady(port: number, caPem: string): Promise<void> {
  const probe = new KubeClient(`https://127.0.0.1:${port}`, 'unused', caPem);
  const deadline = Date.now() + 30_000;
  try {
    for (;;) {
      const ready = await probe.get('/readyz').then((r) => r.status === 200, () => false);
      if (ready) return;
      if (Date.now() > deadline) throw new Error('the webhook did not become ready in 30 s');
      await sleep(100);
    }
  } finally {
    probe.close();
  }
}
