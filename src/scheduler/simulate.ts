// `simulate`: workloads → pods (controllers) → kube-scheduler (framework + plugins, one pod at a time)
// → kubelet and containerd on the chosen node → status and time to ready. Front ends only format this.
import type { Cluster } from '../cluster/model.js';
import { poolNameOf } from '../cluster/pools.js';
import { platformAdmissionOf } from '../cluster/platform-admission.js';
import { collectInputs, internalErrorProblem, runRules, withClusterInput } from '../engine/run.js';
import { containerImagesOf } from '../engine/images.js';
import { osOfNode } from '../kube/nodes.js';
import type { ContainerImageInfo } from '../engine/images.js';
import type { FailureStage, Rule } from '../engine/types.js';
import type { ImageFactsByReference } from '../model/image-facts.js';
import { parseLabelSelector, parsedSelectorMatches } from '../kube/label-selector.js';
import type { KubeObject, LabelSelector, Node, RuntimeClass } from '../kube/types.js';
import type { LoadProblem, ManifestObject, SourcePosition } from '../manifests/types.js';
import { workloadOf } from '../manifests/workloads.js';
import type { Workload } from '../manifests/workloads.js';
import { isRecord } from '../util/guards.js';
import { windowsVersionOfNode, buildLabelOf } from '../windows/builds.js';
import { podsOfWorkload } from './controllers.js';
import type { PodToCreate } from './controllers.js';
import { makePodInfo, makeProfile } from './framework/pod-info.js';
import type { NodeInfo } from './framework/node-info.js';
import type { PodProfile } from './framework/pod-info.js';
import { Scheduler } from './framework/scheduler.js';
import type { KubeletOutcome, PodStatus } from './kubelet.js';
import { kubeletGeneralFilter, kubeletOutcome } from './kubelet.js';
import type { KubeletRejection } from '../kube/kubelet-admission.js';
import { NameGenerator } from './names.js';
import { DEFAULT_PLUGINS } from './plugins/registry.js';
import { DEFAULT_BANDWIDTH, PullTimeline, readySecondsOn } from './time-to-ready.js';

export interface SimulationOptions {
  imageFacts?: ImageFactsByReference;
  /** Download bytes per second per node. */
  bandwidth?: number;
  /** Rules whose error-severity compatibility findings fail container creation on Windows (default: none). */
  rules?: readonly Rule[];
  percentageOfNodesToScore?: number;
  defaultNamespace?: string;
  onProgress?: (done: number, total: number) => void;
  /**
   * False where no kubelet runs to refuse a pod bound by spec.nodeName (the test bed has none): such
   * a pod stays bound and holds its resources and ports, as it does on that API server.
   */
  kubeletAdmission?: boolean;
  /** Pods made per workload at most (controllers.ts MAX_PODS_PER_WORKLOAD by default). */
  maxPodsPerWorkload?: number;
  /** RuntimeClasses and GMSACredentialSpecs the cluster holds (live or beside a NodeList). */
  clusterState?: { runtimeClasses: readonly RuntimeClass[]; gmsaCredentialSpecs: readonly KubeObject[] };
}

export interface SimulatedPod {
  namespace: string;
  name: string;
  owner: { kind: string; name: string };
  /** The workload in the input that made the pod (for grouping; not in the JSON contract). */
  workload: { kind: string; name: string };
  node: string | null;
  status: PodStatus;
  message: string | null;
  /** Estimated seconds until Ready (Running pods only). */
  readyAfterSeconds?: number;
  /** Bytes this pod's image pulls added on its node. */
  pullBytes?: number;
}

export interface NodeSummary {
  name: string;
  pool: string;
  os: string;
  windowsBuild?: string;
  unschedulable: boolean;
  pods: number;
  requested: { cpu: number; memory: number };
  allocatable: { cpu: number; memory: number; pods: number };
}

export interface WorkloadSummary {
  kind: string;
  namespace: string;
  name: string;
  pods: number;
  running: number;
  /** Slowest Running pod: seconds and the bytes it pulled. */
  readyAfterSeconds?: number;
  pullBytes?: number;
}

export interface SimulationResult {
  pods: SimulatedPod[];
  /**
   * A step that threw on one workload or pod (a bug of ours or an input no step expected): a problem
   * on that object, printed like malformed input; the other workloads and pods are simulated.
   */
  problems: LoadProblem[];
  nodes: NodeSummary[];
  workloads: WorkloadSummary[];
}

