// Every image a pod template runs, with what we know of its OS and Windows builds: registry facts
// when `--resolve-images` ran, else the tag.
import type { ImageFacts, ImageFactSource, ImageFactsByReference } from '../model/image-facts.js';
import type { Node, OSName, PodSpec } from '../kube/types.js';
import { archOfNode, osOfNode } from '../kube/nodes.js';
import type { ManifestObject } from '../manifests/types.js';
import { workloadOf } from '../manifests/workloads.js';
import { asString, recordsIn } from '../util/guards.js';
import { hostProcessValueOf } from '../kube/host-process.js';
import { parseWindowsVersion, windowsVersionOfNode } from '../windows/builds.js';
import type { WindowsVersion } from '../windows/builds.js';
import { hostRunsImage } from '../windows/compat.js';
import { guessImageOs } from '../windows/image-name.js';

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';
export const CONTAINER_GROUPS: readonly ContainerGroup[] = ['initContainers', 'containers', 'ephemeralContainers'];

export interface ContainerImageInfo {
  group: ContainerGroup;
  containerName: string;
  /** Pointer of the container (relative to the object). */
  containerPath: string;
  /** Pointer of its `image` field. */
  path: string;
  image: string;
  /** Single OS of the image, when it has one (undefined: unknown, or several). */
  os?: OSName;
  /** Windows builds the image offers (from os.version or the tag). */
  windowsBuilds: number[];
  /** Why we believe the above: `tag "ltsc2022"`, `registry: 3 platforms`. */
  evidence: string;
  source: ImageFactSource;
  facts?: ImageFacts;
  /** A HostProcess container (its own windowsOptions.hostProcess, else the pod's): it runs on the host, so no build requirement. */
  hostProcess?: true;
}

/** Every image the workloads among `objects` run, each once, in the order first met. */
export function imageReferencesOf(objects: readonly ManifestObject[]): string[] {
  const references = new Set<string>();
  for (const object of objects) {
    const workload = workloadOf(object);
    if (workload) for (const image of containerImagesOf(workload.podSpec, workload.specPointer)) references.add(image.image);
  }
  return [...references];
}

export function containerImagesOf(spec: PodSpec, specPointer: string, facts?: ImageFactsByReference): ContainerImageInfo[] {
  const out: ContainerImageInfo[] = [];
  const podHostProcess = hostProcessValueOf(spec.securityContext);
  for (const group of CONTAINER_GROUPS) {
    for (const { item: container, index } of recordsIn(spec[group])) {
      const image = asString(container.image);
      if (!image) continue;
      const containerPath = `${specPointer}/${group}/${index}`;
      const known = facts?.get(image);
      // Facts the resolver made up from the tag (offline, nothing cached) are described as the
      // tag: saying "registry" would claim a source that never answered.
      const described = known && known.source !== 'tag' ? describeFacts(known) : describeTag(image);
      const info: ContainerImageInfo = {
        group,
        containerName: asString(container.name) ?? `#${index}`,
        containerPath,
        path: `${containerPath}/image`,
        image,
        windowsBuilds: described.windowsBuilds,
        evidence: described.evidence,
        source: described.source,
      };
      if (described.os !== undefined) info.os = described.os;
      if (described.facts !== undefined) info.facts = described.facts;
      if ((hostProcessValueOf(container.securityContext) ?? podHostProcess) === true) info.hostProcess = true;
      out.push(info);
    }
  }
  return out;
}

type Described = Pick<ContainerImageInfo, 'os' | 'windowsBuilds' | 'evidence' | 'source' | 'facts'>;

function describeTag(image: string): Described {
  const guess = guessImageOs(image);
  return {
    os: guess.os,
    windowsBuilds: guess.build !== undefined ? [guess.build] : [],
    evidence: guess.evidence ?? 'no OS in its name',
    source: 'tag',
  };
}

