// `explain pod NAME -n NS` and `explain -A`: what the cluster itself says about failing pods — the
// pod's status (reason, message, conditions such as PodScheduled=False from kube-scheduler, container
// waiting/terminated states from the kubelet) and its Warning events (FailedScheduling, Failed,
// FailedCreatePodSandBox, Unhealthy…) — read through the shared live reader, each message explained
// from the catalogue, with the node the pod is on (its OS and Windows build) for context.
import { podStateOf } from '../audit/pods.js';
import type { KubeObject, Node, OSName } from '../kube/types.js';
import { osOfNode } from '../kube/nodes.js';
import type { LiveClient } from '../live/client.js';
import { LiveError } from '../live/client.js';
import { listOrSkip } from '../live/cluster.js';
import type { LiveNote } from '../live/cluster.js';
import { EVENTS, NODES, PODS } from '../live/resources.js';
import { asRecord, asString } from '../util/guards.js';
import { buildLabelOf, windowsVersionOfNode } from '../windows/builds.js';
import type { Explanation, Recognised } from './explain.js';
import { explainMessages } from './explain.js';
import type { InputMessage } from './input.js';
import { podMessages } from './input.js';

/** One pod (`explain pod NAME -n NS`) or every pod in trouble (`-A`, or one namespace). */
export type LiveTarget = { kind: 'pod'; namespace: string; name: string } | { kind: 'all'; namespace?: string };

export interface LivePodExplanation {
  namespace: string;
  name: string;
  node: string | null;
  nodeOs?: OSName;
  windowsBuild?: string;
  /** As `kubectl get pods` STATUS shows it. */
  status: string;
  explained: Explanation[];
  recognised: Recognised[];
}

export interface LiveExplainReport {
  input: 'live';
  pods: LivePodExplanation[];
  /** Kinds that could not be read (forbidden): what was explained without them. */
  notes: string[];
}

const eventKey = (namespace: string, name: string) => `${namespace}/${name}`;

/** A Warning event as a message: core/v1 `message`, events.k8s.io/v1 `note`. */
function eventMessage(event: Record<string, unknown>): InputMessage | undefined {
  const text = asString(event.message) ?? asString(event.note);
  return text ? { text, reason: asString(event.reason) } : undefined;
}

/** Reads the target pods, their Warning events and their nodes; explains each pod in trouble. */
export async function explainLive(client: LiveClient, target: LiveTarget, now: number): Promise<LiveExplainReport> {
  const notes: LiveNote[] = [];
  const namespace = target.namespace;
  const pods = target.kind === 'pod'
    ? (await client.list<KubeObject>(PODS, { namespace, fieldSelector: `metadata.name=${target.name}` })).items
    : (await client.list<KubeObject>(PODS, { namespace })).items;
  if (target.kind === 'pod' && pods.length === 0) throw new LiveError('not-found', `pod "${target.name}" not found in namespace ${target.namespace}`, 404);

  const eventSelector = target.kind === 'pod' ? `involvedObject.kind=Pod,involvedObject.name=${target.name},type!=Normal` : 'involvedObject.kind=Pod,type!=Normal';
  const events = (await listOrSkip<Record<string, unknown>>(client, EVENTS, notes, { namespace, fieldSelector: eventSelector })) ?? [];
  const eventsByPod = new Map<string, InputMessage[]>();
  for (const e of events) {
    const involved = asRecord(e.involvedObject) ?? asRecord(e.regarding);
    const message = eventMessage(e);
    if (!involved || !message) continue;
    const key = eventKey(String(involved.namespace ?? ''), String(involved.name ?? ''));
    const list = eventsByPod.get(key) ?? [];
    if (!list.some((m) => m.text === message.text && m.reason === message.reason)) list.push(message);
    eventsByPod.set(key, list);
  }

  // One pod: explain it whatever its state. All: only the pods in trouble (audit's judgement).
  const chosen = pods
    .map((pod) => {
      const meta = asRecord(pod.metadata) ?? {};
      const ns = String(meta.namespace ?? '');
      const name = String(meta.name ?? '');
      const podEvents = eventsByPod.get(eventKey(ns, name)) ?? [];
      return { pod, ns, name, podEvents, state: podStateOf(pod, now, podEvents.length > 0) };
    })
    .filter((p) => target.kind === 'pod' || p.state.problem !== undefined)
    .sort((a, b) => (a.ns === b.ns ? (a.name < b.name ? -1 : 1) : a.ns < b.ns ? -1 : 1));

  const nodeNames = [...new Set(chosen.map((p) => p.state.node).filter((n): n is string => n !== null))];
  const nodes = new Map<string, Node>();
  if (nodeNames.length > 0) {
    const selector = nodeNames.length === 1 ? { fieldSelector: `metadata.name=${nodeNames[0]}` } : {};
    for (const node of (await listOrSkip<Node>(client, NODES, notes, selector)) ?? []) nodes.set(node.metadata.name, node);
  }

  const out: LivePodExplanation[] = chosen.map(({ pod, ns, name, podEvents, state }) => {
    const report = explainMessages('live', [...podMessages(pod as unknown as Record<string, unknown>), ...podEvents]);
    const entry: LivePodExplanation = { namespace: ns, name, node: state.node, status: state.status, explained: report.explained, recognised: report.recognised };
    // Nothing matched and nothing recognised: still say what the cluster reports.
    if (report.explained.length === 0 && report.recognised.length === 0) entry.recognised = [{ kind: 'pod-status', text: state.status, ...(state.message ? { detail: state.message } : {}) }];
    const node = state.node ? nodes.get(state.node) : undefined;
    const os = node ? osOfNode(node) : undefined;
    if (os) entry.nodeOs = os;
    const version = node && os === 'windows' ? windowsVersionOfNode(node) : undefined;
    if (version) entry.windowsBuild = buildLabelOf(version);
    return entry;
  });
  return { input: 'live', pods: out, notes: notes.map((n) => n.message) };
}