interface ServiceSelector {
  namespace: string;
  selector: Record<string, string>;
}

function servicesOf(objects: readonly ManifestObject[], defaultNamespace: string): ServiceSelector[] {
  return objects.flatMap(({ object }) => {
    if (object.kind !== 'Service' || object.apiVersion !== 'v1') return [];
    const selector = isRecord(object.spec) && isRecord(object.spec.selector) ? (object.spec.selector as Record<string, string>) : undefined;
    if (!selector || Object.keys(selector).length === 0) return [];
    return [{ namespace: object.metadata?.namespace ?? defaultNamespace, selector }];
  });
}

/** PrioritySort: higher priority first, then creation order (stable). */
function byPriority(a: PodToCreate, b: PodToCreate): number {
  const pa = typeof a.spec.priority === 'number' ? a.spec.priority : 0;
  const pb = typeof b.spec.priority === 'number' ? b.spec.priority : 0;
  return pb - pa;
}

export function workloadKey(w: Workload, defaultNamespace: string): string {
  return `${w.kind}/${w.namespace ?? defaultNamespace}/${w.name}`;
}

/** The rules whose findings can stop a pod: placement and image findings are the scheduler's and the kubelet's own work here. */
export function rulesForPods(rules: readonly Rule[]): Rule[] {
  return rules.filter((rule) => rule.meta.category !== 'placement' && rule.meta.category !== 'image');
}

/** The first node of each node class (see NodeInfo.classId), in cluster order. */
export function oneNodePerClass(nodes: readonly NodeInfo[]): Node[] {
  const seen = new Set<number>();
  const out: Node[] = [];
  for (const n of nodes) {
    if (seen.has(n.classId)) continue;
    seen.add(n.classId);
    out.push(n.node);
  }
  return out;
}

const firstLine = (): SourcePosition => ({ line: 1, column: 1 });

/** Where an object starts (as internalErrorProblem places a problem); the first line when unknown. */
function objectPosition(object: ManifestObject): SourcePosition {
  try {
    return object.positionOf('');
  } catch {
    return firstLine();
  }
}