function describeFacts(facts: ImageFacts): Described {
  const oses = new Set(facts.platforms.map((p) => p.os));
  const builds = new Set<number>();
  for (const p of facts.platforms) {
    const v = p.os === 'windows' ? parseWindowsVersion(p.osVersion) : undefined;
    if (v) builds.add(v.build);
  }
  const os = oses.size === 1 ? ([...oses][0] as OSName) : undefined;
  const platforms = facts.platforms.map((p) => (p.osVersion ? `${p.os}/${p.architecture} ${p.osVersion}` : `${p.os}/${p.architecture}`));
  return {
    os: os === 'windows' || os === 'linux' ? os : undefined,
    windowsBuilds: [...builds].sort((a, b) => a - b),
    evidence: `${facts.source === 'cache' ? 'registry (cached)' : 'registry'}: ${platforms.join(', ')}`,
    source: facts.source,
    facts,
  };
}

/** What simulate and check say of an image whose platform nothing tells: unknown, and how to settle it. */
export function unknownPlatformNote(image: string, node: Node): string {
  const build = windowsVersionOfNode(node);
  const platform = `windows/${archOfNode(node) ?? 'amd64'}${build ? ` ${build.major}.${build.minor}.${build.build}` : ''}`;
  return `image ${image}: platform unknown from its name; whether it offers ${platform} is not known without --resolve-images`;
}

export type ImageVerdict =
  | { runs: true; why?: string; /** The image's platform is unknown (no registry facts, nothing in its name): assumed to run. */ unknownPlatform?: true }
  | { runs: false; reason: 'os-mismatch' | 'no-matching-platform' | 'build-mismatch'; nodeOs: OSName; nodeBuild?: WindowsVersion };

/**
 * Whether containerd on `node` can pull and run the image: platform match (os, architecture) then,
 * on Windows, containerd's build rule (https://github.com/containerd/platforms/blob/main/platform_windows_compat.go). Unknown facts run.
 */
export function imageVerdictOnNode(info: ContainerImageInfo, node: Node): ImageVerdict {
  const nodeOs = osOfNode(node);
  if (!nodeOs) return { runs: true };
  const nodeBuild = nodeOs === 'windows' ? windowsVersionOfNode(node) : undefined;
  if (info.facts) {
    const arch = archOfNode(node);
    const samePlatform = info.facts.platforms.filter((p) => p.os === nodeOs && (!arch || p.architecture === arch));
    if (samePlatform.length === 0) return { runs: false, reason: info.os && info.os !== nodeOs ? 'os-mismatch' : 'no-matching-platform', nodeOs, nodeBuild };
    if (nodeOs !== 'windows' || info.hostProcess) return { runs: true };
    const runnable = samePlatform.some((p) => hostRunsImage(nodeBuild, parseWindowsVersion(p.osVersion)));
    return runnable ? { runs: true } : { runs: false, reason: 'build-mismatch', nodeOs, nodeBuild };
  }
  if (info.os && info.os !== nodeOs) return { runs: false, reason: 'os-mismatch', nodeOs, nodeBuild };
  // Neither check nor simulate calls an image Linux-only on a guess: on a Windows node it is
  // unknown, and assumed to run. (On Linux nodes, where Linux images are the norm, it is not noted.)
  if (nodeOs === 'windows' && info.os === undefined) return { runs: true, unknownPlatform: true, why: unknownPlatformNote(info.image, node) };
  // HostProcess containers run on the host as processes, not in a Server silo: "the version of the
  // base images does not need to match that of the host"
  // (https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/, read 2026-11-30).
  if (nodeOs === 'windows' && info.windowsBuilds.length > 0 && !info.hostProcess) {
    const runnable = info.windowsBuilds.some((b) => hostRunsImage(nodeBuild, { major: 10, minor: 0, build: b }));
    if (!runnable) return { runs: false, reason: 'build-mismatch', nodeOs, nodeBuild };
  }
  return { runs: true };
}
