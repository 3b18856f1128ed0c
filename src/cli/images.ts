// `kube-hybrid images <ref…>`: what registries say about images — digest, and per platform the
// OS, architecture, Windows build (os.version) and size to pull.
import { loadDockerConfigCredentials, explicitCredentials } from '../images/credentials.js';
import type { CredentialLookup } from '../images/credentials.js';
import { RegistryError } from '../images/errors.js';
import { parseImageReference, InvalidReferenceError } from '../images/reference.js';
import { resolveImageFacts } from '../images/resolve.js';
import type { ResolveOptions } from '../images/resolve.js';
import type { ImageFacts, PlatformFacts } from '../model/image-facts.js';
import { loadManifests } from '../manifests/load.js';
import { imageReferencesOf } from '../engine/images.js';
import { jsonToYaml } from '../format/yaml.js';
import type { CliIO, Verb } from './io.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';
import type { FlagSpecs, VerbSpec } from './spec.js';
import { TEXT_JSON_YAML_OUTPUT_FLAG, UsageError, parseFlags, runVerb } from './spec.js';

const positiveNumber = (v: string) => Number.isFinite(Number(v)) && Number(v) > 0;
const positiveInteger = (v: string) => positiveNumber(v) && Number.isInteger(Number(v));

const FLAGS = {
  output: TEXT_JSON_YAML_OUTPUT_FLAG,
  from: { type: 'string', multiple: true, value: 'PATH', complete: 'file', help: 'also list the images of the workloads in PATH (file, folder or -)' },
  offline: { type: 'boolean', help: 'use only the cache (and image-name heuristics for Windows tags)' },
  'plain-http': { type: 'string', multiple: true, value: 'HOST', help: 'talk plain HTTP to HOST[:PORT] (loopback always is)' },
  'cache-dir': { type: 'string', value: 'DIR', complete: 'dir', help: 'cache directory (default $KUBE_HYBRID_CACHE_DIR, $XDG_CACHE_HOME/kube-hybrid or ~/.cache/kube-hybrid)' },
  'no-cache': { type: 'boolean', help: 'neither read nor write the cache' },
  timeout: { type: 'string', value: 'S', accepts: positiveNumber, expects: 'a positive number of seconds', default: '30', help: 'per-request timeout in seconds' },
  concurrency: { type: 'string', value: 'N', accepts: positiveInteger, expects: 'a positive integer', default: '8', help: 'requests in flight at once' },
  username: { type: 'string', short: 'u', value: 'USER', help: 'log in as USER (password read from stdin with --password-stdin)' },
  'password-stdin': { type: 'boolean', help: 'read the password (or token) for --username from stdin' },
  'auth-host': { type: 'string', value: 'HOST', help: 'the registry --username is for (needed when references span several)' },
} as const satisfies FlagSpecs;

interface ImagesFlags {
  output?: string;
  from?: string[];
  offline?: boolean;
  'plain-http'?: string[];
  'cache-dir'?: string;
  'no-cache'?: boolean;
  timeout?: string;
  concurrency?: string;
  username?: string;
  'password-stdin'?: boolean;
  'auth-host'?: string;
}

interface ImagesArgs {
  references: string[];
  output: 'text' | 'json' | 'yaml';
  from: string[];
  offline: boolean;
  plainHttp: string[];
  cacheDir?: string;
  noCache: boolean;
  timeoutS?: number;
  concurrency?: number;
  username?: string;
  passwordStdin: boolean;
  authHost?: string;
}

