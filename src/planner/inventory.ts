// What a move from one Windows build to another means for each workload: its Windows images, the
// builds each offers (tags, or registry facts with --resolve-images), and whether each runs on the
// target build by containerd's rule (src/windows/compat.ts) or must be rebuilt or re-tagged.
import { analyseWorkload } from '../engine/analysis.js';
import type { ContainerImageInfo } from '../engine/images.js';
import type { AnalysisInputs } from '../engine/types.js';
import { osOfNode } from '../kube/nodes.js';
import type { Node } from '../kube/types.js';
import type { ManifestObject } from '../manifests/types.js';
import { workloadOf } from '../manifests/workloads.js';
import type { Workload } from '../manifests/workloads.js';
import { isHostProcessPod } from '../rules/helpers.js';
import { asRecord, asString, recordsIn } from '../util/guards.js';
import { describeBuild, releaseOfAksOsSku, releaseOfBuild, releaseOfTag } from '../windows/builds.js';
import { hostRunsImage } from '../windows/compat.js';

/** `--to` / `--from`: 2019, 2022, 2025, ltsc2022, Windows2025, 20348, 10.0.20348. */
export function parseBuild(text: string): number | undefined {
  const t = text.trim();
  const year = /^(?:ws|windows ?server ?)?(2016|2019|2022|2025)$/i.exec(t);
  if (year) return { '2016': 14393, '2019': 17763, '2022': 20348, '2025': 26100 }[year[1]];
  const bare = /^(?:10\.0\.)?(\d{5})(?:\.\d+)?$/.exec(t);
  if (bare) return Number(bare[1]);
  const release = releaseOfTag(t) ?? releaseOfAksOsSku(t);
  return release?.build;
}

export function buildLabel(build: number): string {
  return `10.0.${build}`;
}

export type ImageVerdictOnTarget =
  /** One of the builds the image offers runs on the target host. */
  | 'runs'
  /** The image offers builds, none of which the target host runs. */
  | 'rebuild'
  /** Neither tag nor registry says which builds it offers. */
  | 'unknown'
  /** HostProcess containers run on the host: no build requirement. */
  | 'host-process'
  /** A Linux image in a Windows workload (`check` reports it). */
  | 'linux';

export interface ImageInventory {
  image: string;
  container: string;
  /** Pointer of its `image` field. */
  path: string;
  builds: number[];
  evidence: string;
  verdict: ImageVerdictOnTarget;
  /** The same image re-tagged for the target, when its tag names a build we can swap. */
  retag?: string;
}

export interface WorkloadInventory {
  workload: Workload;
  /** `Deployment lob/lob-web`. */
  ref: string;
  images: ImageInventory[];
  /** Nodes of the source build the pods may land on today (before any change). */
  onSource: boolean;
  /** Some image offers no build the target runs and no re-tag is known: it must be rebuilt first. */
  needsRebuild: boolean;
  /** Some image's builds are unknown (no build in the tag, no --resolve-images): verify before moving. */
  unverified: boolean;
  hostProcess: boolean;
  gmsaCredentialSpecs: string[];
}

export function describeWorkloadRef(workload: Workload): string {
  return `${workload.kind} ${workload.namespace !== undefined ? `${workload.namespace}/` : ''}${workload.name}`;
}

/** Tag tokens naming a build, by build, in the order we try to swap them. */
const BUILD_TAG_TOKENS: readonly { build: number; tokens: readonly string[] }[] = [
  { build: 14393, tokens: ['ltsc2016'] },
  { build: 17763, tokens: ['ltsc2019', '1809'] },
  { build: 20348, tokens: ['ltsc2022'] },
  { build: 26100, tokens: ['ltsc2025'] },
];

/**
 * The image with its tag's build token swapped for the target's: `…aspnet:4.8-windowsservercore-ltsc2019`
 * → `…-ltsc2022`. Undefined when the tag names no swappable build or the target has no tag.
 */
export function retagFor(image: string, target: number): string | undefined {
  const targetToken = BUILD_TAG_TOKENS.find((t) => t.build === target)?.tokens[0];
  if (!targetToken) return undefined;
  const at = image.lastIndexOf(':');
  if (at < 0 || image.indexOf('/', at) >= 0) return undefined;
  const tag = image.slice(at + 1);
  for (const { build, tokens } of BUILD_TAG_TOKENS) {
    if (build === target) continue;
    for (const token of tokens) {
      const re = new RegExp(`(^|[-_.])${token}($|[-_.])`, 'i');
      if (re.test(tag)) return `${image.slice(0, at + 1)}${tag.replace(re, `$1${targetToken}$2`)}`;
    }
  }
  return undefined;
}

function verdictOf(info: ContainerImageInfo, target: number, hostProcess: boolean): ImageVerdictOnTarget {
  if (hostProcess) return 'host-process';
  if (info.os === 'linux') return 'linux';
  const builds = info.windowsBuilds;
  if (builds.length === 0) return 'unknown';
  const host = { major: 10, minor: 0, build: target };
  return builds.some((b) => hostRunsImage(host, { major: 10, minor: 0, build: b })) ? 'runs' : 'rebuild';
}

function gmsaNamesOf(workload: Workload): string[] {
  const names = new Set<string>();
  const add = (securityContext: unknown) => {
    const name = asString(asRecord(asRecord(securityContext)?.windowsOptions)?.gmsaCredentialSpecName);
    if (name) names.add(name);
  };
  add(workload.podSpec.securityContext);
  for (const group of ['initContainers', 'containers'] as const) for (const { item } of recordsIn(workload.podSpec[group])) add(item.securityContext);
  return [...names].sort();
}

function isSourceNode(node: Node, source: number): boolean {
  return osOfNode(node) === 'windows' && node.metadata.labels?.['node.kubernetes.io/windows-build'] === buildLabel(source);
}

/** The Windows workloads of the input and what the move means for each. */
export function inventoryOf(objects: readonly ManifestObject[], inputs: AnalysisInputs, source: number, target: number): WorkloadInventory[] {
  const out: WorkloadInventory[] = [];
  for (const object of objects) {
    const workload = workloadOf(object);
    if (!workload) continue;
    const analysis = analyseWorkload(workload, inputs);
    if (analysis.osIntent.os !== 'windows') continue;
    const hostProcess = isHostProcessPod(workload);
    const images: ImageInventory[] = analysis.images
      .filter((i) => i.group !== 'ephemeralContainers')
      .map((info) => {
        const entry: ImageInventory = { image: info.image, container: info.containerName, path: info.path, builds: info.windowsBuilds, evidence: info.evidence, verdict: verdictOf(info, target, hostProcess) };
        if (entry.verdict === 'rebuild') {
          const retag = retagFor(info.image, target);
          if (retag) entry.retag = retag;
        }
        return entry;
      });
    out.push({
      workload,
      ref: describeWorkloadRef(workload),
      images,
      onSource: analysis.placement.eligible.some((n) => isSourceNode(n, source)),
      needsRebuild: images.some((i) => i.verdict === 'rebuild' && i.retag === undefined),
      unverified: images.some((i) => i.verdict === 'unknown'),
      hostProcess,
      gmsaCredentialSpecs: gmsaNamesOf(workload),
    });
  }
  return out;
}

/** "Windows Server 2022 (10.0.20348)", or the bare label for builds we do not name. */
export function releaseName(build: number): string {
  return releaseOfBuild(build) ? describeBuild(build) : buildLabel(build);
}
