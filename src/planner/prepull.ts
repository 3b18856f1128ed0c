// `prepull`: which Windows images each Windows build of the cluster will pull for the given
// workloads, and the DaemonSets that pull them ahead of time (project issue 4, item 5).
//
// Multi-GB Windows images (Server Core roughly 3 GB compressed, a rough figure of ours) hold
// pods in ContainerCreating for many minutes on a node that has not pulled them yet
// (https://github.com/kubernetes-sigs/sig-windows-dev-tools/issues/87). A DaemonSet per
// Windows build pulls them through init containers that exit at once, then idles in a pause
// container. Pure: the verb (src/cli/prepull.ts) loads the inputs and prints.
import { analyseWorkload } from '../engine/analysis.js';
import { imageVerdictOnNode } from '../engine/images.js';
import { osOfNode } from '../kube/nodes.js';
import type { ContainerImageInfo } from '../engine/images.js';
import { WINDOWS_TAINT_KEYS } from '../engine/os-intent.js';
import type { AnalysisInputs } from '../engine/types.js';
import { DO_NOT_SCHEDULE_EFFECTS } from '../kube/taints.js';
import type { KubeObject, Node, Taint, Toleration } from '../kube/types.js';
import { LABEL_OS, LABEL_WINDOWS_BUILD } from '../kube/types.js';
import type { ManifestObject } from '../manifests/types.js';
import { workloadOf } from '../manifests/workloads.js';
import type { Workload } from '../manifests/workloads.js';
import { asRecord, asString, recordsIn } from '../util/guards.js';
import { describeBuild, parseWindowsVersion } from '../windows/builds.js';
import { hostRunsImage } from '../windows/compat.js';

export const PREPULL_APP_NAME = 'kube-hybrid-prepull';
export const PREPULL_NAME_PREFIX = 'kube-hybrid-prepull-';
export const DEFAULT_PREPULL_NAMESPACE = 'kube-system';
/**
 * The main container's image. registry.k8s.io/pause is a multi-platform index with Windows entries
 * (3.10: windows/amd64 10.0.17763 and 10.0.20348; 2025 hosts run the 20348 entry under containerd's
 * build rule, and 3.10.2 adds an ltsc2025 entry). It is also the kubelet/containerd default sandbox
 * image, so it is usually on the node already.
 */
export const DEFAULT_PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';
/** Windows builds DEFAULT_PAUSE_IMAGE publishes (its index's os.version entries). */
export const DEFAULT_PAUSE_WINDOWS_BUILDS: readonly number[] = [17763, 20348];
/** Label on the DaemonSet and its pods naming the build it serves. */
export const BUILD_LABEL = 'kube-hybrid.io/windows-build';
/** The DaemonSet annotation: JSON object, image reference → workloads that run it. */
export const SOURCES_ANNOTATION = 'kube-hybrid.io/prepull-sources';
/** The command each init container runs: exits 0 at once. cmd.exe is in every Windows base image (Nano Server included). */
export const EXIT_AT_ONCE_COMMAND: readonly string[] = ['cmd', '/c', 'exit', '0'];
/** Requests equal limits for memory: Windows cannot reclaim over-committed memory (https://kubernetes.io/docs/concepts/configuration/windows-resource-management/#resource-management-memory). */
export const INIT_RESOURCES = { requests: { cpu: '10m', memory: '128Mi' }, limits: { cpu: '500m', memory: '128Mi' } } as const;
export const PAUSE_RESOURCES = { requests: { cpu: '1m', memory: '64Mi' }, limits: { cpu: '50m', memory: '64Mi' } } as const;

export interface PrepullOptions {
  /** Namespace of the DaemonSets (default kube-system). */
  namespace?: string;
  /** Image of the idle main container (default registry.k8s.io/pause:3.10). */
  pauseImage?: string;
}

export type PrepullNoteKind =
  | 'cannot-run'
  | 'unknown-build'
  | 'host-process'
  | 'linux-image'
  | 'node-without-build-label'
  | 'pause-image'
  | 'pull-secrets'
  | 'nothing-to-pull'
  /** Reading a workload threw (a bug of ours): the workload is left out of the plan, the rest is planned. */
  | 'internal-error';

/** Something the user should know about the plan (printed on stderr). */
export interface PrepullNote {
  kind: PrepullNoteKind;
  message: string;
}

export interface PrepullImage {
  image: string;
  /** The workloads that run it on this build: `Deployment web/iis`. Sorted. */
  sources: string[];
  /** False when neither the registry nor the tag said which Windows builds the image offers. */
  buildKnown: boolean;
  /** Bytes to pull on this build, when registry facts say (the largest matching platform). */
  size?: number;
}

