// Workload → pod template, with the pointer of the template inside the object as written.
import { attachValue, attachedValue } from './attached-cache.js';
import type { KubeObject, ObjectMeta, PodSpec } from '../kube/types.js';
import { asRecord, isRecord } from '../util/guards.js';
import { decodePodTemplate } from './decode.js';
import type { DecodeIssue } from './decode.js';
import type { ManifestObject } from './types.js';

export type WorkloadKind =
  | 'Pod'
  | 'Deployment'
  | 'ReplicaSet'
  | 'ReplicationController'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'Job'
  | 'CronJob'
  | 'PodTemplate';

/** Where each kind keeps its pod template's metadata and spec (pointers relative to the object). */
const TEMPLATE_POINTERS: Record<WorkloadKind, { metadata: string; spec: string }> = {
  Pod: { metadata: '/metadata', spec: '/spec' },
  Deployment: { metadata: '/spec/template/metadata', spec: '/spec/template/spec' },
  ReplicaSet: { metadata: '/spec/template/metadata', spec: '/spec/template/spec' },
  ReplicationController: { metadata: '/spec/template/metadata', spec: '/spec/template/spec' },
  StatefulSet: { metadata: '/spec/template/metadata', spec: '/spec/template/spec' },
  DaemonSet: { metadata: '/spec/template/metadata', spec: '/spec/template/spec' },
  Job: { metadata: '/spec/template/metadata', spec: '/spec/template/spec' },
  CronJob: { metadata: '/spec/jobTemplate/spec/template/metadata', spec: '/spec/jobTemplate/spec/template/spec' },
  PodTemplate: { metadata: '/template/metadata', spec: '/template/spec' },
};

export interface Workload {
  source: ManifestObject;
  kind: WorkloadKind;
  name: string;
  /** As written; undefined means "the namespace it is applied to". */
  namespace?: string;
  /** Pod template metadata (for a Pod, the Pod's own metadata). */
  podMetadata: ObjectMeta;
  podSpec: PodSpec;
  /** Pointer of the pod spec inside the object, e.g. `/spec/template/spec`. */
  specPointer: string;
  metadataPointer: string;
  /**
   * What decoding the template said: null entries kept as empty entries, wrongly typed values left
   * out (src/manifests/decode.ts). `podSpec` and `podMetadata` are the decoded values.
   */
  decodeIssues: DecodeIssue[];
}

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return Object.prototype.hasOwnProperty.call(TEMPLATE_POINTERS, kind);
}

/** The template pointers as token lists, split once. */
const TEMPLATE_TOKENS = new Map<string, string[]>(
  Object.values(TEMPLATE_POINTERS).flatMap(({ metadata, spec }) => [
    [metadata, metadata.split('/').slice(1)],
    [spec, spec.split('/').slice(1)],
  ]),
);

function valueAt(object: unknown, pointer: string): unknown {
  let node: unknown = object;
  for (const token of TEMPLATE_TOKENS.get(pointer) ?? pointer.split('/').slice(1)) {
    if (!isRecord(node)) return undefined;
    node = node[token];
  }
  return node;
}

/**
 * Workloads by the object they were read from: decoding walks the whole template, and check, the
 * rules, simulate and the loader's own report all ask for the same object's workload. Kept on the
 * object (attached-cache.ts: a WeakMap entry would keep every document alive through the scavenges).
 */
const WORKLOAD = Symbol('workload');

interface CachedWorkload {
  object: KubeObject;
  workload: Workload | undefined;
}

/** The workload view of an object, or undefined when it has no pod template (or a broken one). */
export function workloadOf(source: ManifestObject): Workload | undefined {
  const cached = attachedValue<CachedWorkload>(source, WORKLOAD);
  // An object replaced on the ManifestObject (tests build them by hand) is read again.
  if (cached && cached.object === source.object) return cached.workload;
  const workload = readWorkload(source);
  attachValue<CachedWorkload>(source, WORKLOAD, { object: source.object, workload });
  return workload;
}

function readWorkload(source: ManifestObject): Workload | undefined {
  const object: KubeObject = source.object;
  if (!isWorkloadKind(object.kind)) return undefined;
  // Only the built-in API groups: a CRD with kind "Deployment" is not ours to read.
  if (!isBuiltinWorkloadApiVersion(object.kind, object.apiVersion)) return undefined;
  const pointers = TEMPLATE_POINTERS[object.kind];
  const spec = asRecord(valueAt(object, pointers.spec));
  if (!spec) return undefined;
  const metadata = asRecord(valueAt(object, pointers.metadata)) ?? {};
  const decoded = decodePodTemplate(spec, pointers.spec, metadata, pointers.metadata);
  const workload: Workload = {
    source,
    kind: object.kind,
    name: nameOf(object),
    podMetadata: decoded.metadata,
    podSpec: decoded.spec,
    specPointer: pointers.spec,
    metadataPointer: pointers.metadata,
    decodeIssues: decoded.issues,
  };
  const namespace = object.metadata?.namespace;
  if (typeof namespace === 'string') workload.namespace = namespace;
  return workload;
}

const WORKLOAD_API_VERSIONS: Record<WorkloadKind, readonly string[]> = {
  Pod: ['v1'],
  PodTemplate: ['v1'],
  ReplicationController: ['v1'],
  Deployment: ['apps/v1', 'apps/v1beta1', 'apps/v1beta2', 'extensions/v1beta1'],
  ReplicaSet: ['apps/v1', 'apps/v1beta2', 'extensions/v1beta1'],
  StatefulSet: ['apps/v1', 'apps/v1beta1', 'apps/v1beta2'],
  DaemonSet: ['apps/v1', 'apps/v1beta2', 'extensions/v1beta1'],
  Job: ['batch/v1'],
  CronJob: ['batch/v1', 'batch/v1beta1'],
};

function isBuiltinWorkloadApiVersion(kind: WorkloadKind, apiVersion: string): boolean {
  return WORKLOAD_API_VERSIONS[kind].includes(apiVersion);
}

export function nameOf(object: KubeObject): string {
  const meta = object.metadata;
  if (isRecord(meta)) {
    if (typeof meta.name === 'string' && meta.name !== '') return meta.name;
    if (typeof meta.generateName === 'string') return meta.generateName;
  }
  return '';
}
