// Builders for scheduler tests, in the style of upstream's pkg/scheduler/testing wrappers
// (st.MakePod().Name("p").Node("n").Obj()): makePod().nodeSelector({...}).obj().
import type { Container, Node, PodSpec, Taint, Toleration, TopologySpreadConstraint, PodAffinityTerm } from '../../kube/types.js';
import { LABEL_HOSTNAME, LABEL_OS } from '../../kube/types.js';
import { makePodInfo, makeProfile } from '../framework/pod-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { LabelSelector } from '../../kube/types.js';

export class PodWrapper {
  name = 'pod';
  namespace = 'default';
  labels: Record<string, string> = {};
  spec: PodSpec = { containers: [] };
  private tolerationOverride?: Toleration[];
  private spreadSelectors: LabelSelector[] = [];

  withName(name: string): this {
    this.name = name;
    return this;
  }
  inNamespace(namespace: string): this {
    this.namespace = namespace;
    return this;
  }
  label(key: string, value: string): this {
    this.labels[key] = value;
    return this;
  }
  nodeSelector(selector: Record<string, string>): this {
    this.spec.nodeSelector = { ...this.spec.nodeSelector, ...selector };
    return this;
  }
  nodeName(name: string): this {
    this.spec.nodeName = name;
    return this;
  }
  container(container: Partial<Container> & { name?: string } = {}): this {
    this.spec.containers = [...(this.spec.containers ?? []), { name: `c${this.spec.containers?.length ?? 0}`, image: 'nginx', ...container }];
    return this;
  }
  initContainer(container: Partial<Container>): this {
    this.spec.initContainers = [...(this.spec.initContainers ?? []), { name: `i${this.spec.initContainers?.length ?? 0}`, image: 'busybox', ...container }];
    return this;
  }
  /** A container requesting these resources. */
  req(requests: Record<string, string | number>): this {
    return this.container({ resources: { requests } });
  }
  hostPort(port: number, protocol: 'TCP' | 'UDP' = 'TCP', hostIP?: string): this {
    return this.container({ ports: [{ containerPort: port, hostPort: port, protocol, ...(hostIP ? { hostIP } : {}) }] });
  }
  toleration(toleration: Toleration): this {
    this.spec.tolerations = [...(this.spec.tolerations ?? []), toleration];
    return this;
  }
  effectiveTolerations(tolerations: Toleration[]): this {
    this.tolerationOverride = tolerations;
    return this;
  }
  requiredNodeAffinity(key: string, operator: 'In' | 'NotIn' | 'Exists', values: string[] = []): this {
    this.spec.affinity = { ...this.spec.affinity, nodeAffinity: { ...this.spec.affinity?.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator, values }] }] } } };
    return this;
  }
  preferredNodeAffinity(weight: number, key: string, values: string[]): this {
    const na = this.spec.affinity?.nodeAffinity ?? {};
    const preferred = [...(na.preferredDuringSchedulingIgnoredDuringExecution ?? []), { weight, preference: { matchExpressions: [{ key, operator: 'In' as const, values }] } }];
    this.spec.affinity = { ...this.spec.affinity, nodeAffinity: { ...na, preferredDuringSchedulingIgnoredDuringExecution: preferred } };
    return this;
  }
  nodeNameAffinity(nodeName: string): this {
    this.spec.affinity = { ...this.spec.affinity, nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] } } };
    return this;
  }
  podAffinity(kind: 'podAffinity' | 'podAntiAffinity', term: PodAffinityTerm): this {
    const existing = this.spec.affinity?.[kind]?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    this.spec.affinity = { ...this.spec.affinity, [kind]: { requiredDuringSchedulingIgnoredDuringExecution: [...existing, term] } };
    return this;
  }
  preferredPodAffinity(kind: 'podAffinity' | 'podAntiAffinity', weight: number, term: PodAffinityTerm): this {
    const existing = this.spec.affinity?.[kind]?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    this.spec.affinity = { ...this.spec.affinity, [kind]: { preferredDuringSchedulingIgnoredDuringExecution: [...existing, { weight, podAffinityTerm: term }] } };
    return this;
  }
  spreadConstraint(constraint: TopologySpreadConstraint): this {
    this.spec.topologySpreadConstraints = [...(this.spec.topologySpreadConstraints ?? []), constraint];
    return this;
  }
  defaultSpreadSelector(selector: LabelSelector): this {
    this.spreadSelectors.push(selector);
    return this;
  }
  overhead(overhead: Record<string, string>): this {
    this.spec.overhead = overhead;
    return this;
  }
  obj(): PodInfo {
    const profile = makeProfile(this.spec, this.namespace, this.labels, {
      ...(this.tolerationOverride ? { tolerations: this.tolerationOverride } : {}),
      defaultSpreadSelectors: this.spreadSelectors,
    });
    return makePodInfo(profile, this.name, this.labels);
  }
}

export function makePod(name = 'pod'): PodWrapper {
  return new PodWrapper().withName(name);
}

export class NodeWrapper {
  node: Node;
  constructor(name: string) {
    this.node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { [LABEL_HOSTNAME]: name, [LABEL_OS]: 'linux' } },
      spec: {},
      status: { allocatable: { cpu: '4', memory: '16Gi', pods: '110' }, nodeInfo: { operatingSystem: 'linux' } },
    };
  }
  label(key: string, value: string): this {
    this.node.metadata.labels![key] = value;
    return this;
  }
  windows(build = '10.0.20348'): this {
    this.node.metadata.labels![LABEL_OS] = 'windows';
    this.node.metadata.labels!['node.kubernetes.io/windows-build'] = build;
    this.node.status!.nodeInfo = { operatingSystem: 'windows', kernelVersion: `${build}.1` };
    return this;
  }
  taint(taint: Taint): this {
    this.node.spec!.taints = [...(this.node.spec!.taints ?? []), taint];
    return this;
  }
  unschedulable(): this {
    this.node.spec!.unschedulable = true;
    return this;
  }
  capacity(allocatable: Record<string, string>): this {
    this.node.status!.allocatable = { ...this.node.status!.allocatable, ...allocatable };
    return this;
  }
  image(name: string, sizeBytes: number): this {
    this.node.status!.images = [...(this.node.status!.images ?? []), { names: [name], sizeBytes }];
    return this;
  }
  obj(): Node {
    return this.node;
  }
}

export function makeNode(name = 'node'): NodeWrapper {
  return new NodeWrapper(name);
}
