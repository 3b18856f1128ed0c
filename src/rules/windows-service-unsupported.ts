import type { InputService, Rule } from '../engine/types.js';
import { IGNORE_ANNOTATION } from '../engine/types.js';
import type { KubeObject, Node } from '../kube/types.js';
import { osOfNode } from '../kube/nodes.js';
import { detached } from '../util/detach.js';
import type { ManifestObject, SourceFile, SourcePosition } from '../manifests/types.js';
import type { Workload } from '../manifests/workloads.js';
import { asRecord, asString, asStringMap } from '../util/guards.js';
import { windowsVersionOfNode } from '../windows/builds.js';
import { poolNameOf } from '../cluster/pools.js';

/**
 * kubernetes.io/docs/concepts/services-networking/windows-networking (read 2026-11-30), "Limitations":
 * not supported on Windows nodes: "More than 1024 backend pods (or unique destination addresses) for
 * a single Service" (older releases of the page said 64). "Windows Service Settings": session
 * affinity needs Windows Server 2022 (build 20348) or later.
 */
export const WINDOWS_MAX_SERVICE_BACKENDS = 1024;
const SESSION_AFFINITY_MIN_BUILD = 20348;

interface Problem {
  messageId: string;
  path: string;
}

function problemsOf(service: InputService, oldWindowsNodes: string): Problem[] {
  const problems: Problem[] = [];
  if (service.affinityTimeout) problems.push({ messageId: 'sessionAffinityTimeout', path: '/spec/sessionAffinityConfig/clientIP/timeoutSeconds' });
  if (service.clientIpAffinity && oldWindowsNodes !== '') problems.push({ messageId: 'sessionAffinityBuild', path: '/spec/sessionAffinity' });
  if (service.localTrafficPolicy) problems.push({ messageId: 'localTrafficPolicy', path: '/spec/externalTrafficPolicy' });
  if (service.ipv6Only) problems.push({ messageId: 'ipv6Only', path: '/spec/ipFamilies' });
  return problems;
}

/**
 * Strings kept past the visit of the object they were read from are copied (a string read from a
 * file keeps the whole file's text alive, util/detach.ts), once per distinct value: namespaces,
 * label keys and file paths repeat across thousands of objects.
 */
function interner(): (text: string) => string {
  const seen = new Map<string, string>();
  return (text) => {
    let copy = seen.get(text);
    if (copy === undefined) seen.set((copy = detached(text)), copy);
    return copy;
  };
}

/**
 * What the rule reads of a Service (a v1 Service; undefined for any other object), copied out of the
 * file: a streamed `check` gathers these in its first pass (AnalysisInputs.services).
 */
export function inputServiceReader(): (object: ManifestObject) => InputService | undefined {
  const intern = interner();
  return (object) => {
    if (object.object.kind !== 'Service' || object.object.apiVersion !== 'v1') return undefined;
    const spec = asRecord(object.object.spec);
    const found = asStringMap(spec?.selector);
    let selector: Record<string, string> | undefined;
    if (found && Object.keys(found).length > 0) {
      selector = {};
      for (const [key, value] of Object.entries(found)) selector[intern(key)] = detached(value);
    }
    const namespace = object.object.metadata?.namespace;
    const families = Array.isArray(spec?.ipFamilies) ? spec.ipFamilies : [];
    return {
      file: intern(object.file.path),
      documentIndex: object.documentIndex,
      basePointer: intern(object.basePointer),
      namespace: typeof namespace === 'string' ? intern(namespace) : undefined,
      selector,
      externalName: asString(spec?.type) === 'ExternalName',
      affinityTimeout: asRecord(asRecord(spec?.sessionAffinityConfig)?.clientIP)?.timeoutSeconds !== undefined,
      clientIpAffinity: spec?.sessionAffinity === 'ClientIP',
      localTrafficPolicy: spec?.externalTrafficPolicy === 'Local',
      ipv6Only: families.length > 0 && families.every((f) => f === 'IPv6'),
    };
  };
}

/** True when the visited object is the Service read at that place. */
function isReadAt(object: ManifestObject, service: InputService): boolean {
  return object.documentIndex === service.documentIndex && object.basePointer === service.basePointer && object.file.path === service.file;
}

