// What-if changes to the cluster before simulating: --scale-pool NAME=N, --remove-pool NAME,
// --add-pool '<pool as in the profile format>' (or a file holding one), --cordon NODE|POOL.
// The input cluster is never modified; a changed copy is returned.
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Cluster } from '../cluster/model.js';
import { poolNameOf, poolsOfNodes } from '../cluster/pools.js';
import { nodeOfPool, nodesOfPool, parsePoolSpec } from '../cluster/profile.js';
import type { ProfileProblem } from '../cluster/profile.js';
import type { Node } from '../kube/types.js';
import { LABEL_HOSTNAME } from '../kube/types.js';

export type WhatIf =
  | { kind: 'scale-pool'; pool: string; count: number }
  | { kind: 'remove-pool'; pool: string }
  | { kind: 'add-pool'; spec: string }
  | { kind: 'cordon'; target: string };

export interface WhatIfResult {
  cluster: Cluster;
  /** One line per change, for the report. */
  applied: string[];
  problems: string[];
}

function cloneNode(node: Node, name: string): Node {
  const copy = structuredClone(node);
  copy.metadata.name = name;
  if (copy.metadata.labels) copy.metadata.labels[LABEL_HOSTNAME] = name;
  return copy;
}

function parseAddPool(text: string): { value?: unknown; error?: string } {
  try {
    return { value: parseYaml(existsSync(text) ? readFileSync(text, 'utf8') : text) };
  } catch (error) {
    return { error: `--add-pool: not a YAML mapping: ${(error as Error).message}` };
  }
}

export function parseScalePool(text: string): { pool: string; count: number } | undefined {
  const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)=(\d+)$/.exec(text.trim());
  return m ? { pool: m[1], count: Number(m[3]) } : undefined;
}

export function applyWhatIfs(cluster: Cluster, changes: readonly WhatIf[]): WhatIfResult {
  let nodes: Node[] = cluster.nodes.map((n) => n);
  const poolOf = new Map<string, string>();
  for (const pool of cluster.pools) for (const name of pool.nodeNames) poolOf.set(name, pool.name);
  const poolNames = () => new Set(poolOf.values());
  const applied: string[] = [];
  const problems: string[] = [];

  for (const change of changes) {
    switch (change.kind) {
      case 'remove-pool': {
        if (!poolNames().has(change.pool)) {
          problems.push(`--remove-pool ${change.pool}: no such pool (pools: ${[...poolNames()].join(', ')})`);
          break;
        }
        const before = nodes.length;
        nodes = nodes.filter((n) => poolOf.get(n.metadata.name) !== change.pool);
        applied.push(`removed pool ${change.pool} (${before - nodes.length} nodes)`);
        break;
      }
      case 'scale-pool': {
        const members = nodes.filter((n) => poolOf.get(n.metadata.name) === change.pool);
        if (members.length === 0) {
          problems.push(`--scale-pool ${change.pool}=${change.count}: no such pool, or it has no node to copy (use --add-pool)`);
          break;
        }
        if (change.count < members.length) {
          const drop = new Set(members.slice(change.count).map((n) => n.metadata.name));
          nodes = nodes.filter((n) => !drop.has(n.metadata.name));
        } else {
          const taken = new Set(nodes.map((n) => n.metadata.name));
          const template = members[members.length - 1];
          let index = members.length;
          for (let added = members.length; added < change.count; added++) {
            let name = `${change.pool}-${index++}`;
            while (taken.has(name)) name = `${change.pool}-${index++}`;
            taken.add(name);
            poolOf.set(name, change.pool);
            nodes.push(cloneNode(template, name));
          }
        }
        applied.push(`scaled pool ${change.pool} from ${members.length} to ${change.count} nodes`);
        break;
      }
      case 'add-pool': {
        const parsed = parseAddPool(change.spec);
        if (parsed.error) {
          problems.push(parsed.error);
          break;
        }
        const specProblems: ProfileProblem[] = [];
        const spec = parsePoolSpec(parsed.value, '', specProblems);
        if (!spec) {
          problems.push(...specProblems.map((p) => `--add-pool${p.path ? ` ${p.path}` : ''}: ${p.message}`));
          break;
        }
        if (poolNames().has(spec.name)) {
          problems.push(`--add-pool: a pool named ${spec.name} already exists`);
          break;
        }
        const added = nodesOfPool(spec);
        for (const node of added) poolOf.set(node.metadata.name, spec.name);
        nodes.push(...added);
        applied.push(`added pool ${spec.name} (${added.length} ${spec.os} nodes${spec.windowsVersion ? `, ${spec.windowsVersion}` : ''})`);
        break;
      }
      case 'cordon': {
        const byName = nodes.some((n) => n.metadata.name === change.target);
        const targets = byName ? [change.target] : nodes.filter((n) => poolOf.get(n.metadata.name) === change.target).map((n) => n.metadata.name);
        if (targets.length === 0) {
          problems.push(`--cordon ${change.target}: no node or pool of that name`);
          break;
        }
        const set = new Set(targets);
        nodes = nodes.map((n) => (set.has(n.metadata.name) ? { ...n, spec: { ...n.spec, unschedulable: true } } : n));
        applied.push(byName ? `cordoned node ${change.target}` : `cordoned pool ${change.target} (${targets.length} nodes)`);
        break;
      }
    }
  }
  // Keep pool names from the input where nodes carry no pool label (NodeList input).
  const grouped = new Map<string, Node[]>();
  for (const node of nodes) {
    const name = poolOf.get(node.metadata.name) ?? poolNameOf(node);
    grouped.set(name, [...(grouped.get(name) ?? []), node]);
  }
  const pools = [...grouped].map(([name, members]) => ({ ...poolsOfNodes(members)[0], name }));
  return { cluster: { ...cluster, nodes, pools }, applied, problems };
}

export { nodeOfPool };
