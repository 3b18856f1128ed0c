// `kube-hybrid plan lifecycle|upgrade`: parses flags, calls src/planner, prints or writes files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadCluster } from '../cluster/profiles.js';
import { imageReferencesOf } from '../engine/images.js';
import { formatProblem } from '../format/text.js';
import type { ImageFactsByReference } from '../model/image-facts.js';
import { loadManifests } from '../manifests/load.js';
import { parseBuild } from '../planner/inventory.js';
import { windowsPoolLifecycles } from '../planner/pool-lifecycle.js';
import { overlayFiles } from '../planner/overlay.js';
import { renderLifecycleJson, renderLifecycleText, renderUpgradeJson, renderUpgradeMarkdown, upgradeFiles } from '../planner/render.js';
import { UpgradePlanError, planUpgrade } from '../planner/upgrade.js';
import type { UpgradeOptions } from '../planner/upgrade.js';
import { parseBandwidth } from '../scheduler/time-to-ready.js';
import { LIFECYCLE_PLATFORMS, currentDay, isIsoDay } from '../windows/lifecycle.js';
import type { LifecyclePlatform } from '../windows/lifecycle.js';
import { REGISTRY_FLAG_OPTIONS, UsageError, oneOf, parseVerbArgs, resolverSettings } from './args.js';
import type { RegistryFlags } from './args.js';
import type { CliIO, Verb } from './io.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';

const HELP = `Usage: kube-hybrid plan lifecycle [--cluster NAME|FILE] [--today YYYY-MM-DD] [-o text|json]
       kube-hybrid plan upgrade --to 2022|2025|BUILD [--from BUILD] [paths…] [flags]

plan lifecycle   the Windows pools of the cluster against their platform's published dates:
                 build, status (supported, retiring within 180 days, retired), end date, days left,
                 node-image removal (AKS), Kubernetes version support, and each date's source.
plan upgrade     a move from one Windows Server build to the next: which images must be rebuilt or
                 re-tagged, the changed manifests, a pool of the target build, pre-pull DaemonSets,
                 and each step (add pool → pre-pull → move → cordon and drain node by node →
                 remove the old pool) simulated, with blocking problems first and a rollback.

Flags:
  --cluster NAME|FILE     built-in profile, profile file or kubectl get nodes -o json (default: default)
  --today YYYY-MM-DD      the day dates are compared with (default: today, UTC)
  --platform NAME         aks, eks, gke or upstream (default: from the nodes' labels)
  -o, --output FORMAT     lifecycle: text (default) or json; upgrade: markdown (default) or json
upgrade only:
  --to BUILD              target: 2022, 2025, ltsc2025, Windows2025, 26100 or 10.0.26100 (required)
  --from BUILD            the build to leave (default: the oldest other Windows build of the cluster)
  --runtime-class         pin moved workloads with a RuntimeClass per build instead of a nodeSelector
  --out DIR               write manifests/ (patched copies), overlay/ (the same changes as a kustomize
                          overlay: kubectl apply -k DIR/overlay), rollback/, pool.yaml, prepull.yaml,
                          plan.md, plan.json
  --bandwidth RATE        image download rate per node (default 25MB/s)
  --resolve-images        read image platforms and sizes from the registries
  --offline, --plain-http HOST, --cache-dir DIR   as for check --resolve-images

Exit status: lifecycle: 0, or 1 when a pool is retired or on a Kubernetes version its build is not
supported on; upgrade: 0, or 1 when a step leaves pods not running that run today;
2 bad usage or unreadable input.
`;

interface PlanFlags extends RegistryFlags {
  cluster?: string;
  today?: string;
  platform?: string;
  output?: string;
  to?: string;
  from?: string;
  'runtime-class'?: boolean;
  out?: string;
  bandwidth?: string;
  help?: boolean;
}

const OPTIONS = {
  cluster: { type: 'string' },
  today: { type: 'string' },
  platform: { type: 'string' },
  output: { type: 'string', short: 'o' },
  to: { type: 'string' },
  from: { type: 'string' },
  'runtime-class': { type: 'boolean' },
  out: { type: 'string' },
  bandwidth: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  ...REGISTRY_FLAG_OPTIONS,
} as const;

function todayOf(flags: PlanFlags): string {
  if (flags.today === undefined) return currentDay();
  if (!isIsoDay(flags.today)) throw new UsageError(`--today ${flags.today}: expected a day as YYYY-MM-DD`);
  return flags.today;
}

function platformOf(flags: PlanFlags): LifecyclePlatform | undefined {
  if (flags.platform === undefined) return undefined;
  return oneOf('--platform', flags.platform, LIFECYCLE_PLATFORMS.filter((p) => p !== 'microsoft'), 'upstream');
}

function printProblems(io: CliIO, problems: readonly { file: string; line?: number; column?: number; message: string }[]): void {
  for (const p of problems) io.stderr(`${p.file}${p.line ? `:${p.line}:${p.column}` : ''}: ${p.message}\n`);
}