/** What pairing reads of a workload's pods. */
interface PodsOf {
  namespace: string | undefined;
  labels: Record<string, string>;
  /** `Deployment web`, as messages name it. */
  label: string;
  /** Pods the workload runs as written (backendsOf). */
  replicas: number;
}

/** The workload's pods as read now (kept only for the visit: nothing copied). */
function podsNow(workload: Workload, replicas: number): PodsOf {
  return { namespace: workload.namespace, labels: asStringMap(workload.podMetadata.labels) ?? {}, label: `${workload.kind} ${workload.name}`, replicas };
}

/**
 * The same, kept until the end of the run when Services may come later (no first pass): ~200 bytes
 * where the workload (its parsed document) is ~6 KiB, strings copied out of the file's text.
 */
function podsKept(workload: Workload, intern: (text: string) => string, replicas: number): PodsOf {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(asStringMap(workload.podMetadata.labels) ?? {})) labels[intern(key)] = detached(value);
  const namespace = workload.namespace === undefined ? undefined : intern(workload.namespace);
  return { namespace, labels, label: detached(`${workload.kind} ${workload.name}`), replicas };
}

function selects(service: InputService, pods: PodsOf): boolean {
  const selector = service.selector;
  if (!selector) return false;
  if (service.namespace !== undefined && pods.namespace !== undefined && service.namespace !== pods.namespace) return false;
  const labels = pods.labels;
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}

/** A position, or what locating it threw (thrown again when the finding is made, where the rule's errors surface). */
type Located = SourcePosition | { error: unknown };

/** The Service as a report's target, made when a finding about it is (its document may be long gone). */
class RetainedService implements ManifestObject {
  readonly file: SourceFile;
  readonly documentIndex: number;
  readonly basePointer: string;
  readonly helmSource: string | undefined;

  constructor(
    private readonly kept: KeptService,
    private readonly located: ReadonlyMap<string, Located>,
  ) {
    this.file = { path: kept.service.file, text: '', lineStarts: [] };
    this.documentIndex = kept.service.documentIndex;
    this.basePointer = kept.service.basePointer;
    this.helmSource = kept.rare?.helmSource;
  }

  get object(): KubeObject {
    const metadata: Record<string, unknown> = { ...(this.kept.rare?.metadata ?? { name: this.kept.name }) };
    if (this.kept.service.namespace !== undefined && !('namespace' in metadata)) metadata.namespace = this.kept.service.namespace;
    return { apiVersion: 'v1', kind: 'Service', metadata: metadata as KubeObject['metadata'] };
  }

  positionOf(pointer: string): SourcePosition {
    const position = this.located.get(pointer);
    if (position === undefined) throw new Error(`windows-service-unsupported: no position kept for ${pointer}`);
    if ('error' in position) throw position.error;
    return position;
  }
}

/**
 * What a visited Service leaves for findings made after its visit: its name and the position of its
 * selector (what the backend count reports; the common case, ~60 bytes), the rest only when there is
 * more to it (an ignore annotation, a Helm template, an odd name, settings still to report).
 */
interface KeptService {
  service: InputService;
  name: string;
  selectorLine: number;
  selectorColumn: number;
  rare?: {
    metadata?: Record<string, unknown>;
    helmSource?: string;
    located: Map<string, Located>;
  };
}

function keptServiceOf(service: InputService, object: ManifestObject, paths: readonly string[], intern: (text: string) => string): KeptService {
  const located = new Map<string, Located>();
  for (const path of paths) {
    try {
      located.set(path, object.positionOf(path));
    } catch (error) {
      located.set(path, { error });
    }
  }
  const metadata = object.object.metadata;
  const name = metadata?.name;
  const selectorAt = located.get('/spec/selector');
  const plain = typeof name === 'string' && name !== '' && metadata?.generateName === undefined && metadata?.annotations?.[IGNORE_ANNOTATION] === undefined && (metadata?.namespace === undefined || typeof metadata.namespace === 'string');
  if (plain && object.helmSource === undefined && paths.length === 1 && selectorAt && !('error' in selectorAt)) {
    return { service, name: detached(name), selectorLine: selectorAt.line, selectorColumn: selectorAt.column };
  }
  const kept: Record<string, unknown> = {};
  for (const field of ['name', 'generateName', 'namespace'] as const) {
    const value = metadata?.[field];
    if (value !== undefined) kept[field] = typeof value === 'string' ? detached(value) : value;
  }
  const ignore = metadata?.annotations?.[IGNORE_ANNOTATION];
  if (ignore !== undefined) kept.annotations = { [IGNORE_ANNOTATION]: typeof ignore === 'string' ? detached(ignore) : ignore };
  return { service, name: '', selectorLine: 0, selectorColumn: 0, rare: { metadata: kept, helmSource: object.helmSource === undefined ? undefined : intern(object.helmSource), located } };
}

