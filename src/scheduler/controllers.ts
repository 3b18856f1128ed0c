// Workloads → pods, as the controllers create them (pkg/controller/{deployment,replicaset,statefulset,
// daemon,job,cronjob}): how many pods, their names, labels and the changes a controller makes to the
// template. RuntimeClass admission runs once per template (src/kube/runtime-class.ts).
import { daemonPodTolerations } from '../kube/daemonset.js';
import { requiredNodeAffinityMatches } from '../kube/node-affinity.js';
import { admitRuntimeClass } from '../kube/runtime-class.js';
import type { PlatformAdmission } from '../cluster/platform-admission.js';
import { doNotScheduleTaints, findUntoleratedTaint } from '../kube/taints.js';
import type { LabelSelector, Node, PodSpec, RuntimeClass, Toleration } from '../kube/types.js';
import type { Workload } from '../manifests/workloads.js';
import { asRecord, isRecord } from '../util/guards.js';
import type { NameGenerator} from './names.js';
import { podTemplateHash } from './names.js';

export interface PodToCreate {
  namespace: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  owner: { kind: string; name: string };
  /** The spec after admission and the controller's changes. */
  spec: PodSpec;
  /** Pods of one template share this key (and so a scheduler profile). */
  templateKey: string;
  tolerations?: Toleration[];
  /** Selectors of the owning ReplicaSet / StatefulSet / ReplicationController (default spread constraints). */
  ownerSelectors: LabelSelector[];
  workload: Workload;
  /** Why the pod is never created (the API server rejected it); the pod is then reported as FailedCreate. */
  createError?: string;
}

export interface ControllerContext {
  nodes: readonly Node[];
  /** The platform's own pod mutation (src/cluster/platform-admission.ts), when the cluster has one. */
  platformAdmission?: PlatformAdmission;
  runtimeClasses: Iterable<RuntimeClass>;
  names: NameGenerator;
  /** Namespace for objects that name none. */
  defaultNamespace: string;
  /**
   * Pods made for one workload at most (default MAX_PODS_PER_WORKLOAD): `replicas: 100000000` is
   * valid int32 input, and making every pod would end the run out of memory.
   */
  maxPodsPerWorkload?: number;
  /** Told when a workload asked for more pods than the cap. */
  onCapped?: (workload: Workload, asked: number, made: number) => void;
}

/** Beyond this many pods per workload a simulation stops being a picture of a cluster (largest tested clusters run 150,000 pods in all). */
export const MAX_PODS_PER_WORKLOAD = 100_000;

/** The minute CronJob runs are named after (upstream: the scheduled time in minutes since the epoch). */
export const CRONJOB_SCHEDULED_MINUTES = Math.floor(Date.UTC(2025, 0, 1) / 60_000);

function intOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

function objectSpec(workload: Workload): Record<string, unknown> {
  return asRecord(workload.source.object.spec) ?? {};
}

function selectorOf(spec: Record<string, unknown>): LabelSelector | undefined {
  const selector = asRecord(spec.selector);
  return selector ? (selector as LabelSelector) : undefined;
}

/** DaemonSet controller's node check (nodeShouldRunDaemonPod → predicates): name, affinity, taints. */
export function daemonPodFits(spec: PodSpec, tolerations: readonly Toleration[], node: Node): boolean {
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '' && spec.nodeName !== node.metadata.name) return false;
  if (!requiredNodeAffinityMatches(spec, node)) return false;
  return findUntoleratedTaint(node.spec?.taints, tolerations, doNotScheduleTaints) === undefined;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the pod is pinned with matchFields metadata.name. */
function pinnedToNode(spec: PodSpec, nodeName: string): PodSpec {
  const affinity = isRecord(spec.affinity) ? spec.affinity : {};
  return {
    ...spec,
    affinity: {
      ...affinity,
      nodeAffinity: {
        ...(isRecord(affinity.nodeAffinity) ? affinity.nodeAffinity : {}),
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] },
      },
    },
  };
}

/**
 * One replica: the shared fields and its name. Written out field by field, not spread: tens of
 * thousands of replicas then share one object shape with every field inside the object.
 */
function replicaOf(shared: Omit<PodToCreate, 'name'>, name: string): PodToCreate {
  const pod: PodToCreate = {
    namespace: shared.namespace,
    workload: shared.workload,
    spec: shared.spec,
    labels: shared.labels,
    owner: shared.owner,
    templateKey: shared.templateKey,
    ownerSelectors: shared.ownerSelectors,
    name,
  };
  if (shared.createError !== undefined) pod.createError = shared.createError;
  if (shared.tolerations !== undefined) pod.tolerations = shared.tolerations;
  return pod;
}

