// `kube-hybrid init`: write a commented starter .kube-hybrid.yaml in the working directory.
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_FILE_NAMES, loadConfigFile } from '../config/config.js';
import type { CliIO, Verb } from './io.js';
import { EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';
import type { VerbSpec } from './spec.js';
import { runVerb } from './spec.js';

/** The starter file: every setting, commented, with the defaults check uses without it. */
export function starterConfig(cluster?: string): string {
  return `# kube-hybrid settings for this project: kube-hybrid check reads the nearest .kube-hybrid.yaml
# from the working directory upward (or --config FILE). Flags on the command line override it.
# Schema: schema/kube-hybrid-config.schema.json in the kube-hybrid package.
# yaml-language-server: $schema=https://github.com/kube-hybrid/kube-hybrid/raw/main/schema/kube-hybrid-config.schema.json

# The cluster to check against (as --cluster): a built-in profile (kube-hybrid profiles), a
# ClusterProfile or \`kubectl get nodes -o yaml\` file relative to this file, or live.
${cluster ? `cluster: ${JSON.stringify(cluster)}` : '# cluster: default'}

# Exit 1 when a finding is at or above this level (as --fail-on): error, warning, info or none.
fail-on: error

# Output format (as -o): text, json, yaml, sarif, junit or github.
# output: text

# Rule levels (as --rule ID=LEVEL): error, warning, info or off. kube-hybrid rules lists the ids.
rules: {}
#   windows-image-build-mismatch: warning

# Findings not to report. An entry matches when every field it gives matches; say why in reason.
ignore: []
#   - rule: host-process-requirements   # a rule id, a list of them, or "*"
#     paths: ["legacy/**/*.yaml"]             # globs relative to this file (also Helm # Source: templates)
#     namespace: kube-system
#     kind: DaemonSet
#     name: node-exporter
#     reason: runs on Linux nodes only; tracked in OPS-123
`;
}

interface InitFlags {
  force?: boolean;
  cluster?: string;
}

export const verb: VerbSpec<InitFlags> = {
  name: 'init',
  summary: 'write a commented starter .kube-hybrid.yaml',
  description: 'Write a commented starter .kube-hybrid.yaml in the working directory: cluster, fail-on, output, rule levels and ignores, each explained.',
  flags: {
    cluster: { type: 'string', value: 'NAME|FILE', complete: 'file', help: 'the cluster to write into the file' },
    force: { type: 'boolean', help: 'overwrite an existing file' },
  },
  footer: 'Exit codes: 0 written, 2 the file exists (use --force) or bad usage.',
  run: ({ flags }, io) => init(flags, io),
};

export const initVerb: Verb = (argv, io) => runVerb(verb, argv, io);

async function init(flags: InitFlags, io: CliIO): Promise<number> {
  const path = resolve(io.cwd, CONFIG_FILE_NAMES[0]);
  if (existsSync(path) && !flags.force) {
    io.stderr(`kube-hybrid init: ${path} exists; use --force to overwrite it\n`);
    return EXIT_USAGE_OR_INPUT;
  }
  const text = starterConfig(flags.cluster);
  // The starter must itself be valid: a file that init writes and check refuses would be a poor start.
  const check = loadConfigFile(path, text);
  if (!check.config) throw new Error(`starter config is invalid: ${check.problems.map((p) => p.message).join('; ')}`);
  writeFileSync(path, text);
  io.stderr(`kube-hybrid init: wrote ${path}\n`);
  return EXIT_OK;
}
