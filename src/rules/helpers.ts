// Small shared pieces of rule wording.
import type { Cluster } from '../cluster/model.js';
import type { Node } from '../kube/types.js';
import { poolNameOf } from '../cluster/pools.js';

/** "win22 (3 nodes), win19 (1 node)" — nodes grouped by their pool, in cluster order. */
export function describeNodesByPool(nodes: readonly Node[], _cluster?: Cluster): string {
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const pool = poolNameOf(node);
    counts.set(pool, (counts.get(pool) ?? 0) + 1);
  }
  return [...counts].map(([pool, count]) => `${pool} (${count} node${count === 1 ? '' : 's'})`).join(', ');
}
