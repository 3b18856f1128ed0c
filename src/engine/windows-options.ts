// The securityContext.windowsOptions of a pod template, read one way by the rules that judge them and
// by the engine, which skips those rules (Rule.windowsOptionsOnly) for templates without any.
import type { Workload } from '../manifests/workloads.js';
import { asRecord, isRecord } from '../util/guards.js';
import type { JsonRecord } from '../util/guards.js';
import { CONTAINER_GROUPS } from './images.js';

/** The windowsOptions object of a pod's or a container's securityContext, if it is an object. */
export function windowsOptionsOf(securityContext: unknown): JsonRecord | undefined {
  return asRecord(asRecord(securityContext)?.windowsOptions);
}

/** Whether the pod template has a windowsOptions object: the pod's or any container's (Rule.windowsOptionsOnly). */
export function hasWindowsOptions(workload: Workload): boolean {
  const spec = workload.podSpec;
  if (windowsOptionsOf(spec.securityContext) !== undefined) return true;
  return CONTAINER_GROUPS.some((group) => {
    const containers: unknown = spec[group];
    return Array.isArray(containers) && containers.some((container) => isRecord(container) && windowsOptionsOf(container.securityContext) !== undefined);
  });
}
