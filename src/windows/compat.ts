// Which Windows image build a Windows host runs under process isolation (Kubernetes has no Hyper-V
// isolation). containerd/platforms `checkWindowsHostAndContainerCompat` (containerd ≥ 1.6.23 /
// 1.7.6; 2025 hosts from 2.1.6): https://github.com/containerd/platforms/blob/main/platform_windows_compat.go;
// https://learn.microsoft.com/en-us/virtualization/windowscontainers/deploy-containers/version-compatibility.
import type { WindowsVersion } from './builds.js';
import { WINDOWS_RELEASES } from './builds.js';

/** The first LTSC build whose hosts accept more than their own build. */
const FIRST_RANGE_HOST_BUILD = 20348;

/** Latest LTSC build strictly older than the host's, or 20348 if none is. */
export function oldestCompatibleBuild(hostBuild: number): number {
  const older = WINDOWS_RELEASES.filter((r) => r.ltsc && r.build < hostBuild && r.build >= FIRST_RANGE_HOST_BUILD);
  if (older.length === 0) return FIRST_RANGE_HOST_BUILD;
  return Math.max(...older.map((r) => r.build));
}

/**
 * Whether a host runs an image. The revision is never compared; before 20348 the builds must be
 * equal; from 20348 the image build must lie in [oldestCompatibleBuild(host), host].
 * An unknown version on either side matches, as containerd treats an empty `os.version`.
 */
export function hostRunsImage(host: WindowsVersion | undefined, image: WindowsVersion | undefined): boolean {
  if (!host || !image) return true;
  if (host.major !== image.major || host.minor !== image.minor) return false;
  if (host.build < FIRST_RANGE_HOST_BUILD) return host.build === image.build;
  return image.build >= oldestCompatibleBuild(host.build) && image.build <= host.build;
}

/** The builds a host of `hostBuild` can run, as a short human range: "20348" or "20348–26100". */
export function compatibleRangeText(hostBuild: number): string {
  if (hostBuild < FIRST_RANGE_HOST_BUILD) return `10.0.${hostBuild}`;
  const low = oldestCompatibleBuild(hostBuild);
  return low === hostBuild ? `10.0.${hostBuild}` : `10.0.${low}–10.0.${hostBuild}`;
}
