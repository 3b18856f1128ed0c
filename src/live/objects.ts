// Objects read from the API server reduced to what the analysis reads, as plain JSON: the webhook
// keeps thousands of Nodes in memory, and watch events, lists and NodeList files all look alike here.
import type { V1Node, V1RuntimeClass } from '@kubernetes/client-node';
import type { KubeObject, Node, NodeSystemInfo, RuntimeClass, Taint } from '../kube/types.js';
import type { ManifestObject, SourceFile } from '../manifests/types.js';

/** The Node fields the analysis reads (labels, taints, capacity, nodeInfo, conditions). */
export function plainNode(node: V1Node | Node): Node {
  const taints: Taint[] = (node.spec?.taints ?? []).map((t) => {
    const taint: Taint = { key: t.key, effect: t.effect as Taint['effect'] };
    if (t.value !== undefined) taint.value = t.value;
    return taint;
  });
  const info = node.status?.nodeInfo;
  let nodeInfo: NodeSystemInfo | undefined;
  if (info) {
    nodeInfo = {};
    for (const key of ['operatingSystem', 'architecture', 'kernelVersion', 'osImage', 'kubeletVersion', 'containerRuntimeVersion'] as const) {
      if (typeof info[key] === 'string') nodeInfo[key] = info[key];
    }
  }
  const out: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: node.metadata?.name ?? '', labels: { ...(node.metadata?.labels ?? {}) } },
    spec: { taints, unschedulable: node.spec?.unschedulable === true },
    status: {
      allocatable: { ...(node.status?.allocatable ?? {}) },
      capacity: { ...(node.status?.capacity ?? {}) },
      nodeInfo,
      conditions: (node.status?.conditions ?? []).map((c) => ({ type: c.type, status: c.status as 'True' | 'False' | 'Unknown' })),
    },
  };
  return out;
}

export function plainRuntimeClass(rc: V1RuntimeClass | RuntimeClass): RuntimeClass {
  return JSON.parse(JSON.stringify({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: rc.metadata?.name }, handler: rc.handler, overhead: rc.overhead, scheduling: rc.scheduling })) as RuntimeClass;
}

/** The file of objects read from the API server: no text, no path (findings name the object and pointer). */
export const LIVE_FILE: SourceFile = { path: '', text: '', lineStarts: [0] };

/** An object read from the API server, in the shape the rules take (no source positions: line 0). */
export function liveManifestObject(object: KubeObject): ManifestObject {
  return { object, file: LIVE_FILE, documentIndex: 0, basePointer: '', positionOf: () => ({ line: 0, column: 0 }) };
}
