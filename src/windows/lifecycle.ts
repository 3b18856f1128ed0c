// The Windows Server lifecycle catalogue: one entry per published fact (a support date, a platform
// retirement, a Kubernetes-minor limit), each with the public page it was read from and the day it
// was read. Where two announcements of the same fact disagree, the one published later stands and
// the older is kept as history (`lifecycleHistory`). Dates are calendar days (UTC); a fact dated D
// takes effect on D ("retired on 1 March 2026" = retired from 2026-03-01 on).
//
// Nothing here reads the clock: callers pass `today` (`--today YYYY-MM-DD`, else the real date).
import { detached } from '../util/detach.js';

/** Where a fact holds: Microsoft's own lifecycle, or a managed Kubernetes platform's node images. */
export type LifecyclePlatform = 'microsoft' | 'aks' | 'eks' | 'gke' | 'upstream';

export const LIFECYCLE_PLATFORMS: readonly LifecyclePlatform[] = ['microsoft', 'aks', 'eks', 'gke', 'upstream'];

/**
 * What a fact says.
 * - `mainstream-end` / `extended-end`: Microsoft's fixed-lifecycle dates (LTSC).
 * - `servicing-end`: end of servicing of a Semi-Annual / Annual Channel release.
 * - `retired`: the platform stops producing node images and patches; existing pools are unsupported.
 * - `images-removed`: the platform deletes the node images; scaling and reimaging then fail.
 * - `available`: the platform offers node images for this build (from `date` when known).
 * - `max-minor`: the newest Kubernetes minor the platform runs this build on.
 * - `min-minor`: the oldest Kubernetes minor the platform offers this build on.
 * - `tested`: upstream Kubernetes lists the build as a tested Windows node OS.
 */
export type LifecycleFactKind = 'mainstream-end' | 'extended-end' | 'servicing-end' | 'retired' | 'images-removed' | 'available' | 'max-minor' | 'min-minor' | 'tested';

export interface LifecycleSource {
  url: string;
  /** Day we read it (YYYY-MM-DD). */
  read: string;
  /** Day the announcement was published, when it says; orders disagreeing announcements. */
  published?: string;
  /** The id of the fact that replaced this one, when the order is known but no publication day is. */
  supersededBy?: string;
  /** When the text was read through a copy rather than the page itself, where. */
  via?: string;
}

export interface LifecycleFact {
  /** Stable id: `<platform>/<build>/<kind>[/<variant>]`. */
  id: string;
  platform: LifecyclePlatform;
  build: number;
  kind: LifecycleFactKind;
  /** YYYY-MM-DD, for dated kinds. */
  date?: string;
  /** `1.32`, for `max-minor` / `min-minor`. */
  minor?: string;
  /** One sentence in our words. */
  note: string;
  source: LifecycleSource;
}

const READ = '2026-11-30';

const MS_2016 = 'https://learn.microsoft.com/lifecycle/products/windows-server-2016';
const MS_2019 = 'https://learn.microsoft.com/lifecycle/products/windows-server-2019';
const MS_2022 = 'https://learn.microsoft.com/lifecycle/products/windows-server-2022';
const MS_2025 = 'https://learn.microsoft.com/lifecycle/products/windows-server-2025';
const MS_RELEASE_INFO = 'https://learn.microsoft.com/windows-server/get-started/windows-server-release-info';
/** The page's source in MicrosoftDocs; its history keeps the rows of releases that have left the page. */
const WSDOCS_RELEASE_INFO = 'https://github.com/MicrosoftDocs/windowsserverdocs/blob/main/WindowsServerDocs/get-started/windows-server-release-info.md';
const AKS_4091 = 'https://github.com/Azure/AKS/issues/4091';
const AKS_4268 = 'https://github.com/Azure/AKS/issues/4268';
const AKS_4168 = 'https://github.com/Azure/AKS/issues/4168';
const AKS_5608 = 'https://github.com/Azure/AKS/issues/5608';
const AKS_4447 = 'https://github.com/Azure/AKS/issues/4447';
const AKS_5904 = 'https://github.com/Azure/AKS/issues/5904';
const AKS_CHANGELOG_20260529 = 'https://github.com/Azure/AKS/pull/5798';
const AKS_CHANGELOG_20260619 = 'https://github.com/Azure/AKS/pull/5835';
const EKS_WINDOWS_AMI = 'https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-windows-ami.html';
const EKS_WINDOWS_AMI_VERSIONS = 'https://docs.aws.amazon.com/eks/latest/userguide/eks-ami-versions-windows.html';
const GKE_SAC = 'https://cloud.google.com/kubernetes-engine/docs/deprecations/windows-server-sac';
const GKE_OS_VERSION = 'https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/NodeConfig#WindowsNodeConfig';
const K8S_WINDOWS_INTRO = 'https://kubernetes.io/docs/concepts/windows/intro/#windows-os-version-support';