/** The verb's settings from parsed flags; contradictions are usage errors. */
function imagesArgsOf(flags: ImagesFlags, references: string[]): ImagesArgs {
  const args: ImagesArgs = {
    references,
    output: (flags.output ?? 'text') as ImagesArgs['output'],
    from: flags.from ?? [],
    offline: flags.offline ?? false,
    plainHttp: flags['plain-http'] ?? [],
    cacheDir: flags['cache-dir'],
    noCache: flags['no-cache'] ?? false,
    ...(flags.timeout !== undefined ? { timeoutS: Number(flags.timeout) } : {}),
    ...(flags.concurrency !== undefined ? { concurrency: Number(flags.concurrency) } : {}),
    username: flags.username,
    passwordStdin: flags['password-stdin'] ?? false,
    authHost: flags['auth-host'],
  };
  if (args.noCache && args.offline) throw new UsageError('--offline reads the cache; it cannot be combined with --no-cache');
  if (args.noCache && args.cacheDir) throw new UsageError('--cache-dir and --no-cache contradict each other');
  if (args.passwordStdin && !args.username) throw new UsageError('--password-stdin needs --username');
  if (args.username && !args.passwordStdin) throw new UsageError('--username needs --password-stdin (passwords are never taken on the command line)');
  if (args.passwordStdin && args.from.includes('-')) throw new UsageError('--password-stdin and --from - both want stdin');
  return args;
}

/** Parses the verb's flags (`--flag value` and `--flag=value`); throws UsageError. */
export function parseImagesArgs(argv: string[]): ImagesArgs {
  const parsed = parseFlags(argv, FLAGS);
  return imagesArgsOf(parsed.flags as ImagesFlags, parsed.positionals);
}

export const verb: VerbSpec<ImagesFlags> = {
  name: 'images',
  summary: 'read image indexes from registries: OS, Windows build and size per platform',
  usage: '<image-reference>... [flags]',
  description: 'Read image manifests and indexes from their registries: the digest, and for every platform its OS, architecture, Windows build (os.version) and size to pull.',
  flags: FLAGS,
  positionals: { name: 'image-reference…', complete: 'none' },
  footer: `Credentials otherwise come from Docker's config ($DOCKER_CONFIG/config.json or
~/.docker/config.json: auths, credHelpers, credsStore).
Exit codes: 0 all resolved, 1 a reference failed (the others are still listed),
            2 bad usage or a malformed reference.`,
  run: ({ flags, positionals }, io) => runImages(imagesArgsOf(flags, positionals), io),
};

export const images: Verb = (argv, io) => runVerb(verb, argv, io);

/** Images named by the workloads in manifests (containers, init and ephemeral containers). */
function imagesFromManifests(paths: string[], io: CliIO): { images: string[]; problems: string[] } {
  const loaded = loadManifests(paths, { readStdin: io.readStdin });
  const images = imageReferencesOf(loaded.objects);
  const problems = loaded.problems
    .filter((p) => p.severity === 'error')
    .map((p) => `${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.message}`);
  return { images, problems };
}

