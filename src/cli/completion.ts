// `kube-hybrid completion bash|zsh|fish|powershell`: a completion script generated from the verb
// specs, so it always knows every verb, subcommand, flag and choice of this build.
import type { CliIO, Verb } from './io.js';
import { EXIT_OK } from './io.js';
import type { CompletionKind, FlagSpec, VerbSpec } from './spec.js';
import { COMMON_FLAGS, UsageError, runVerb } from './spec.js';

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

/** One command a user can type (`check`, `plan upgrade`) and what completes after it. */
export interface CommandInfo {
  path: string[];
  summary: string;
  subcommands: { name: string; summary: string }[];
  flags: { name: string; short?: string; takesValue: boolean; choices?: readonly string[]; complete: CompletionKind; help: string }[];
  positional: CompletionKind;
}

function flagInfo(name: string, flag: FlagSpec): CommandInfo['flags'][number] {
  return { name, ...(flag.short ? { short: flag.short } : {}), takesValue: flag.type === 'string', ...(flag.choices ? { choices: flag.choices } : {}), complete: flag.complete ?? 'none', help: flag.help };
}

export function commandsOf(specs: readonly VerbSpec<never>[]): CommandInfo[] {
  const out: CommandInfo[] = [];
  const visit = (spec: VerbSpec<never>, parent: string[]) => {
    const path = [...parent, spec.name];
    const flags = Object.entries({ ...spec.flags, ...COMMON_FLAGS }).map(([name, flag]) => flagInfo(name, flag));
    out.push({ path, summary: spec.summary, subcommands: (spec.subcommands ?? []).map((s) => ({ name: s.name, summary: s.summary })), flags, positional: spec.positionals ? (spec.positionals.complete ?? 'file') : 'none' });
    for (const sub of spec.subcommands ?? []) visit(sub, path);
  };
  for (const spec of specs) visit(spec, []);
  return out;
}

const BINARIES = ['kube-hybrid', 'kubectl-hybrid'];
const q = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function bashScript(commands: readonly CommandInfo[]): string {
  const top = commands.filter((c) => c.path.length === 1).map((c) => c.path[0]);
  const cases = commands.map((c) => {
    const valueCases = c.flags.filter((f) => f.takesValue).map((f) => {
      const names = [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])].join('|');
      const action = f.choices ? `COMPREPLY=($(compgen -W ${q(f.choices.join(' '))} -- "$cur"))` : f.complete === 'file' ? 'COMPREPLY=($(compgen -f -- "$cur"))' : f.complete === 'dir' ? 'COMPREPLY=($(compgen -d -- "$cur"))' : 'COMPREPLY=()';
      return `        ${names}) ${action}; return;;`;
    });
    const flagWords = c.flags.flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]).join(' ');
    const rest = c.subcommands.length > 0 ? `COMPREPLY=($(compgen -W ${q(c.subcommands.map((s) => s.name).join(' '))} -- "$cur"))` : c.positional === 'file' ? 'COMPREPLY=($(compgen -f -- "$cur"))' : c.positional === 'dir' ? 'COMPREPLY=($(compgen -d -- "$cur"))' : 'COMPREPLY=()';
    return `    ${q(c.path.join(' '))})
      case "$prev" in
${valueCases.join('\n')}
      esac
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W ${q(flagWords)} -- "$cur")); else ${rest}; fi;;`;
  });
  const withSubs = commands.filter((c) => c.subcommands.length > 0).map((c) => c.path.join(' '));
  return `# kube-hybrid completion for bash. Load it with:
#   source <(kube-hybrid completion bash)
# or save it as /etc/bash_completion.d/kube-hybrid (or ~/.local/share/bash-completion/completions/kube-hybrid).
_kube_hybrid() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local start=1
  # As a kubectl plugin (kubectl hybrid …) the words start one later.
  if [[ "\${COMP_WORDS[0]}" == kubectl && "\${COMP_WORDS[1]}" == hybrid ]]; then start=2; fi
  if [[ $COMP_CWORD -eq $start ]]; then
    COMPREPLY=($(compgen -W ${q(top.join(' '))} -- "$cur")); return
  fi
  local command="\${COMP_WORDS[start]}"
  case "$command" in
    ${withSubs.join('|')}) if [[ $COMP_CWORD -gt $((start + 1)) && "\${COMP_WORDS[start+1]}" != -* ]]; then command="$command \${COMP_WORDS[start+1]}"; fi;;
  esac
  case "$command" in
${cases.join('\n')}
  esac
}
complete -o default -F _kube_hybrid ${BINARIES.join(' ')}
`;
}

