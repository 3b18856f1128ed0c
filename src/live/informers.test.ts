// The live cluster source against a fake kube-apiserver (HTTPS on 127.0.0.1, its own CA, a token
// user in a kubeconfig file), built the way `kube-hybrid webhook serve --kubeconfig FILE` builds it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClusterSnapshot } from '../admission/cluster-state.js';
import { LiveClusterSource } from './informers.js';
import { jsonLogger } from '../admission/log.js';
import type { FakeApiServer } from '../admission/testing/apiserver.js';
import { fakeNode, fakeRuntimeClass, startFakeApiServer } from '../admission/testing/apiserver.js';
import { admissionReview, iisDeployment, send, startServer } from '../admission/testing/webhook.js';

const NODES = '/api/v1/nodes';
const RUNTIME_CLASSES = '/apis/node.k8s.io/v1/runtimeclasses';
const WINDOWS_TAINT = { key: 'os', value: 'windows', effect: 'NoSchedule' };

interface Live {
  api: FakeApiServer;
  source: LiveClusterSource;
  logs: string[];
  close(): Promise<void>;
}

/** A fake API server seeded with a kubeadm-style hybrid cluster, and a live source on it (not started). */
async function setup(seed: (api: FakeApiServer) => void = seedCluster): Promise<Live> {
  const api = await startFakeApiServer();
  seed(api);
  const logs: string[] = [];
  // As `webhook serve --kubeconfig FILE` does; short delays so restarts happen within the test.
  const source = new LiveClusterSource({ kubeconfig: api.kubeconfigFile, logger: jsonLogger((line) => logs.push(line), 'debug'), restartDelayMs: 50, debounceMs: 10 });
  return {
    api,
    source,
    logs,
    async close() {
      await source.stop();
      await api.close();
    },
  };
}

