// Runs one scheduling case in the real cluster and records what upstream did: for every pod, in
// creation order, the node it was bound to or the FailedScheduling text (the PodScheduled condition's
// message, which is the event's text), with the bindings that existed when it was decided; for the
// DaemonSet, the nodes its controller made pods for and what became of each.
import type { KubeObject } from '../../../kube/types.js';
import type { KubeClient } from '../client.js';
import { createNode } from '../nodes.js';
import type { SchedulingCase } from './scheduling-cases.js';
import { CASE_LABEL } from './scheduling-cases.js';

type Json = Record<string, unknown>;

export interface PodOutcome {
  name: string;
  /** Node it was bound to, or null (Pending). */
  node: string | null;
  /** FailedScheduling text when Pending. */
  message: string | null;
  /** Pods of this case bound when this pod was decided (name → node). */
  boundBefore: Record<string, string>;
  /** Another pod of the case got bound while this one was being decided: the replay would be unsure. */
  racy: boolean;
}

export interface DaemonPodOutcome {
  /** The node the DaemonSet controller made this pod for (its matchFields affinity). */
  target: string;
  node: string | null;
  message: string | null;
}

export interface UpstreamCase {
  pods: PodOutcome[];
  daemonSet?: { boundBefore: Record<string, string>; pods: DaemonPodOutcome[]; desired: number };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function scheduledCondition(pod: Json): Json | undefined {
  const conditions = ((pod.status as Json | undefined)?.conditions ?? []) as Json[];
  return conditions.find((c) => c.type === 'PodScheduled');
}

/** Bound: its node; Pending with a FailedScheduling text counting all `nodeCount` nodes: the text. */
function settled(pod: Json, nodeCount: number): { node: string | null; message: string | null } | undefined {
  const node = (pod.spec as Json).nodeName;
  if (typeof node === 'string' && node !== '') return { node, message: null };
  const c = scheduledCondition(pod);
  if (c && c.status === 'False' && c.reason === 'Unschedulable' && typeof c.message === 'string' && c.message.startsWith(`0/${nodeCount} nodes`)) return { node: null, message: c.message };
  return undefined;
}

async function listCasePods(client: KubeClient, ns: string, caseLabel: string): Promise<Json[]> {
  const list = await client.must<{ items: Json[] }>('GET', `/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(`${CASE_LABEL}=${caseLabel}`)}`);
  return list.items;
}

function boundOf(pods: readonly Json[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pods) {
    const node = (p.spec as Json).nodeName;
    if (typeof node === 'string' && node !== '') out[String((p.metadata as Json).name)] = node;
  }
  return out;
}

async function waitSettled(client: KubeClient, ns: string, name: string, nodeCount: number, timeoutMs: number): Promise<{ node: string | null; message: string | null }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get<Json>(`/api/v1/namespaces/${ns}/pods/${name}`);
    if (res.status === 200) {
      const s = settled(res.body, nodeCount);
      if (s) return s;
    }
    if (Date.now() > deadline) throw new Error(`pod ${ns}/${name} neither bound nor marked unschedulable in ${timeoutMs} ms`);
    await sleep(25);
  }
}

/** Waits until the scheduler's cache holds exactly the case's nodes (a probe pod no node takes). */
async function waitSchedulerSeesNodes(client: KubeClient, ns: string, caseLabel: string, nodeCount: number): Promise<void> {
  const name = `${caseLabel}-probe`;
  await client.must('POST', `/api/v1/namespaces/${ns}/pods`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { nodeSelector: { 'kube-hybrid.io/probe': 'no-such-node' }, tolerations: [{ operator: 'Exists' }], containers: [{ name: 'p', image: 'registry.k8s.io/pause:3.10' }] },
  });
  await waitSettled(client, ns, name, nodeCount, 60_000);
  await client.delete(`/api/v1/namespaces/${ns}/pods/${name}?gracePeriodSeconds=0`);
}