export function simulate(objects: readonly ManifestObject[], cluster: Cluster, options: SimulationOptions = {}): SimulationResult {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const collected = collectInputs(objects, cluster, options.imageFacts);
  const inputs = options.clusterState ? withClusterInput(collected, options.clusterState) : collected;
  const runtimeClasses: RuntimeClass[] = [...inputs.runtimeClasses.values()];
  const names = new NameGenerator();
  const problems: LoadProblem[] = [];
  const workloads: Workload[] = [];
  for (const object of objects) {
    try {
      const workload = workloadOf(object);
      if (workload) workloads.push(workload);
    } catch (error) {
      problems.push(internalErrorProblem('reading the pod template', error, object));
    }
  }

  // What the pod's OS cannot honour, from check's rules: each error finding that stops the workload
  // says where (FailureStage): the API server refuses it, a mount fails, or container creation fails.
  const stopped = new Map<ManifestObject, Partial<Record<FailureStage, string[]>>>();
  const podRules = rulesForPods(options.rules ?? []);
  const scheduler = new Scheduler(cluster.nodes, DEFAULT_PLUGINS, { percentageOfNodesToScore: options.percentageOfNodesToScore ?? 0 });
  if (podRules.length > 0) {
    // These rules read the workload's pod spec (and its OS intent), never the nodes: the rules that do
    // (placement, image) are left out above. analyseWorkload still filters every node for every
    // workload (its placement), which at 5,000 nodes cost more than the rules; one node per class
    // (same labels but hostname, same taints and unschedulable flag) keeps every distinct node shape
    // at a fraction of the work, and the findings of these rules are the same.
    const ruleInputs = { ...inputs, cluster: { ...cluster, nodes: oneNodePerClass(scheduler.nodes) } };
    // Only the findings' messages and stages are read here, never their positions, and locating a
    // finding parses its document a second time (with `yaml`): the rules get the objects with a locator
    // that answers the first line. A rule that throws still gets its problem at the object's position.
    const originals = new Map<ManifestObject, ManifestObject>();
    const unlocated = objects.map((object) => {
      const copy: ManifestObject = { ...object, positionOf: firstLine };
      originals.set(copy, object);
      return copy;
    });
    runRules(unlocated, ruleInputs, podRules, {
      onProblem(problem, target) {
        problems.push({ ...problem, ...objectPosition(originals.get(target) ?? target) });
      },
      onFinding(finding, target) {
        if (finding.severity !== 'error' || finding.stage === undefined) return;
        const source = originals.get(target) ?? target;
        const stages = stopped.get(source) ?? {};
        (stages[finding.stage] ??= []).push(finding.message);
        stopped.set(source, stages);
      },
    });
  }

  const platformAdmission = platformAdmissionOf(cluster);
  const toCreate: PodToCreate[] = [];
  for (const workload of workloads) {
    try {
      const onCapped = (w: Workload, asked: number, made: number) => {
        let position: { line?: number; column?: number } = {};
        try {
          position = w.source.positionOf('/spec');
        } catch {
          // best effort: the problem is reported either way
        }
        problems.push({ severity: 'info', file: w.source.file.path, ...position, message: `${w.kind}/${w.name} asks for ${asked.toLocaleString('en')} pods: simulated the first ${made.toLocaleString('en')}` });
      };
      for (const pod of podsOfWorkload(workload, { nodes: cluster.nodes, runtimeClasses, names, defaultNamespace, onCapped, ...(platformAdmission ? { platformAdmission } : {}), ...(options.maxPodsPerWorkload ? { maxPodsPerWorkload: options.maxPodsPerWorkload } : {}) })) toCreate.push(pod);
    } catch (error) {
      problems.push(internalErrorProblem(`the ${workload.kind} controller`, error, workload.source));
    }
  }
  // Higher priority first, creation order within a priority: positions in toCreate, in scheduling
  // order. With one priority for all (the common case) that is creation order, and the sort of 160k
  // pods is skipped.
  const order = Int32Array.from(toCreate, (_, i) => i);
  const priorityOf = (p: PodToCreate) => (typeof p.spec.priority === 'number' ? p.spec.priority : 0);
  if (toCreate.some((p) => priorityOf(p) !== priorityOf(toCreate[0]))) order.sort((a, b) => byPriority(toCreate[a], toCreate[b]) || a - b);

  const services = servicesOf(objects, defaultNamespace);
  const profiles = new Map<string, PodProfile>();
  const imagesByWorkload = new Map<Workload, ContainerImageInfo[]>();
  const timeline = new PullTimeline(options.bandwidth ?? DEFAULT_BANDWIDTH);
  const results: SimulatedPod[] = new Array(toCreate.length);
  const total = order.length;

  // One {kind, name} per workload, shared by its pods (160k pods, 3k workloads at bench scale).
  const workloadRefs = new Map<Workload, { kind: string; name: string }>();
  const workloadRef = (p: PodToCreate): { kind: string; name: string } => {
    let workload = workloadRefs.get(p.workload);
    if (!workload) workloadRefs.set(p.workload, (workload = { kind: p.workload.kind, name: p.workload.name }));
    return workload;
  };
  const resultOf = (p: PodToCreate, node: string | null, status: PodStatus, message: string | null): SimulatedPod => {
    return { namespace: p.namespace, name: p.name, owner: p.owner, workload: workloadRef(p), node, status, message };
  };
  const nodeOs = scheduler.nodes.map((n) => osOfNode(n.node) ?? 'linux');
  const placePod = (p: PodToCreate, i: number): void => {
    const rejected = p.createError ?? stopped.get(p.workload.source)?.['api-server']?.[0];
    if (rejected) {
      results[i] = resultOf(p, null, 'FailedCreate', rejected);
      return;
    }
    let profile = profiles.get(p.templateKey);
    if (!profile) {
      const selectors: LabelSelector[] = [...p.ownerSelectors];
      for (const s of services) if (s.namespace === p.namespace && parsedSelectorMatches(parseLabelSelector({ matchLabels: s.selector }), p.labels)) selectors.push({ matchLabels: s.selector });
      profile = makeProfile(p.spec, p.namespace, p.labels, { ...(p.tolerations ? { tolerations: p.tolerations } : {}), defaultSpreadSelectors: selectors });
      profiles.set(p.templateKey, profile);
    }
    const pod = makePodInfo(profile, p.name, p.labels);

    let nodeInfo;
    let admission: KubeletRejection | undefined;
    const pinned = p.spec.nodeName;
    if (typeof pinned === 'string' && pinned !== '') {
      // A pod with spec.nodeName never meets the scheduler: the kubelet of that node takes it, and
      // its own admission is all that judges the pod. A pod it refuses is never bound (uses nothing).
      nodeInfo = scheduler.nodeByName(pinned);
      if (!nodeInfo) {
        results[i] = resultOf(p, pinned, 'Pending', `node "${pinned}" does not exist`);
        return;
      }
      if (options.kubeletAdmission !== false) admission = kubeletGeneralFilter(pod, nodeInfo);
    } else {
      const outcome = scheduler.schedule(pod);
      if (!outcome.scheduled) {
        results[i] = resultOf(p, null, 'Pending', outcome.message);
        return;
      }
      nodeInfo = outcome.node;
    }
    if (!admission) scheduler.bind(pod, nodeInfo);

    let images = imagesByWorkload.get(p.workload);
    if (!images) imagesByWorkload.set(p.workload, (images = containerImagesOf(p.spec, p.workload.specPointer, options.imageFacts)));
    const stages = stopped.get(p.workload.source);
    const kubelet: KubeletOutcome = kubeletOutcome({ labels: p.labels, spec: p.spec, images, mountErrors: stages?.mount ?? [], createErrors: stages?.['container-create'] ?? [], configErrors: stages?.['container-config'] ?? [], ...(admission ? { admission } : {}) }, nodeInfo.node);
    if (kubelet.status === 'Running') {
      const pulled = timeline.pull(images, nodeInfo.node);
      // The same fields in the same order as resultOf's and then the two below, in one object.
      results[i] = {
        namespace: p.namespace,
        name: p.name,
        owner: p.owner,
        workload: workloadRef(p),
        node: nodeInfo.name,
        status: kubelet.status,
        message: kubelet.message,
        readyAfterSeconds: Math.round(readySecondsOn(nodeOs[nodeInfo.index], pulled.seconds, p.spec)),
        pullBytes: pulled.bytes,
      };
    } else results[i] = resultOf(p, nodeInfo.name, kubelet.status, kubelet.message);
  };
  const failedWorkloads = new Set<Workload>();
  for (let k = 0; k < total; k++) {
    const i = order[k];
    const p = toCreate[i];
    if (options.onProgress && k % 2000 === 0) options.onProgress(k, total);
    try {
      placePod(p, i);
    } catch (error) {
      // One problem per workload (its pods share a template and fail alike); the pod stays Pending
      // with the reason, so it is not lost from the output.
      if (!failedWorkloads.has(p.workload)) {
        failedWorkloads.add(p.workload);
        problems.push(internalErrorProblem('the scheduler or kubelet step', error, p.workload.source));
      }
      results[i] = resultOf(p, null, 'Pending', `kube-hybrid could not simulate this pod: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  options.onProgress?.(total, total);

  const poolOf = new Map<string, string>();
  for (const pool of cluster.pools) for (const name of pool.nodeNames) poolOf.set(name, pool.name);
  const nodes: NodeSummary[] = scheduler.nodes.map((n) => {
    const os = osOfNode(n.node) ?? 'linux';
    const version = os === 'windows' ? windowsVersionOfNode(n.node) : undefined;
    const summary: NodeSummary = {
      name: n.name,
      pool: poolOf.get(n.name) ?? poolNameOf(n.node),
      os,
      unschedulable: n.unschedulable,
      pods: n.pods.length,
      requested: { cpu: n.requestedCpu, memory: n.requestedMemory },
      allocatable: { cpu: n.allocatableCpu, memory: n.allocatableMemory, pods: n.allowedPods },
    };
    if (version) summary.windowsBuild = buildLabelOf(version);
    return summary;
  });

  const summaries = new Map<string, WorkloadSummary>();
  toCreate.forEach((p, i) => {
    const w = p.workload;
    const key = workloadKey(w, defaultNamespace);
    let s = summaries.get(key);
    if (!s) summaries.set(key, (s = { kind: w.kind, namespace: w.namespace ?? defaultNamespace, name: w.name, pods: 0, running: 0 }));
    s.pods++;
    const r = results[i];
    if (r.status === 'Running') {
      s.running++;
      if (r.readyAfterSeconds !== undefined && r.readyAfterSeconds > (s.readyAfterSeconds ?? -1)) {
        s.readyAfterSeconds = r.readyAfterSeconds;
        s.pullBytes = r.pullBytes;
      }
    }
  });
  // Workloads that produced no pod at all (a DaemonSet no node takes) still get a line.
  for (const w of workloads) {
    const key = workloadKey(w, defaultNamespace);
    if (!summaries.has(key)) summaries.set(key, { kind: w.kind, namespace: w.namespace ?? defaultNamespace, name: w.name, pods: 0, running: 0 });
  }
  return { pods: results, nodes, workloads: [...summaries.values()], problems };
}