function seedCluster(api: FakeApiServer): void {
  api.nodes.seed(
    fakeNode('cp-1', { os: 'linux', taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
    fakeNode('linux-1', { os: 'linux' }),
    fakeNode('win-2022-1', { os: 'windows', kernel: '10.0.20348.2849', taints: [WINDOWS_TAINT] }),
    fakeNode('win-2022-2', { os: 'windows', kernel: '10.0.20348.2849', taints: [WINDOWS_TAINT] }),
  );
  api.runtimeClasses.seed(fakeRuntimeClass('windows-2022', 'runhcs-wcow-process', { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' }, [WINDOWS_TAINT]));
}

/** Polls until `check` returns a value (not undefined/false), or fails after `ms` (generous: CI is a busy 2-core machine). */
async function until<T>(what: string, check: () => T | undefined | false, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${ms}ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function names(snapshot: ClusterSnapshot | undefined): string[] {
  return (snapshot?.cluster.nodes ?? []).map((n) => n.metadata.name).sort();
}

function nodeNamed(snapshot: ClusterSnapshot | undefined, name: string) {
  return snapshot?.cluster.nodes.find((n) => n.metadata.name === name);
}

async function withStarted(body: (live: Live) => Promise<void>, seed?: (api: FakeApiServer) => void): Promise<void> {
  const live = await setup(seed);
  try {
    await live.source.start();
    await body(live);
  } finally {
    await live.close();
  }
}

describe('live cluster source against a fake API server', { timeout: 60_000 }, () => {
  it('lists, then watches from the list resourceVersion, with the kubeconfig token and CA', () =>
    withStarted(async ({ api }) => {
      for (const path of [NODES, RUNTIME_CLASSES]) {
        await until(`a watch on ${path}`, () => api.resources.get(path)?.watchers() === 1);
        const lists = api.requestsTo(path, 'list');
        const watches = api.requestsTo(path, 'watch');
        assert.equal(lists.length, 1, `one list of ${path}`);
        assert.equal(watches.length, 1, `one watch of ${path}`);
        // The list goes through the shared live client (src/live/client.ts): pages of 500, as
        // kubectl; the watch is client-node's: watch=true&resourceVersion=<list's>, no
        // allowWatchBookmarks, no timeoutSeconds (the API server's own timeout ends watches).
        assert.deepEqual(lists[0]!.query, { limit: '500' });
        assert.deepEqual(watches[0]!.query, { watch: 'true', resourceVersion: String(api.resourceVersion) });
        for (const r of [...lists, ...watches]) {
          assert.equal(r.method, 'GET');
          assert.equal(r.authorization, `Bearer ${api.token}`);
        }
      }
      assert.equal(api.requests.length, 4, JSON.stringify(api.requests));
    }));

  it('is not ready before the first list arrives (/readyz 503), ready with the listed nodes after', async () => {
    const live = await setup();
    const release = live.api.nodes.holdLists();
    const webhook = await startServer({ cluster: live.source });
    try {
      const readyz = async () => (await send(webhook.port, webhook.agent, 'GET', '/readyz')).status;
      // As webhook serve: listening first, then the sync in the background.
      const started = live.source.start();
      await until('the node list request', () => live.api.requestsTo(NODES, 'list').length === 1);
      assert.equal(live.source.ready(), false);
      assert.equal(live.source.snapshot(), undefined);
      assert.equal(await readyz(), 503);
      const held = await send(webhook.port, webhook.agent, 'GET', '/readyz');
      assert.match(held.body, /waiting for the first sync of the live cluster/);
      release();
      await started;
      assert.equal(live.source.ready(), true);
      assert.equal(await readyz(), 200);
      const s = live.source.snapshot()!;
      assert.deepEqual(names(s), ['cp-1', 'linux-1', 'win-2022-1', 'win-2022-2']);
      assert.deepEqual(s.windowsBuilds, ['10.0.20348']);
      assert.deepEqual(s.windowsTaints, [WINDOWS_TAINT]);
      assert.deepEqual(nodeNamed(s, 'win-2022-1')?.spec?.taints, [WINDOWS_TAINT]);
      assert.equal(nodeNamed(s, 'win-2022-1')?.status?.nodeInfo?.kernelVersion, '10.0.20348.2849');
      assert.deepEqual([...s.inputs.runtimeClasses.keys()], ['windows-2022']);
      assert.equal(live.source.describe(), 'the live cluster (4 nodes)');
      // Plain JSON, as the analysis expects (no class instances, no Dates).
      assert.deepEqual(JSON.parse(JSON.stringify(s.cluster.nodes)), s.cluster.nodes);
    } finally {
      await webhook.close();
      await live.close();
    }
  });

  it('follows node watch events: ADDED (Windows Server 2025), MODIFIED (taint added), DELETED', () =>
    withStarted(async ({ api, source }) => {
      await until('the node watch', () => api.nodes.watchers() === 1);
      const first = source.snapshot()!;

      api.nodes.add(fakeNode('win-2025-1', { os: 'windows', kernel: '10.0.26100.2314', osImage: 'Windows Server 2025 Datacenter', taints: [WINDOWS_TAINT] }));
      const added = await until('the 2025 node', () => nodeNamed(source.snapshot(), 'win-2025-1') && source.snapshot());
      assert.deepEqual(added.windowsBuilds, ['10.0.20348', '10.0.26100']);
      assert.ok(added.generation > first.generation);
      assert.equal(nodeNamed(added, 'win-2025-1')?.status?.nodeInfo?.osImage, 'Windows Server 2025 Datacenter');

      // A second taint convention appears on a Windows node.
      const other = { key: 'node.kubernetes.io/os', value: 'windows', effect: 'NoExecute' };
      api.nodes.modify('win-2025-1', (n) => {
        (n.spec as { taints: unknown[] }).taints.push(other);
      });
      const modified = await until('the added taint', () => source.snapshot()!.windowsTaints.length === 2 && source.snapshot());
      assert.deepEqual(modified.windowsTaints, [WINDOWS_TAINT, other]);
      assert.deepEqual(nodeNamed(modified, 'win-2025-1')?.spec?.taints, [WINDOWS_TAINT, other]);

      api.nodes.delete('win-2025-1');
      const deleted = await until('the deletion', () => !nodeNamed(source.snapshot(), 'win-2025-1') && source.snapshot());
      assert.deepEqual(deleted.windowsBuilds, ['10.0.20348']);
      assert.deepEqual(deleted.windowsTaints, [WINDOWS_TAINT]);
      assert.deepEqual(names(deleted), ['cp-1', 'linux-1', 'win-2022-1', 'win-2022-2']);
      // The watch stayed open the whole time: no re-list.
      assert.equal(api.requestsTo(NODES, 'list').length, 1);
      assert.equal(api.requestsTo(NODES, 'watch').length, 1);
    }));

  it('follows RuntimeClass watch events', () =>
    withStarted(async ({ api, source }) => {
      await until('the RuntimeClass watch', () => api.runtimeClasses.watchers() === 1);
      const classes = () => source.snapshot()!.inputs.runtimeClasses;

      api.runtimeClasses.add(fakeRuntimeClass('windows-2025', 'runhcs-wcow-process', { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.26100' }, [WINDOWS_TAINT]));
      await until('windows-2025', () => classes().has('windows-2025'));
      assert.deepEqual(classes().get('windows-2025')?.scheduling?.nodeSelector, { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.26100' });
      assert.deepEqual(classes().get('windows-2025')?.scheduling?.tolerations, [WINDOWS_TAINT]);

      api.runtimeClasses.modify('windows-2025', (rc) => {
        rc.overhead = { podFixed: { cpu: '250m', memory: '120Mi' } };
      });
      await until('the overhead', () => classes().get('windows-2025')?.overhead !== undefined);
      assert.deepEqual(classes().get('windows-2025')?.overhead, { podFixed: { cpu: '250m', memory: '120Mi' } });

      api.runtimeClasses.delete('windows-2022');
      await until('windows-2022 gone', () => !classes().has('windows-2022'));
      assert.deepEqual([...classes().keys()], ['windows-2025']);
      assert.equal(names(source.snapshot()).length, 4, 'nodes untouched');
    }));

  it('re-watches from the last resourceVersion after the watch is closed or broken, missing nothing', () =>
    withStarted(async ({ api, source, logs }) => {
      await until('the node watch', () => api.nodes.watchers() === 1);

      // The API server ends a watch at its request timeout: client-node re-watches at once.
      assert.equal(api.nodes.dropWatches('clean'), 1);
      api.nodes.add(fakeNode('win-2025-1', { os: 'windows', kernel: '10.0.26100.2314', taints: [WINDOWS_TAINT] }));
      await until('the second watch', () => api.nodes.watchers() === 1);
      await until('the node added while reconnecting', () => nodeNamed(source.snapshot(), 'win-2025-1'));
      const rewatch = api.requestsTo(NODES, 'watch')[1]!;
      assert.ok(Number(rewatch.query.resourceVersion) >= Number(api.requestsTo(NODES, 'watch')[0]!.query.resourceVersion));
      const failures = () => logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'watch failed; restarting');
      assert.deepEqual(failures(), [], 'a clean end is not a failure');

      // A broken connection (reset): an error, then the source restarts the watch after restartDelayMs.
      assert.equal(api.nodes.dropWatches('reset'), 1);
      api.nodes.modify('linux-1', (n) => {
        (n.metadata.labels as Record<string, string>)['example.com/pool'] = 'blue';
      });
      api.nodes.delete('win-2022-2');
      await until('the third watch', () => api.nodes.watchers() === 1);
      const s = await until('the changes made while disconnected', () => !nodeNamed(source.snapshot(), 'win-2022-2') && nodeNamed(source.snapshot(), 'linux-1')?.metadata.labels?.['example.com/pool'] === 'blue' && source.snapshot());
      assert.deepEqual(names(s), ['cp-1', 'linux-1', 'win-2022-1', 'win-2025-1']);
      assert.deepEqual(s.windowsBuilds, ['10.0.20348', '10.0.26100']);
      // Resumed from resourceVersions; no second list needed.
      assert.equal(api.requestsTo(NODES, 'list').length, 1);
      assert.equal(api.requestsTo(NODES, 'watch').length, 3);
      assert.deepEqual(failures().map((l) => [l.resource, l.error]), [['nodes', 'Premature close']]);

      // Still live afterwards.
      api.nodes.delete('cp-1');
      await until('a later event', () => !nodeNamed(source.snapshot(), 'cp-1'));
    }));

  it('re-lists after 410 Gone (history compacted while disconnected): objects deleted meanwhile disappear', () =>
    withStarted(async ({ api, source, logs }) => {
      await until('both watches', () => api.nodes.watchers() === 1 && api.runtimeClasses.watchers() === 1);
      api.nodes.dropWatches('reset');
      api.runtimeClasses.dropWatches('reset');
      api.nodes.delete('win-2022-1');
      api.nodes.add(fakeNode('win-2025-1', { os: 'windows', kernel: '10.0.26100.2314', taints: [WINDOWS_TAINT] }));
      api.runtimeClasses.delete('windows-2022');
      api.nodes.compact();
      api.runtimeClasses.compact();
      await until('the re-lists', () => api.requestsTo(NODES, 'list').length === 2 && api.requestsTo(RUNTIME_CLASSES, 'list').length === 2);
      const s = await until('the state after the re-list', () => !nodeNamed(source.snapshot(), 'win-2022-1') && nodeNamed(source.snapshot(), 'win-2025-1') && source.snapshot()!.inputs.runtimeClasses.size === 0 && source.snapshot());
      assert.deepEqual(names(s), ['cp-1', 'linux-1', 'win-2022-2', 'win-2025-1']);
      assert.deepEqual(s.windowsBuilds, ['10.0.20348', '10.0.26100']);
      await until('watches again', () => api.nodes.watchers() === 1 && api.runtimeClasses.watchers() === 1);
      // The re-watch after the re-list starts from the new list's resourceVersion.
      const watches = api.requestsTo(NODES, 'watch');
      assert.equal(watches.at(-1)!.query.resourceVersion, String(api.resourceVersion));
      assert.ok(logs.some((l) => JSON.parse(l).msg === 'watch failed; restarting'));
    }));

  it('makes no API call on the request path (snapshot() and admission requests)', async () => {
    const live = await setup();
    const webhook = await startServer({ cluster: live.source });
    try {
      await live.source.start();
      await until('both watches', () => live.api.nodes.watchers() === 1 && live.api.runtimeClasses.watchers() === 1);
      const before = live.api.requests.length;
      let generations = 0;
      for (let i = 0; i < 10_000; i++) generations += live.source.snapshot()!.generation > 0 ? 1 : 0;
      assert.equal(generations, 10_000);
      for (let i = 0; i < 20; i++) {
        const reply = await send(webhook.port, webhook.agent, 'POST', '/mutate', JSON.stringify(admissionReview(iisDeployment())));
        assert.equal(reply.status, 200, reply.body);
        const review = reply.json<{ response: { allowed: boolean; patch?: string } }>();
        assert.equal(review.response.allowed, true);
        // The toleration comes from the live nodes' taint.
        assert.match(Buffer.from(review.response.patch ?? '', 'base64').toString(), /"key":"os".*"value":"windows"/);
      }
      assert.equal((await send(webhook.port, webhook.agent, 'GET', '/readyz')).status, 200);
      assert.equal((await send(webhook.port, webhook.agent, 'GET', '/metrics')).status, 200);
      assert.equal(live.api.requests.length, before, JSON.stringify(live.api.requests.slice(before)));
    } finally {
      await webhook.close();
      await live.close();
    }
  });

  it('stays not ready while the first node list fails, and becomes ready once it succeeds', async () => {
    const live = await setup();
    live.api.nodes.failLists.push(500, 500);
    try {
      const started = live.source.start().then(
        () => 'resolved',
        (e: unknown) => `rejected: ${String(e)}`,
      );
      await until('the failed lists', () => live.api.requestsTo(NODES, 'list').length >= 2);
      assert.equal(live.source.ready(), false, 'an empty cluster after a failed list is not a sync');
      assert.equal(live.source.snapshot(), undefined);
      const s = await until('the retried list', () => live.source.snapshot());
      assert.deepEqual(names(s), ['cp-1', 'linux-1', 'win-2022-1', 'win-2022-2']);
      assert.deepEqual([...s.inputs.runtimeClasses.keys()], ['windows-2022']);
      // start() reports the failed sync (webhook serve logs it) while the retries go on.
      assert.match(await started, /^rejected: Error: listing nodes failed: .*500/);
      assert.equal(live.api.requestsTo(NODES, 'list').length, 3);
      assert.ok(live.logs.some((l) => JSON.parse(l).msg === 'cluster synced'));
      // Live from there on.
      await until('the node watch', () => live.api.nodes.watchers() === 1);
      live.api.nodes.delete('linux-1');
      await until('a later event', () => !nodeNamed(live.source.snapshot(), 'linux-1'));
    } finally {
      await live.close();
    }
  });

  it('becomes ready with an empty node list (a real, if odd, sync) after a failed first list', async () => {
    const live = await setup((api) => api.runtimeClasses.seed());
    live.api.nodes.failLists.push(503);
    try {
      void live.source.start().catch(() => {});
      const s = await until('the retried list', () => live.source.snapshot());
      assert.equal(live.api.requestsTo(NODES, 'list').length, 2, 'ready only from the successful list');
      assert.deepEqual(s.cluster.nodes, []);
      assert.equal(live.source.ready(), true);
    } finally {
      await live.close();
    }
  });

  it('is ready without RuntimeClasses when they are forbidden, and picks them up once readable', async () => {
    const live = await setup();
    live.api.runtimeClasses.failLists.push(403, 403, 403);
    try {
      await live.source.start();
      assert.equal(live.source.ready(), true, 'nodes are enough to be ready');
      assert.deepEqual(names(live.source.snapshot()), ['cp-1', 'linux-1', 'win-2022-1', 'win-2022-2']);
      assert.equal(live.source.snapshot()!.inputs.runtimeClasses.size, 0);
      await until('RuntimeClasses once readable', () => live.source.snapshot()!.inputs.runtimeClasses.has('windows-2022'));
      assert.equal(live.api.requestsTo(RUNTIME_CLASSES, 'list').length, 4);
      await until('the RuntimeClass watch', () => live.api.runtimeClasses.watchers() === 1);
      live.api.runtimeClasses.add(fakeRuntimeClass('windows-2025', 'runhcs-wcow-process', { 'kubernetes.io/os': 'windows' }));
      await until('a later RuntimeClass', () => live.source.snapshot()!.inputs.runtimeClasses.has('windows-2025'));
      assert.ok(live.logs.some((l) => JSON.parse(l).msg === 'watch failed; restarting' && JSON.parse(l).resource === 'runtimeclasses'));
    } finally {
      await live.close();
    }
  });

  it('opens no watch when stopped while the first list is in flight', async () => {
    const live = await setup();
    try {
      const release = live.api.nodes.holdLists();
      const started = live.source.start().then(
        () => 'resolved',
        () => 'rejected',
      );
      await until('the node list request', () => live.api.requestsTo(NODES, 'list').length === 1);
      await live.source.stop();
      release();
      await started;
      await new Promise((resolve) => setTimeout(resolve, 150)); // > restartDelayMs
      assert.equal(live.api.requestsTo(NODES, 'watch').length, 0, 'no watch after stop()');
      assert.equal(live.api.nodes.watchers(), 0);
      assert.equal(live.source.ready(), false);
    } finally {
      await live.close();
    }
  });

  it('closes its watches on stop() and does not reconnect', async () => {
    const live = await setup();
    try {
      await live.source.start();
      await until('both watches', () => live.api.nodes.watchers() === 1 && live.api.runtimeClasses.watchers() === 1);
      await live.source.stop();
      await until('the watches closed', () => live.api.nodes.watchers() === 0 && live.api.runtimeClasses.watchers() === 0);
      const count = live.api.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 150)); // > restartDelayMs: a restart would have happened
      assert.equal(live.api.requests.length, count);
    } finally {
      await live.close();
    }
  });
});