function fact(platform: LifecyclePlatform, build: number, kind: LifecycleFactKind, rest: Omit<LifecycleFact, 'id' | 'platform' | 'build' | 'kind'>, variant?: string): LifecycleFact {
  return { id: `${platform}/${build}/${kind}${variant ? `/${variant}` : ''}`, platform, build, kind, ...rest };
}

/** Every fact we encode, history included. */
export const LIFECYCLE_FACTS: readonly LifecycleFact[] = [
  // --- Microsoft: fixed lifecycle (LTSC) --------------------------------------------------------
  fact('microsoft', 14393, 'mainstream-end', { date: '2022-01-11', note: 'Windows Server 2016 mainstream support ended.', source: { url: MS_2016, read: READ, via: 'MicrosoftDocs lifecycle data as quoted by third-party tables' } }),
  fact('microsoft', 14393, 'extended-end', { date: '2027-01-12', note: 'Windows Server 2016 extended support ends.', source: { url: MS_2016, read: READ, via: 'MicrosoftDocs lifecycle data as quoted by third-party tables' } }),
  fact('microsoft', 14393, 'extended-end', { date: '2027-01-11', note: 'The Windows Server release-information page gave 01/11/2027 in 2020.', source: { url: WSDOCS_RELEASE_INFO, read: READ, published: '2020-04-14', via: 'the file as of ms.date 04/14/2020', supersededBy: 'microsoft/14393/extended-end' } }, 'release-info'),
  fact('microsoft', 17763, 'mainstream-end', { date: '2024-01-09', note: 'Windows Server 2019 mainstream support ended.', source: { url: MS_2019, read: READ } }),
  fact('microsoft', 17763, 'extended-end', { date: '2029-01-09', note: 'Windows Server 2019 extended support ends.', source: { url: MS_2019, read: READ } }),
  fact('microsoft', 20348, 'mainstream-end', { date: '2026-10-13', note: 'Windows Server 2022 mainstream support ends.', source: { url: MS_2022, read: READ, via: 'MicrosoftDocs lifecycle-data windows-server-iot-2022.yml (same dates)' } }),
  fact('microsoft', 20348, 'extended-end', { date: '2031-10-14', note: 'Windows Server 2022 extended support ends.', source: { url: MS_2022, read: READ, via: 'MicrosoftDocs lifecycle-data windows-server-iot-2022.yml (same dates)' } }),
  fact('microsoft', 26100, 'mainstream-end', { date: '2029-10-09', note: 'Windows Server 2025 mainstream support ends.', source: { url: MS_2025, read: READ, via: 'third-party copies of the lifecycle page; not read on learn.microsoft.com itself' } }),
  fact('microsoft', 26100, 'extended-end', { date: '2034-10-10', note: 'Windows Server 2025 extended support ends.', source: { url: MS_2025, read: READ, via: 'third-party copies of the lifecycle page; not read on learn.microsoft.com itself' } }),
  // --- Microsoft: Semi-Annual Channel (18 months of servicing) ------------------------------------
  fact('microsoft', 16299, 'servicing-end', { date: '2019-04-09', note: 'Windows Server, version 1709 (SAC) reached end of servicing.', source: { url: WSDOCS_RELEASE_INFO, read: READ, published: '2018-02-06', via: 'the file as of ms.date 02/06/2018' } }),
  fact('microsoft', 17134, 'servicing-end', { date: '2019-11-12', note: 'Windows Server, version 1803 (SAC) reached end of servicing.', source: { url: WSDOCS_RELEASE_INFO, read: READ, published: '2018-11-13', via: 'the file as of ms.date 11/13/2018' } }),
  fact('microsoft', 18362, 'servicing-end', { date: '2020-12-08', note: 'Windows Server, version 1903 (SAC) reached end of servicing.', source: { url: MS_RELEASE_INFO, read: READ } }),
  fact('microsoft', 18363, 'servicing-end', { date: '2021-05-11', note: 'Windows Server, version 1909 (SAC) reached end of servicing.', source: { url: MS_RELEASE_INFO, read: READ } }),
  fact('microsoft', 19041, 'servicing-end', { date: '2021-12-14', note: 'Windows Server, version 2004 (SAC) reached end of servicing.', source: { url: MS_RELEASE_INFO, read: READ } }),
  fact('microsoft', 19042, 'servicing-end', { date: '2022-08-09', note: 'Windows Server, version 20H2, the last SAC release, reached end of servicing with the Semi-Annual Channel itself.', source: { url: GKE_SAC, read: READ } }),
  fact('microsoft', 19042, 'servicing-end', { date: '2022-05-10', note: 'The release-information page gave 05/10/2022 for 20H2 in July 2021; the end of servicing came on 9 August 2022 with the Semi-Annual Channel.', source: { url: WSDOCS_RELEASE_INFO, read: READ, published: '2021-07-26', via: 'the file as of ms.date 07/26/2021', supersededBy: 'microsoft/19042/servicing-end' } }, 'release-info'),

  // --- AKS ----------------------------------------------------------------------------------------
  fact('aks', 17763, 'retired', { date: '2026-03-01', note: 'AKS retired Windows Server 2019: no new node images or security patches; existing pools unsupported.', source: { url: AKS_4091, read: READ, published: '2024-02-12' } }),
  fact('aks', 17763, 'retired', { date: '2026-03-01', note: 'The AKS changelog confirms the retirement and the removal of the Windows Server 2019 feature flag.', source: { url: AKS_CHANGELOG_20260529, read: READ, published: '2026-05-29' } }, 'changelog'),
  fact('aks', 17763, 'images-removed', { date: '2027-04-01', note: 'AKS removes all Windows Server 2019 node images; scaling operations then fail.', source: { url: AKS_4091, read: READ, published: '2024-02-12' } }),
  fact('aks', 17763, 'max-minor', { minor: '1.32', note: 'AKS does not support Windows Server 2019 on Kubernetes 1.33 and later.', source: { url: AKS_4268, read: READ, published: '2024-05-08' } }),
  fact('aks', 20348, 'retired', { date: '2027-03-15', note: 'AKS retires Windows Server 2022 when Kubernetes 1.34 leaves platform support.', source: { url: AKS_4168, read: READ, published: '2024-03-15' } }),
  fact('aks', 20348, 'max-minor', { minor: '1.34', note: 'AKS does not create Windows Server 2022 node pools on Kubernetes 1.35 and later.', source: { url: AKS_4168, read: READ, published: '2024-03-15' } }),
  fact('aks', 25398, 'retired', { date: '2026-05-15', note: 'AKS retired Windows Server Annual Channel: no new node images, patches or node pools.', source: { url: AKS_5608, read: READ, published: '2026-02-12' } }),
  fact('aks', 25398, 'retired', { date: '2026-05-15', note: 'The AKS changelog confirms the Annual Channel retirement (5B was the last image).', source: { url: AKS_CHANGELOG_20260619, read: READ, published: '2026-06-19' } }, 'changelog'),
  fact('aks', 25398, 'images-removed', { date: '2027-05-15', note: 'AKS removes all Annual Channel node images; scaling and reimaging then fail.', source: { url: AKS_5608, read: READ, published: '2026-02-12' } }),
  fact('aks', 26100, 'available', { date: '2026-05-29', note: 'Windows Server 2025 node pools are generally available on AKS (no feature flag).', source: { url: AKS_CHANGELOG_20260529, read: READ, published: '2026-05-29' } }),
  fact('aks', 26100, 'available', { note: 'AKS tracks Windows Server 2025 as the successor LTSC to 2019 and 2022.', source: { url: AKS_4447, read: READ, published: '2024-07-30' } }, 'feature'),
  fact('aks', 26100, 'min-minor', { minor: '1.37', note: 'AKS plans Windows Server 2025 as the only Windows OS from Kubernetes 1.37 (an estimate in an open feature request; recorded, not used for findings).', source: { url: AKS_5904, read: READ, published: '2026-08-07' } }, 'only-option'),

  // --- EKS (Amazon EKS optimized Windows AMIs) -----------------------------------------------------
  fact('eks', 17763, 'available', { date: '2019-10-07', note: 'EKS optimized Windows Server 2019 Core and Full AMIs; no end of support listed.', source: { url: EKS_WINDOWS_AMI, read: READ } }),
  fact('eks', 20348, 'available', { date: '2022-10-17', note: 'EKS optimized Windows Server 2022 Core and Full AMIs; no end of support listed.', source: { url: EKS_WINDOWS_AMI, read: READ } }),
  fact('eks', 26100, 'available', { date: '2026-01-22', note: 'EKS optimized Windows Server 2025 AMIs; the earliest version listed is 1.35-2026-01-22.', source: { url: EKS_WINDOWS_AMI_VERSIONS, read: READ } }),
  fact('eks', 26100, 'min-minor', { minor: '1.35', note: 'The EKS Windows Server 2025 AMI versions listed start at Kubernetes 1.35.', source: { url: EKS_WINDOWS_AMI_VERSIONS, read: READ } }),
  fact('eks', 18363, 'retired', { date: '2020-12-08', note: 'EKS ended support for the Windows Server 1909 Core AMI.', source: { url: EKS_WINDOWS_AMI, read: READ } }),
  fact('eks', 19041, 'retired', { date: '2021-12-14', note: 'EKS ended support for the Windows Server 2004 Core AMI.', source: { url: EKS_WINDOWS_AMI, read: READ } }),
  fact('eks', 19042, 'retired', { date: '2022-08-09', note: 'EKS ended support for the Windows Server 20H2 Core AMI; no new versions are released.', source: { url: EKS_WINDOWS_AMI, read: READ } }),

  // --- GKE (Windows Server node images) ------------------------------------------------------------
  fact('gke', 17763, 'available', { note: 'GKE Windows node pools offer LTSC2019 (WindowsNodeConfig.osVersion OS_VERSION_LTSC2019); no end date found.', source: { url: GKE_OS_VERSION, read: READ } }),
  fact('gke', 20348, 'available', { note: 'GKE Windows node pools offer LTSC2022 (WindowsNodeConfig.osVersion OS_VERSION_LTSC2022); no end date found.', source: { url: GKE_OS_VERSION, read: READ } }),
  ...[18362, 18363, 19041, 19042].map((build) =>
    fact('gke', build, 'retired', { date: '2022-08-09', note: 'GKE ended Windows Server SAC node images (windows_sac, windows_sac_containerd): no new pools, no version upgrades.', source: { url: GKE_SAC, read: READ } }),
  ),

  // --- Upstream Kubernetes -------------------------------------------------------------------------
  fact('upstream', 17763, 'tested', { note: 'Kubernetes lists Windows Server 2019 (LTSC) among the Windows node OS versions of the current minor.', source: { url: K8S_WINDOWS_INTRO, read: READ } }),
  fact('upstream', 20348, 'tested', { note: 'Kubernetes lists Windows Server 2022 (LTSC) among the Windows node OS versions of the current minor.', source: { url: K8S_WINDOWS_INTRO, read: READ } }),
  fact('upstream', 19042, 'tested', { note: 'Kubernetes still lists Windows Server version 20H2 (SAC), though Microsoft ended its servicing in 2022.', source: { url: K8S_WINDOWS_INTRO, read: READ } }),
];

