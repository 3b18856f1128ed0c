// Which Microsoft base image a Windows image name is, or is built on, and which tags Microsoft
// publishes for each base image. A guess from the name, like image-name.ts: the registry knows better.
//
// Sources (read 2026-11-30): learn.microsoft.com/virtualization/windowscontainers/manage-containers/
// container-base-images (four base images: Nano Server, Server Core, Windows, Windows Server;
// "Windows" is not published for Windows Server 2022 and later, "Windows Server" only from 2022) and
// the MCR tag lists of mcr.microsoft.com/windows/{servercore,nanoserver,server} and
// mcr.microsoft.com/windows; learn.microsoft.com/virtualization/windowscontainers/deploy-containers/
// base-image-lifecycle, whose table lists Server Core 2019 as "2019, 1809" but Nano Server and Windows
// 2019 as "1809" only. Nano Server has no Windows Server 2016 LTSC image and publishes Windows Server
// 2019 as `1809`, not `ltsc2019`.
import { splitImageName } from './image-name.js';
import { rememberedByString } from './remembered.js';

export type WindowsBaseImage = 'servercore' | 'nanoserver' | 'server' | 'windows';

export interface BaseImageGuess {
  base: WindowsBaseImage;
  /** `repository` when the name is the base image itself, `tag` when a tag word names it, `derived` for known derived repositories. */
  how: 'repository' | 'tag' | 'derived';
}

const BASE_REPOSITORIES: Record<string, WindowsBaseImage> = {
  'mcr.microsoft.com/windows/servercore': 'servercore',
  'mcr.microsoft.com/windows/nanoserver': 'nanoserver',
  'mcr.microsoft.com/windows/server': 'server',
  'mcr.microsoft.com/windows': 'windows',
};

/** Microsoft repositories built on Server Core (IIS, .NET Framework). */
const SERVERCORE_DERIVED = [/^mcr\.microsoft\.com\/windows\/servercore\/iis$/, /^mcr\.microsoft\.com\/dotnet\/framework\//];

/** Remembered per image (rules ask it of every container; the answer is shared and frozen). */
export const windowsBaseImageOf: (image: string) => Readonly<BaseImageGuess> | undefined = rememberedByString(baseImageOf);

function baseImageOf(image: string): BaseImageGuess | undefined {
  const { repository, tag } = splitImageName(image);
  const base = BASE_REPOSITORIES[repository];
  if (base) return { base, how: 'repository' };
  const words = (tag ?? '').toLowerCase().split(/[-_]/);
  if (words.includes('nanoserver')) return { base: 'nanoserver', how: 'tag' };
  if (words.includes('windowsservercore') || words.includes('servercore')) return { base: 'servercore', how: 'tag' };
  if (SERVERCORE_DERIVED.some((re) => re.test(repository))) return { base: 'servercore', how: 'derived' };
  return undefined;
}

/** Base images of several gigabytes (Nano Server is about 100 MB compressed). */
export function isMultiGigabyteBase(base: WindowsBaseImage): boolean {
  return base !== 'nanoserver';
}

/** Release tags Microsoft publishes for each base image (lower case). */
const PUBLISHED_RELEASE_TAGS: Record<WindowsBaseImage, readonly string[]> = {
  servercore: ['ltsc2016', '1809', 'ltsc2019', '1903', '1909', '2004', '20h2', 'ltsc2022', 'ltsc2025'],
  nanoserver: ['1809', '1903', '1909', '2004', '20h2', 'ltsc2022', 'ltsc2025'],
  server: ['ltsc2022', 'ltsc2025'],
  windows: ['1809', 'ltsc2019', '1903', '1909', '2004', '20h2'],
};

/** Release words we know (any base image), so unknown words are never judged. */
const RELEASE_WORDS = new Set(Object.values(PUBLISHED_RELEASE_TAGS).flat());

/**
 * The release word of `tag` that Microsoft does not publish for `base` (e.g. `ltsc2016` for Nano
 * Server), or undefined. Only words of known releases are judged; build numbers are left alone.
 */
export function unpublishedReleaseTag(base: WindowsBaseImage, tag: string): string | undefined {
  for (const word of tag.toLowerCase().split(/[-_]/)) {
    if (RELEASE_WORDS.has(word) && !PUBLISHED_RELEASE_TAGS[base].includes(word)) return word;
  }
  return undefined;
}

/** The releases Microsoft publishes for `base`, for messages: "1809, ltsc2022, ltsc2025". */
export function publishedReleaseTags(base: WindowsBaseImage): string[] {
  return PUBLISHED_RELEASE_TAGS[base].filter((t) => !['1903', '1909', '2004', '20h2'].includes(t));
}
