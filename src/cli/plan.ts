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
import { jsonToYaml } from '../format/yaml.js';
import { UsageError, resolverSettings } from './args.js';
import type { FlagSpecs, VerbSpec } from './spec.js';
import { REGISTRY_FLAGS, TEXT_JSON_YAML_OUTPUT_FLAG, TODAY_FLAG, runVerb } from './spec.js';
import type { RegistryFlags } from './args.js';
import type { CliIO, Verb } from './io.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';

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
}

const COMMON = {
  cluster: { type: 'string', value: 'NAME|FILE', complete: 'file', help: 'built-in profile, profile file or kubectl get nodes -o json (default: default)' },
  today: { ...TODAY_FLAG, help: 'the day dates are compared with (default: today, UTC)' },
  platform: { type: 'string', value: 'NAME', choices: LIFECYCLE_PLATFORMS.filter((p) => p !== 'microsoft'), help: "whose published dates apply (default: from the nodes' labels)" },
} as const satisfies FlagSpecs;

const lifecycleVerb: VerbSpec<PlanFlags> = {
  name: 'lifecycle',
  summary: "the Windows pools of the cluster against their platform's published dates",
  usage: '[--cluster NAME|FILE] [--today YYYY-MM-DD] [flags]',
  description: "The Windows pools of the cluster against their platform's published dates: build, status (supported, retiring within 180 days, retired), end date, days left, node-image removal (AKS), Kubernetes version support, and each date's source.",
  flags: { ...COMMON, output: TEXT_JSON_YAML_OUTPUT_FLAG },
  footer: 'Exit codes: 0, or 1 when a pool is retired or on a Kubernetes version its build is not supported on; 2 bad usage or unreadable input.',
  run: ({ flags }, io) => lifecycle(flags, io),
};

const upgradeVerb: VerbSpec<PlanFlags> = {
  name: 'upgrade',
  summary: 'a move from one Windows Server build to the next, each step simulated',
  usage: '--to 2022|2025|BUILD [--from BUILD] [paths…] [flags]',
  description: 'A move from one Windows Server build to the next: which images must be rebuilt or re-tagged, the changed manifests, a pool of the target build, pre-pull DaemonSets, and each step (add pool → pre-pull → move → cordon and drain node by node → remove the old pool) simulated, with blocking problems first and a rollback.',
  flags: {
    ...COMMON,
    output: { type: 'string', short: 'o', value: 'FORMAT', choices: ['markdown', 'json', 'yaml'], default: 'markdown', help: 'output format' },
    to: { type: 'string', value: 'BUILD', accepts: (v) => parseBuild(v) !== undefined, expects: 'a Windows build (2022, 2025, ltsc2025, Windows2025, 26100, 10.0.26100)', help: 'target build (required)' },
    from: { type: 'string', value: 'BUILD', accepts: (v) => parseBuild(v) !== undefined, expects: 'a Windows build (2022, 2025, ltsc2025, Windows2025, 26100, 10.0.26100)', help: 'the build to leave (default: the oldest other Windows build of the cluster)' },
    'runtime-class': { type: 'boolean', help: 'pin moved workloads with a RuntimeClass per build instead of a nodeSelector' },
    out: { type: 'string', value: 'DIR', complete: 'dir', help: 'write manifests/ (patched copies), overlay/ (the same changes as a kustomize overlay: kubectl apply -k DIR/overlay), rollback/, pool.yaml, prepull.yaml, plan.md, plan.json' },
    bandwidth: { type: 'string', value: 'RATE', accepts: (v) => parseBandwidth(v) !== undefined, expects: 'a rate such as 50MB/s, 200Mbit or 1Gbps', default: '25MB/s', help: 'image download rate per node' },
    ...REGISTRY_FLAGS,
  },
  positionals: { name: 'paths…', complete: 'file' },
  footer: 'Exit codes: 0, or 1 when a step leaves pods not running that run today; 2 bad usage or unreadable input.',
  run: ({ flags, positionals }, io) => upgrade(flags, positionals, io),
};

export const verb: VerbSpec<never> = {
  name: 'plan',
  summary: "Windows Server lifecycle of the cluster's pools, and simulated upgrades from one Windows build to the next",
  flags: {},
  subcommands: [lifecycleVerb as VerbSpec<never>, upgradeVerb as VerbSpec<never>],
};

export const plan: Verb = (argv, io) => runVerb(verb, argv, io);

function todayOf(flags: PlanFlags): string {
  if (flags.today === undefined) return currentDay();
  if (!isIsoDay(flags.today)) throw new UsageError(`--today ${flags.today}: expected a day as YYYY-MM-DD`);
  return flags.today;
}

function platformOf(flags: PlanFlags): LifecyclePlatform | undefined {
  if (flags.platform === undefined) return undefined;
  return flags.platform as LifecyclePlatform;
}

function printProblems(io: CliIO, problems: readonly { file: string; line?: number; column?: number; message: string }[]): void {
  for (const p of problems) io.stderr(`${p.file}${p.line ? `:${p.line}:${p.column}` : ''}: ${p.message}\n`);
}

async function lifecycle(flags: PlanFlags, io: CliIO): Promise<number> {
  const output = flags.output ?? 'text';
  const today = todayOf(flags);
  const platform = platformOf(flags);
  const clusterLoad = loadCluster(flags.cluster);
  printProblems(io, clusterLoad.problems);
  if (!clusterLoad.cluster) return EXIT_USAGE_OR_INPUT;
  const pools = windowsPoolLifecycles(clusterLoad.cluster, { today, ...(platform ? { platform } : {}) });
  const report = { cluster: clusterLoad.cluster.name, today, platform: platform ?? '', pools };
  io.stdout(output === 'json' ? renderLifecycleJson(report) : output === 'yaml' ? jsonToYaml(renderLifecycleJson(report)) : renderLifecycleText(report));
  return pools.some((p) => p.lifecycle.status === 'retired' || !p.minor.supported) ? EXIT_FINDINGS : EXIT_OK;
}

async function upgrade(flags: PlanFlags, paths: string[], io: CliIO): Promise<number> {
  const output = flags.output ?? 'markdown';
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
  io.stdout(output === 'json' ? renderUpgradeJson(plan) : output === 'yaml' ? jsonToYaml(renderUpgradeJson(plan)) : renderUpgradeMarkdown(plan));
  if (inputBroken) return EXIT_USAGE_OR_INPUT;
  return plan.failed ? EXIT_FINDINGS : EXIT_OK;
}
