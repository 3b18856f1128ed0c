// `kube-hybrid simulate [paths…] [--cluster NAME|FILE] [-o text|json|wide] [what-if flags]`:
// place every pod as kube-scheduler and the kubelet would (src/scheduler), and print where each lands.
import v8 from 'node:v8';
import { loadClusterInput } from '../cluster/input.js';
import { imageReferencesOf } from '../engine/images.js';
import { formatProblem } from '../format/text.js';
import type { ImageFactsByReference } from '../model/image-facts.js';
import { loadManifests } from '../manifests/load.js';
import { RULES } from '../rules/index.js';
import { incompleteNotice, renderJson, renderText } from '../scheduler/output.js';
import { simulate as runSimulation } from '../scheduler/simulate.js';
import { parseBandwidth } from '../scheduler/time-to-ready.js';
import { applyWhatIfs, parseScalePool } from '../scheduler/what-if.js';
import type { WhatIf } from '../scheduler/what-if.js';
import type { CliIO, Verb } from './io.js';
import { READ_LIMIT_HELP, readLimitsOf } from './args.js';
import type { ReadLimits } from '../manifests/read.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';

const HELP = `Usage: kube-hybrid simulate [paths…] [flags]

Place every pod of the manifests as kube-scheduler would, then say what the kubelet and containerd
on the chosen node do with it (admission, image pull, container creation) and when it is ready.

Flags:
  --cluster NAME|FILE     built-in profile, profile file or \`kubectl get nodes -o json\` (default: default);
                          - reads that NodeList from stdin; live reads the cluster of the kubeconfig
  --context NAME          with --cluster live (implied): the kubeconfig context
  --kubeconfig FILE       with --cluster live (implied): the kubeconfig
  -o, --output FORMAT     text (default), json, wide (text plus every pod)
  --scale-pool NAME=N     resize a pool (copies its last node)            (repeatable)
  --remove-pool NAME      drop a pool                                      (repeatable)
  --add-pool POOL         add a pool written as in the profile format, inline YAML or a file
                          e.g. '{name: win25, os: windows, osSku: Windows2025, count: 3}'  (repeatable)
  --cordon NODE|POOL      mark a node, or every node of a pool, unschedulable  (repeatable)
  --bandwidth RATE        image download rate per node: 50MB/s, 200Mbit, 1Gbps (default 25MB/s)
  --resolve-images        read image platforms and sizes from the registries
  --offline               with --resolve-images: cache only, no network
  --plain-http HOST       with --resolve-images: plain HTTP to this registry   (repeatable)
  --cache-dir DIR         with --resolve-images: where registry answers are cached
${READ_LIMIT_HELP}  -h, --help

Exit status: 0 every pod Running, 1 some pod is not, 2 bad usage or unreadable input.
`;

interface Flags {
  paths: string[];
  cluster?: string;
  context?: string;
  kubeconfig?: string;
  output: 'text' | 'json' | 'wide';
  whatIfs: WhatIf[];
  bandwidth?: number;
  resolveImages: boolean;
  offline: boolean;
  plainHttp: string[];
  cacheDir?: string;
  limits: Partial<ReadLimits>;
  help: boolean;
}

function parseFlags(argv: readonly string[]): { flags: Flags; errors: string[] } {
  const flags: Flags = { paths: [], output: 'text', whatIfs: [], resolveImages: false, offline: false, plainHttp: [], limits: {}, help: false };
  const errors: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined) {
        errors.push(`${name} needs a value`);
        return undefined;
      }
      i++;
      return next;
    };
    switch (name) {
      case '-h':
      case '--help':
        flags.help = true;
        break;
      case '--cluster':
        flags.cluster = value();
        break;
      case '--context':
        flags.context = value();
        break;
      case '--kubeconfig':
        flags.kubeconfig = value();
        break;
      case '-o':
      case '--output': {
        const v = value();
        if (v === 'text' || v === 'json' || v === 'wide') flags.output = v;
        else if (v !== undefined) errors.push(`-o ${v}: expected text, json or wide`);
        break;
      }
      case '--scale-pool': {
        const v = value();
        const parsed = v === undefined ? undefined : parseScalePool(v);
        if (parsed) flags.whatIfs.push({ kind: 'scale-pool', ...parsed });
        else if (v !== undefined) errors.push(`--scale-pool ${v}: expected NAME=N`);
        break;
      }
      case '--remove-pool': {
        const v = value();
        if (v !== undefined) flags.whatIfs.push({ kind: 'remove-pool', pool: v });
        break;
      }
      case '--add-pool': {
        const v = value();
        if (v !== undefined) flags.whatIfs.push({ kind: 'add-pool', spec: v });
        break;
      }
      case '--cordon': {
        const v = value();
        if (v !== undefined) flags.whatIfs.push({ kind: 'cordon', target: v });
        break;
      }
      case '--bandwidth': {
        const v = value();
        const parsed = v === undefined ? undefined : parseBandwidth(v);
        if (parsed) flags.bandwidth = parsed;
        else if (v !== undefined) errors.push(`--bandwidth ${v}: expected a rate such as 50MB/s, 200Mbit or 1Gbps`);
        break;
      }
      case '--max-file-size':
      case '--max-document-size': {
        const v = value();
        if (v === undefined) break;
        try {
          Object.assign(flags.limits, readLimitsOf({ [name.slice(2)]: v }));
        } catch (error) {
          errors.push((error as Error).message);
        }
        break;
      }
      case '--resolve-images':
        flags.resolveImages = true;
        break;
      case '--offline':
        flags.offline = true;
        break;
      case '--plain-http': {
        const v = value();
        if (v) flags.plainHttp.push(v);
        else errors.push('--plain-http needs a registry host');
        break;
      }
      case '--cache-dir': {
        const v = value();
        if (v) flags.cacheDir = v;
        else errors.push('--cache-dir needs a folder');
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') errors.push(`unknown flag ${arg}`);
        else flags.paths.push(arg);
    }
  }
  return { flags, errors };
}

