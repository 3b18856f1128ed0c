// The Windows builds kube-hybrid knows: https://github.com/microsoft/hcsshim/blob/main/osversion/windowsbuilds.go,
// https://learn.microsoft.com/en-us/virtualization/windowscontainers/deploy-containers/base-image-lifecycle.
import type { Node } from '../kube/types.js';
import { LABEL_WINDOWS_BUILD } from '../kube/types.js';
import { rememberedByString } from './remembered.js';

export interface WindowsRelease {
  build: number;
  name: string;
  /** Base-image tags Microsoft publishes for this build. */
  tags: readonly string[];
  /** Long-term servicing channel: containerd's compatibility window is anchored on these. */
  ltsc: boolean;
  /** AKS `kubernetes.azure.com/os-sku` value, where AKS has one. */
  aksOsSku?: string;
}

export const WINDOWS_RELEASES: readonly WindowsRelease[] = [
  { build: 14393, name: 'Windows Server 2016', tags: ['ltsc2016'], ltsc: true },
  // Semi-annual channel releases, retired but still seen in old manifests (hcsshim osversion: RS3, RS4).
  { build: 16299, name: 'Windows Server 1709 (SAC)', tags: ['1709'], ltsc: false },
  { build: 17134, name: 'Windows Server 1803 (SAC)', tags: ['1803'], ltsc: false },
  { build: 17763, name: 'Windows Server 2019', tags: ['ltsc2019', '1809'], ltsc: true, aksOsSku: 'Windows2019' },
  { build: 18362, name: 'Windows Server 1903 (SAC)', tags: ['1903'], ltsc: false },
  { build: 18363, name: 'Windows Server 1909 (SAC)', tags: ['1909'], ltsc: false },
  { build: 19041, name: 'Windows Server 2004 (SAC)', tags: ['2004'], ltsc: false },
  { build: 19042, name: 'Windows Server 20H2 (SAC)', tags: ['20h2'], ltsc: false },
  { build: 20348, name: 'Windows Server 2022', tags: ['ltsc2022'], ltsc: true, aksOsSku: 'Windows2022' },
  { build: 22621, name: 'Windows 11 22H2', tags: [], ltsc: false },
  { build: 25398, name: 'Windows Server 23H2', tags: [], ltsc: false, aksOsSku: 'WindowsAnnual' },
  { build: 26100, name: 'Windows Server 2025', tags: ['ltsc2025'], ltsc: true, aksOsSku: 'Windows2025' },
];

export interface WindowsVersion {
  major: number;
  minor: number;
  build: number;
  revision?: number;
}

const rememberedVersion = rememberedByString(parseVersionText);

/**
 * Parses `10.0.20348`, `10.0.20348.2582`; undefined for anything else. Rules ask it of every node's
 * label for every workload: remembered per text (the answer is shared and frozen).
 */
export function parseWindowsVersion(text: string | undefined): Readonly<WindowsVersion> | undefined {
  if (!text) return undefined;
  return typeof text === 'string' ? rememberedVersion(text) : parseVersionText(text);
}

function parseVersionText(text: string): WindowsVersion | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const version: WindowsVersion = { major: Number(m[1]), minor: Number(m[2]), build: Number(m[3]) };
  if (m[4] !== undefined) version.revision = Number(m[4]);
  return version;
}

/** `major.minor.build`, the form of the `node.kubernetes.io/windows-build` label. */
export function buildLabelOf(version: WindowsVersion): string {
  return `${version.major}.${version.minor}.${version.build}`;
}

export function releaseOfBuild(build: number): WindowsRelease | undefined {
  return WINDOWS_RELEASES.find((r) => r.build === build);
}

export function releaseOfTag(tag: string): WindowsRelease | undefined {
  const lower = tag.toLowerCase();
  return WINDOWS_RELEASES.find((r) => r.tags.includes(lower));
}

export function releaseOfAksOsSku(sku: string): WindowsRelease | undefined {
  return WINDOWS_RELEASES.find((r) => r.aksOsSku?.toLowerCase() === sku.toLowerCase());
}

/** "Windows Server 2022 (10.0.20348)" for messages. */
export function describeBuild(build: string | number): string {
  const n = typeof build === 'number' ? build : parseWindowsVersion(build)?.build;
  const release = n === undefined ? undefined : releaseOfBuild(n);
  const text = typeof build === 'number' ? `10.0.${build}` : build;
  return release ? `${release.name} (${text})` : text;
}

/**
 * A node's Windows version: the kubelet's `node.kubernetes.io/windows-build` label first, then
 * `status.nodeInfo.kernelVersion` (Windows kubelets report e.g. `10.0.20348.2582`).
 */
export function windowsVersionOfNode(node: Node): WindowsVersion | undefined {
  const label = node.metadata.labels?.[LABEL_WINDOWS_BUILD];
  const fromLabel = parseWindowsVersion(label);
  const kernel = parseWindowsVersion(node.status?.nodeInfo?.kernelVersion);
  if (fromLabel && kernel && kernel.build === fromLabel.build) return kernel;
  return fromLabel ?? kernel;
}
