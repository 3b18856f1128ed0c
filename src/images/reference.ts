// Image references, normalised the way docker/distribution's `reference.ParseNormalizedNamed` does:
// "ubuntu" → docker.io/library/ubuntu, "index.docker.io/x/y" → docker.io/x/y, "localhost/a" and
// anything whose first component has a "." or ":" or an uppercase letter is a registry domain.
// Grammar (distribution/reference regexp.go):
//   reference := name [ ":" tag ] [ "@" digest ]
//   name      := [domain '/'] path-component ['/' path-component]*
//   domain    := host [':' port]; host := domain-name | '[' IPv6 ']'
//   path-component := [a-z0-9]+ (([._]|__|[-]+) [a-z0-9]+)*
//   tag       := [\w][\w.-]{0,127}
//   digest    := algorithm ':' hex   (sha256 → 64 lowercase hex, sha384 → 96, sha512 → 128)

export const DOCKER_HUB_DOMAIN = 'docker.io';
export const DOCKER_HUB_LEGACY_DOMAIN = 'index.docker.io';
/** Where Docker Hub's registry API actually answers. */
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
export const DEFAULT_TAG = 'latest';
/** Longest repository path accepted (distribution/reference RepositoryNameTotalLengthMax). */
export const MAX_PATH_LENGTH = 255;

export interface ImageReference {
  /** The reference exactly as written. */
  readonly original: string;
  /** Registry domain as normalised, e.g. "docker.io", "mcr.microsoft.com", "localhost:5000". */
  readonly domain: string;
  /** Repository path inside the registry, e.g. "library/ubuntu", "windows/servercore". */
  readonly path: string;
  /** Tag when written (no default applied). */
  readonly tag?: string;
  /** Digest when written, e.g. "sha256:…". */
  readonly digest?: string;
}

/** Why a reference string is not a valid image reference. */
export type ReferenceProblem =
  | 'empty'
  | 'invalid-format'
  | 'uppercase'
  | 'name-too-long'
  | 'hex-identifier'
  | 'invalid-digest'
  | 'unsupported-digest';

export class InvalidReferenceError extends Error {
  override readonly name = 'InvalidReferenceError';
  constructor(
    readonly reference: string,
    readonly problem: ReferenceProblem,
    detail: string,
  ) {
    super(`invalid image reference "${reference}": ${detail}`);
  }
}

// ---- the grammar, as regular expressions (same structure as distribution/reference) ----
const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const host = `(?:${domainName}|${ipv6address})`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const namePattern = `(?:${domainAndPort}/)?${remoteName}`;
const tagPattern = '[\\w][\\w.-]{0,127}';
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';

const referenceRegexp = new RegExp(`^(${namePattern})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`);
const anchoredNameRegexp = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const anchoredIdentifierRegexp = /^[a-f0-9]{64}$/;
const anchoredTagRegexp = new RegExp(`^${tagPattern}$`);

/** Hex lengths of the digest algorithms go-digest registers. */
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/** Checks an `algorithm:hex` digest as go-digest's `Digest.Validate` does; returns a problem or undefined. */
export function digestProblem(digest: string): { problem: ReferenceProblem; detail: string } | undefined {
  const colon = digest.indexOf(':');
  if (colon <= 0 || colon + 1 === digest.length) {
    return { problem: 'invalid-digest', detail: `invalid checksum digest format "${digest}"` };
  }
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) {
    if (!new RegExp(`^${digestPattern}$`).test(digest)) {
      return { problem: 'invalid-digest', detail: `invalid checksum digest format "${digest}"` };
    }
    return { problem: 'unsupported-digest', detail: `unsupported digest algorithm "${algorithm}"` };
  }
  if (encoded.length !== length) {
    return { problem: 'invalid-digest', detail: `invalid checksum digest length in "${digest}" (${algorithm} needs ${length} hex characters)` };
  }
  if (!/^[a-f0-9]+$/.test(encoded)) {
    return { problem: 'invalid-digest', detail: `invalid checksum digest format "${digest}" (lowercase hex only)` };
  }
  return undefined;
}

/** True for a syntactically valid digest of a supported algorithm. */
export function isValidDigest(digest: string): boolean {
  return digestProblem(digest) === undefined;
}

/** splitDockerDomain: decides whether the first path component is a registry domain. */
function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  let domain: string;
  let remainder: string;
  if (slash === -1) {
    return { domain: DOCKER_HUB_DOMAIN, remainder: `library/${name}` };
  }
  const maybeDomain = name.slice(0, slash);
  const maybeRemainder = name.slice(slash + 1);
  if (maybeDomain === 'localhost') {
    [domain, remainder] = [maybeDomain, maybeRemainder];
  } else if (maybeDomain === DOCKER_HUB_LEGACY_DOMAIN) {
    [domain, remainder] = [DOCKER_HUB_DOMAIN, maybeRemainder];
  } else if (/[.:]/.test(maybeDomain)) {
    [domain, remainder] = [maybeDomain, maybeRemainder];
  } else if (maybeDomain.toLowerCase() !== maybeDomain) {
    [domain, remainder] = [maybeDomain, maybeRemainder];
  } else {
    [domain, remainder] = [DOCKER_HUB_DOMAIN, name];
  }
  if (domain === DOCKER_HUB_DOMAIN && !remainder.includes('/')) {
    remainder = `library/${remainder}`;
  }
  return { domain, remainder };
}

