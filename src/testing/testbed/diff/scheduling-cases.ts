// Random hybrid clusters and workloads for the scheduling differential (pure: seed in, objects out).
// Nodes start from our provider shapes (AKS, EKS, GKE, kubeadm) and vary in capacity, zone and tier
// labels, taints and cordons; pods vary in OS, requests, nodeSelector, required and preferred node
// affinity (matchExpressions and matchFields), inter-pod affinity and anti-affinity, tolerations
// (Equal and Exists), host ports, topology spread constraints and a bound nodeName; some cases add a
// DaemonSet.
import type { KubeObject, Node, Taint, Toleration } from '../../../kube/types.js';
import { PROVIDERS, providerNode } from '../nodes.js';
import { Random } from './random.js';

export interface SchedulingCase {
  index: number;
  seed: number;
  /** Node names are unique across cases (`c<index>-…`), so pods of earlier cases never count. */
  nodes: Node[];
  /** Pods in creation order; each is created after the previous one settled. */
  pods: KubeObject[];
  daemonSet?: KubeObject;
}

export const CASE_LABEL = 'kube-hybrid.io/diff-case';
const ZONE = 'topology.kubernetes.io/zone';
const TIER = 'example.com/tier';
const ZONES = ['z1', 'z2', 'z3'];
const TIERS = ['web', 'batch'];
const WINDOWS_IMAGE = 'mcr.microsoft.com/windows/servercore:ltsc2022';
const LINUX_IMAGE = 'registry.k8s.io/pause:3.10';
const CPU = ['100m', '250m', '500m', '1', '1500m', '2', '3'];
const MEMORY = ['64Mi', '256Mi', '1Gi', '2Gi', '4Gi', '9Gi'];
const TAINTS: readonly Taint[] = [
  { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
  { key: 'dedicated', value: 'infra', effect: 'NoExecute' },
  { key: 'spot', value: 'true', effect: 'PreferNoSchedule' },
  { key: 'os', value: 'windows', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/os', value: 'windows', effect: 'NoSchedule' },
];
const TOLERATIONS: readonly Toleration[] = [
  { key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' },
  { key: 'dedicated', operator: 'Exists' },
  { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
  { key: 'dedicated', operator: 'Equal', value: 'infra' },
  { operator: 'Exists' },
  { key: 'spot', operator: 'Exists', effect: 'PreferNoSchedule' },
];

function randomNode(r: Random, name: string): Node {
  const os = r.chance(0.45) ? 'windows' : 'linux';
  const node = providerNode(r.pick(PROVIDERS), os, name);
  const labels = { ...node.metadata.labels };
  delete labels[ZONE];
  if (r.chance(0.8)) labels[ZONE] = r.pick(ZONES);
  if (r.chance(0.5)) labels[TIER] = r.pick(TIERS);
  node.metadata.labels = labels;
  const allocatable = { ...(node.status?.allocatable ?? {}) };
  allocatable.cpu = r.pick(['1', '2', '2500m', '4']);
  allocatable.memory = r.pick(['2Gi', '4Gi', '8Gi', '16Gi']);
  allocatable.pods = r.pick(['2', '4', '110']);
  node.status = { ...node.status, allocatable, capacity: { ...allocatable } };
  const taints = r.some(TAINTS, 2).filter((t) => os === 'windows' || !t.value?.includes('windows'));
  const existing = node.spec?.taints ?? [];
  const merged = [...existing];
  for (const t of taints) if (!merged.some((m) => m.key === t.key && m.effect === t.effect)) merged.push(t);
  node.spec = { ...(merged.length > 0 ? { taints: merged } : {}), ...(r.chance(0.1) ? { unschedulable: true } : {}) };
  return node;
}

function nodeSelectorTerm(r: Random, nodes: readonly Node[]): Record<string, unknown> {
  if (r.chance(0.2)) {
    // The API server takes exactly one value for a metadata.name field selector with In or NotIn.
    return { matchFields: [{ key: 'metadata.name', operator: r.pick(['In', 'NotIn']), values: [r.pick(nodes).metadata.name] }] };
  }
  const requirement = r.pick([
    () => ({ key: TIER, operator: r.pick(['In', 'NotIn']), values: r.some(TIERS, 2).length > 0 ? [r.pick(TIERS)] : TIERS }),
    () => ({ key: ZONE, operator: r.pick(['In', 'NotIn']), values: [r.pick(ZONES)] }),
    () => ({ key: TIER, operator: r.pick(['Exists', 'DoesNotExist']) }),
    () => ({ key: 'kubernetes.io/os', operator: 'In', values: [r.pick(['windows', 'linux'])] }),
  ])();
  return { matchExpressions: [requirement] };
}

function randomPod(r: Random, name: string, caseLabel: string, nodes: readonly Node[]): KubeObject {
  const os = r.chance(0.5) ? 'windows' : 'linux';
  const app = r.pick(['a', 'b']);
  const spec: Record<string, unknown> = {};
  const resources: Record<string, unknown> = {};
  if (r.chance(0.7)) resources.requests = { ...(r.chance(0.8) ? { cpu: r.pick(CPU) } : {}), ...(r.chance(0.6) ? { memory: r.pick(MEMORY) } : {}) };
  const container: Record<string, unknown> = { name: 'main', image: os === 'windows' ? WINDOWS_IMAGE : LINUX_IMAGE, resources };
  if (r.chance(0.2)) container.ports = [{ containerPort: 80, hostPort: r.pick([8080, 8081]), protocol: 'TCP' }];
  spec.containers = [container];
  const nodeSelector: Record<string, string> = {};
  if (r.chance(0.5)) nodeSelector['kubernetes.io/os'] = os;
  if (r.chance(0.15)) nodeSelector[TIER] = r.pick(TIERS);
  if (r.chance(0.1)) nodeSelector[ZONE] = r.pick(ZONES);
  if (Object.keys(nodeSelector).length > 0) spec.nodeSelector = nodeSelector;
  const nodeAffinity: Record<string, unknown> = {};
  if (r.chance(0.3)) {
    const terms = Array.from({ length: r.int(1, 2) }, () => nodeSelectorTerm(r, nodes));
    nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: terms };
  }
  if (r.chance(0.25)) {
    nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution = [{ weight: r.int(1, 100), preference: { matchExpressions: [{ key: TIER, operator: 'In', values: [r.pick(TIERS)] }] } }];
  }
  const affinity: Record<string, unknown> = {};
  if (Object.keys(nodeAffinity).length > 0) affinity.nodeAffinity = nodeAffinity;
  if (r.chance(0.15)) {
    const term = { labelSelector: { matchLabels: { app: r.pick(['a', 'b']) } }, topologyKey: r.pick([ZONE, 'kubernetes.io/hostname']) };
    const kind = r.pick(['podAffinity', 'podAntiAffinity']);
    affinity[kind] = r.chance(0.6) ? { requiredDuringSchedulingIgnoredDuringExecution: [term] } : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: r.int(1, 100), podAffinityTerm: term }] };
  }
  if (Object.keys(affinity).length > 0) spec.affinity = affinity;
  const tolerations = r.some(TOLERATIONS, 2);
  if (os === 'windows' && r.chance(0.5)) tolerations.push(r.pick(TOLERATIONS.slice(0, 2)));
  if (tolerations.length > 0) spec.tolerations = tolerations;
  if (r.chance(0.2)) {
    spec.topologySpreadConstraints = [
      { maxSkew: 1, topologyKey: r.pick([ZONE, 'kubernetes.io/hostname']), whenUnsatisfiable: r.pick(['DoNotSchedule', 'ScheduleAnyway']), labelSelector: { matchLabels: { app } } },
    ];
  }
  if (r.chance(0.05)) spec.nodeName = r.pick(nodes).metadata.name;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app, [CASE_LABEL]: caseLabel } }, spec };
}

function randomDaemonSet(r: Random, name: string, caseLabel: string, nodes: readonly Node[]): KubeObject {
  const template = randomPod(r, name, caseLabel, nodes);
  const spec = template.spec as Record<string, unknown>;
  delete spec.nodeName;
  delete spec.topologySpreadConstraints;
  const labels = { ds: name, [CASE_LABEL]: caseLabel };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, labels: { [CASE_LABEL]: caseLabel } },
    spec: { selector: { matchLabels: { ds: name } }, template: { metadata: { labels }, spec } },
  };
}

export function schedulingCase(seed: number, index: number): SchedulingCase {
  const r = new Random(seed);
  const prefix = `c${index}`;
  const nodes = Array.from({ length: r.int(2, 6) }, (_, i) => randomNode(r, `${prefix}-n${i}`));
  const pods = Array.from({ length: r.int(1, 4) }, (_, i) => randomPod(r, `${prefix}-p${i}`, prefix, nodes));
  const c: SchedulingCase = { index, seed, nodes, pods };
  if (r.chance(0.35)) c.daemonSet = randomDaemonSet(r, `${prefix}-ds`, prefix, nodes);
  return c;
}