function progressReporter(io: CliIO): ((done: number, total: number) => void) | undefined {
  if (!io.stderrIsTTY) return undefined;
  const started = Date.now();
  let shown = false;
  return (done, total) => {
    if (!shown && Date.now() - started < 1000 && done < total) return;
    if (done >= total) {
      if (shown) io.stderr('\r\x1b[K');
      return;
    }
    shown = true;
    io.stderr(`\rscheduling pods: ${done}/${total} (${Math.round((done / total) * 100)}%)`);
  };
}

/** The same registry access as check's --resolve-images (credentials, plain HTTP, cache). */
async function resolveFacts(images: string[], flags: Flags, io: CliIO): Promise<ImageFactsByReference> {
  const { registryResolver } = await import('./resolve-images.js');
  const resolve = registryResolver({ offline: flags.offline, plainHttp: flags.plainHttp, cacheDir: flags.cacheDir, env: io.env });
  const { facts, problems } = await resolve(images);
  for (const problem of problems) io.stderr(formatProblem(problem));
  return facts;
}

export const simulate: Verb = async (argv, io) => {
  // Scheduling 100k+ pods allocates many short-lived objects: a larger young generation halves GC time.
  v8.setFlagsFromString('--max-semi-space-size=64');
  const { flags, errors } = parseFlags(argv);
  if (flags.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (errors.length > 0) {
    for (const e of errors) io.stderr(`kube-hybrid simulate: ${e}\n`);
    io.stderr('Run `kube-hybrid simulate --help` for usage.\n');
    return EXIT_USAGE_OR_INPUT;
  }
  if (flags.paths.length === 0) {
    io.stderr('kube-hybrid simulate: name manifest files, folders or - for stdin\n');
    return EXIT_USAGE_OR_INPUT;
  }
  let inputBroken = false;
  const { liveClusterInput } = await import('./cluster-flags.js');
  const live = await liveClusterInput('simulate', flags, io);
  if (live === 'failed') return EXIT_USAGE_OR_INPUT;
  if (flags.cluster === '-' && flags.paths.includes('-')) {
    io.stderr('kube-hybrid simulate: --cluster - and the manifest path - both read standard input: name one of them as a file\n');
    return EXIT_USAGE_OR_INPUT;
  }
  const clusterLoad = live ?? loadClusterInput(flags.cluster, io.readStdin);
  for (const p of clusterLoad.problems) io.stderr(`${p.file}${p.line ? `:${p.line}:${p.column}` : ''}: ${p.message}\n`);
  if (!clusterLoad.cluster) return EXIT_USAGE_OR_INPUT;
  const whatIf = applyWhatIfs(clusterLoad.cluster, flags.whatIfs);
  for (const p of whatIf.problems) io.stderr(`kube-hybrid simulate: ${p}\n`);
  if (whatIf.problems.length > 0) return EXIT_USAGE_OR_INPUT;

  const loaded = loadManifests(flags.paths, { readStdin: io.readStdin, limits: flags.limits });
  for (const p of loaded.problems) {
    if (p.severity === 'error') inputBroken = true;
    io.stderr(`${p.file}${p.line ? `:${p.line}:${p.column}` : ''}: ${p.message}\n`);
  }

  let imageFacts: ImageFactsByReference | undefined;
  if (flags.resolveImages) {
    imageFacts = await resolveFacts(imageReferencesOf(loaded.objects).sort(), flags, io);
  }

  const onProgress = progressReporter(io);
  const result = runSimulation(loaded.objects, whatIf.cluster, {
    ...(imageFacts ? { imageFacts } : {}),
    ...(flags.bandwidth ? { bandwidth: flags.bandwidth } : {}),
    rules: RULES,
    clusterState: clusterLoad,
    ...(onProgress ? { onProgress } : {}),
  });

  for (const p of result.problems) {
    if (p.severity === 'error') inputBroken = true;
    io.stderr(formatProblem(p));
  }
  if (flags.output === 'json') io.stdout(renderJson(result, [...loaded.problems, ...result.problems]));
  else {
    const cluster = whatIf.cluster;
    let header = `Cluster ${cluster.name} (${cluster.source})`;
    if (whatIf.applied.length > 0) header += `, what-if: ${whatIf.applied.join('; ')}`;
    io.stdout(renderText(result, header, flags.output === 'wide') + incompleteNotice([...loaded.problems, ...result.problems]));
  }
  if (inputBroken) return EXIT_USAGE_OR_INPUT;
  return result.pods.every((p) => p.status === 'Running') ? EXIT_OK : EXIT_FINDINGS;
};
