// Counting pods by label selector without scanning every pod: bound pods are grouped by
// (namespace, labels); a selector remembers which groups it matches; a group counts its pods per node.
// PodTopologySpread and InterPodAffinity ask "how many pods matching S are on node N / in domain D".
import { parsedSelectorMatches } from '../../kube/label-selector.js';
import type { ParsedLabelSelector, Requirement } from '../../kube/label-selector.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';

export class PodGroup {
  /**
   * Pods of the group per node, as two parallel arrays: node indices in the order they got their first
   * pod, and the pods on each. The scoring loops walk them without an iterator or a callback per node.
   */
  readonly nodeIndices: number[] = [];
  readonly nodeCounts: number[] = [];
  /** Position of each node index in the arrays above. */
  private readonly positions = new Map<number, number>();
  constructor(
    readonly namespace: string,
    readonly labels: Readonly<Record<string, string>>,
    /** Creation order among all groups. */
    readonly sequence: number,
  ) {}

  /** One more pod of the group on this node. */
  addOn(index: number): void {
    const position = this.positions.get(index);
    if (position === undefined) {
      this.positions.set(index, this.nodeIndices.length);
      this.nodeIndices.push(index);
      this.nodeCounts.push(1);
    } else this.nodeCounts[position]++;
  }

  /** Pods of the group on the node with this index. */
  countOn(index: number): number {
    const position = this.positions.get(index);
    return position === undefined ? 0 : this.nodeCounts[position];
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

/**
 * A requirement every group the selector matches meets with one of its values (In on a key): such a
 * selector is checked only against the groups carrying one of those labels, and a new group only
 * against the selectors anchored on one of its labels. Thousands of Deployments in a few namespaces
 * otherwise check every selector of a namespace against every group of it.
 */
function anchorOf(selector: ParsedLabelSelector): Requirement | undefined {
  if (selector.kind !== 'requirements') return undefined;
  return selector.requirements.find((r) => (r.operator === 'In' || r.operator === 'Equals') && r.values.length > 0);
}

const pairKey = (key: string, value: string) => `${key}\u0000${value}`;

/** A namespace's groups and the selectors registered for it alone. */
interface NamespaceIndex {
  /** Groups in creation order. */
  readonly groups: PodGroup[];
  /** Groups by one of their labels ("key\0value"), in creation order. */
  readonly byLabel: Map<string, PodGroup[]>;
  /** Selectors by their anchor's labels (see anchorOf), and those without an anchor. */
  readonly anchored: Map<string, Registered[]>;
  readonly unanchored: Registered[];
}

function labelsKey(namespace: string, labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  let key = namespace;
  for (const k of keys) key += `\u0000${k}\u0001${labels[k]}`;
  return key;
}

export class PodGroupIndex {
  private readonly groups = new Map<string, PodGroup>();
  /** The same groups and the selectors of one namespace, per namespace. */
  private readonly namespaces = new Map<string, NamespaceIndex>();
  private readonly byLabelsObject = new WeakMap<object, PodGroup>();
  private readonly registered = new Map<GroupSelector, Registered>();
  private readonly anyNamespace: Registered[] = [];

  private namespaceIndex(namespace: string): NamespaceIndex {
    let index = this.namespaces.get(namespace);
    if (!index) this.namespaces.set(namespace, (index = { groups: [], byLabel: new Map(), anchored: new Map(), unanchored: [] }));
    return index;
  }

  groupOf(pod: PodInfo): PodGroup {
    const cached = this.byLabelsObject.get(pod.labels);
    if (cached && cached.namespace === pod.namespace) return cached;
    const key = labelsKey(pod.namespace, pod.labels);
    let group = this.groups.get(key);
    if (!group) {
      group = new PodGroup(pod.namespace, pod.labels, this.groups.size);
      this.groups.set(key, group);
      const ns = this.namespaceIndex(group.namespace);
      ns.groups.push(group);
      for (const r of this.anyNamespace) if (this.matches(r.spec, group)) r.groups.push(group);
      for (const [label, value] of Object.entries(group.labels)) {
        const pair = pairKey(label, value);
        let withLabel = ns.byLabel.get(pair);
        if (!withLabel) ns.byLabel.set(pair, (withLabel = []));
        withLabel.push(group);
        // A group has one value per key, so a selector anchored on several values of a key meets it once.
        for (const r of ns.anchored.get(pair) ?? []) if (this.matches(r.spec, group)) r.groups.push(group);
      }
      for (const r of ns.unanchored) if (this.matches(r.spec, group)) r.groups.push(group);
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
    if (r) return r.groups;
    if (spec.onlyNamespace === undefined) {
      r = { spec, groups: [...this.groups.values()].filter((g) => this.matches(spec, g)) };
      this.anyNamespace.push(r);
    } else {
      const ns = this.namespaceIndex(spec.onlyNamespace);
      const anchor = anchorOf(spec.selector);
      if (anchor === undefined) {
        r = { spec, groups: ns.groups.filter((g) => this.matches(spec, g)) };
        ns.unanchored.push(r);
      } else {
        const pairs = [...new Set(anchor.values)].map((value) => pairKey(anchor.key, value));
        // Groups carrying one of the anchor's values, in creation order (as a scan of all would find them).
        const candidates = pairs.flatMap((pair) => ns.byLabel.get(pair) ?? []);
        if (pairs.length > 1) candidates.sort((a, b) => a.sequence - b.sequence);
        r = { spec, groups: candidates.filter((g) => this.matches(spec, g)) };
        for (const pair of pairs) {
          let list = ns.anchored.get(pair);
          if (!list) ns.anchored.set(pair, (list = []));
          list.push(r);
        }
      }
    }
    this.registered.set(spec, r);
    return r.groups;
  }

  countOnNode(spec: GroupSelector, node: NodeInfo): number {
    const groups = this.groupsMatching(spec);
    let count = 0;
    for (let i = 0; i < groups.length; i++) count += groups[i].countOn(node.index);
    return count;
  }

  /** Node index → matching pods, for every node that has any. */
  countsByNode(spec: GroupSelector): Map<number, number> {
    const out = new Map<number, number>();
    for (const group of this.groupsMatching(spec)) {
      const { nodeIndices, nodeCounts } = group;
      for (let e = 0; e < nodeIndices.length; e++) out.set(nodeIndices[e], (out.get(nodeIndices[e]) ?? 0) + nodeCounts[e]);
    }
    return out;
  }
}