function targetOf(kept: KeptService): ManifestObject {
  const located = kept.rare?.located ?? new Map<string, Located>([['/spec/selector', { line: kept.selectorLine, column: kept.selectorColumn }]]);
  return new RetainedService(kept, located);
}

/** A finding made before its Service was visited: reported on the Service when it is. */
interface Pending {
  messageId: string;
  path: string;
  data: Record<string, string | number>;
}

/** What an index holds under a pair it never saw (most pairs): one empty list for all. */
const NONE: readonly never[] = Object.freeze([]);

/**
 * Entries by label key, then value; one entry is held as itself, more as an array (most label pairs
 * belong to one workload or Service).
 */
class PairIndex<T> {
  private readonly byKey = new Map<string, Map<string, T | T[]>>();

  add(key: string, value: string, entry: T): void {
    let byValue = this.byKey.get(key);
    if (!byValue) this.byKey.set(key, (byValue = new Map()));
    const held = byValue.get(value);
    if (held === undefined) byValue.set(value, entry);
    else if (Array.isArray(held)) held.push(entry);
    else byValue.set(value, [held, entry]);
  }

  /** Entries under the pair, in the order added. */
  get(key: string, value: string): readonly T[] {
    const held = this.byKey.get(key)?.get(value);
    return held === undefined ? NONE : Array.isArray(held) ? held : [held];
  }
}

/**
 * Kubernetes docs (Networking on Windows): Service settings Windows nodes do not honour, on Services
 * whose selector matches a Windows workload in the input; and Services with more backends than
 * Windows kube-proxy supports (any backends: every Windows node's kube-proxy programs every Service).
 * Services and workloads may come in any order. When the Services were read first
 * (AnalysisInputs.services: a streamed `check`), each workload is paired with them as it is visited
 * and nothing of it is kept; otherwise each new Service or workload is paired with those already seen.
 * A finding is reported on the Service when both it and the workload that decides it were visited.
 */
