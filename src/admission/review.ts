// AdmissionReview as the API server speaks it (k8s.io/api/admission/v1 and v1beta1 — the two share
// one wire shape): decoding a request body we do not trust, and encoding the answer in the
// apiVersion the request came in.
import { capWarnings } from './warnings.js';
import type { KubeObject } from '../kube/types.js';
import { isRecord } from '../util/guards.js';
import type { AdmissionResult } from './response.js';

export const ADMISSION_GROUP = 'admission.k8s.io';
export const ADMISSION_API_VERSIONS = ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1'] as const;
export type AdmissionApiVersion = (typeof ADMISSION_API_VERSIONS)[number];

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
const OPERATIONS: readonly string[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

export interface GroupVersionKind { group: string; version: string; kind: string }
export interface GroupVersionResource { group: string; version: string; resource: string }

export interface UserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** admission.k8s.io/v1 AdmissionRequest: the fields we read, as sent on the wire. */
export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  resource: GroupVersionResource;
  subResource?: string;
  requestKind?: GroupVersionKind;
  requestResource?: GroupVersionResource;
  requestSubResource?: string;
  name?: string;
  namespace?: string;
  operation: Operation;
  userInfo: UserInfo;
  /** Absent on DELETE. */
  object?: KubeObject;
  /** Present on UPDATE (and DELETE). */
  oldObject?: KubeObject;
  dryRun?: boolean;
  options?: Record<string, unknown>;
}

export interface AdmissionReviewIn {
  apiVersion: AdmissionApiVersion;
  request: AdmissionRequest;
}

export type DecodeResult = { ok: true; review: AdmissionReviewIn } | { ok: false; message: string };

/** Wire form of metav1.Status as a webhook returns it. */
export interface WireStatus {
  code?: number;
  message?: string;
  reason?: string;
  status?: 'Success' | 'Failure';
}

export interface AdmissionResponseWire {
  uid: string;
  allowed: boolean;
  status?: WireStatus;
  patch?: string;
  patchType?: 'JSONPatch';
  auditAnnotations?: Record<string, string>;
  warnings?: string[];
}

export interface AdmissionReviewOut {
  apiVersion: AdmissionApiVersion;
  kind: 'AdmissionReview';
  response: AdmissionResponseWire;
}

function isGvk(value: unknown): value is GroupVersionKind {
  return isRecord(value) && typeof value.version === 'string' && typeof value.kind === 'string' && (value.group === undefined || typeof value.group === 'string');
}

function isGvr(value: unknown): value is GroupVersionResource {
  return isRecord(value) && typeof value.version === 'string' && typeof value.resource === 'string' && (value.group === undefined || typeof value.group === 'string');
}

function isObjectOrAbsent(value: unknown): boolean {
  return value === undefined || value === null || isRecord(value);
}

/**
 * Checks a parsed body is an AdmissionReview request we can answer. Messages name the field, so a
 * caller testing by hand (curl) sees what is wrong.
 */
