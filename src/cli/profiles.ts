// `kube-hybrid profiles`: the built-in cluster profiles, their pools and Windows builds.
import { BUILTIN_PROFILE_NAMES, builtinCluster } from '../cluster/profiles.js';
import { describeBuild } from '../windows/builds.js';
import { jsonOrYaml } from '../format/yaml.js';
import type { Verb } from './io.js';
import { EXIT_OK } from './io.js';
import type { VerbSpec } from './spec.js';
import { TEXT_JSON_YAML_OUTPUT_FLAG, runVerb } from './spec.js';

export const verb: VerbSpec<{ output?: string }> = {
  name: 'profiles',
  summary: 'list the built-in cluster profiles',
  description: 'List the built-in cluster profiles (the names --cluster takes): their pools, operating systems, Windows builds and taints.',
  flags: { output: TEXT_JSON_YAML_OUTPUT_FLAG },
  footer: 'Exit codes: 0, or 2 on bad usage.',
  run: ({ flags }, io) => listProfiles(flags.output ?? 'text', io),
};

export const profiles: Verb = (argv, io) => runVerb(verb, argv, io);

async function listProfiles(output: string, io: Parameters<Verb>[1]): Promise<number> {
  const clusters = BUILTIN_PROFILE_NAMES.map((name) => builtinCluster(name));
  if (output === 'json' || output === 'yaml') {
    const body = clusters.map((c) => ({
      name: c.name,
      description: c.description ?? '',
      pools: c.pools.map((p) => ({ name: p.name, os: p.os, windowsBuild: p.windowsBuild, nodes: p.nodeNames.length })),
    }));
    io.stdout(jsonOrYaml({ profiles: body }, output));
    return EXIT_OK;
  }
  const lines: string[] = [];
  for (const c of clusters) {
    lines.push(`${c.name}${c.name === 'default' ? ' (used when --cluster is not given)' : ''}`);
    if (c.description) lines.push(`  ${c.description}`);
    for (const p of c.pools) {
      const nodeName = c.nodes.find((n) => n.metadata.name === p.nodeNames[0]);
      const taints = (nodeName?.spec?.taints ?? []).map((t) => `${t.key}${t.value ? '=' + t.value : ''}:${t.effect}`).join(', ');
      const os = p.os === 'windows' && p.windowsBuild ? `windows ${describeBuild(p.windowsBuild)}` : p.os;
      lines.push(`  - ${p.name.padEnd(14)} ${String(p.nodeNames.length).padStart(2)} × ${os}${taints ? `  taints: ${taints}` : ''}`);
    }
    lines.push('');
  }
  io.stdout(lines.join('\n'));
  return EXIT_OK;
}
