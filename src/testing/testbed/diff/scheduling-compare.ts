// Our side of the scheduling differential: `simulate` replays each upstream decision from the same
// state (the pods upstream had bound by then, pinned to their nodes with spec.nodeName) and must agree
// on bound vs Pending, on the FailedScheduling text word for word, and on the node — as a set: upstream
// breaks score ties at random, so its pick must be one of our best nodes. Our best-node set is every
// node `simulate` picks when the node list is rotated (it takes the first of equal scores).
import type { KubeObject, Node } from '../../../kube/types.js';
import { manifestObjectFromValue } from '../../../manifests/load.js';
import { workloadOf } from '../../../manifests/workloads.js';
import { podsOfWorkload } from '../../../scheduler/controllers.js';
import { NameGenerator } from '../../../scheduler/names.js';
import { simulate } from '../../../scheduler/simulate.js';
import { clusterOfNodes } from '../findings.js';

import type { SchedulingCase } from './scheduling-cases.js';
import type { UpstreamCase } from './scheduling-run.js';

/** The test bed runs no kubelet: a pod bound by spec.nodeName is never refused there, and keeps its node's resources and ports. */
const TESTBED_SIMULATION = { kubeletAdmission: false } as const;

export type SchedulingArea = 'bind-or-pending' | 'failed-scheduling-text' | 'best-node' | 'daemonset-nodes' | 'daemonset-outcome';

export interface Disagreement {
  area: SchedulingArea;
  caseIndex: number;
  seed: number;
  subject: string;
  upstream: string;
  ours: string;
}

export interface SchedulingComparison {
  /** Comparisons made per area. */
  compared: Record<SchedulingArea, number>;
  disagreements: Disagreement[];
  /** Decisions not compared because another pod was bound meanwhile. */
  skippedRacy: number;
}

function pinned(pod: KubeObject, node: string): KubeObject {
  return { ...pod, spec: { ...(pod.spec as Record<string, unknown>), nodeName: node } };
}

/** The state upstream had: pods bound by then (in creation order), pinned to their nodes. */
function boundPods(c: SchedulingCase, bound: Record<string, string>, daemonPods: readonly { name: string; node: string }[] = []): KubeObject[] {
  const out: KubeObject[] = [];
  for (const pod of c.pods) {
    const node = bound[String(pod.metadata?.name)];
    if (node) out.push(pinned(pod, node));
  }
  for (const d of daemonPods) out.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: d.name }, spec: { nodeName: d.node, containers: [] } });
  return out;
}

function simulateLast(objects: readonly KubeObject[], nodes: readonly Node[]): { node: string | null; message: string | null } {
  const manifests = objects.map((o, i) => manifestObjectFromValue(o, `diff-${i}`));
  const result = simulate(manifests, clusterOfNodes(nodes), TESTBED_SIMULATION);
  const last = result.pods[result.pods.length - 1];
  return { node: last.node, message: last.status === 'Pending' ? last.message : null };
}

function rotations<T>(items: readonly T[]): T[][] {
  return items.map((_, k) => [...items.slice(k), ...items.slice(0, k)]);
}

/** Every node `simulate` picks for the last object over all rotations of the node list. */
export function bestNodeSet(objects: readonly KubeObject[], nodes: readonly Node[]): Set<string> {
  const picks = new Set<string>();
  for (const order of rotations(nodes)) {
    const node = simulateLast(objects, order).node;
    if (node) picks.add(node);
  }
  return picks;
}

const describe = (s: { node: string | null; message: string | null }) => (s.node ? `bound to ${s.node}` : `Pending: ${s.message ?? '(no message)'}`);

function emptyCounts(): Record<SchedulingArea, number> {
  return { 'bind-or-pending': 0, 'failed-scheduling-text': 0, 'best-node': 0, 'daemonset-nodes': 0, 'daemonset-outcome': 0 };
}

export function compareSchedulingCase(c: SchedulingCase, upstream: UpstreamCase): SchedulingComparison {
  const compared = emptyCounts();
  const disagreements: Disagreement[] = [];
  let skippedRacy = 0;
  const disagree = (area: SchedulingArea, subject: string, up: string, ours: string) => disagreements.push({ area, caseIndex: c.index, seed: c.seed, subject, upstream: up, ours });

  c.pods.forEach((pod, i) => {
    const up = upstream.pods[i];
    // A pod created with spec.nodeName never meets the scheduler: nothing to compare.
    if (typeof (pod.spec as Record<string, unknown>).nodeName === 'string') return;
    if (up.racy) {
      skippedRacy++;
      return;
    }
    const objects = [...boundPods(c, up.boundBefore), pod];
    const ours = simulateLast(objects, c.nodes);
    compared['bind-or-pending']++;
    const name = String(pod.metadata?.name);
    if ((ours.node === null) !== (up.node === null)) {
      disagree('bind-or-pending', `pod ${name}`, describe(up), describe(ours));
      return;
    }
    if (up.node === null) {
      compared['failed-scheduling-text']++;
      if (up.message !== ours.message) disagree('failed-scheduling-text', `pod ${name}`, up.message ?? '', ours.message ?? '');
      return;
    }
    compared['best-node']++;
    const best = bestNodeSet(objects, c.nodes);
    if (!best.has(up.node)) disagree('best-node', `pod ${name}`, `bound to ${up.node}`, `best nodes {${[...best].sort().join(', ')}}`);
  });

  if (c.daemonSet && upstream.daemonSet) {
    const ds = upstream.daemonSet;
    const before = boundPods(c, ds.boundBefore);
    const objects = [...before, c.daemonSet];
    const dsName = String(c.daemonSet.metadata?.name);
    const workload = workloadOf(manifestObjectFromValue(c.daemonSet, 'diff-ds'))!;
    const targets = podsOfWorkload(workload, { nodes: c.nodes, runtimeClasses: [], names: new NameGenerator(), defaultNamespace: 'default' }).map((p) => {
      const term = (((p.spec.affinity as Record<string, unknown>).nodeAffinity as Record<string, unknown>).requiredDuringSchedulingIgnoredDuringExecution as { nodeSelectorTerms: { matchFields: { values: string[] }[] }[] }).nodeSelectorTerms[0];
      return term.matchFields[0].values[0];
    });
    compared['daemonset-nodes']++;
    const upTargets = ds.pods.map((p) => p.target).sort();
    if (JSON.stringify([...targets].sort()) !== JSON.stringify(upTargets)) {
      disagree('daemonset-nodes', `DaemonSet ${dsName}`, `pods for {${upTargets.join(', ')}}`, `pods for {${[...targets].sort().join(', ')}}`);
    } else {
      const manifests = objects.map((o, i) => manifestObjectFromValue(o, `diff-${i}`));
      const result = simulate(manifests, clusterOfNodes(c.nodes), TESTBED_SIMULATION);
      const ours = result.pods.filter((p) => p.owner.kind === 'DaemonSet');
      targets.forEach((target, k) => {
        const mine = { node: ours[k]?.node ?? null, message: ours[k]?.status === 'Pending' ? ours[k].message : null };
        const theirs = ds.pods.find((p) => p.target === target)!;
        compared['daemonset-outcome']++;
        if (theirs.node !== mine.node || theirs.message !== mine.message) disagree('daemonset-outcome', `DaemonSet ${dsName} pod for ${target}`, describe(theirs), describe(mine));
      });
    }
  }
  return { compared, disagreements, skippedRacy };
}
