// `kube-hybrid profiles`: the built-in cluster profiles, their pools and Windows builds.
import { BUILTIN_PROFILE_NAMES, builtinCluster } from '../cluster/profiles.js';
import { describeBuild } from '../windows/builds.js';
import { outputFlagOnly } from './args.js';
import type { Verb } from './io.js';
import { EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';

export const profiles: Verb = async (argv, io) => {
  const output = outputFlagOnly('profiles', argv, ['text', 'json'] as const, io.stderr);
  if (output === undefined) return EXIT_USAGE_OR_INPUT;
  const clusters = BUILTIN_PROFILE_NAMES.map((name) => builtinCluster(name));
  if (output === 'json') {
    const body = clusters.map((c) => ({
      name: c.name,
      description: c.description ?? '',
      pools: c.pools.map((p) => ({ name: p.name, os: p.os, windowsBuild: p.windowsBuild, nodes: p.nodeNames.length })),
    }));
    io.stdout(JSON.stringify({ profiles: body }, null, 2) + '\n');
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
};