export function zshScript(commands: readonly CommandInfo[]): string {
  // zsh runs the bash function through bashcompinit, which ships with zsh.
  return `#compdef kube-hybrid kubectl-hybrid
# kube-hybrid completion for zsh. Load it with:
#   source <(kube-hybrid completion zsh)
# (uses zsh's bashcompinit; put the line in ~/.zshrc after compinit).
autoload -U +X bashcompinit && bashcompinit
${bashScript(commands).split('\n').filter((line) => !line.startsWith('#')).join('\n')}`;
}

export function fishScript(commands: readonly CommandInfo[]): string {
  const lines = ['# kube-hybrid completion for fish. Load it with:', '#   kube-hybrid completion fish | source', '# or save it as ~/.config/fish/completions/kube-hybrid.fish'];
  const top = commands.filter((c) => c.path.length === 1);
  const esc = (t: string) => t.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  for (const bin of BINARIES) {
    lines.push(`complete -c ${bin} -f`);
    for (const c of top) lines.push(`complete -c ${bin} -n '__fish_use_subcommand' -a ${c.path[0]} -d '${esc(c.summary)}'`);
    for (const c of commands) {
      const condition = c.path.length === 1 ? `__fish_seen_subcommand_from ${c.path[0]}` : `__fish_seen_subcommand_from ${c.path[0]}; and __fish_seen_subcommand_from ${c.path[1]}`;
      for (const s of c.subcommands) lines.push(`complete -c ${bin} -n '${condition}; and not __fish_seen_subcommand_from ${c.subcommands.map((x) => x.name).join(' ')}' -a ${s.name} -d '${esc(s.summary)}'`);
      for (const f of c.flags) {
        const value = f.choices ? ` -x -a '${f.choices.join(' ')}'` : f.takesValue ? (f.complete === 'file' ? ' -r -F' : f.complete === 'dir' ? " -x -a '(__fish_complete_directories)'" : ' -x') : '';
        lines.push(`complete -c ${bin} -n '${condition}' -l ${f.name}${f.short ? ` -s ${f.short}` : ''}${value} -d '${esc(f.help.split(/[;(]/)[0].trim())}'`);
      }
      if (c.positional === 'file') lines.push(`complete -c ${bin} -n '${condition}' -F`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function powershellScript(commands: readonly CommandInfo[]): string {
  const ps = (t: string) => `'${t.replace(/'/g, "''")}'`;
  const table = commands.map((c) => {
    const flags = c.flags.map((f) => `@{ Name = ${ps(`--${f.name}`)}; Choices = @(${(f.choices ?? []).map(ps).join(', ')}) }`).join('; ');
    return `  ${ps(c.path.join(' '))} = @{ Subcommands = @(${c.subcommands.map((s) => ps(s.name)).join(', ')}); Flags = @(${flags}) }`;
  });
  const top = commands.filter((c) => c.path.length === 1).map((c) => ps(c.path[0]));
  return `# kube-hybrid completion for PowerShell. Load it with:
#   kube-hybrid completion powershell | Out-String | Invoke-Expression
# or add that line to $PROFILE.
$kubeHybridCommands = @{
${table.join('\n')}
}
$kubeHybridTop = @(${top.join(', ')})
Register-ArgumentCompleter -Native -CommandName ${BINARIES.join(', ')} -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $words = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
  if ($wordToComplete -ne '' -and $words.Count -gt 0) { $words = @($words | Select-Object -First ($words.Count - 1)) }
  $candidates = @()
  if ($words.Count -eq 0) { $candidates = $kubeHybridTop }
  else {
    $key = $words[0]
    if ($words.Count -gt 1 -and $kubeHybridCommands.ContainsKey("$key $($words[1])")) { $key = "$key $($words[1])" }
    $info = $kubeHybridCommands[$key]
    if ($null -ne $info) {
      $previous = $words[-1]
      $flag = $info.Flags | Where-Object { $_.Name -eq $previous } | Select-Object -First 1
      if ($null -ne $flag -and $flag.Choices.Count -gt 0) { $candidates = $flag.Choices }
      elseif ($wordToComplete.StartsWith('-')) { $candidates = $info.Flags | ForEach-Object { $_.Name } }
      elseif ($words.Count -eq 1) { $candidates = $info.Subcommands }
    }
  }
  $candidates | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
`;
}

export const verb: VerbSpec<Record<string, never>> = {
  name: 'completion',
  summary: 'print a shell completion script: bash, zsh, fish or powershell',
  usage: 'bash|zsh|fish|powershell',
  description: 'Print a completion script for the shell: verbs, subcommands, flags and their choices, for kube-hybrid and kubectl-hybrid. Load it with `source <(kube-hybrid completion bash)` (bash, zsh), `kube-hybrid completion fish | source`, or `kube-hybrid completion powershell | Out-String | Invoke-Expression`.',
  flags: {},
  positionals: { name: 'shell', choices: SHELLS },
  footer: 'Exit codes: 0, or 2 on bad usage.',
  async run({ positionals }, io) {
    if (positionals.length !== 1) throw new UsageError(`name one shell: ${SHELLS.join(', ')}`);
    io.stdout(await completionScript(positionals[0] as Shell));
    return EXIT_OK;
  },
};

export const completion: Verb = (argv, io: CliIO) => runVerb(verb, argv, io);

/** Loads every verb (all of them, unlike a normal run) and writes the shell's script. */
export async function completionScript(shell: Shell): Promise<string> {
  const { VERBS } = await import('./main.js');
  const specs = await Promise.all(Object.values(VERBS).map(async (entry) => (await entry.load()).verb));
  const commands = commandsOf(specs);
  return shell === 'bash' ? bashScript(commands) : shell === 'zsh' ? zshScript(commands) : shell === 'fish' ? fishScript(commands) : powershellScript(commands);
}

// ── kubectl plugin completion ────────────────────────────────────────────────────────────────────
// kubectl (1.26+) completes `kubectl hybrid …` by running `kubectl_complete-hybrid` from the PATH with
// the words after `kubectl hybrid` (the last one is being typed) and reading Cobra's protocol: one
// candidate per line, then `:<directive>` (0 default, 4 no file completion, 16 filter dirs). See
// https://github.com/kubernetes/sample-cli-plugin#shell-completion and kubernetes/kubernetes PR 105867
// (read 2026-11-30).
const DIRECTIVE_DEFAULT = 0;
const DIRECTIVE_NO_FILES = 4;
const DIRECTIVE_DIRS = 16;

export interface Completion {
  candidates: string[];
  directive: number;
}

const withPrefix = (words: readonly string[], prefix: string) => words.filter((w) => w.startsWith(prefix));

function directiveFor(kind: CompletionKind): number {
  return kind === 'file' ? DIRECTIVE_DEFAULT : kind === 'dir' ? DIRECTIVE_DIRS : DIRECTIVE_NO_FILES;
}

/** What completes the last of `words` (typed after the program name). */
export function completeWords(commands: readonly CommandInfo[], words: readonly string[]): Completion {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const top = commands.filter((c) => c.path.length === 1);
  if (before.length === 0) return { candidates: withPrefix(top.map((c) => c.path[0]), current), directive: DIRECTIVE_NO_FILES };
  let command = commands.find((c) => c.path.length === 1 && c.path[0] === before[0]);
  if (!command) return { candidates: [], directive: DIRECTIVE_NO_FILES };
  const sub = before[1] !== undefined ? commands.find((c) => c.path.length === 2 && c.path[0] === before[0] && c.path[1] === before[1]) : undefined;
  if (sub) command = sub;
  const previous = before.at(-1) ?? '';
  const flag = command.flags.find((f) => previous === `--${f.name}` || (f.short !== undefined && previous === `-${f.short}`));
  if (flag?.takesValue) return flag.choices ? { candidates: withPrefix([...flag.choices], current), directive: DIRECTIVE_NO_FILES } : { candidates: [], directive: directiveFor(flag.complete) };
  if (current.startsWith('-')) return { candidates: withPrefix(command.flags.map((f) => `--${f.name}`), current), directive: DIRECTIVE_NO_FILES };
  if (!sub && command.subcommands.length > 0 && before.length === 1) return { candidates: withPrefix(command.subcommands.map((s) => s.name), current), directive: DIRECTIVE_NO_FILES };
  return { candidates: [], directive: directiveFor(command.positional) };
}

/** `kube-hybrid __complete WORDS…` (hidden): the Cobra protocol, for kubectl_complete-hybrid. */
export async function completeCommand(words: readonly string[], io: CliIO): Promise<number> {
  const { VERBS } = await import('./main.js');
  const specs = await Promise.all(Object.values(VERBS).map(async (entry) => (await entry.load()).verb));
  const { candidates, directive } = completeWords(commandsOf(specs), words.length === 0 ? [''] : words);
  io.stdout(`${candidates.map((c) => `${c}\n`).join('')}:${directive}\n`);
  return EXIT_OK;
}
