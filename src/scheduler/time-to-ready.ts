// Time until a pod is Ready, estimated: image pulls (serialized per node, as the kubelet's default
// serializeImagePulls), layer extraction, container start, then the readiness probe's initialDelaySeconds.
// Sizes come from registry facts (--resolve-images) when known, else typical sizes per base image.
// An image is pulled once per node: later pods on that node find it there.
import type { ContainerImageInfo } from '../engine/images.js';
import { osOfNode } from '../kube/nodes.js';
import type { Node, PodSpec } from '../kube/types.js';
import { recordsIn } from '../util/guards.js';
import { parseWindowsVersion } from '../windows/builds.js';
import { windowsVersionOfNode } from '../windows/builds.js';
import { normalizedImageName } from './framework/image-names.js';

const MB = 1_000_000;
const GB = 1_000_000_000;

/** Default download bandwidth per node: 25 MB/s (200 Mbit/s). */
export const DEFAULT_BANDWIDTH = 25 * MB;
/** Layer extraction: Windows (NTFS, many small files, registry hives) is far slower than overlayfs. */
export const EXTRACT_BYTES_PER_SECOND = { linux: 100 * MB, windows: 8 * MB } as const;
/** Sandbox + container start. */
export const START_SECONDS = { linux: 2, windows: 15 } as const;

/**
 * Typical compressed sizes when the registry was not asked: rough figures of ours, not from a
 * published table (the sizes the registry reports replace them when it is asked).
 */
