// What a handler decides, in controller-runtime's vocabulary: allowed / denied / patched / errored,
// plus warnings. The server turns a result into the wire response (see review.ts).
import type { JsonPatchOperation } from './json-patch.js';
import type { WireStatus } from './review.js';

export interface AdmissionResult {
  allowed: boolean;
  status?: WireStatus;
  patch?: JsonPatchOperation[];
  warnings: string[];
  /** Recorded in the API server's audit log under `<webhook name>/<key>`. */
  auditAnnotations?: Record<string, string>;
}

export function allowed(message?: string, warnings: string[] = []): AdmissionResult {
  const result: AdmissionResult = { allowed: true, warnings };
  if (message) result.status = { code: 200, message };
  return result;
}

/** 403 Forbidden, as controller-runtime's Denied. */
export function denied(message: string, warnings: string[] = [], code = 403): AdmissionResult {
  return { allowed: false, status: { code, message, reason: code === 403 ? 'Forbidden' : undefined, status: 'Failure' }, warnings };
}

export function patched(patch: JsonPatchOperation[], warnings: string[] = []): AdmissionResult {
  const result: AdmissionResult = { allowed: true, warnings };
  if (patch.length > 0) result.patch = patch;
  return result;
}

/** An error of ours or of the request (not a policy decision): the API server applies failurePolicy. */
export function errored(code: number, error: unknown): AdmissionResult {
  const message = error instanceof Error ? error.message : String(error);
  return { allowed: false, status: { code, message, status: 'Failure' }, warnings: [] };
}
