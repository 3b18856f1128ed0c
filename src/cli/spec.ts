// One command-line front end for every verb: a small declarative spec per verb, parsed with
// node:util parseArgs, with one shape of help, one answer to -h/--help and --version, and one message
// for mistakes.
//
// ── Adding a verb ────────────────────────────────────────────────────────────────────────────────
// 1. Create src/cli/<verb>.ts exporting `verb` (a VerbSpec) and, for tests, a `Verb` function:
//
//      interface ReportFlags { output?: string; out?: string }
//      export const verb: VerbSpec<ReportFlags> = {
//        name: 'report',
//        summary: 'one self-contained HTML page of the analysis',
//        usage: '[paths…] [flags]',
//        description: 'Longer text, wrapped at 100 columns.',
//        flags: {
//          output: { type: 'string', short: 'o', value: 'FORMAT', choices: ['html', 'json', 'yaml'], default: 'html', help: 'output format' },
//          out: { type: 'string', value: 'FILE', complete: 'file', help: 'write the page here' },
//          ...CLUSTER_FLAGS,                      // shared groups live in this module
//        },
//        positionals: { name: 'paths…', help: 'files, folders or - for stdin', complete: 'file' },
//        footer: 'Exit codes: 0 …, 1 …, 2 bad usage or unreadable input.',
//        async run({ flags, positionals }, io) {
//          if (positionals.length === 0) throw new UsageError('no manifests given: name files, folders, or - for stdin');
//          … call the core (src/…), pick a formatter, io.stdout(…) …
//          return EXIT_OK;
//        },
//      };
//      export const report: Verb = (argv, io) => runVerb(verb, argv, io);
//
// 2. Add one line to VERBS in src/cli/main.ts: `report: () => import('./report.js')` plus its
//    summary (the module is loaded only when the verb runs, so start-up stays fast).
//
// What the runner does for every verb, so a verb never does it itself:
//  - `-h/--help` (stdout, exit 0) and `--version` (stdout, exit 0), also before other mistakes;
//  - unknown flags, missing values, values outside `choices` and values `accepts` refuses: one line
//    naming the flag and what it accepts, the one usage line, then `Run 'kube-hybrid <verb> --help'
//    for the flags.`, exit 2;
//  - a UsageError thrown by `run` gets the same treatment (never the whole help dumped);
//  - `complete` feeds `kube-hybrid completion bash|zsh|fish|powershell`.
// Defaults are NOT filled in by the parser (`default` is shown in help only): a flag the user did not
// give stays undefined, so the config file (.kube-hybrid.yaml) can supply it — flags override the file.
// Verbs with subcommands (`plan lifecycle|upgrade`) set `subcommands` instead of `run`.
// Why parseArgs: it ships with Node (no dependency, no start-up cost), is strict POSIX/GNU-style
// (`--flag value`, `--flag=value`, `-o json`, `-ojson`, `--`), and its tokens let us word errors our
// way; the parts it lacks (choices, help, completion) are the ~200 lines here.
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { CliIO } from './io.js';
import { EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';
import { VERSION } from './version.js';

export class UsageError extends Error {}

export type CompletionKind = 'file' | 'dir' | 'none';

export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder in help: `--cluster NAME|FILE`. */
  value?: string;
  /** The only values accepted (checked by the runner, listed in help and completion). */
  choices?: readonly string[];
  /** Shown in help; not applied (see the note at the top). */
  default?: string;
  /** A check beyond choices: returns true when the value is acceptable; `expects` words what is. */
  accepts?: (value: string) => boolean;
  /** `--today must be <expects> (got "…")`. */
  expects?: string;
  help: string;
  /** What shells should complete after the flag. */
  complete?: CompletionKind;
}

export type FlagSpecs = Record<string, FlagSpec>;

export interface VerbArgs<F> {
  flags: F;
  positionals: string[];
  /** The verb as typed (`plan upgrade`), for messages. */
  command: string;
  /** Every flag as given, in order (for flags whose order matters, such as simulate's what-ifs). */
  given: { name: string; value?: string }[];
}