/** Docker's units.HumanSize: decimal units, about three significant digits. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const text = unit === 0 ? String(value) : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  return `${text.replace(/\.0+$|(\.\d*[1-9])0+$/, '$1')} ${units[unit]}`;
}

function shortDigest(digest: string): string {
  if (!digest) return '-';
  const colon = digest.indexOf(':');
  return `${digest.slice(0, colon + 1)}${digest.slice(colon + 1, colon + 13)}`;
}

function platformName(p: PlatformFacts): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}

function sizeText(p: PlatformFacts, source: ImageFacts['source']): string {
  if (source === 'tag') return '?';
  const foreign = p.foreignSize ? ` (${humanSize(p.foreignSize)} foreign)` : '';
  return `${humanSize(p.size)}${foreign}`;
}

/** The text table: one row per platform, reference and digest on each image's first row. */
export function formatImagesText(facts: ImageFacts[]): string {
  const header = ['REFERENCE', 'DIGEST', 'PLATFORM', 'OS VERSION', 'SIZE', 'SOURCE'];
  const rows: string[][] = [];
  for (const image of facts) {
    image.platforms.forEach((p, i) => {
      rows.push([
        i === 0 ? image.reference : '',
        i === 0 ? shortDigest(image.digest) : '',
        platformName(p),
        p.osVersion ?? '-',
        sizeText(p, image.source),
        i === 0 ? image.source : '',
      ]);
    });
    if (image.platforms.length === 0) rows.push([image.reference, shortDigest(image.digest), '(no platforms)', '-', '-', image.source]);
  }
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

export interface ImagesJson {
  images: {
    reference: string;
    digest: string;
    mediaType?: string;
    source: ImageFacts['source'];
    platforms: PlatformFacts[];
  }[];
  errors: { reference: string; kind: string; message: string }[];
}

function errorKind(error: Error): string {
  if (error instanceof RegistryError) return error.kind;
  if (error instanceof InvalidReferenceError) return 'invalid-reference';
  return 'error';
}

/** `-o json`: `{ images: [...], errors: [...] }`, images in the order asked. */
export function imagesJson(facts: ImageFacts[], errors: Map<string, Error>): ImagesJson {
  return {
    images: facts.map((f) => ({
      reference: f.reference,
      digest: f.digest,
      ...(f.mediaType ? { mediaType: f.mediaType } : {}),
      source: f.source,
      platforms: f.platforms.map((p) => ({
        os: p.os,
        architecture: p.architecture,
        ...(p.variant ? { variant: p.variant } : {}),
        ...(p.osVersion ? { osVersion: p.osVersion } : {}),
        ...(p.osFeatures ? { osFeatures: p.osFeatures } : {}),
        digest: p.digest,
        size: p.size,
        ...(p.foreignSize ? { foreignSize: p.foreignSize } : {}),
      })),
    })),
    errors: [...errors].map(([reference, error]) => ({ reference, kind: errorKind(error), message: error.message })),
  };
}

async function runImages(args: ImagesArgs, io: CliIO): Promise<number> {
  let inputProblem = false;
  const references = [...args.references];
  if (args.from.length > 0) {
    const { images: found, problems } = imagesFromManifests(args.from, io);
    for (const problem of problems) io.stderr(`error: ${problem}\n`);
    inputProblem = problems.length > 0;
    references.push(...found);
  }
  if (references.length === 0) {
    if (args.from.length > 0 && !inputProblem) {
      io.stderr('kube-hybrid images: no container images in the given manifests\n');
      return EXIT_OK;
    }
    throw new UsageError('name at least one image reference (or --from PATH)');
  }

  // Credentials: Docker's config, plus --username for one registry.
  let credentials: CredentialLookup = await loadDockerConfigCredentials(io.env);
  if (args.username) {
    let authHost = args.authHost;
    if (!authHost) {
      const domains = new Set<string>();
      for (const reference of references) {
        try {
          domains.add(parseImageReference(reference).domain);
        } catch {
          // reported below
        }
      }
      if (domains.size !== 1) {
        io.stderr('kube-hybrid images: the references name several registries: say which one --username is for with --auth-host HOST\n');
        return EXIT_USAGE_OR_INPUT;
      }
      authHost = [...domains][0];
    }
    const password = io.readStdin().replace(/\r?\n$/, '');
    if (!password) {
      io.stderr('kube-hybrid images: --password-stdin read an empty password\n');
      return EXIT_USAGE_OR_INPUT;
    }
    credentials = explicitCredentials(authHost, { kind: 'password', username: args.username, password }, credentials);
  }

  const options: ResolveOptions = {
    credentials,
    plainHttpHosts: args.plainHttp,
    offline: args.offline,
    env: io.env,
    cache: args.noCache ? false : (args.cacheDir ?? undefined),
    ...(args.timeoutS !== undefined ? { timeoutMs: Math.round(args.timeoutS * 1000) } : {}),
    ...(args.concurrency !== undefined ? { concurrency: args.concurrency } : {}),
  };
  const { facts, errors } = await resolveImageFacts(references, options);
  const ordered = [...new Set(references)].map((r) => facts.get(r)).filter((f): f is ImageFacts => f !== undefined);

  if (args.output === 'json') io.stdout(`${JSON.stringify(imagesJson(ordered, errors), null, 2)}\n`);
  else if (args.output === 'yaml') io.stdout(jsonToYaml(imagesJson(ordered, errors)));
  else if (ordered.length > 0) io.stdout(formatImagesText(ordered));
  for (const error of errors.values()) io.stderr(`error: ${error.message}\n`);

  const malformed = [...errors.values()].some((e) => e instanceof InvalidReferenceError);
  if (malformed || inputProblem) return EXIT_USAGE_OR_INPUT;
  return errors.size > 0 ? EXIT_FINDINGS : EXIT_OK;
}
