// `kube-hybrid prepull <manifests…>`: DaemonSets that pre-pull the Windows images each Windows build
// of the cluster will need. Loads the inputs, calls the core (src/planner/prepull.ts), prints.
import { stringify } from 'yaml';
import { loadClusterInput } from '../cluster/input.js';
import { imageReferencesOf } from '../engine/images.js';
import { collectInputs, withClusterInput } from '../engine/run.js';
import { formatProblem } from '../format/text.js';
import type { ImageFactsByReference } from '../model/image-facts.js';
import { DEFAULT_PAUSE_IMAGE, DEFAULT_PREPULL_NAMESPACE, prepullDaemonSetName, prepullManifests } from '../planner/prepull.js';
import type { BuildPrepull } from '../planner/prepull.js';
import { loadManifests } from '../manifests/load.js';
import type { LoadProblem } from '../manifests/types.js';
import { describeBuild } from '../windows/builds.js';
import { resolverSettings } from './args.js';
import type { RegistryFlags } from './args.js';
import type { CliIO, Verb } from './io.js';
import { EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';
import type { VerbSpec } from './spec.js';
import { CLUSTER_FLAGS, REGISTRY_FLAGS, UsageError, runVerb } from './spec.js';

interface PrepullFlags extends RegistryFlags {
  cluster?: string;
  context?: string;
  kubeconfig?: string;
  namespace?: string;
  output?: string;
  'pause-image'?: string;
}

/** A DNS-1123 label, as namespace names must be. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function formatSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(2)} ${units[unit]}`;
}

/** `10.0.20348 Windows Server 2022 (3 nodes): 2 images, 1.52 GB → kube-hybrid-prepull-10-0-20348`. */
function describePlan(plan: BuildPrepull): string {
  const sized = plan.images.filter((i) => i.size !== undefined);
  const total = sized.reduce((sum, i) => sum + (i.size ?? 0), 0);
  const size = sized.length === 0 ? '' : `, ${sized.length === plan.images.length ? '' : 'at least '}${formatSize(total)}`;
  const nodes = `${plan.nodeNames.length} node${plan.nodeNames.length === 1 ? '' : 's'}`;
  const images = `${plan.images.length} image${plan.images.length === 1 ? '' : 's'}`;
  return `kube-hybrid prepull: ${describeBuild(plan.build)} (${nodes}): ${images}${size} → ${prepullDaemonSetName(plan.build)}\n`;
}

export const verb: VerbSpec<PrepullFlags> = {
  name: 'prepull',
  summary: 'write DaemonSets that pre-pull the Windows images each Windows pool needs',
  usage: '[paths…] [flags]',
  description: 'Write DaemonSets that pre-pull the Windows images the workloads in the manifests (files, folders searched for .yaml/.yml/.json, or - for stdin) will run: one per Windows build of the cluster, on the nodes of that build, with only the images that build can run. Apply the output with kubectl apply -f - before (or while) rolling out the workloads.',
  flags: {
    ...CLUSTER_FLAGS,
    namespace: { type: 'string', short: 'n', value: 'NS', accepts: (v) => DNS_LABEL.test(v), expects: 'a DNS-1123 label (lowercase letters, digits and -, at most 63)', default: DEFAULT_PREPULL_NAMESPACE, help: 'namespace of the DaemonSets' },
    output: { type: 'string', short: 'o', value: 'FORMAT', choices: ['yaml', 'json'], default: 'yaml', help: 'one YAML document per DaemonSet, or a v1 List as JSON' },
    'pause-image': { type: 'string', value: 'IMAGE', accepts: (v) => v.trim() !== '', expects: 'an image reference', default: DEFAULT_PAUSE_IMAGE, help: 'the idle main container' },
    ...REGISTRY_FLAGS,
  },
  positionals: { name: 'paths…', complete: 'file' },
  footer: `Notes (images a build cannot run, images of unknown build, …) go to stderr.
Exit codes: 0 DaemonSets written, or nothing to pre-pull (said on stderr),
            2 bad usage or unreadable/malformed input (what could be computed is still written).`,
  run: ({ flags, positionals }, io) => runPrepull(flags, positionals, io),
};

export const prepull: Verb = (argv, io) => runVerb(verb, argv, io);

async function runPrepull(flags: PrepullFlags, paths: string[], io: CliIO): Promise<number> {
  const output = flags.output ?? 'yaml';
  if (paths.length === 0) throw new UsageError('no manifests given: name files, folders, or - for stdin');
  const { liveClusterInput } = await import('./cluster-flags.js');
  const live = await liveClusterInput('prepull', flags, io);
  if (live === 'failed') return EXIT_USAGE_OR_INPUT;
  if (flags.cluster === '-' && paths.includes('-')) {
    io.stderr('kube-hybrid prepull: --cluster - and the manifest path - both read standard input: name one of them as a file\n');
    return EXIT_USAGE_OR_INPUT;
  }
  const loaded = loadManifests(paths, { readStdin: io.readStdin });
  const clusterLoad = live ?? loadClusterInput(flags.cluster, io.readStdin);
  const problems: LoadProblem[] = [...loaded.problems, ...clusterLoad.problems];
  const print = (list: readonly LoadProblem[]) => {
    for (const problem of list) io.stderr(formatProblem(problem));
  };
  if (!clusterLoad.cluster) {
    print(problems);
    return EXIT_USAGE_OR_INPUT;
  }

  let imageFacts: ImageFactsByReference | undefined;
  if (flags['resolve-images']) {
    const { registryResolver } = await import('./resolve-images.js');
    const resolve = registryResolver(resolverSettings(flags, io.env));
    const resolved = await resolve(imageReferencesOf(loaded.objects).sort());
    imageFacts = resolved.facts;
    problems.push(...resolved.problems);
  }
  print(problems);

  const options = { namespace: flags.namespace ?? DEFAULT_PREPULL_NAMESPACE, pauseImage: flags['pause-image'] ?? DEFAULT_PAUSE_IMAGE };
  const result = prepullManifests(loaded.objects, withClusterInput(collectInputs(loaded.objects, clusterLoad.cluster, imageFacts), clusterLoad), options);
  for (const note of result.notes) io.stderr(`kube-hybrid prepull: note: ${note.message}\n`);
  for (const plan of result.builds) io.stderr(describePlan(plan));

  if (output === 'json') {
    io.stdout(`${JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: {}, items: result.daemonSets }, null, 2)}\n`);
  } else if (result.daemonSets.length > 0) {
    io.stdout(result.daemonSets.map((ds) => stringify(ds, { lineWidth: 0 })).join('---\n'));
  }
  const internalError = result.notes.some((n) => n.kind === 'internal-error');
  return internalError || problems.some((p) => p.severity === 'error') ? EXIT_USAGE_OR_INPUT : EXIT_OK;
}
