// Counting pods by label selector without scanning every pod: bound pods are grouped by
// (namespace, labels); a selector remembers which groups it matches; a group counts its pods per node.
// PodTopologySpread and InterPodAffinity ask "how many pods matching S are on node N / in domain D".
import { parsedSelectorMatches } from '../../kube/label-selector.js';
import type { ParsedLabelSelector } from '../../kube/label-selector.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';

export class PodGroup {
  /** Pods of the group per node index. */
  readonly perNode = new Map<number, number>();
  /**
   * The same counts as two parallel arrays, nodes in the order they got their first pod (perNode's
   * order): the scoring loops walk them without an iterator or a callback per node.
   */
  readonly nodeIndices: number[] = [];
  readonly nodeCounts: number[] = [];
  /** Position of each node index in the arrays above. */
  private readonly positions = new Map<number, number>();
  constructor(
    readonly namespace: string,
    readonly labels: Readonly<Record<string, string>>,
  ) {}

  /** One more pod of the group on this node. */
  addOn(index: number): void {
    const position = this.positions.get(index);
    if (position === undefined) {
      this.positions.set(index, this.nodeIndices.length);
      this.nodeIndices.push(index);
      this.nodeCounts.push(1);
      this.perNode.set(index, 1);
    } else {
      const count = ++this.nodeCounts[position];
      this.perNode.set(index, count);
    }
  }
}

export interface GroupSelector {
  readonly namespaceMatches: (namespace: string) => boolean;
  /**
   * Set when `namespaceMatches` accepts this namespace only: the selector is then checked against the
   * groups of that namespace, and a new group against the selectors of its own namespace, rather than
   * all against all (thousands of each at scale).
   */
  readonly onlyNamespace?: string;
  readonly selector: ParsedLabelSelector;
}

interface Registered {
  readonly groups: PodGroup[];
  readonly spec: GroupSelector;
}

function labelsKey(namespace: string, labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  let key = namespace;
  for (const k of keys) key += `\u0000${k}\u0001${labels[k]}`;
  return key;
}

export class PodGroupIndex {
  private readonly groups = new Map<string, PodGroup>();
  /** The same groups per namespace, in creation order. */
  private readonly groupsOfNamespace = new Map<string, PodGroup[]>();
  private readonly byLabelsObject = new WeakMap<object, PodGroup>();
  private readonly registered = new Map<GroupSelector, Registered>();
  private readonly anyNamespace: Registered[] = [];
  private readonly byNamespace = new Map<string, Registered[]>();

  groupOf(pod: PodInfo): PodGroup {
    const cached = this.byLabelsObject.get(pod.labels);
    if (cached && cached.namespace === pod.namespace) return cached;
    const key = labelsKey(pod.namespace, pod.labels);
    let group = this.groups.get(key);
    if (!group) {
      group = new PodGroup(pod.namespace, pod.labels);
      this.groups.set(key, group);
      let inNamespace = this.groupsOfNamespace.get(group.namespace);
      if (!inNamespace) this.groupsOfNamespace.set(group.namespace, (inNamespace = []));
      inNamespace.push(group);
      for (const r of this.anyNamespace) if (this.matches(r.spec, group)) r.groups.push(group);
      for (const r of this.byNamespace.get(group.namespace) ?? []) if (this.matches(r.spec, group)) r.groups.push(group);
    }
    this.byLabelsObject.set(pod.labels, group);
    return group;
  }

  add(pod: PodInfo, node: NodeInfo): void {
    this.groupOf(pod).addOn(node.index);
  }

  private matches(spec: GroupSelector, group: PodGroup): boolean {
    return spec.namespaceMatches(group.namespace) && parsedSelectorMatches(spec.selector, group.labels);
  }

  /**
   * The groups a selector matches; registered on first use (selector objects are compared by identity).
   * Always the same array for one selector, extended in place as new groups appear.
   */
  groupsMatching(spec: GroupSelector): readonly PodGroup[] {
    let r = this.registered.get(spec);
    if (!r) {
      const candidates = spec.onlyNamespace === undefined ? [...this.groups.values()] : (this.groupsOfNamespace.get(spec.onlyNamespace) ?? []);
      r = { spec, groups: candidates.filter((g) => this.matches(spec, g)) };
      this.registered.set(spec, r);
      if (spec.onlyNamespace === undefined) this.anyNamespace.push(r);
      else {
        let list = this.byNamespace.get(spec.onlyNamespace);
        if (!list) this.byNamespace.set(spec.onlyNamespace, (list = []));
        list.push(r);
      }
    }
    return r.groups;
  }

  countOnNode(spec: GroupSelector, node: NodeInfo): number {
    const groups = this.groupsMatching(spec);
    let count = 0;
    for (let i = 0; i < groups.length; i++) count += groups[i].perNode.get(node.index) ?? 0;
    return count;
  }

  /** Node index → matching pods, for every node that has any. */
  countsByNode(spec: GroupSelector): Map<number, number> {
    const out = new Map<number, number>();
    for (const group of this.groupsMatching(spec)) {
      for (const [index, count] of group.perNode) out.set(index, (out.get(index) ?? 0) + count);
    }
    return out;
  }
}