async function lifecycle(flags: PlanFlags, paths: string[], io: CliIO): Promise<number> {
  if (paths.length > 0) throw new UsageError('plan lifecycle takes no paths');
  const output = oneOf('--output', flags.output, ['text', 'json'] as const, 'text');
  const today = todayOf(flags);
  const platform = platformOf(flags);
  const clusterLoad = loadCluster(flags.cluster);
  printProblems(io, clusterLoad.problems);
  if (!clusterLoad.cluster) return EXIT_USAGE_OR_INPUT;
  const pools = windowsPoolLifecycles(clusterLoad.cluster, { today, ...(platform ? { platform } : {}) });
  const report = { cluster: clusterLoad.cluster.name, today, platform: platform ?? '', pools };
  io.stdout(output === 'json' ? renderLifecycleJson(report) : renderLifecycleText(report));
  return pools.some((p) => p.lifecycle.status === 'retired' || !p.minor.supported) ? EXIT_FINDINGS : EXIT_OK;
}

async function upgrade(flags: PlanFlags, paths: string[], io: CliIO): Promise<number> {
  const output = oneOf('--output', flags.output, ['markdown', 'json'] as const, 'markdown');
  if (flags.to === undefined) throw new UsageError('plan upgrade needs --to (2022, 2025 or a build such as 26100)');
  const target = parseBuild(flags.to);
  if (target === undefined) throw new UsageError(`--to ${flags.to}: not a Windows build (2022, 2025, ltsc2025, Windows2025, 26100, 10.0.26100)`);
  const source = flags.from === undefined ? undefined : parseBuild(flags.from);
  if (flags.from !== undefined && source === undefined) throw new UsageError(`--from ${flags.from}: not a Windows build`);
  const bandwidth = flags.bandwidth === undefined ? undefined : parseBandwidth(flags.bandwidth);
  if (flags.bandwidth !== undefined && bandwidth === undefined) throw new UsageError(`--bandwidth ${flags.bandwidth}: expected a rate such as 50MB/s, 200Mbit or 1Gbps`);
  const today = todayOf(flags);
  const platform = platformOf(flags);

  const clusterLoad = loadCluster(flags.cluster);
  printProblems(io, clusterLoad.problems);
  if (!clusterLoad.cluster) return EXIT_USAGE_OR_INPUT;
  const loaded = paths.length > 0 ? loadManifests(paths, { readStdin: io.readStdin }) : { objects: [], problems: [], files: [] };
  printProblems(io, loaded.problems);
  const inputBroken = loaded.problems.some((p) => p.severity === 'error');

  let imageFacts: ImageFactsByReference | undefined;
  if (flags['resolve-images']) {
    const { registryResolver } = await import('./resolve-images.js');
    const resolved = await registryResolver(resolverSettings(flags, io.env))(imageReferencesOf(loaded.objects).sort());
    for (const problem of resolved.problems) io.stderr(formatProblem(problem));
    imageFacts = resolved.facts;
  }

  const options: UpgradeOptions = { target, today, ...(source !== undefined ? { source } : {}), ...(platform ? { platform } : {}), ...(imageFacts ? { imageFacts } : {}), ...(bandwidth ? { bandwidth } : {}), pinMode: flags['runtime-class'] ? 'runtime-class' : 'node-selector' };
  let plan;
  try {
    plan = planUpgrade(loaded.objects, clusterLoad.cluster, options);
  } catch (error) {
    if (error instanceof UpgradePlanError) {
      io.stderr(`kube-hybrid plan upgrade: ${error.message}\n`);
      return EXIT_USAGE_OR_INPUT;
    }
    throw error;
  }
  if (flags.out !== undefined) {
    const dir = resolve(io.cwd, flags.out);
    const files = new Map([...upgradeFiles(plan), ...overlayFiles(plan)]);
    for (const [relative, text] of files) {
      const path = join(dir, relative);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
    io.stderr(`kube-hybrid plan upgrade: wrote ${files.size} files to ${flags.out}\n`);
  }
  io.stdout(output === 'json' ? renderUpgradeJson(plan) : renderUpgradeMarkdown(plan));
  if (inputBroken) return EXIT_USAGE_OR_INPUT;
  return plan.failed ? EXIT_FINDINGS : EXIT_OK;
}

export const plan: Verb = async (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(HELP);
    return sub === undefined ? EXIT_USAGE_OR_INPUT : EXIT_OK;
  }
  try {
    if (sub !== 'lifecycle' && sub !== 'upgrade') throw new UsageError(`unknown subcommand "${sub}" (lifecycle or upgrade)`);
    const parsed = parseVerbArgs<PlanFlags>(rest, OPTIONS);
    if (parsed.values.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    return sub === 'lifecycle' ? await lifecycle(parsed.values, parsed.positionals, io) : await upgrade(parsed.values, parsed.positionals, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`kube-hybrid plan: ${error.message}\nRun \`kube-hybrid plan --help\` for usage.\n`);
    return EXIT_USAGE_OR_INPUT;
  }
};