export interface BuildPrepull {
  /** `node.kubernetes.io/windows-build` value, e.g. `10.0.20348`. */
  build: string;
  /** Nodes of the cluster with this build (the DaemonSet's targets), sorted. */
  nodeNames: string[];
  tolerations: Toleration[];
  /** Init-container order: images whose build is known first, then the others; each by reference. */
  images: PrepullImage[];
  /** imagePullSecrets the source workloads name (they must exist in the DaemonSet's namespace). */
  imagePullSecrets: string[];
}

export interface PrepullPlan {
  builds: BuildPrepull[];
  notes: PrepullNote[];
}

/** `Deployment web/iis`, or `Deployment iis` when the manifest names no namespace. */
export function describeWorkload(workload: Workload): string {
  return `${workload.kind} ${workload.namespace !== undefined ? `${workload.namespace}/` : ''}${workload.name}`;
}

/** `kube-hybrid-prepull-10-0-20348`. */
export function prepullDaemonSetName(build: string): string {
  return `${PREPULL_NAME_PREFIX}${build.replace(/[^0-9a-z]+/gi, '-').toLowerCase()}`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareBuilds(a: string, b: string): number {
  const va = parseWindowsVersion(a);
  const vb = parseWindowsVersion(b);
  if (va && vb) return va.major - vb.major || va.minor - vb.minor || va.build - vb.build;
  return compareStrings(a, b);
}

/** Taints the DaemonSet controller tolerates itself (node conditions, cordon), which we never copy. */
function isControllerTolerated(taint: Taint): boolean {
  return taint.key.startsWith('node.kubernetes.io/') && !WINDOWS_TAINT_KEYS.includes(taint.key);
}

function isWindowsTaint(taint: Taint): boolean {
  return WINDOWS_TAINT_KEYS.includes(taint.key) && (taint.value ?? '').toLowerCase() === 'windows';
}

function taintsOf(node: Node): Taint[] {
  return (node.spec?.taints ?? []).filter((t) => typeof t?.key === 'string' && DO_NOT_SCHEDULE_EFFECTS.includes(t.effect) && !isControllerTolerated(t));
}

function tolerationFor(taint: Taint): Toleration {
  const value = taint.value ?? '';
  return value === '' ? { key: taint.key, operator: 'Exists', effect: taint.effect } : { key: taint.key, operator: 'Equal', value, effect: taint.effect };
}

/** Images of HostProcess containers (they run on the host, not in a Windows base image). */
function hostProcessImagePaths(workload: Workload): Set<string> {
  const podValue = asRecord(asRecord(workload.podSpec.securityContext)?.windowsOptions)?.hostProcess;
  const paths = new Set<string>();
  for (const group of ['initContainers', 'containers'] as const) {
    for (const { item, index } of recordsIn(workload.podSpec[group])) {
      const own = asRecord(asRecord(item.securityContext)?.windowsOptions)?.hostProcess;
      const hostProcess = typeof own === 'boolean' ? own : podValue === true;
      if (hostProcess) paths.add(`${workload.specPointer}/${group}/${index}/image`);
    }
  }
  return paths;
}

function pullSecretNames(workload: Workload): string[] {
  return recordsIn(asRecord(workload.podSpec)?.imagePullSecrets)
    .map(({ item }) => asString(item.name))
    .filter((name): name is string => name !== undefined && name !== '');
}

/** Bytes the node pulls for the image: the largest platform this build can run. */
function sizeOnBuild(info: ContainerImageInfo, build: string): number | undefined {
  if (!info.facts) return undefined;
  const host = parseWindowsVersion(build);
  const sizes = info.facts.platforms
    .filter((p) => p.os === 'windows' && hostRunsImage(host, parseWindowsVersion(p.osVersion)))
    .map((p) => p.size)
    .filter((s) => Number.isFinite(s) && s > 0);
  return sizes.length > 0 ? sizes.reduce((a, b) => Math.max(a, b)) : undefined;
}

interface BuildAccumulator {
  images: Map<string, { sources: Set<string>; buildKnown: boolean; size?: number }>;
  /** Nodes where some workload needs an image of this build: their other taints are tolerated too. */
  usedNodes: Set<Node>;
  pullSecrets: Set<string>;
}

/**
 * For each Windows workload, each image of its containers and init containers, each Windows node it
 * may land on (placement after taints, affinity, RuntimeClass) whose containerd can run the image:
 * that node's build needs the image.
 */
export function planPrepull(objects: readonly ManifestObject[], inputs: AnalysisInputs, options: PrepullOptions = {}): PrepullPlan {
  const notes: PrepullNote[] = [];
  const noted = new Set<string>();
  const note = (kind: PrepullNoteKind, message: string) => {
    if (noted.has(message)) return;
    noted.add(message);
    notes.push({ kind, message });
  };

  const windowsNodes = inputs.cluster.nodes.filter((n) => osOfNode(n) === 'windows');
  const buildOfNode = new Map<Node, string>();
  for (const node of windowsNodes) {
    const label = node.metadata.labels?.[LABEL_WINDOWS_BUILD];
    if (label) buildOfNode.set(node, label);
  }

  const byBuild = new Map<string, BuildAccumulator>();
  const accumulatorOf = (build: string): BuildAccumulator => {
    let acc = byBuild.get(build);
    if (!acc) byBuild.set(build, (acc = { images: new Map(), usedNodes: new Set(), pullSecrets: new Set() }));
    return acc;
  };
  const skippedUnlabelled = new Set<string>();

  for (const object of objects) {
    let workload: ReturnType<typeof workloadOf>;
    let analysis: ReturnType<typeof analyseWorkload>;
    try {
      workload = workloadOf(object);
      if (!workload) continue;
      analysis = analyseWorkload(workload, inputs);
    } catch (error) {
      const where = object.positionOf('');
      note('internal-error', `${object.file.path}:${where.line}:${where.column}: internal error reading ${object.object.kind}/${String(object.object.metadata?.name ?? '')}: ${error instanceof Error ? error.message : String(error)}; left out of the plan`);
      continue;
    }
    if (analysis.osIntent.os !== 'windows') continue;
    const who = describeWorkload(workload);
    const hostProcess = hostProcessImagePaths(workload);
    const eligible = analysis.placement.eligible.filter((n) => osOfNode(n) === 'windows');
    for (const node of eligible) {
      if (!buildOfNode.has(node)) skippedUnlabelled.add(node.metadata.name);
    }
    const secrets = pullSecretNames(workload);
    for (const info of analysis.images) {
      if (info.group === 'ephemeralContainers') continue;
      if (hostProcess.has(info.path)) {
        note('host-process', `${info.image} (${who}) is not pre-pulled: HostProcess containers run on the host, and their images need not hold a Windows base layer or cmd.exe to start as an ordinary container`);
        continue;
      }
      if (info.os === 'linux') {
        note('linux-image', `${info.image} (${who}) is not pre-pulled: it is a Linux image in a Windows workload (${info.evidence}); kube-hybrid check reports it`);
        continue;
      }
      const buildKnown = info.facts !== undefined || info.windowsBuilds.length > 0;
      const pulledOn = new Set<string>();
      const refused = new Set<string>();
      for (const node of eligible) {
        const build = buildOfNode.get(node);
        if (!build) continue;
        if (!imageVerdictOnNode(info, node).runs) {
          refused.add(build);
          continue;
        }
        pulledOn.add(build);
        const acc = accumulatorOf(build);
        acc.usedNodes.add(node);
        let entry = acc.images.get(info.image);
        if (!entry) {
          entry = { sources: new Set(), buildKnown };
          const size = sizeOnBuild(info, build);
          if (size !== undefined) entry.size = size;
          acc.images.set(info.image, entry);
        }
        entry.sources.add(who);
        for (const secret of secrets) acc.pullSecrets.add(secret);
      }
      const refusedOnly = [...refused].filter((b) => !pulledOn.has(b)).sort(compareBuilds);
      if (refusedOnly.length > 0) {
        const offers = info.windowsBuilds.length > 0 ? `it offers ${info.windowsBuilds.map((b) => `10.0.${b}`).join(', ')}` : 'it offers no platform for them';
        note(
          'cannot-run',
          `${info.image} (${who}) is not pre-pulled on ${refusedOnly.map((b) => describeBuild(b)).join(', ')}: the pods may land there but containerd cannot run the image (${offers}; ${info.evidence}); kube-hybrid check reports it`,
        );
      }
      if (!buildKnown && pulledOn.size > 1) {
        note(
          'unknown-build',
          `${info.image} (${who}): neither --resolve-images nor its tag says which Windows builds it offers; it is pre-pulled on ${[...pulledOn].sort(compareBuilds).join(', ')} and placed after the known images. If a build has no platform in it, that build's pre-pull pod stays in Init:ErrImagePull`,
        );
      }
    }
  }

  for (const name of [...skippedUnlabelled].sort(compareStrings)) {
    note('node-without-build-label', `node ${name} has no ${LABEL_WINDOWS_BUILD} label (the kubelet sets it on Windows nodes); nothing is pre-pulled there`);
  }

  const builds: BuildPrepull[] = [];
  const pauseImage = options.pauseImage ?? DEFAULT_PAUSE_IMAGE;
  for (const build of [...byBuild.keys()].sort(compareBuilds)) {
    const acc = byBuild.get(build)!;
    const nodesOfBuild = windowsNodes.filter((n) => buildOfNode.get(n) === build);
    const taints = new Map<string, Taint>();
    for (const node of nodesOfBuild) {
      for (const taint of taintsOf(node)) {
        if (isWindowsTaint(taint) || acc.usedNodes.has(node)) taints.set(`${taint.key}\u0000${taint.value ?? ''}\u0000${taint.effect}`, taint);
      }
    }
    const tolerations = [...taints.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, taint]) => tolerationFor(taint));
    const images: PrepullImage[] = [...acc.images.entries()]
      .map(([image, entry]) => {
        const out: PrepullImage = { image, sources: [...entry.sources].sort(compareStrings), buildKnown: entry.buildKnown };
        if (entry.size !== undefined) out.size = entry.size;
        return out;
      })
      .sort((a, b) => Number(b.buildKnown) - Number(a.buildKnown) || compareStrings(a.image, b.image));
    builds.push({
      build,
      nodeNames: nodesOfBuild.map((n) => n.metadata.name).sort(compareStrings),
      tolerations,
      images,
      imagePullSecrets: [...acc.pullSecrets].sort(compareStrings),
    });
    const version = parseWindowsVersion(build);
    if (pauseImage === DEFAULT_PAUSE_IMAGE && version && !DEFAULT_PAUSE_WINDOWS_BUILDS.some((b) => hostRunsImage(version, { major: 10, minor: 0, build: b }))) {
      note('pause-image', `${DEFAULT_PAUSE_IMAGE} has no platform ${describeBuild(build)} can run; pass --pause-image with a pause image built for it`);
    }
  }
  const secrets = [...new Set(builds.flatMap((b) => b.imagePullSecrets))].sort(compareStrings);
  if (secrets.length > 0) {
    note('pull-secrets', `the workloads name imagePullSecrets ${secrets.join(', ')}: the DaemonSets name them too, so copy them into namespace ${options.namespace ?? DEFAULT_PREPULL_NAMESPACE} (a missing one is skipped and the pull is tried without it)`);
  }
  if (builds.length === 0) note('nothing-to-pull', 'no Windows workload in the input runs an image on a Windows node of the cluster: nothing to pre-pull');
  return { builds, notes };
}