export function decodeAdmissionReview(value: unknown): DecodeResult {
  if (!isRecord(value)) return { ok: false, message: 'body is not a JSON object (expected an AdmissionReview)' };
  const { apiVersion, kind, request } = value;
  if (kind !== 'AdmissionReview') return { ok: false, message: `kind is ${JSON.stringify(kind)}, expected "AdmissionReview"` };
  if (typeof apiVersion !== 'string' || !(ADMISSION_API_VERSIONS as readonly string[]).includes(apiVersion)) {
    return { ok: false, message: `apiVersion ${JSON.stringify(apiVersion)} is not supported (expected ${ADMISSION_API_VERSIONS.join(' or ')})` };
  }
  if (!isRecord(request)) return { ok: false, message: 'request is missing or not an object' };
  if (typeof request.uid !== 'string' || request.uid === '') return { ok: false, message: 'request.uid is missing' };
  if (!isGvk(request.kind)) return { ok: false, message: 'request.kind must be {group, version, kind}' };
  if (!isGvr(request.resource)) return { ok: false, message: 'request.resource must be {group, version, resource}' };
  if (typeof request.operation !== 'string' || !OPERATIONS.includes(request.operation)) {
    return { ok: false, message: `request.operation ${JSON.stringify(request.operation)} is not one of ${OPERATIONS.join(', ')}` };
  }
  if (!isObjectOrAbsent(request.object)) return { ok: false, message: 'request.object is not an object' };
  if (!isObjectOrAbsent(request.oldObject)) return { ok: false, message: 'request.oldObject is not an object' };
  if (request.userInfo !== undefined && !isRecord(request.userInfo)) return { ok: false, message: 'request.userInfo is not an object' };
  if (request.dryRun !== undefined && request.dryRun !== null && typeof request.dryRun !== 'boolean') return { ok: false, message: 'request.dryRun is not a boolean' };
  if ((request.operation === 'CREATE' || request.operation === 'UPDATE') && !isRecord(request.object)) {
    return { ok: false, message: `request.object is required for ${request.operation}` };
  }
  // Taken as it came when nothing needs normalising (the common case: no copy of the request).
  if (isRecord(request.userInfo) && request.object !== null && request.oldObject !== null) {
    return { ok: true, review: { apiVersion: apiVersion as AdmissionApiVersion, request: request as unknown as AdmissionRequest } };
  }
  const admission: AdmissionRequest = {
    ...(request as unknown as AdmissionRequest),
    userInfo: isRecord(request.userInfo) ? (request.userInfo as UserInfo) : {},
  };
  if (request.object === null) delete admission.object;
  if (request.oldObject === null) delete admission.oldObject;
  return { ok: true, review: { apiVersion: apiVersion as AdmissionApiVersion, request: admission } };
}

/** The response envelope: uid echoed, patch base64-encoded, in the request's own apiVersion. */
export function encodeAdmissionResponse(apiVersion: AdmissionApiVersion, uid: string, result: AdmissionResult): AdmissionReviewOut {
  const response: AdmissionResponseWire = { uid, allowed: result.allowed };
  if (result.status) response.status = result.status;
  if (result.patch && result.patch.length > 0) {
    response.patchType = 'JSONPatch';
    response.patch = Buffer.from(JSON.stringify(result.patch), 'utf8').toString('base64');
  }
  if (result.warnings.length > 0) {
    // The API server keeps about 4 KiB of warnings (src/admission/warnings.ts); the rest is noise on the wire.
    const capped = capWarnings(result.warnings);
    response.warnings = capped.omitted > 0 ? [...capped.warnings.slice(0, -1), `${capped.omitted + 1} more kube-hybrid warnings omitted`] : capped.warnings;
  }
  if (result.auditAnnotations && Object.keys(result.auditAnnotations).length > 0) response.auditAnnotations = result.auditAnnotations;
  return { apiVersion, kind: 'AdmissionReview', response };
}

/**
 * The answer's body: the same text as `JSON.stringify(encodeAdmissionResponse(apiVersion, uid, result))`,
 * with the base64 patch copied in rather than run through JSON.stringify. Its alphabet (A–Z a–z 0–9
 * + / =) has nothing to escape, and V8's serialiser (Node 20) reads a string at about 1.6 ns a
 * character: 1 µs for a 650-character patch. The envelope is stringified with an empty patch and the
 * patch written into it: `"patchType":"JSONPatch","patch":"` can only be that member (quotes inside
 * string values are escaped, and only the patch sets patchType), so members and order stay
 * encodeAdmissionResponse's (a test compares both texts).
 */
export function encodeAdmissionResponseText(apiVersion: AdmissionApiVersion, uid: string, result: AdmissionResult): string {
  const review = encodeAdmissionResponse(apiVersion, uid, result);
  const { patch } = review.response;
  if (patch === undefined) return JSON.stringify(review);
  const text = JSON.stringify({ ...review, response: { ...review.response, patch: '' } });
  const at = text.indexOf(PATCH_MEMBER) + PATCH_MEMBER.length;
  return text.slice(0, at) + patch + text.slice(at);
}

const PATCH_MEMBER = '"patchType":"JSONPatch","patch":"';