// --- Dates ---------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since the epoch of a YYYY-MM-DD calendar day, or undefined when it is not a real day. */
export function dayNumber(day: string): number | undefined {
  const m = ISO_DAY.exec(day);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (back.getUTCFullYear() !== Number(m[1]) || back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) return undefined;
  return ms / DAY_MS;
}

export function isIsoDay(day: string): boolean {
  return dayNumber(day) !== undefined;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Both must be valid days. */
export function daysBetween(from: string, to: string): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === undefined || b === undefined) throw new Error(`not a YYYY-MM-DD day: ${a === undefined ? from : to}`);
  return b - a;
}

/** The real day last made by currentDay() and the clock range [from, until) it stays valid for. */
let realDay: string | undefined;
let realDayFrom = 0;
let realDayUntil = 0;

/**
 * Today's UTC calendar day; the one place a default date is made (pass `--today` for reproducible
 * runs). Without `now` the day is remembered until the clock leaves it: lifecycle rules ask per
 * workload (and per webhook review), and formatting a Date each time showed in the profiles.
 */
export function currentDay(now?: Date): string {
  if (now !== undefined) return now.toISOString().slice(0, 10);
  const ms = Date.now();
  if (realDay === undefined || ms < realDayFrom || ms >= realDayUntil) {
    realDay = new Date(ms).toISOString().slice(0, 10);
    realDayFrom = Math.floor(ms / DAY_MS) * DAY_MS;
    realDayUntil = realDayFrom + DAY_MS;
  }
  return realDay;
}