export function podsOfWorkload(workload: Workload, ctx: ControllerContext): PodToCreate[] {
  const limit = ctx.maxPodsPerWorkload ?? MAX_PODS_PER_WORKLOAD;
  const capped = (asked: number): number => {
    if (asked <= limit) return asked;
    ctx.onCapped?.(workload, asked, limit);
    return limit;
  };
  const namespace = workload.namespace ?? ctx.defaultNamespace;
  const templateLabels = isRecord(workload.podMetadata.labels) ? (workload.podMetadata.labels as Record<string, string>) : {};
  const admitted = admitRuntimeClass(workload.podSpec, ctx.runtimeClasses);
  const createError = admitted.errors[0];
  const spec = ctx.platformAdmission ? ctx.platformAdmission.admit(admitted.spec) : admitted.spec;
  const spec0 = objectSpec(workload);
  const owner = (kind: string, name: string) => ({ kind, name });
  const base = { namespace, workload, spec, ...(createError ? { createError } : {}) };
  const out: PodToCreate[] = [];
  const name = workload.name;

  switch (workload.kind) {
    case 'Pod': {
      const podName = workload.source.object.metadata?.name || ctx.names.generate(workload.source.object.metadata?.generateName ?? 'pod-', `${namespace}/${name}`);
      out.push({ ...base, name: podName, labels: templateLabels, owner: owner('Pod', podName), templateKey: `pod/${namespace}/${podName}`, ownerSelectors: [] });
      break;
    }
    case 'Deployment': {
      const hash = podTemplateHash(spec0.template);
      const rsName = `${name}-${hash}`;
      const labels = { ...templateLabels, 'pod-template-hash': hash };
      const selector = selectorOf(spec0);
      const rsSelector: LabelSelector = { ...(selector ?? {}), matchLabels: { ...(selector?.matchLabels ?? {}), 'pod-template-hash': hash } };
      const replicas = capped(intOr(spec0.replicas, 1));
      // What the replicas share is made once (tens of thousands of pods at scale).
      const shared = { ...base, labels, owner: owner('ReplicaSet', rsName), templateKey: `rs/${namespace}/${rsName}`, ownerSelectors: [rsSelector] };
      const prefix = `${rsName}-`;
      for (let i = 0; i < replicas; i++) out.push(replicaOf(shared, ctx.names.generate(prefix, `${namespace}/${rsName}/${i}`)));
      break;
    }
    case 'ReplicaSet':
    case 'ReplicationController': {
      const replicas = capped(intOr(spec0.replicas, 1));
      const selector: LabelSelector | undefined =
        workload.kind === 'ReplicationController' ? (isRecord(spec0.selector) ? { matchLabels: spec0.selector as Record<string, string> } : { matchLabels: templateLabels }) : selectorOf(spec0);
      const shared = { ...base, labels: templateLabels, owner: owner(workload.kind, name), templateKey: `${workload.kind}/${namespace}/${name}`, ownerSelectors: selector ? [selector] : [] };
      for (let i = 0; i < replicas; i++) out.push(replicaOf(shared, ctx.names.generate(`${name}-`, `${namespace}/${name}/${i}`)));
      break;
    }
    case 'StatefulSet': {
      const replicas = capped(intOr(spec0.replicas, 1));
      const selector = selectorOf(spec0);
      for (let i = 0; i < replicas; i++) {
        const podName = `${name}-${i}`;
        const labels = { ...templateLabels, 'statefulset.kubernetes.io/pod-name': podName, 'apps.kubernetes.io/pod-index': String(i) };
        out.push({ ...base, name: podName, labels, owner: owner('StatefulSet', name), templateKey: `sts/${namespace}/${name}`, ownerSelectors: selector ? [selector] : [] });
      }
      break;
    }
    case 'DaemonSet': {
      const tolerations = daemonPodTolerations(spec);
      for (const node of ctx.nodes) {
        if (!daemonPodFits(spec, tolerations, node)) continue;
        const nodeName = node.metadata.name;
        out.push({
          ...base,
          spec: pinnedToNode(spec, nodeName),
          tolerations,
          name: ctx.names.generate(`${name}-`, `${namespace}/${name}/${nodeName}`),
          labels: templateLabels,
          owner: owner('DaemonSet', name),
          templateKey: `ds/${namespace}/${name}/${nodeName}`,
          ownerSelectors: [],
        });
      }
      break;
    }
    case 'Job':
    case 'CronJob': {
      const jobSpec = workload.kind === 'CronJob' ? (asRecord(asRecord(spec0.jobTemplate)?.spec) ?? {}) : spec0;
      const jobName = workload.kind === 'CronJob' ? `${name}-${CRONJOB_SCHEDULED_MINUTES}` : name;
      const parallelism = intOr(jobSpec.parallelism, 1);
      const completions = jobSpec.completions === undefined || jobSpec.completions === null ? undefined : intOr(jobSpec.completions, 1);
      const active = capped(completions === undefined ? parallelism : Math.min(parallelism, completions));
      const indexed = jobSpec.completionMode === 'Indexed';
      const labels = { ...templateLabels, 'batch.kubernetes.io/job-name': jobName, 'job-name': jobName };
      for (let i = 0; i < active; i++) {
        const prefix = indexed ? `${jobName}-${i}-` : `${jobName}-`;
        const podLabels = indexed ? { ...labels, 'batch.kubernetes.io/job-completion-index': String(i) } : labels;
        out.push({ ...base, name: ctx.names.generate(prefix, `${namespace}/${jobName}/${i}`), labels: podLabels, owner: owner('Job', jobName), templateKey: `job/${namespace}/${jobName}`, ownerSelectors: [] });
      }
      break;
    }
    case 'PodTemplate':
      break;
  }
  return out;
}
