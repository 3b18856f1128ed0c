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
import { READ_LIMIT_FLAGS, readLimitsOf } from './args.js';
import { jsonToYaml } from '../format/yaml.js';
import type { VerbArgs, VerbSpec } from './spec.js';
import { CLUSTER_FLAGS, CONFIG_FLAGS, REGISTRY_FLAGS, UsageError, runVerb } from './spec.js';
import { loadProjectSettings, projectDir } from './project-config.js';
import type { ConfigFlags } from './project-config.js';
import type { ReadLimits } from '../manifests/read.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';

interface SimulateFlags extends ConfigFlags {
  cluster?: string;
  context?: string;
  kubeconfig?: string;
  output?: string;
  bandwidth?: string;
  'resolve-images'?: boolean;
  offline?: boolean;
  'plain-http'?: string[];
  'cache-dir'?: string;
  'max-file-size'?: string;
  'max-document-size'?: string;
}

interface Flags {
  paths: string[];
  config: ConfigFlags;
  cluster?: string;
  context?: string;
  kubeconfig?: string;
  output: 'text' | 'json' | 'wide' | 'yaml';
  whatIfs: WhatIf[];
  bandwidth?: number;
  resolveImages: boolean;
  offline: boolean;
  plainHttp: string[];
  cacheDir?: string;
  limits: Partial<ReadLimits>;
}

export const verb: VerbSpec<SimulateFlags> = {
  name: 'simulate',
  summary: 'place every pod as kube-scheduler and the kubelet would, and say what happens',
  usage: '[paths…] [flags]',
  description: 'Place every pod of the manifests as kube-scheduler would, then say what the kubelet and containerd on the chosen node do with it (admission, image pull, container creation) and when it is ready. The cluster not given as a flag comes from .kube-hybrid.yaml, as for check (or --config FILE); flags override the file.',
  flags: {
    ...CLUSTER_FLAGS,
    output: { type: 'string', short: 'o', value: 'FORMAT', choices: ['text', 'json', 'yaml', 'wide'], default: 'text', help: 'output format; wide is text plus every pod' },
    'scale-pool': { type: 'string', multiple: true, value: 'NAME=N', accepts: (v) => parseScalePool(v) !== undefined, expects: 'NAME=N', help: 'resize a pool (copies its last node)' },
    'remove-pool': { type: 'string', multiple: true, value: 'NAME', help: 'drop a pool' },
    'add-pool': { type: 'string', multiple: true, value: 'POOL', complete: 'file', help: "add a pool written as in the profile format, inline YAML or a file, e.g. '{name: win25, os: windows, osSku: Windows2025, count: 3}'" },
    cordon: { type: 'string', multiple: true, value: 'NODE|POOL', help: 'mark a node, or every node of a pool, unschedulable' },
    bandwidth: { type: 'string', value: 'RATE', accepts: (v) => parseBandwidth(v) !== undefined, expects: 'a rate such as 50MB/s, 200Mbit or 1Gbps', default: '25MB/s', help: 'image download rate per node' },
    ...CONFIG_FLAGS,
    ...REGISTRY_FLAGS,
    ...READ_LIMIT_FLAGS,
  },
  positionals: { name: 'paths…', complete: 'file' },
  footer: 'Exit codes: 0 every pod Running, 1 some pod is not, 2 bad usage or unreadable input.',
  run: ({ flags, positionals, given }, io) => runSimulate(flagsOf(flags, positionals, given), io),
};

export const simulate: Verb = (argv, io) => runVerb(verb, argv, io);

/** The what-ifs in the order given (a pool added, then scaled, is not the same as the reverse). */
function flagsOf(flags: SimulateFlags, paths: string[], given: VerbArgs<SimulateFlags>['given']): Flags {
  const whatIfs: WhatIf[] = [];
  for (const { name, value } of given) {
    if (value === undefined) continue;
    if (name === 'scale-pool') {
      const parsed = parseScalePool(value);
      if (parsed) whatIfs.push({ kind: 'scale-pool', ...parsed });
    } else if (name === 'remove-pool') whatIfs.push({ kind: 'remove-pool', pool: value });
    else if (name === 'add-pool') whatIfs.push({ kind: 'add-pool', spec: value });
    else if (name === 'cordon') whatIfs.push({ kind: 'cordon', target: value });
  }
  return {
    paths,
    config: { ...(flags.config !== undefined ? { config: flags.config } : {}), ...(flags['no-config'] ? { 'no-config': true } : {}) },
    cluster: flags.cluster,
    context: flags.context,
    kubeconfig: flags.kubeconfig,
    output: (flags.output ?? 'text') as Flags['output'],
    whatIfs,
    ...(flags.bandwidth !== undefined ? { bandwidth: parseBandwidth(flags.bandwidth) } : {}),
    resolveImages: flags['resolve-images'] ?? false,
    offline: flags.offline ?? false,
    plainHttp: flags['plain-http'] ?? [],
    cacheDir: flags['cache-dir'],
    limits: readLimitsOf(flags),
  };
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

async function runSimulate(given: Flags, io: CliIO): Promise<number> {
  // Scheduling 100k+ pods allocates many short-lived objects: a larger young generation halves GC time.
  v8.setFlagsFromString('--max-semi-space-size=64');
  if (given.paths.length === 0) throw new UsageError('no manifests given: name files, folders, or - for stdin');
  const project = await loadProjectSettings('simulate', given.config, io);
  if (project === 'failed') return EXIT_USAGE_OR_INPUT;
  // The file's cluster under the flags' (check's precedence); rule levels do not change what the scheduler does.
  const { mergeSettings } = await import('./check.js');
  const flags: Flags = { ...given, cluster: mergeSettings(given, project?.config, projectDir(project, io.cwd), new Map()).cluster };
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
  else if (flags.output === 'yaml') io.stdout(jsonToYaml(renderJson(result, [...loaded.problems, ...result.problems])));
  else {
    const cluster = whatIf.cluster;
    let header = `Cluster ${cluster.name} (${cluster.source})`;
    if (whatIf.applied.length > 0) header += `, what-if: ${whatIf.applied.join('; ')}`;
    io.stdout(renderText(result, header, flags.output === 'wide') + incompleteNotice([...loaded.problems, ...result.problems]));
  }
  if (inputBroken) return EXIT_USAGE_OR_INPUT;
  return result.pods.every((p) => p.status === 'Running') ? EXIT_OK : EXIT_FINDINGS;
}