export const windowsServiceUnsupported: Rule = {
  id: 'windows-service-unsupported',
  meta: {
    category: 'networking',
    defaultSeverity: 'warning',
    description:
      'A Service in front of Windows pods that uses a setting Windows nodes do not support (session affinity timeout, ClientIP affinity before Windows Server 2022, Local traffic policy without DSR, IPv6-only), or a Service with more backends than Windows kube-proxy supports.',
    messages: {
      sessionAffinityTimeout:
        'Service selects Windows pods ({{workload}}), but sessionAffinityConfig.clientIP.timeoutSeconds is not supported on Windows: the maximum sticky time is not applied there. Remove it.',
      sessionAffinityBuild:
        'Service selects Windows pods ({{workload}}) with sessionAffinity ClientIP, which Windows supports only from Windows Server 2022: on the older Windows nodes of this cluster ({{nodes}}) connections are not sticky. Move the workload to Windows Server 2022 or later nodes, or do not rely on affinity.',
      localTrafficPolicy:
        'Service selects Windows pods ({{workload}}): externalTrafficPolicy Local works on Windows only in DSR mode (kube-proxy --enable-dsr=true); without it the Local traffic policy is not supported.',
      ipv6Only:
        'Service selects Windows pods ({{workload}}) but is IPv6-only: Kubernetes on Windows does not support single-stack IPv6 (dual-stack works on l2bridge networks, not overlay). Use IPv4 or dual-stack.',
      tooManyBackends:
        'Service selects {{backends}} pods ({{workloads}}), more than the {{limit}} backends per Service that kube-proxy supports on Windows nodes: Windows pods and nodes cannot reach it reliably. Split it into several Services.',
    },
    source:
      'https://kubernetes.io/docs/concepts/services-networking/windows-networking/#load-balancing-and-services; https://kubernetes.io/docs/concepts/services-networking/windows-networking/#limitations (read 2026-11-30: 1024 backends, session affinity from Windows Server 2022); https://kubernetes.io/docs/concepts/windows/intro/',
  },
  create(context) {
    // Every Service of the input known beforehand, and none (a webhook review: one workload): no
    // workload can be paired, so nothing is set up for the run.
    if (context.inputs.services?.length === 0) return {};
    const { hasWindowsNodes, oldWindowsNodes } = windowsNodesOf(context.inputs.cluster.nodes);
    const intern = interner();
    const readService = inputServiceReader();
    const known = context.inputs.services;

    // Services by number (their order in the input), their state in arrays: a few bytes a Service,
    // more only for the few with something to say.
    const services: InputService[] = [];
    const backends: number[] = [];
    const workloadCounts: number[] = [];
    const tooManyReported: boolean[] = [];
    const kept: (KeptService | undefined)[] = [];
    const named = new Map<number, string[]>();
    const pending = new Map<number, Pending[]>();
    // Settings Windows does not honour: only Services with one are paired with Windows workloads
    // (most have none, and pairing every Service with every workload is quadratic on large inputs).
    const withProblems = new Map<number, { problems: Problem[]; reported: string[] }>();
    // Backends: Services indexed by their first selector pair, so a workload meets only the Services
    // whose first pair it carries (and a Service meets a workload once).
    const countedByPair = new PairIndex<number>();

    /** Numbers a Service worth pairing (undefined: ExternalName, no selector, nothing to judge). */
    const added = (service: InputService): number | undefined => {
      if (service.externalName || !service.selector) return undefined;
      const problems = problemsOf(service, oldWindowsNodes);
      if (problems.length === 0 && !hasWindowsNodes) return undefined;
      const id = services.push(service) - 1;
      backends.push(0);
      workloadCounts.push(0);
      tooManyReported.push(false);
      kept.push(undefined);
      if (problems.length > 0) withProblems.set(id, { problems, reported: [] });
      if (hasWindowsNodes) {
        const [key, value] = Object.entries(service.selector)[0];
        countedByPair.add(key, value, id);
      }
      return id;
    };
    const visitedIds = new Set<number>();
    const report = (id: number, finding: Pending) => {
      const service = kept[id];
      if (service) context.report({ target: targetOf(service), ...finding });
      else if (visitedIds.has(id)) throw new Error('windows-service-unsupported: a finding on a Service whose fields were not kept');
      else {
        const data = Object.fromEntries(Object.entries(finding.data).map(([key, value]) => [key, typeof value === 'string' ? detached(value) : value]));
        pending.set(id, [...(pending.get(id) ?? []), { ...finding, data }]);
      }
    };
    const check = (id: number, pods: PodsOf) => {
      const entry = withProblems.get(id);
      if (!entry || !selects(services[id], pods)) return;
      for (const problem of entry.problems) {
        if (entry.reported.includes(problem.path)) continue;
        entry.reported.push(problem.path);
        report(id, { messageId: problem.messageId, path: problem.path, data: { workload: pods.label, nodes: oldWindowsNodes } });
      }
    };
    const addBackends = (id: number, pods: PodsOf) => {
      if (tooManyReported[id] || pods.replicas <= 0 || !selects(services[id], pods)) return;
      backends[id] += pods.replicas;
      if (workloadCounts[id]++ < 3) named.set(id, [...(named.get(id) ?? []), detached(pods.label)]);
      if (backends[id] <= WINDOWS_MAX_SERVICE_BACKENDS) return;
      tooManyReported[id] = true;
      const shown = (named.get(id) ?? []).join(', ');
      report(id, { messageId: 'tooManyBackends', path: '/spec/selector', data: { backends: backends[id], workloads: workloadCounts[id] > 3 ? `${shown}, …` : shown, limit: WINDOWS_MAX_SERVICE_BACKENDS } });
    };
    /** The Service visited: what waited for it is reported; what may still come keeps its positions. */
    const visited = (id: number, object: ManifestObject) => {
      visitedIds.add(id);
      for (const finding of pending.get(id) ?? []) context.report({ target: object, ...finding });
      pending.delete(id);
      const open = (withProblems.get(id)?.problems ?? []).map((problem) => problem.path).filter((path) => !withProblems.get(id)?.reported.includes(path));
      if (hasWindowsNodes && !tooManyReported[id]) open.push('/spec/selector');
      // Nothing left to report on it: nothing kept.
      if (open.length > 0) kept[id] = keptServiceOf(services[id], object, open, intern);
    };
    const pairWorkload = (workload: Workload, keep: boolean) => {
      const windows = context.analysisOf(workload).osIntent.os === 'windows';
      if (!windows && !hasWindowsNodes) return undefined;
      const replicas = backendsOf(workload);
      const counts = hasWindowsNodes && replicas > 0;
      if (!windows && !counts) return undefined;
      const pods = keep ? podsKept(workload, intern, replicas) : podsNow(workload, replicas);
      if (windows) for (const id of withProblems.keys()) check(id, pods);
      if (counts) for (const [key, value] of Object.entries(pods.labels)) for (const id of countedByPair.get(key, value)) addBackends(id, pods);
      return { pods, windows, counts };
    };

    if (known) {
      // Every Service known beforehand: pair each workload as it comes; keep nothing of it.
      const ids = known.map(added);
      let next = 0;
      return {
        object(object) {
          if (object.object.kind !== 'Service' || object.object.apiVersion !== 'v1') return;
          // Services come in the order they were read. One the first pass did not see is left alone;
          // past one the second pass does not see (its file gone since), the next that matches.
          let at = next;
          while (at < known.length && !isReadAt(object, known[at])) at++;
          if (at === known.length) return;
          next = at + 1;
          const id = ids[at];
          if (id !== undefined) visited(id, object);
        },
        workload(workload) {
          pairWorkload(workload, false);
        },
      };
    }

    // Services met as they come: every workload that a later Service may select is kept.
    const windowsWorkloads: PodsOf[] = [];
    const workloadsByPair = new PairIndex<PodsOf>();
    return {
      object(object) {
        const service = readService(object);
        const id = service && added(service);
        if (id === undefined) return;
        visited(id, object);
        if (withProblems.has(id)) for (const pods of windowsWorkloads) check(id, pods);
        if (hasWindowsNodes) for (const pods of workloadsByPair.get(...Object.entries(services[id].selector ?? {})[0])) addBackends(id, pods);
      },
      workload(workload) {
        const seen = pairWorkload(workload, true);
        if (!seen) return;
        if (seen.windows) windowsWorkloads.push(seen.pods);
        if (seen.counts) for (const [key, value] of Object.entries(seen.pods.labels)) workloadsByPair.add(key, value, seen.pods);
      },
    };
  },
};