function daemonTarget(pod: Json): string {
  const terms = ((((pod.spec as Json).affinity as Json | undefined)?.nodeAffinity as Json | undefined)?.requiredDuringSchedulingIgnoredDuringExecution as Json | undefined)?.nodeSelectorTerms as Json[] | undefined;
  for (const term of terms ?? []) {
    for (const f of (term.matchFields ?? []) as Json[]) if (f.key === 'metadata.name' && Array.isArray(f.values)) return String(f.values[0]);
  }
  return '';
}

async function runDaemonSet(client: KubeClient, ns: string, c: SchedulingCase, ds: KubeObject): Promise<UpstreamCase['daemonSet']> {
  const caseLabel = `c${c.index}`;
  const boundBefore = boundOf(await listCasePods(client, ns, caseLabel));
  const name = String(ds.metadata?.name);
  await client.must('POST', `/apis/apps/v1/namespaces/${ns}/daemonsets`, ds);
  const deadline = Date.now() + 60_000;
  let stableSince = 0;
  let last = '';
  for (;;) {
    const got = await client.must<Json>('GET', `/apis/apps/v1/namespaces/${ns}/daemonsets/${name}`);
    const status = (got.status ?? {}) as Json;
    const pods = (await listCasePods(client, ns, caseLabel)).filter((p) => ((p.metadata as Json).labels as Json | undefined)?.ds === name);
    const outcomes = pods.map((p) => ({ p, s: settled(p, c.nodes.length) }));
    const desired = typeof status.desiredNumberScheduled === 'number' ? status.desiredNumberScheduled : -1;
    const ready = typeof status.observedGeneration === 'number' && status.observedGeneration >= 1 && desired === pods.length && outcomes.every((o) => o.s !== undefined);
    if (ready) {
      const key = JSON.stringify(outcomes.map((o) => [daemonTarget(o.p), o.s]));
      if (key !== last) {
        last = key;
        stableSince = Date.now();
      } else if (Date.now() - stableSince >= 300) {
        return { boundBefore, desired, pods: outcomes.map((o) => ({ target: daemonTarget(o.p), node: o.s!.node, message: o.s!.message })) };
      }
    }
    if (Date.now() > deadline) throw new Error(`DaemonSet ${ns}/${name} did not settle in 60 s (status ${JSON.stringify(status)})`);
    await sleep(50);
  }
}

export async function runSchedulingCase(client: KubeClient, ns: string, c: SchedulingCase): Promise<UpstreamCase> {
  const caseLabel = `c${c.index}`;
  for (const node of c.nodes) await createNode(client, node);
  await waitSchedulerSeesNodes(client, ns, caseLabel, c.nodes.length);
  const outcomes: PodOutcome[] = [];
  try {
    for (const pod of c.pods) {
      const name = String(pod.metadata?.name);
      const before = boundOf(await listCasePods(client, ns, caseLabel));
      await client.must('POST', `/api/v1/namespaces/${ns}/pods`, pod);
      const s = await waitSettled(client, ns, name, c.nodes.length, 60_000);
      const after = boundOf(await listCasePods(client, ns, caseLabel));
      delete after[name];
      const racy = JSON.stringify(Object.entries(after).sort()) !== JSON.stringify(Object.entries(before).sort());
      outcomes.push({ name, node: s.node, message: s.message, boundBefore: before, racy });
    }
    const daemonSet = c.daemonSet ? await runDaemonSet(client, ns, c, c.daemonSet) : undefined;
    return { pods: outcomes, ...(daemonSet ? { daemonSet } : {}) };
  } finally {
    await cleanupCase(client, ns, c);
  }
}

/** Removes the case: the DaemonSet (orphaning its pods), every pod at once (no kubelet will confirm a graceful delete), the nodes. */
export async function cleanupCase(client: KubeClient, ns: string, c: SchedulingCase): Promise<void> {
  const caseLabel = `c${c.index}`;
  if (c.daemonSet) await client.delete(`/apis/apps/v1/namespaces/${ns}/daemonsets/${c.daemonSet.metadata?.name}`, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Orphan' });
  await client.delete(`/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(`${CASE_LABEL}=${caseLabel}`)}&gracePeriodSeconds=0`);
  for (const node of c.nodes) await client.delete(`/api/v1/nodes/${node.metadata.name}`);
}
