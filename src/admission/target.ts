// What both handlers need to know about a request before looking at rules: is it ours to judge, and
// the workload view of the object as received.
import type { KubeObject } from '../kube/types.js';
import { manifestObjectFromValue } from '../manifests/load.js';
import type { ManifestObject } from '../manifests/types.js';
import { workloadOf } from '../manifests/workloads.js';
import type { Workload } from '../manifests/workloads.js';
import { asRecord, asString } from '../util/guards.js';
import type { WebhookPolicy } from './policy.js';
import { OPT_OUT_KEY } from './policy.js';
import type { AdmissionRequest } from './review.js';

export type SkipReason = 'operation' | 'excluded-namespace' | 'opted-out' | 'not-a-workload' | 'pod-update' | 'deleting' | 'owned-by-controller';

export interface Target {
  object: KubeObject;
  manifest: ManifestObject;
  workload: Workload;
  /** From the request (the object may not carry it yet on CREATE). */
  namespace?: string;
}

export type TargetResult = { target: Target } | { skip: SkipReason };

/** `kind/namespace/name` for labels, logs and messages; a generated name shows its prefix. */
export function describeObject(object: KubeObject | undefined, request: AdmissionRequest): string {
  const meta = asRecord(object?.metadata);
  const name = asString(meta?.name) || request.name || (asString(meta?.generateName) ? `${asString(meta?.generateName)}*` : '<unnamed>');
  const kind = object?.kind ?? request.kind.kind;
  return request.namespace ? `${kind}/${request.namespace}/${name}` : `${kind}/${name}`;
}

/** The opt-out value written on the object or its pod template, as label or annotation. */
export function optOutOf(object: KubeObject, workload: Workload | undefined): string | undefined {
  for (const meta of [asRecord(object.metadata), workload ? asRecord(workload.podMetadata) : undefined]) {
    const value = asString(asRecord(meta?.annotations)?.[OPT_OUT_KEY]) ?? asString(asRecord(meta?.labels)?.[OPT_OUT_KEY]);
    if (value !== undefined) return value.trim().toLowerCase();
  }
  return undefined;
}

/** Whether a controller (Deployment, CronJob…) owns the object and copies its template from its own. */
export function isControlled(object: KubeObject): boolean {
  const refs = asRecord(object.metadata)?.ownerReferences;
  return Array.isArray(refs) && refs.some((ref) => asRecord(ref)?.controller === true);
}

export function targetOf(request: AdmissionRequest, policy: WebhookPolicy, purpose: 'mutation' | 'validation'): TargetResult {
  if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') return { skip: 'operation' };
  const object = request.object;
  if (!object) return { skip: 'operation' };
  if (request.namespace !== undefined && policy.excludedNamespaces.includes(request.namespace)) return { skip: 'excluded-namespace' };
  if (asString(asRecord(object.metadata)?.deletionTimestamp) !== undefined) return { skip: 'deleting' };
  const manifest = manifestObjectFromValue(object, `admission:${describeObject(object, request)}`);
  const workload = workloadOf(manifest);
  if (!workload) return { skip: 'not-a-workload' };
  const optOut = optOutOf(object, workload);
  if (optOut === 'disabled' || optOut === 'false' || optOut === `no-${purpose}`) return { skip: 'opted-out' };
  const target: Target = { object, manifest, workload };
  if (request.namespace !== undefined) target.namespace = request.namespace;
  return { target };
}