/** What the rule reads of the cluster's nodes. */
interface WindowsNodes {
  hasWindowsNodes: boolean;
  /** Pools of Windows nodes older than Windows Server 2022, `a, b` ('' when none). */
  oldWindowsNodes: string;
}

/**
 * Read once per node list rather than once per run: the webhook starts a run per review over the same
 * cluster snapshot (a snapshot is replaced whole, never changed, when the cluster changes).
 */
const windowsNodesByList = new WeakMap<readonly Node[], WindowsNodes>();

function windowsNodesOf(nodes: readonly Node[]): WindowsNodes {
  let known = windowsNodesByList.get(nodes);
  if (known === undefined) windowsNodesByList.set(nodes, (known = readWindowsNodes(nodes)));
  return known;
}

function readWindowsNodes(nodes: readonly Node[]): WindowsNodes {
  const hasWindowsNodes = nodes.some((node) => osOfNode(node) === 'windows');
  const oldWindows = nodes.filter((node) => {
    const version = osOfNode(node) === 'windows' ? windowsVersionOfNode(node) : undefined;
    return version !== undefined && version.build < SESSION_AFFINITY_MIN_BUILD;
  });
  // Pool names only, no node counts: simulate runs this rule on one node per node class.
  return { hasWindowsNodes, oldWindowsNodes: [...new Set(oldWindows.map(poolNameOf))].join(', ') };
}

/**
 * How many pods a workload runs as written. HorizontalPodAutoscalers are not seen, and DaemonSets
 * are not counted: their pod count is the node count, which this rule does not read (simulate runs
 * it on one node per node class).
 */
function backendsOf(workload: Workload): number {
  const spec = asRecord(workload.source.object.spec);
  const count = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback);
  switch (workload.kind) {
    case 'Pod':
      return 1;
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'StatefulSet':
      return count(spec?.replicas, 1);
    case 'Job':
      return count(spec?.parallelism, 1);
    default:
      return 0;
  }
}
