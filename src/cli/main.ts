// kube-hybrid (and kubectl-hybrid) entry point: picks the verb, loads only that verb's module.
// Each verb module exports `verb` (a VerbSpec, see ./spec.ts); the table below holds what the top-level
// help needs (name, summary) and a lazy import, so `kube-hybrid check` never loads the webhook.
import type { CliIO } from './io.js';
import { EXIT_OK, EXIT_USAGE_OR_INPUT, processIO } from './io.js';
import type { VerbSpec } from './spec.js';
import { printVersion, runVerb, usageMistake } from './spec.js';

export interface VerbModule {
  verb: VerbSpec<never>;
}

export interface VerbEntry {
  summary: string;
  load: () => Promise<VerbModule>;
}

export const VERBS: Record<string, VerbEntry> = {
  check: { summary: 'analyse manifests against a cluster: placement, image builds, Windows compatibility', load: () => import('./check.js') },
  simulate: { summary: 'place every pod as kube-scheduler and the kubelet would, and say what happens', load: () => import('./simulate.js') },
  images: { summary: 'read image indexes from registries: OS, Windows build and size per platform', load: () => import('./images.js') },
  prepull: { summary: 'write DaemonSets that pre-pull the Windows images each Windows pool needs', load: () => import('./prepull.js') },
  audit: { summary: 'read a running cluster: rules on live workloads, pods in trouble and why, prediction against reality', load: () => import('./audit.js') },
  webhook: { summary: 'the same analysis as a mutating and validating admission webhook', load: () => import('./webhook.js') },
  explain: { summary: 'explain a Windows or scheduling error: cause, fix, the rule that predicts it, a source', load: () => import('./explain.js') },
  plan: { summary: 'Windows Server lifecycle of the cluster\'s pools, and simulated upgrades from one Windows build to the next', load: () => import('./plan.js') },
  report: { summary: 'one self-contained HTML page: pools, placement matrix, findings, simulation, upgrade plan', load: () => import('./report.js') },
  gmsa: { summary: 'gMSA: generate a GMSACredentialSpec with the RBAC that grants use, check credential specs', load: () => import('./gmsa.js') },
  profiles: { summary: 'list the built-in cluster profiles', load: () => import('./profiles.js') },
  rules: { summary: 'list the rules check applies', load: () => import('./rules.js') },
  init: { summary: 'write a commented starter .kube-hybrid.yaml', load: () => import('./init.js') },
  completion: { summary: 'print a shell completion script: bash, zsh, fish or powershell', load: () => import('./completion.js') },
};

export function usage(): string {
  const width = Math.max(...Object.keys(VERBS).map((v) => v.length));
  const lines = Object.entries(VERBS).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`);
  return [
    'Usage: kube-hybrid <command> [paths…] [flags]',
    '       (also as a kubectl plugin: kubectl hybrid <command> …)',
    '',
    'Commands:',
    ...lines,
    '',
    'Flags:',
    '  -h, --help     show this help and exit',
    '      --version  print the version and exit',
    '',
    'Settings shared by a project (cluster, rule levels, fail-on, output, ignores) go in .kube-hybrid.yaml,',
    'found from the working directory upward (kube-hybrid init writes one).',
    'Run `kube-hybrid <command> --help` for the flags of one command.',
    '',
  ].join('\n');
}

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const [verbName, ...rest] = argv;
  if (verbName === undefined) {
    io.stderr(usage());
    return EXIT_USAGE_OR_INPUT;
  }
  if (verbName === '--help' || verbName === '-h' || verbName === 'help') {
    io.stdout(usage());
    return EXIT_OK;
  }
  if (verbName === '--version' || verbName === 'version') return printVersion(io);
  // Hidden: completion candidates for kubectl's plugin completion (bin/kubectl_complete-hybrid.js).
  if (verbName === '__complete') return (await import('./completion.js')).completeCommand(rest, io);
  const entry = Object.hasOwn(VERBS, verbName) ? VERBS[verbName] : undefined;
  if (!entry) {
    const known = Object.keys(VERBS).join(', ');
    io.stderr(`kube-hybrid: unknown command "${verbName}": one of ${known}\nRun 'kube-hybrid --help' for usage.\n`);
    return EXIT_USAGE_OR_INPUT;
  }
  let module: VerbModule;
  try {
    module = await entry.load();
  } catch (error) {
    return usageMistake(io, verbName, `not available in this build (${error instanceof Error ? error.message : String(error)})`);
  }
  return runVerb(module.verb, rest, io);
}
