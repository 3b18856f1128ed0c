// kube-hybrid (and kubectl-hybrid) entry point: picks the verb, loads only that verb's module.
import type { CliIO, Verb } from './io.js';
import { EXIT_USAGE_OR_INPUT, processIO } from './io.js';
import { VERSION } from './version.js';

interface VerbEntry {
  summary: string;
  load: () => Promise<Verb>;
}

const VERBS: Record<string, VerbEntry> = {
  check: { summary: 'analyse manifests against a cluster: placement, image builds, Windows compatibility', load: async () => (await import('./check.js')).check },
  simulate: { summary: 'place every pod as kube-scheduler and the kubelet would, and say what happens', load: async () => (await import('./simulate.js')).simulate },
  images: { summary: 'read image indexes from registries: OS, Windows build and size per platform', load: async () => (await import('./images.js')).images },
  prepull: { summary: 'write DaemonSets that pre-pull the Windows images each Windows pool needs', load: async () => (await import('./prepull.js')).prepull },
  audit: { summary: 'read a running cluster: rules on live workloads, pods in trouble and why, prediction against reality', load: async () => (await import('./audit.js')).audit },
  webhook: { summary: 'the same analysis as a mutating and validating admission webhook', load: async () => (await import('./webhook.js')).webhook },
  explain: { summary: 'explain a Windows or scheduling error: cause, fix, the rule that predicts it, a source', load: async () => (await import('./explain.js')).explain },
  plan: { summary: 'Windows Server lifecycle of the cluster\'s pools, and simulated upgrades from one Windows build to the next', load: async () => (await import('./plan.js')).plan },
  profiles: { summary: 'list the built-in cluster profiles', load: async () => (await import('./profiles.js')).profiles },
  rules: { summary: 'list the rules check applies', load: async () => (await import('./rules.js')).rules },
  gmsa: { summary: 'generate GMSACredentialSpecs with their RBAC, and check credential specs', load: async () => (await import('./gmsa.js')).gmsa },
};

export function usage(): string {
  const width = Math.max(...Object.keys(VERBS).map((v) => v.length));
  const lines = Object.entries(VERBS).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`);
  return [
    'Usage: kube-hybrid <command> [paths…] [--cluster NAME|FILE] [-o text|json|sarif]',
    '       (also as a kubectl plugin: kubectl hybrid <command> …)',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `kube-hybrid <command> --help` for the flags of one command.',
    '',
  ].join('\n');
}

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const [verbName, ...rest] = argv;
  if (verbName === undefined || verbName === '--help' || verbName === '-h' || verbName === 'help') {
    io.stdout(usage());
    return verbName === undefined ? EXIT_USAGE_OR_INPUT : 0;
  }
  if (verbName === '--version' || verbName === 'version') {
    io.stdout(`kube-hybrid ${VERSION}\n`);
    return 0;
  }
  const entry = Object.prototype.hasOwnProperty.call(VERBS, verbName) ? VERBS[verbName] : undefined;
  if (!entry) {
    io.stderr(`kube-hybrid: unknown command "${verbName}"\n\n${usage()}`);
    return EXIT_USAGE_OR_INPUT;
  }
  let verb: Verb;
  try {
    verb = await entry.load();
  } catch (error) {
    io.stderr(`kube-hybrid ${verbName}: not available in this build (${error instanceof Error ? error.message : String(error)})\n`);
    return EXIT_USAGE_OR_INPUT;
  }
  return verb([...rest], io);
}