const TYPICAL_SIZES: readonly { pattern: RegExp; bytes: number; what: string }[] = [
  { pattern: /mcr\.microsoft\.com\/windows\/nanoserver/, bytes: 120 * MB, what: 'Nano Server' },
  { pattern: /mcr\.microsoft\.com\/windows\/servercore\/iis/, bytes: 3.1 * GB, what: 'Server Core + IIS' },
  { pattern: /mcr\.microsoft\.com\/dotnet\/framework\//, bytes: 3.4 * GB, what: '.NET Framework on Server Core' },
  { pattern: /mcr\.microsoft\.com\/windows\/servercore/, bytes: 3.0 * GB, what: 'Server Core' },
  { pattern: /mcr\.microsoft\.com\/windows\/server(:|$)/, bytes: 5.5 * GB, what: 'Windows Server' },
  { pattern: /mcr\.microsoft\.com\/windows(:|$)/, bytes: 6.5 * GB, what: 'Windows' },
  { pattern: /nanoserver/, bytes: 150 * MB, what: 'Nano Server-based' },
  { pattern: /servercore|windowsservercore|ltsc20\d\d|1809/, bytes: 3.2 * GB, what: 'Server Core-based' },
];
const TYPICAL_LINUX_BYTES = 80 * MB;

export interface ImageSize {
  bytes: number;
  source: 'registry' | 'typical';
}

export function imageSizeOnNode(info: ContainerImageInfo, node: Node): ImageSize {
  const os = osOfNode(node) ?? 'linux';
  return imageSizeFor(info, os, os === 'windows' ? windowsVersionOfNode(node)?.build : undefined);
}

/** imageSizeOnNode by what it reads of the node: its OS and, on Windows, its build. */
function imageSizeFor(info: ContainerImageInfo, os: 'linux' | 'windows', build: number | undefined): ImageSize {
  if (info.facts) {
    const platforms = info.facts.platforms.filter((p) => p.os === os);
    const best = platforms.find((p) => build === undefined || parseWindowsVersion(p.osVersion)?.build === build) ?? platforms[0];
    if (best && best.size > 0) return { bytes: best.size, source: 'registry' };
  }
  const typical = TYPICAL_SIZES.find((t) => t.pattern.test(info.image.toLowerCase()));
  if (typical) return { bytes: typical.bytes, source: 'typical' };
  return { bytes: info.os === 'windows' ? 3.2 * GB : TYPICAL_LINUX_BYTES, source: 'typical' };
}

/** Per-node pull queue: when each image is (or will be) on the node, and when the puller is free. */
export class PullTimeline {
  private readonly nodes = new Map<string, { busyUntil: number; ready: Map<string, number>; os: 'linux' | 'windows'; build: number | undefined }>();

  constructor(private readonly bandwidth: number) {}

  private nodeState(node: Node) {
    let s = this.nodes.get(node.metadata.name);
    if (!s) {
      const ready = new Map<string, number>();
      for (const image of node.status?.images ?? []) for (const name of image.names ?? []) ready.set(normalizedImageName(name), 0);
      const os = osOfNode(node) ?? 'linux';
      this.nodes.set(node.metadata.name, (s = { busyUntil: 0, ready, os, build: os === 'windows' ? windowsVersionOfNode(node)?.build : undefined }));
    }
    return s;
  }

  /**
   * Image sizes by image info and what the size depends on of a node (imageSizeFor): a workload's pods
   * land on many nodes of a few kinds, and each first pull on a node asks.
   */
  private readonly sizes = new WeakMap<ContainerImageInfo, Map<string, number>>();
  private sizeOf(info: ContainerImageInfo, os: 'linux' | 'windows', build: number | undefined): number {
    let byNode = this.sizes.get(info);
    if (!byNode) this.sizes.set(info, (byNode = new Map()));
    const key = build === undefined ? os : `${os}/${build}`;
    let size = byNode.get(key);
    if (size === undefined) byNode.set(key, (size = imageSizeFor(info, os, build).bytes));
    return size;
  }

  /** Normalized image names by image info (a workload's infos are shared by its pods). */
  private readonly names = new WeakMap<ContainerImageInfo, string>();

  /** Seconds until every image is on the node, and the bytes this pod's pulls added. */
  pull(images: readonly ContainerImageInfo[], node: Node): { seconds: number; bytes: number } {
    const state = this.nodeState(node);
    const os = state.os;
    let done = 0;
    let bytes = 0;
    for (const info of images) {
      let name = this.names.get(info);
      if (name === undefined) this.names.set(info, (name = normalizedImageName(info.image)));
      let at = state.ready.get(name);
      if (at === undefined) {
        const size = this.sizeOf(info, os, state.build);
        at = state.busyUntil + size / this.bandwidth + size / EXTRACT_BYTES_PER_SECOND[os];
        state.busyUntil = at;
        state.ready.set(name, at);
        bytes += size;
      }
      if (at > done) done = at;
    }
    return { seconds: done, bytes };
  }
}

/** By spec: a workload's pods share one spec object. */
const readinessDelays = new WeakMap<PodSpec, number>();

/** The longest readiness initialDelaySeconds among the app containers. */
export function readinessDelaySeconds(spec: PodSpec): number {
  let delay = readinessDelays.get(spec);
  if (delay === undefined) readinessDelays.set(spec, (delay = readinessDelayOf(spec)));
  return delay;
}

function readinessDelayOf(spec: PodSpec): number {
  let delay = 0;
  for (const { item } of recordsIn(spec.containers)) {
    const probe = item.readinessProbe;
    if (probe && typeof probe === 'object' && typeof (probe as { initialDelaySeconds?: unknown }).initialDelaySeconds === 'number') {
      delay = Math.max(delay, (probe as { initialDelaySeconds: number }).initialDelaySeconds);
    }
  }
  return delay;
}

export function readySeconds(pullSeconds: number, node: Node, spec: PodSpec): number {
  return readySecondsOn(osOfNode(node) ?? 'linux', pullSeconds, spec);
}

/** readySeconds for a node of this OS. */
export function readySecondsOn(os: 'linux' | 'windows', pullSeconds: number, spec: PodSpec): number {
  return pullSeconds + START_SECONDS[os] + readinessDelaySeconds(spec);
}

/** "~14 min", "~40 s". */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `~${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `~${Math.round(seconds / 60)} min`;
  return `~${(seconds / 3600).toFixed(1)} h`;
}

/** "3.1 GB", "120 MB" (decimal units, as registries and `docker images` print sizes). */
export function formatSize(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  if (bytes >= MB) return `${Math.round(bytes / MB)} MB`;
  return `${Math.round(bytes / 1000)} kB`;
}

/** `--bandwidth`: "50MB/s", "200Mbit", "1Gbps", or a bare number of MB/s. */
export function parseBandwidth(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(b|bit|bps|bit\/s|B|B\/s|Bps)?\s*$/i.exec(text.replace(/\/s$/i, ''));
  if (!m) return undefined;
  const value = Number(m[1]);
  const scale = { '': MB, k: 1000, m: MB, g: GB }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  const unit = m[3] ?? 'B';
  const bits = /^(b|bit|bps|bit\/s)$/.test(unit) && unit !== 'B';
  const bytes = (m[2] === '' && m[3] === undefined ? value * MB : value * scale) / (bits ? 8 : 1);
  return bytes > 0 ? bytes : undefined;
}