export interface VerbSpec<F = Record<string, unknown>> {
  name: string;
  summary: string;
  /** What follows `kube-hybrid <name>` on the usage line, e.g. `[paths…] [flags]`. */
  usage?: string;
  description?: string;
  flags: FlagSpecs;
  positionals?: { name: string; help?: string; complete?: CompletionKind; choices?: readonly string[] };
  /** Text after the flags: exit codes, notes. */
  footer?: string;
  run?: (args: VerbArgs<F>, io: CliIO) => Promise<number>;
  /** `plan lifecycle`, `webhook serve`, …: the first positional picks one. */
  subcommands?: readonly VerbSpec<never>[];
  /** A verb with subcommands that also runs alone (`audit` vs `audit manifests`). */
  runsWithoutSubcommand?: boolean;
}

/** Flags every verb answers the same way. */
export const COMMON_FLAGS = {
  help: { type: 'boolean', short: 'h', help: 'show this help and exit' },
  version: { type: 'boolean', help: 'print the version and exit' },
} as const satisfies FlagSpecs;

// ── Shared flag groups ───────────────────────────────────────────────────────────────────────────

export const CLUSTER_FLAGS = {
  cluster: { type: 'string', value: 'NAME|FILE', complete: 'file', help: 'built-in profile (kube-hybrid profiles), a ClusterProfile file, or kubectl get nodes -o json|yaml output (default: the "default" profile); - reads that NodeList from stdin; live reads the cluster of the kubeconfig' },
  context: { type: 'string', value: 'NAME', help: 'with --cluster live (implied): the kubeconfig context' },
  kubeconfig: { type: 'string', value: 'FILE', complete: 'file', help: 'with --cluster live (implied): the kubeconfig (default: $KUBECONFIG, ~/.kube/config)' },
} as const satisfies FlagSpecs;

export const REGISTRY_FLAGS = {
  'resolve-images': { type: 'boolean', help: "read each image's platforms from its registry instead of guessing from tags" },
  offline: { type: 'boolean', help: 'with --resolve-images: use only the on-disk cache' },
  'plain-http': { type: 'string', multiple: true, value: 'HOST', help: 'with --resolve-images: talk plain HTTP to this registry; repeatable' },
  'cache-dir': { type: 'string', value: 'DIR', complete: 'dir', help: 'with --resolve-images: where registry answers are cached' },
} as const satisfies FlagSpecs;

export const CONFIG_FLAGS = {
  config: { type: 'string', value: 'FILE', complete: 'file', help: 'read settings from this file instead of the nearest .kube-hybrid.yaml' },
  'no-config': { type: 'boolean', help: 'read no config file' },
} as const satisfies FlagSpecs;

export const COLOR_FLAGS = {
  color: { type: 'boolean', help: 'force colour on (also FORCE_COLOR=1)' },
  'no-color': { type: 'boolean', help: 'force colour off (also NO_COLOR=1); default: colour when stdout is a terminal' },
} as const satisfies FlagSpecs;

/** `-o text|json|yaml`: the output flag of the verbs that print a listing or a report in those three forms. */
export const TEXT_JSON_YAML_OUTPUT_FLAG = { type: 'string', short: 'o', value: 'FORMAT', choices: ['text', 'json', 'yaml'], default: 'text', help: 'output format' } as const satisfies FlagSpec;

/** A value of the form YYYY-MM-DD that is a real day. */
export const TODAY_FLAG = {
  type: 'string',
  value: 'YYYY-MM-DD',
  accepts: (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
  expects: 'a day as YYYY-MM-DD',
  help: 'the day lifecycle rules compare retirement dates with (default: today, UTC)',
} as const satisfies FlagSpec;

/** Colour: --color / --no-color, then FORCE_COLOR, then NO_COLOR (https://no-color.org), then the terminal. */
export function colorWanted(flags: { color?: boolean; 'no-color'?: boolean }, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flags['no-color']) return false;
  if (flags.color) return true;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY;
}

// ── Help ─────────────────────────────────────────────────────────────────────────────────────────

const HELP_WIDTH = 100;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line !== '' && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    lines.push(line);
  }
  return lines;
}

function flagLabel(name: string, flag: FlagSpec): string {
  const short = flag.short ? `-${flag.short}, ` : '    ';
  const value = flag.type === 'string' ? ` ${flag.value ?? 'VALUE'}` : '';
  return `  ${short}--${name}${value}`;
}

