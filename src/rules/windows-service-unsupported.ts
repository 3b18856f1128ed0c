import type { Rule } from '../engine/types.js';
import { osOfNode } from '../kube/nodes.js';
import { detached } from '../manifests/detach.js';
import type { ManifestObject } from '../manifests/types.js';
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

function serviceProblems(service: ManifestObject, oldWindowsNodes: string): Problem[] {
  const spec = asRecord(service.object.spec);
  if (!spec) return [];
  const problems: Problem[] = [];
  if (asRecord(asRecord(spec.sessionAffinityConfig)?.clientIP)?.timeoutSeconds !== undefined) {
    problems.push({ messageId: 'sessionAffinityTimeout', path: '/spec/sessionAffinityConfig/clientIP/timeoutSeconds' });
  }
  if (spec.sessionAffinity === 'ClientIP' && oldWindowsNodes !== '') problems.push({ messageId: 'sessionAffinityBuild', path: '/spec/sessionAffinity' });
  if (spec.externalTrafficPolicy === 'Local') problems.push({ messageId: 'localTrafficPolicy', path: '/spec/externalTrafficPolicy' });
  const families = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : [];
  if (families.length > 0 && families.every((f) => f === 'IPv6')) problems.push({ messageId: 'ipv6Only', path: '/spec/ipFamilies' });
  return problems;
}

function selectorOf(service: ManifestObject): Record<string, string> | undefined {
  const selector = asStringMap(asRecord(service.object.spec)?.selector);
  return selector && Object.keys(selector).length > 0 ? selector : undefined;
}

/**
 * What pairing a Service with a workload reads of the workload, kept instead of the workload: the
 * rule holds one per workload until the end of the run, and a whole workload (its parsed document)
 * is ~6 KiB where this is a few hundred bytes (memory flat in the number of documents, issue 14).
 */
interface PodsOf {
  namespace: string | undefined;
  labels: Record<string, string>;
  /** `Deployment web`, as messages name it. */
  label: string;
}

function podsOf(workload: Workload): PodsOf {
  // Copies: strings read from the file would keep the whole file's text alive (manifests/detach.ts).
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(asStringMap(workload.podMetadata.labels) ?? {})) labels[detached(key)] = detached(value);
  const namespace = workload.namespace === undefined ? undefined : detached(workload.namespace);
  return { namespace, labels, label: detached(`${workload.kind} ${workload.name}`) };
}

function selects(service: ManifestObject, pods: PodsOf): boolean {
  const selector = selectorOf(service);
  if (!selector) return false;
  const serviceNamespace = service.object.metadata?.namespace;
  if (typeof serviceNamespace === 'string' && pods.namespace !== undefined && serviceNamespace !== pods.namespace) return false;
  const labels = pods.labels;
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/**
 * Kubernetes docs (Networking on Windows): Service settings Windows nodes do not honour, on Services
 * whose selector matches a Windows workload in the input; and Services with more backends than
 * Windows kube-proxy supports (any backends: every Windows node's kube-proxy programs every Service).
 * Services and workloads may come in any order, so each new one is paired with those already seen.
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
    const nodes = context.inputs.cluster.nodes;
    const hasWindowsNodes = nodes.some((node) => osOfNode(node) === 'windows');
    const oldWindows = nodes.filter((node) => {
      const version = osOfNode(node) === 'windows' ? windowsVersionOfNode(node) : undefined;
      return version !== undefined && version.build < SESSION_AFFINITY_MIN_BUILD;
    });
    // Pool names only, no node counts: simulate runs this rule on one node per node class.
    const oldWindowsNodes = [...new Set(oldWindows.map(poolNameOf))].join(', ');

    // Settings Windows does not honour: only Services with one are paired with workloads (most have
    // none, and pairing every Service with every workload is quadratic on large inputs).
    const services: { service: ManifestObject; problems: Problem[]; reported: Set<string> }[] = [];
    const windowsWorkloads: PodsOf[] = [];
    const check = (entry: (typeof services)[number], pods: PodsOf) => {
      if (!selects(entry.service, pods)) return;
      for (const problem of entry.problems) {
        if (entry.reported.has(problem.path)) continue;
        entry.reported.add(problem.path);
        context.report({ target: entry.service, messageId: problem.messageId, path: problem.path, data: { workload: pods.label, nodes: oldWindowsNodes } });
      }
    };

    // Backends per Service: workloads indexed by their label pairs, so a Service meets only the
    // workloads carrying its first selector pair.
    const counted: { service: ManifestObject; backends: number; workloads: string[]; reported: boolean }[] = [];
    const countedByPair = new Map<string, (typeof counted)[number][]>();
    const workloadsByPair = new Map<string, { pods: PodsOf; replicas: number }[]>();
    const addBackends = (entry: (typeof counted)[number], pods: PodsOf, replicas: number) => {
      if (entry.reported || replicas <= 0 || !selects(entry.service, pods)) return;
      entry.backends += replicas;
      entry.workloads.push(pods.label);
      if (entry.backends <= WINDOWS_MAX_SERVICE_BACKENDS) return;
      entry.reported = true;
      const shown = entry.workloads.length > 3 ? `${entry.workloads.slice(0, 3).join(', ')}, …` : entry.workloads.join(', ');
      context.report({ target: entry.service, messageId: 'tooManyBackends', path: '/spec/selector', data: { backends: entry.backends, workloads: shown, limit: WINDOWS_MAX_SERVICE_BACKENDS } });
    };

    return {
      object(object) {
        if (object.object.kind !== 'Service' || object.object.apiVersion !== 'v1') return;
        if (asString(asRecord(object.object.spec)?.type) === 'ExternalName') return;
        const problems = serviceProblems(object, oldWindowsNodes);
        if (problems.length > 0) {
          const entry = { service: object, problems, reported: new Set<string>() };
          services.push(entry);
          for (const workload of windowsWorkloads) check(entry, workload);
        }
        const selector = selectorOf(object);
        if (!hasWindowsNodes || !selector) return;
        const [key, value] = Object.entries(selector)[0];
        const pair = `${key}=${value}`;
        const entry = { service: object, backends: 0, workloads: [], reported: false };
        counted.push(entry);
        countedByPair.set(pair, [...(countedByPair.get(pair) ?? []), entry]);
        for (const { pods, replicas } of workloadsByPair.get(pair) ?? []) addBackends(entry, pods, replicas);
      },
      workload(workload) {
        let pods: PodsOf | undefined;
        if (context.analysisOf(workload).osIntent.os === 'windows') {
          pods = podsOf(workload);
          windowsWorkloads.push(pods);
          for (const entry of services) check(entry, pods);
        }
        if (!hasWindowsNodes) return;
        const replicas = backendsOf(workload);
        if (replicas <= 0) return;
        pods ??= podsOf(workload);
        for (const [key, value] of Object.entries(pods.labels)) {
          const pair = `${key}=${value}`;
          const list = workloadsByPair.get(pair);
          if (list) list.push({ pods, replicas });
          else workloadsByPair.set(pair, [{ pods, replicas }]);
          for (const entry of countedByPair.get(pair) ?? []) {
            // A Service meets a workload once: through its first selector pair.
            const [firstKey, firstValue] = Object.entries(selectorOf(entry.service) ?? {})[0] ?? [];
            if (firstKey === key && firstValue === value) addBackends(entry, pods, replicas);
          }
        }
      },
    };
  },
};

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
