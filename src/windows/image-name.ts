// What an image reference alone says about the image's OS and Windows build. A guess: the registry
// (src/images) knows better; findings say which of the two a fact came from.
import type { OSName } from '../kube/types.js';
import { releaseOfTag, parseWindowsVersion } from './builds.js';
import { rememberedByString } from './remembered.js';
import { detached } from '../util/detach.js';

export interface ImageNameParts {
  /** Everything before the tag/digest, lower-cased, e.g. `mcr.microsoft.com/windows/servercore`. */
  repository: string;
  tag?: string;
  digest?: string;
}

/**
 * Light split of `repo[:tag][@digest]`; full normalisation lives in src/images/reference.ts. Several
 * rules ask it of every container: remembered per image (the answer is shared and frozen).
 */
export const splitImageName: (image: string) => Readonly<ImageNameParts> = rememberedByString(splitImageNameOnce);

function splitImageNameOnce(image: string): ImageNameParts {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { repository: rest.toLowerCase(), tag, digest };
}

export interface ImageOsGuess {
  os?: OSName;
  /** Windows build number (e.g. 20348) when the name pins one. */
  build?: number;
  /** Why we think so, for messages: `tag "ltsc2022"`. */
  evidence?: string;
}

/** Repositories that only ever hold Windows images. */
const WINDOWS_ONLY_REPOSITORY = [
  /^mcr\.microsoft\.com\/windows(\/|$)/,
  /^mcr\.microsoft\.com\/dotnet\/framework\//,
  /^mcr\.microsoft\.com\/powershell\/windows/,
  // Microsoft's Docker Hub repositories from before MCR (deprecated, still in old manifests):
  // each only ever held Windows images.
  /^microsoft\/(iis|windowsservercore|nanoserver|aspnet|dotnet-framework|dotnet-framework-build|wcf|mssql-server-windows[^/]*)$/,
];

/**
 * Docker official images whose library definition lists no Windows architecture (read 2026-11-30 in
 * https://github.com/docker-library/official-images/tree/master/library: `Architectures:` of every
 * tag has no `windows-amd64`). Only images we are sure of: a wrong entry would call a Windows image
 * Linux-only. Images such as golang, python or mongo publish Windows variants and are not here.
 */
const LINUX_ONLY_OFFICIAL_IMAGES = new Set(['nginx', 'redis', 'alpine', 'ubuntu', 'debian', 'postgres', 'httpd', 'memcached', 'mysql', 'mariadb']);

/**
 * Projects that publish images for *NIX only and point Windows users elsewhere, so their images have
 * no Windows platform: node_exporter ("exposed by *NIX kernels"; Windows users are sent to
 * windows_exporter, https://github.com/prometheus/node_exporter README, read 2026-11-30).
 */
const LINUX_ONLY_REPOSITORIES = new Map<string, string>([
  ['quay.io/prometheus/node-exporter', 'node_exporter exposes *NIX kernel metrics; Windows nodes use windows_exporter'],
  ['prom/node-exporter', 'node_exporter exposes *NIX kernel metrics; Windows nodes use windows_exporter'],
]);

/** `nginx`, `docker.io/nginx`, `docker.io/library/nginx`, `index.docker.io/library/nginx` → `nginx`. */
function dockerOfficialName(repository: string): string | undefined {
  const name = repository.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
  return name.includes('/') ? undefined : name;
}

/** Tag tokens that name a Windows flavour without a build. */
const WINDOWS_FLAVOUR_TOKEN = /^(windowsservercore|nanoserver|servercore|windows|win)$/;

/** Splits `4.8-windowsservercore-ltsc2022` into its words. */
function tagTokens(tag: string): string[] {
  return tag.toLowerCase().split(/[-_]/).filter((t) => t.length > 0);
}

function buildFromToken(token: string): number | undefined {
  const release = releaseOfTag(token);
  if (release) return release.build;
  const version = parseWindowsVersion(token);
  if (version && version.major === 10 && version.minor === 0) return version.build;
  // `1809-KB5020438`-style tags are caught by the leading token; bare KB tokens say nothing.
  return undefined;
}

/** The same few images recur across a whole corpus: remember each answer (the function is pure). */
const guesses = new Map<string, ImageOsGuess>();
const MAX_REMEMBERED_GUESSES = 10_000;

export function guessImageOs(image: string): ImageOsGuess {
  let guess = guesses.get(image);
  if (!guess) {
    // On a copy: a string cut from a file's text (and what is cut from it) keeps that text alive.
    const own = detached(image);
    guess = guessFromName(own);
    if (guesses.size >= MAX_REMEMBERED_GUESSES) guesses.clear();
    guesses.set(own, guess);
  }
  return guess;
}

function guessFromName(image: string): ImageOsGuess {
  const { repository, tag } = splitImageName(image);
  const tokens = tag ? tagTokens(tag) : [];
  for (const token of tokens) {
    const build = buildFromToken(token);
    if (build !== undefined) return { os: 'windows', build, evidence: `tag "${tag}"` };
  }
  const flavour = tokens.find((t) => WINDOWS_FLAVOUR_TOKEN.test(t));
  if (flavour) return { os: 'windows', evidence: `tag "${tag}"` };
  if (WINDOWS_ONLY_REPOSITORY.some((re) => re.test(repository))) {
    return { os: 'windows', evidence: `repository ${repository}` };
  }
  if (/(^|\/)(windows|nanoserver|servercore)[^/]*$/.test(repository)) {
    return { os: 'windows', evidence: `repository name ${repository}` };
  }
  const project = LINUX_ONLY_REPOSITORIES.get(repository.replace(/^docker\.io\//, ''));
  if (project !== undefined) return { os: 'linux', evidence: project };
  const official = dockerOfficialName(repository);
  if (official !== undefined && LINUX_ONLY_OFFICIAL_IMAGES.has(official)) {
    return { os: 'linux', evidence: `Docker official image "${official}" publishes no Windows platform` };
  }
  return {};
}