function flagHelpText(flag: FlagSpec): string {
  const parts = [flag.help];
  if (flag.choices) parts.push(`(${flag.choices.join(', ')}${flag.default !== undefined ? `; default ${flag.default}` : ''})`);
  else if (flag.default !== undefined) parts.push(`(default ${flag.default})`);
  if (flag.multiple && !/repeatable/.test(flag.help)) parts.push('(repeatable)');
  return parts.join(' ');
}

export function commandOf(spec: VerbSpec<never>, parent?: string): string {
  return parent ? `${parent} ${spec.name}` : spec.name;
}

/** The help of a verb: usage, description, subcommands, flags, footer — the same shape for all. */
export function helpOf(spec: VerbSpec<never>, parent?: string): string {
  const command = commandOf(spec, parent);
  const out: string[] = [];
  if (spec.subcommands && spec.subcommands.length > 0) {
    const usages = spec.subcommands.map((sub) => `kube-hybrid ${command} ${sub.name}${sub.usage ? ` ${sub.usage}` : ' [flags]'}`);
    if (spec.runsWithoutSubcommand) usages.unshift(`kube-hybrid ${command}${spec.usage ? ` ${spec.usage}` : ' [flags]'}`);
    out.push(`Usage: ${usages[0]}`, ...usages.slice(1).map((u) => `       ${u}`));
  } else {
    out.push(`Usage: kube-hybrid ${command}${spec.usage ? ` ${spec.usage}` : ' [flags]'}`);
  }
  out.push('', ...wrap(spec.description ?? spec.summary, HELP_WIDTH));
  if (spec.subcommands && spec.subcommands.length > 0) {
    const width = Math.max(...spec.subcommands.map((s) => s.name.length));
    out.push('', 'Commands:');
    for (const sub of spec.subcommands) out.push(`  ${sub.name.padEnd(width)}  ${sub.summary}`);
  }
  const flags: FlagSpecs = { ...spec.flags, ...COMMON_FLAGS };
  const labels = Object.entries(flags).map(([name, flag]) => [flagLabel(name, flag), flagHelpText(flag)] as const);
  const labelWidth = Math.min(30, Math.max(...labels.map(([label]) => label.length)));
  out.push('', 'Flags:');
  for (const [label, text] of labels) {
    const textWidth = HELP_WIDTH - labelWidth - 2;
    const wrapped = wrap(text, textWidth);
    if (label.length > labelWidth) {
      out.push(label);
      for (const line of wrapped) out.push(`${' '.repeat(labelWidth + 2)}${line}`);
    } else {
      out.push(`${label.padEnd(labelWidth)}  ${wrapped[0]}`);
      for (const line of wrapped.slice(1)) out.push(`${' '.repeat(labelWidth + 2)}${line}`);
    }
  }
  if (spec.subcommands && spec.subcommands.length > 0) out.push('', `Run \`kube-hybrid ${command} <command> --help\` for the flags of one command.`);
  if (spec.footer) out.push('', spec.footer.trimEnd());
  return `${out.join('\n')}\n`;
}

// ── Parsing ──────────────────────────────────────────────────────────────────────────────────────

type ParseOptions = NonNullable<ParseArgsConfig['options']>;

function parseOptionsOf(flags: FlagSpecs): ParseOptions {
  const options: ParseOptions = {};
  for (const [name, flag] of Object.entries(flags)) {
    options[name] = { type: flag.type, ...(flag.short ? { short: flag.short } : {}), ...(flag.multiple ? { multiple: true } : {}) };
  }
  return options;
}

