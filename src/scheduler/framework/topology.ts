// Topology domains by index: for one topology key, each node's domain as a small integer (-1 when the
// node lacks the label). Node labels never change during a simulation, so each key is indexed once and
// plugins count pods per domain in typed arrays instead of string-keyed maps.
import type { NodeInfo } from './node-info.js';

export interface TopologyDomains {
  readonly key: string;
  /** Domain id per node index; -1 when `node.labels[key]` is undefined. */
  readonly ids: Int32Array;
  /** Number of distinct domains (ids are 0 … count − 1, numbered in node order). */
  readonly count: number;
}

export class TopologyIndex {
  private readonly byKey = new Map<string, TopologyDomains>();

  constructor(private readonly nodes: readonly NodeInfo[]) {}

  domains(key: string): TopologyDomains {
    let domains = this.byKey.get(key);
    if (!domains) {
      const ids = new Int32Array(this.nodes.length);
      const seen = new Map<unknown, number>();
      for (const node of this.nodes) {
        const value: unknown = node.labels[key];
        if (value === undefined) {
          ids[node.index] = -1;
          continue;
        }
        let id = seen.get(value);
        if (id === undefined) seen.set(value, (id = seen.size));
        ids[node.index] = id;
      }
      domains = { key, ids, count: seen.size };
      this.byKey.set(key, domains);
    }
    return domains;
  }
}