/** Days already written out: findings name the same few catalogue dates thousands of times. */
const formattedDays = new Map<string, string>();
const MAX_FORMATTED_DAYS = 1024;

/** "1 March 2026". */
export function formatDay(day: string): string {
  let text = formattedDays.get(day);
  if (text === undefined) {
    text = writeDay(day);
    // The key is copied: a day cut from a manifest's text would keep that whole text alive.
    if (formattedDays.size < MAX_FORMATTED_DAYS) formattedDays.set(detached(day), text);
  }
  return text;
}

function writeDay(day: string): string {
  const n = dayNumber(day);
  if (n === undefined) return day;
  const d = new Date(n * DAY_MS);
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

// --- Which fact stands ---------------------------------------------------------------------------

function factKey(f: LifecycleFact): string {
  return `${f.platform}/${f.build}/${f.kind}`;
}

/** Later publication wins; an undated announcement counts as older than a dated one. */
function newer(a: LifecycleFact, b: LifecycleFact): LifecycleFact {
  const pa = a.source.published ?? '';
  const pb = b.source.published ?? '';
  return pb > pa ? b : a;
}

/**
 * The facts that stand: one per (platform, build, kind), the most recently published. Facts that
 * confirm each other (same value) collapse to the later one too.
 */
export function currentFacts(facts: readonly LifecycleFact[] = LIFECYCLE_FACTS): LifecycleFact[] {
  const winners = new Map<string, LifecycleFact>();
  for (const f of facts) {
    if (f.source.supersededBy !== undefined) continue;
    const key = factKey(f);
    const held = winners.get(key);
    winners.set(key, held ? newer(held, f) : f);
  }
  return [...winners.values()];
}

/** Facts superseded by a later announcement, kept for the record. */
export function lifecycleHistory(facts: readonly LifecycleFact[] = LIFECYCLE_FACTS): LifecycleFact[] {
  const standing = new Set(currentFacts(facts));
  return facts.filter((f) => !standing.has(f));
}

export function factOf(platform: LifecyclePlatform, build: number, kind: LifecycleFactKind, facts: readonly LifecycleFact[] = LIFECYCLE_FACTS): LifecycleFact | undefined {
  return currentFacts(facts.filter((f) => f.platform === platform && f.build === build && f.kind === kind))[0];
}

// --- Status on a platform ------------------------------------------------------------------------

/** Days before a retirement from which we warn. */
export const RETIRING_WINDOW_DAYS = 180;

export type LifecycleStatus = 'supported' | 'retiring' | 'retired' | 'unknown';

export interface BuildLifecycle {
  build: number;
  platform: LifecyclePlatform;
  status: LifecycleStatus;
  /** The day support ends on this platform (retirement; on `microsoft`, end of extended support or servicing). */
  endDate?: string;
  /** Days from today to `endDate` (negative once past). */
  daysLeft?: number;
  /** AKS: the day node images are deleted (scaling fails from then on). */
  imagesRemoved?: string;
  mainstreamEnd?: string;
  /** Newest Kubernetes minor the platform runs this build on. */
  maxMinor?: string;
  /** Oldest Kubernetes minor the platform offers this build on. */
  minMinor?: string;
  /** The standing facts this status rests on. */
  facts: LifecycleFact[];
}

function endFactOf(platform: LifecyclePlatform, build: number, facts: readonly LifecycleFact[]): LifecycleFact | undefined {
  if (platform === 'microsoft' || platform === 'upstream') {
    return factOf('microsoft', build, 'extended-end', facts) ?? factOf('microsoft', build, 'servicing-end', facts);
  }
  return factOf(platform, build, 'retired', facts);
}

/** Status from an end date and today: retired on and after it, retiring within the window before it. */
export function statusOnDay(endDate: string | undefined, today: string, windowDays = RETIRING_WINDOW_DAYS): LifecycleStatus {
  if (endDate === undefined) return 'supported';
  const left = daysBetween(today, endDate);
  if (left <= 0) return 'retired';
  if (left <= windowDays) return 'retiring';
  return 'supported';
}

/**
 * A build's status on a platform on `today`. A managed platform (aks, eks, gke) with no fact about
 * the build at all is `unknown`; a platform retirement wins over Microsoft's own later dates. On
 * `upstream` (self-managed) clusters Microsoft's extended-support or servicing end is the deadline.
 */
export function buildLifecycle(build: number, platform: LifecyclePlatform, today: string, facts: readonly LifecycleFact[] = LIFECYCLE_FACTS): BuildLifecycle {
  const used: LifecycleFact[] = [];
  const take = (f: LifecycleFact | undefined) => {
    if (f) used.push(f);
    return f;
  };
  const end = take(endFactOf(platform, build, facts));
  const result: BuildLifecycle = { build, platform, status: 'supported', facts: used };
  if (end?.date) {
    result.endDate = end.date;
    result.daysLeft = daysBetween(today, end.date);
  }
  const removed = platform === 'aks' || platform === 'eks' || platform === 'gke' ? take(factOf(platform, build, 'images-removed', facts)) : undefined;
  if (removed?.date) result.imagesRemoved = removed.date;
  const mainstream = take(factOf('microsoft', build, 'mainstream-end', facts));
  if (mainstream?.date) result.mainstreamEnd = mainstream.date;
  const max = platform === 'microsoft' || platform === 'upstream' ? undefined : take(factOf(platform, build, 'max-minor', facts));
  if (max?.minor) result.maxMinor = max.minor;
  const min = platform === 'microsoft' || platform === 'upstream' ? undefined : take(factOf(platform, build, 'min-minor', facts));
  if (min?.minor && !min.id.endsWith('/only-option')) result.minMinor = min.minor;
  const factPlatform = platform === 'upstream' ? 'microsoft' : platform;
  const known = end !== undefined || facts.some((f) => f.platform === factPlatform && f.build === build);
  result.status = known ? statusOnDay(result.endDate, today) : 'unknown';
  return result;
}

/**
 * Results remembered for one day at a time. Lifecycle answers depend on the day (and the facts), so
 * the memo holds one day's: asked about another day (a webhook running past midnight, another
 * `--today`), it starts afresh. Keys name everything else the answer depends on.
 */
export class DayMemo<V> {
  private day: string | undefined;
  private values = new Map<string, V>();

  get(day: string, key: string, make: () => V): V {
    if (day !== this.day) {
      this.day = day;
      this.values = new Map();
    }
    let value = this.values.get(key);
    if (value === undefined) this.values.set(key, (value = make()));
    return value;
  }
}

const standingLifecycles = new DayMemo<Readonly<BuildLifecycle>>();

/**
 * `buildLifecycle` over the catalogue (LIFECYCLE_FACTS), remembered per (build, platform, day): the
 * lifecycle rules ask per workload, and each answer filters the whole catalogue several times. The
 * answer is shared: read it, do not change it.
 */
export function standingBuildLifecycle(build: number, platform: LifecyclePlatform, today: string): Readonly<BuildLifecycle> {
  return standingLifecycles.get(today, `${platform}/${build}`, () => buildLifecycle(build, platform, today));
}

// --- Kubernetes minors ---------------------------------------------------------------------------

/** `v1.32.5`, `1.32`, `1.32.0-eks-…` → [1, 32]; undefined otherwise. */
export function parseMinor(version: string | undefined): [number, number] | undefined {
  if (!version) return undefined;
  const m = /^v?(\d+)\.(\d+)(?:\.|$|-|\+)/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function compareMinors(a: [number, number], b: [number, number]): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

export type MinorSupport = { supported: true } | { supported: false; reason: 'above-max' | 'below-min'; limit: string; fact: LifecycleFact };

/** Whether a platform runs a build on a Kubernetes minor (unknown limits count as supported). */
export function minorSupport(build: number, platform: LifecyclePlatform, kubernetesVersion: string, facts: readonly LifecycleFact[] = LIFECYCLE_FACTS): MinorSupport {
  const minor = parseMinor(kubernetesVersion);
  if (!minor) return { supported: true };
  const max = factOf(platform, build, 'max-minor', facts);
  const maxMinor = parseMinor(max?.minor);
  if (max && maxMinor && compareMinors(minor, maxMinor) > 0) return { supported: false, reason: 'above-max', limit: max.minor!, fact: max };
  const min = facts.filter((f) => f.platform === platform && f.build === build && f.kind === 'min-minor' && !f.id.endsWith('/only-option'));
  const standing = currentFacts(min)[0];
  const minMinor = parseMinor(standing?.minor);
  if (standing && minMinor && compareMinors(minor, minMinor) < 0) return { supported: false, reason: 'below-min', limit: standing.minor!, fact: standing };
  return { supported: true };
}