/** Levenshtein distance, for "did you mean --output?". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

function suggestion(name: string, flags: FlagSpecs): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of Object.keys(flags)) {
    const d = distance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? ` (did you mean --${best}?)` : '';
}

export interface Parsed {
  flags: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  given: { name: string; value?: string }[];
}

/** Parses argv against the flags; throws UsageError with the one-line message on any mistake. */
export function parseFlags(argv: readonly string[], specFlags: FlagSpecs): Parsed {
  const flags: FlagSpecs = { ...specFlags, ...COMMON_FLAGS };
  const { values, positionals, tokens } = parseArgs({ args: [...argv], options: parseOptionsOf(flags), allowPositionals: true, strict: false, tokens: true });
  const given: Parsed['given'] = [];
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    given.push({ name: token.name, ...(token.value !== undefined ? { value: token.value } : {}) });
    const flag = Object.hasOwn(flags, token.name) ? flags[token.name] : undefined;
    if (!flag) throw new UsageError(`unknown flag ${token.rawName}${suggestion(token.name, flags)}`);
    const label = `--${token.name}`;
    if (flag.type === 'boolean' && token.inlineValue) throw new UsageError(`${label} takes no value (got "${token.value ?? ''}")`);
    if (flag.type === 'string') {
      if (token.value === undefined) throw new UsageError(`${label} needs a value${flag.choices ? `: one of ${flag.choices.join(', ')}` : flag.value ? ` (${flag.value})` : ''}`);
      if (flag.choices && !flag.choices.includes(token.value)) throw new UsageError(`${label} must be one of ${flag.choices.join(', ')} (got "${token.value}")`);
      if (flag.accepts && !flag.accepts(token.value)) throw new UsageError(`${label} must be ${flag.expects ?? 'valid'} (got "${token.value}")`);
    }
  }
  // A string flag given twice without `multiple`: the last wins, as with most CLIs.
  return { flags: values as Parsed['flags'], positionals, given };
}

/** The one shape of a usage mistake: what is wrong, the usage line, where help is. Exit 2. */
export function usageMistake(io: CliIO, command: string, message: string, usageLine?: string): number {
  const usage = usageLine ? `Usage: kube-hybrid ${command} ${usageLine}\n` : '';
  io.stderr(`kube-hybrid ${command}: ${message}\n${usage}Run 'kube-hybrid ${command} --help' for the flags.\n`);
  return EXIT_USAGE_OR_INPUT;
}

function wantsHelpOrVersion(argv: readonly string[]): 'help' | 'version' | undefined {
  for (const arg of argv) {
    if (arg === '--') return undefined;
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--version') return 'version';
  }
  return undefined;
}

/** Runs a verb from its spec: help, version, parsing, mistakes, then `run`. */
export async function runVerb<F>(spec: VerbSpec<F>, argv: readonly string[], io: CliIO, parent?: string): Promise<number> {
  const command = commandOf(spec as VerbSpec<never>, parent);
  const subcommands = spec.subcommands ?? [];
  if (subcommands.length > 0) {
    const [first, ...rest] = argv;
    const sub = subcommands.find((s) => s.name === first);
    if (sub) return runVerb(sub as VerbSpec<unknown>, rest, io, command);
    if (first === 'help') {
      io.stdout(helpOf(spec as VerbSpec<never>, parent));
      return EXIT_OK;
    }
    if (!spec.runsWithoutSubcommand) {
      const asked = wantsHelpOrVersion(argv);
      if (asked === 'help') {
        io.stdout(helpOf(spec as VerbSpec<never>, parent));
        return EXIT_OK;
      }
      if (asked === 'version') return printVersion(io);
      const names = subcommands.map((s) => s.name).join(', ');
      return usageMistake(io, command, first === undefined ? `name a command: ${names}` : `unknown command "${first}": one of ${names}`);
    }
  }
  const asked = wantsHelpOrVersion(argv);
  if (asked === 'help') {
    io.stdout(helpOf(spec as VerbSpec<never>, parent));
    return EXIT_OK;
  }
  if (asked === 'version') return printVersion(io);
  try {
    const parsed = parseFlags(argv, spec.flags);
    if (!spec.run) throw new UsageError(`name a command: ${subcommands.map((s) => s.name).join(', ')}`);
    if (!spec.positionals && parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
    const choices = spec.positionals?.choices;
    if (choices) {
      const bad = parsed.positionals.find((p) => !choices.includes(p));
      if (bad !== undefined) throw new UsageError(`${spec.positionals?.name ?? 'argument'} must be one of ${choices.join(', ')} (got "${bad}")`);
    }
    return await spec.run({ flags: parsed.flags as F, positionals: parsed.positionals, command, given: parsed.given }, io);
  } catch (error) {
    if (error instanceof UsageError) return usageMistake(io, command, error.message, spec.usage ?? '[flags]');
    throw error;
  }
}

export function printVersion(io: CliIO): number {
  io.stdout(`kube-hybrid ${VERSION}\n`);
  return EXIT_OK;
}