/**
 * Parses and normalises an image reference as `docker pull` would (ParseNormalizedNamed).
 * Throws InvalidReferenceError naming the reference.
 */
export function parseImageReference(reference: string): ImageReference {
  const fail = (problem: ReferenceProblem, detail: string): never => {
    throw new InvalidReferenceError(reference, problem, detail);
  };
  if (reference === '') fail('empty', 'repository name must have at least one component');
  if (anchoredIdentifierRegexp.test(reference)) {
    fail('hex-identifier', 'cannot specify 64-byte hexadecimal strings as a repository name');
  }
  const { domain: normalisedDomain, remainder } = splitDockerDomain(reference);
  const tagSep = remainder.indexOf(':');
  const remote = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remote.toLowerCase() !== remote) {
    fail('uppercase', `repository name (${remote}) must be lowercase`);
  }

  const full = `${normalisedDomain}/${remainder}`;
  const match = referenceRegexp.exec(full);
  if (!match) {
    const lower = full.toLowerCase();
    if (lower !== full && referenceRegexp.test(lower)) fail('uppercase', 'repository name must be lowercase');
    fail('invalid-format', 'invalid reference format');
  }
  const [, name, tag, digest] = match as RegExpExecArray;
  const nameMatch = anchoredNameRegexp.exec(name);
  const domain = nameMatch?.[1] ?? normalisedDomain;
  const path = nameMatch?.[2] ?? name;
  if (path.length > MAX_PATH_LENGTH) {
    fail('name-too-long', `repository name must not be more than ${MAX_PATH_LENGTH} characters`);
  }
  if (digest !== undefined) {
    const problem = digestProblem(digest);
    if (problem) fail(problem.problem, problem.detail);
  }
  const parsed: { -readonly [K in keyof ImageReference]: ImageReference[K] } = { original: reference, domain, path };
  if (tag !== undefined) parsed.tag = tag;
  if (digest !== undefined) parsed.digest = digest;
  return parsed;
}

/** True when `tag` is a syntactically valid tag. */
export function isValidTag(tag: string): boolean {
  return anchoredTagRegexp.test(tag);
}

/** "docker.io/library/ubuntu" — domain and path, no tag or digest. */
export function repositoryName(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

/**
 * The canonical string: name, then ":tag" and/or "@digest"; a reference with neither gets
 * ":latest" (reference.TagNameOnly).
 */
export function canonicalReference(ref: ImageReference): string {
  let text = repositoryName(ref);
  if (ref.tag !== undefined) text += `:${ref.tag}`;
  if (ref.digest !== undefined) text += `@${ref.digest}`;
  if (ref.tag === undefined && ref.digest === undefined) text += `:${DEFAULT_TAG}`;
  return text;
}

/** The familiar form Docker prints: "ubuntu:22.04", "user/app:1", "mcr.microsoft.com/…". */
export function familiarReference(ref: ImageReference): string {
  let name = repositoryName(ref);
  if (ref.domain === DOCKER_HUB_DOMAIN) {
    name = ref.path;
    const rest = name.startsWith('library/') ? name.slice('library/'.length) : undefined;
    if (rest !== undefined && !rest.includes('/')) name = rest;
  }
  let text = name;
  if (ref.tag !== undefined) text += `:${ref.tag}`;
  if (ref.digest !== undefined) text += `@${ref.digest}`;
  return text;
}

/**
 * What to ask the registry for: the digest when the reference has one (a digest wins over a tag,
 * as in docker's ParseDockerRef), else the tag, else "latest".
 */
export function manifestReference(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? DEFAULT_TAG;
}

/** The host (and port) whose `/v2/` API serves this domain: docker.io → registry-1.docker.io. */
export function registryApiHost(domain: string): string {
  return domain === DOCKER_HUB_DOMAIN || domain === DOCKER_HUB_LEGACY_DOMAIN ? DOCKER_HUB_API_HOST : domain;
}

/** Host name without port or IPv6 brackets: "[::1]:5000" → "::1", "localhost:5000" → "localhost". */
export function hostnameOf(domain: string): string {
  if (domain.startsWith('[')) {
    const end = domain.indexOf(']');
    return end === -1 ? domain : domain.slice(1, end);
  }
  const colon = domain.lastIndexOf(':');
  return colon === -1 ? domain : domain.slice(0, colon);
}

/**
 * Docker talks plain HTTP to loopback registries (localhost, 127.0.0.0/8, ::1) — they are
 * insecure registries by default.
 */
export function isLoopbackDomain(domain: string): boolean {
  const hostname = hostnameOf(domain).toLowerCase();
  if (hostname === 'localhost' || hostname === '::1' || hostname === '0:0:0:0:0:0:0:1') return true;
  const octets = hostname.split('.');
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every((octet) => /^[0-9]{1,3}$/.test(octet) && Number(octet) <= 255)
  );
}