/** The DaemonSet that pre-pulls one build's images. */
export function prepullDaemonSet(plan: BuildPrepull, options: PrepullOptions = {}): KubeObject {
  const name = prepullDaemonSetName(plan.build);
  const namespace = options.namespace ?? DEFAULT_PREPULL_NAMESPACE;
  const selectorLabels = { 'app.kubernetes.io/name': PREPULL_APP_NAME, 'app.kubernetes.io/instance': name };
  const labels = { ...selectorLabels, 'app.kubernetes.io/managed-by': 'kube-hybrid', [BUILD_LABEL]: plan.build };
  const sources: Record<string, string[]> = {};
  for (const image of [...plan.images].sort((a, b) => compareStrings(a.image, b.image))) sources[image.image] = image.sources;
  const podSpec: Record<string, unknown> = {
    os: { name: 'windows' },
    nodeSelector: { [LABEL_OS]: 'windows', [LABEL_WINDOWS_BUILD]: plan.build },
  };
  if (plan.tolerations.length > 0) podSpec.tolerations = plan.tolerations.map((t) => ({ ...t }));
  if (plan.imagePullSecrets.length > 0) podSpec.imagePullSecrets = plan.imagePullSecrets.map((secret) => ({ name: secret }));
  Object.assign(podSpec, {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    terminationGracePeriodSeconds: 0,
    initContainers: plan.images.map((image, index) => ({
      name: `pull-${index}`,
      image: image.image,
      imagePullPolicy: 'IfNotPresent',
      command: [...EXIT_AT_ONCE_COMMAND],
      resources: structuredClone(INIT_RESOURCES),
    })),
    containers: [
      {
        name: 'pause',
        image: options.pauseImage ?? DEFAULT_PAUSE_IMAGE,
        imagePullPolicy: 'IfNotPresent',
        resources: structuredClone(PAUSE_RESOURCES),
      },
    ],
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name,
      namespace,
      labels,
      annotations: {
        'kube-hybrid.io/description': `Pre-pulls the Windows images workloads run on ${describeBuild(plan.build)} nodes (kube-hybrid prepull)`,
        [SOURCES_ANNOTATION]: JSON.stringify(sources),
      },
    },
    spec: {
      selector: { matchLabels: { ...selectorLabels } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '100%' } },
      template: {
        metadata: { labels: { ...labels } },
        spec: podSpec,
      },
    },
  };
}

export interface PrepullResult extends PrepullPlan {
  daemonSets: KubeObject[];
}

/** Plan, then one DaemonSet per Windows build that needs an image. */
export function prepullManifests(objects: readonly ManifestObject[], inputs: AnalysisInputs, options: PrepullOptions = {}): PrepullResult {
  const plan = planPrepull(objects, inputs, options);
  return { ...plan, daemonSets: plan.builds.map((b) => prepullDaemonSet(b, options)) };
}
