// gMSA admission with the behaviour of kubernetes-sigs/windows-gmsa's webhook (status codes and the
// order of checks are upstream's; messages say more), plus what it misses: ephemeral containers, pods
// that may land on Linux nodes, and credential specs that fail the schema. Pure functions over the pod,
// the GMSACredentialSpecs (from a watch) and an authorizer (SubjectAccessReview): the webhook front end
// only translates. Upstream, read 2026-11-30:
// https://github.com/kubernetes-sigs/windows-gmsa/blob/master/admission-webhook/webhook.go
// https://github.com/kubernetes-sigs/windows-gmsa/blob/master/admission-webhook/kube_client.go
import type { KubeObject } from '../kube/types.js';
import { credSpecProblems, inlineCredSpecProblems } from './credspec.js';
import { isMissingCredspec } from './crd.js';
import type { ResourceAttributes, UserInfo } from './rbac.js';
import { gmsaUseAttributes, serviceAccountUser } from './rbac.js';
import { asRecord } from '../util/guards.js';

export type GmsaOwnerKind = 'pod' | 'container' | 'init container' | 'ephemeral container';

/** One windowsOptions of the pod: where it is and its two gMSA fields (undefined = not set). */
export interface GmsaOptionsRef {
  kind: GmsaOwnerKind;
  /** The pod's or the container's name. */
  ownerName: string;
  /** JSON pointer of the windowsOptions object inside the pod. */
  path: string;
  name?: string;
  contents?: string;
}

export interface AuthorizationAnswer {
  allowed: boolean;
  reason?: string;
}

/** Asks the API server (a LocalSubjectAccessReview): may this user do this? Rejects when it cannot answer. */
export type UseAuthorizer = (user: UserInfo, attributes: ResourceAttributes) => Promise<AuthorizationAnswer>;

export interface GmsaPatchOperation {
  op: 'add';
  path: string;
  value: string;
}

export type GmsaVerdict = { allowed: true; patch: GmsaPatchOperation[]; warnings: string[] } | { allowed: false; code: number; message: string };

const ok = (patch: GmsaPatchOperation[] = [], warnings: string[] = []): GmsaVerdict => ({ allowed: true, patch, warnings });
const deny = (code: number, message: string): GmsaVerdict => ({ allowed: false, code, message });

const GROUPS: readonly [string, GmsaOwnerKind][] = [
  ['containers', 'container'],
  ['initContainers', 'init container'],
  ['ephemeralContainers', 'ephemeral container'],
];

/** The pod's windowsOptions in upstream's order (pod, containers, init containers), then ephemeral containers. */
export function gmsaOptionsOf(pod: KubeObject): GmsaOptionsRef[] {
  const out: GmsaOptionsRef[] = [];
  const spec = asRecord(pod.spec) ?? {};
  const add = (kind: GmsaOwnerKind, ownerName: string, path: string, securityContext: unknown) => {
    const options = asRecord(asRecord(securityContext)?.windowsOptions);
    if (!options) return;
    const ref: GmsaOptionsRef = { kind, ownerName, path };
    if (typeof options.gmsaCredentialSpecName === 'string') ref.name = options.gmsaCredentialSpecName;
    if (typeof options.gmsaCredentialSpec === 'string') ref.contents = options.gmsaCredentialSpec;
    out.push(ref);
  };
  add('pod', String(pod.metadata?.name ?? ''), '/spec/securityContext/windowsOptions', spec.securityContext);
  for (const [group, kind] of GROUPS) {
    const list = Array.isArray(spec[group]) ? (spec[group] as unknown[]) : [];
    list.forEach((item, index) => {
      const container = asRecord(item);
      if (container) add(kind, String(container.name ?? `#${index}`), `/spec/${group}/${index}/securityContext/windowsOptions`, container.securityContext);
    });
  }
  return out;
}

/** Whether a pod uses gMSA at all: a name or contents in any of its windowsOptions (gmsaOptionsOf). */
export function usesGmsa(refs: readonly GmsaOptionsRef[]): boolean {
  return refs.some((ref) => ref.name !== undefined || ref.contents !== undefined);
}

/**
 * JSON as Go's encoding/json writes a map: keys sorted, no spaces, and <, >, & escaped (HTML-safe), so
 * the contents we fill are byte-for-byte what windows-gmsa fills.
 */
export function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    const r = asRecord(v);
    if (!r) return v;
    return Object.fromEntries(Object.keys(r).sort().map((key) => [key, sorted(r[key])]));
  };
  return JSON.stringify(sorted(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export type ContentsLookup = { ok: true; contents: string; credspec: unknown } | { ok: false; code: number; message: string };

/** retrieveCredSpecContents: 404 when unknown, 417 without credspec, 503 while the watch has not synced. */
export function credSpecContents(specs: ReadonlyMap<string, KubeObject> | undefined, name: string): ContentsLookup {
  if (!specs) return { ok: false, code: 503, message: `unable to retrieve the contents of cred spec ${name}: GMSACredentialSpecs have not been read from the cluster yet (is the windows.k8s.io CRD installed and may the webhook list it?)` };
  const resource = specs.get(name);
  if (!resource) return { ok: false, code: 404, message: `cred spec ${name} does not exist (no GMSACredentialSpec named "${name}"; names are case-sensitive)` };
  const credspec = resource.credspec;
  if (isMissingCredspec(credspec)) return { ok: false, code: 417, message: `cred spec ${name} does not have a credspec key (add the credspec New-CredentialSpec writes to GMSACredentialSpec "${name}")` };
  return { ok: true, contents: goJson(credspec), credspec };
}

/** A resource's credspec is checked once per object the watch delivers, not once per pod. */
const problemsOfResource = new WeakMap<object, ReturnType<typeof credSpecProblems>>();
function resourceProblems(credspec: unknown): ReturnType<typeof credSpecProblems> {
  if (typeof credspec !== 'object' || credspec === null) return credSpecProblems(credspec);
  let problems = problemsOfResource.get(credspec);
  if (!problems) problemsOfResource.set(credspec, (problems = credSpecProblems(credspec)));
  return problems;
}

/** A credspec that fails the schema: 422 with its errors (upstream admits it and the container fails). */
function schemaDenial(where: string, problems: ReturnType<typeof credSpecProblems>): GmsaVerdict | undefined {
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length === 0) return undefined;
  return deny(422, `${where} is not a valid credential spec: ${errors.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')}`);
}

function describeRef(ref: GmsaOptionsRef): string {
  return `${ref.kind} "${ref.ownerName}"`;
}

/**
 * Mutation on CREATE (and for ephemeral containers added later): where a name is set without
 * contents, add the contents of that GMSACredentialSpec; never overwrite contents the user wrote.
 */
export function mutateGmsa(pod: KubeObject, specs: ReadonlyMap<string, KubeObject> | undefined, refs: readonly GmsaOptionsRef[] = gmsaOptionsOf(pod)): GmsaVerdict {
  const patch: GmsaPatchOperation[] = [];
  for (const ref of refs) {
    if (ref.name === undefined || ref.contents !== undefined) continue;
    const found = credSpecContents(specs, ref.name);
    if (!found.ok) return deny(found.code, `${found.message} (named by the ${describeRef(ref)})`);
    patch.push({ op: 'add', path: `${ref.path}/gmsaCredentialSpec`, value: found.contents });
  }
  return ok(patch);
}

export interface ValidateContext {
  namespace: string;
  specs: ReadonlyMap<string, KubeObject> | undefined;
  authorize: UseAuthorizer;
  /** Names of Linux nodes the pod may land on (from the placement analysis); empty when none. */
  linuxNodes?: readonly string[];
}

/**
 * Validation on CREATE: for each windowsOptions with a name, the service account must be allowed to
 * `use` it (403; an authorizer that cannot answer denies: fail closed) and preset contents must be
 * JSON-equal to the resource's (422); contents without a name are refused (422). Ours besides: the
 * contents must be a valid credential spec (422) and a gMSA pod must not be able to land on Linux (422).
 */
export async function validateGmsaCreate(pod: KubeObject, context: ValidateContext, refs: readonly GmsaOptionsRef[] = gmsaOptionsOf(pod)): Promise<GmsaVerdict> {
  // serviceAccountName only (not rbac.ts' serviceAccountOf, which also reads the deprecated serviceAccount).
  const named = asRecord(pod.spec)?.serviceAccountName;
  const serviceAccount = typeof named === 'string' && named !== '' ? named : 'default';
  const user = serviceAccountUser(context.namespace, serviceAccount);
  let any = false;
  for (const ref of refs) {
    if (ref.name !== undefined) {
      any = true;
      let answer: AuthorizationAnswer;
      try {
        answer = await context.authorize(user, gmsaUseAttributes(context.namespace, ref.name));
      } catch (error) {
        answer = { allowed: false, reason: `error when checking authz access: ${error instanceof Error ? error.message : String(error)}` };
      }
      if (!answer.allowed) {
        let message = `service account "${serviceAccount}" is not authorized to \`use\` GMSA cred spec "${ref.name}"`;
        if (answer.reason) message += `, reason: ${JSON.stringify(answer.reason)}`;
        message += ` (named by the ${describeRef(ref)}; grant verb "use" on gmsacredentialspecs.windows.k8s.io "${ref.name}" to system:serviceaccount:${context.namespace}:${serviceAccount}, e.g. with \`kube-hybrid gmsa generate\`)`;
        return deny(403, message);
      }
      if (ref.contents !== undefined) {
        const found = credSpecContents(context.specs, ref.name);
        if (!found.ok) return deny(found.code, found.message);
        const equal = jsonEqual(ref.contents, found.contents);
        if (equal !== true) {
          let message = `the GMSA cred spec contents for ${ref.kind} "${ref.ownerName}" does not match the contents of GMSA resource "${ref.name}"`;
          if (typeof equal === 'string') message += `: ${equal}`;
          return deny(422, `${message} (remove gmsaCredentialSpec and let the webhook fill it from the resource)`);
        }
        const invalid = schemaDenial(`GMSACredentialSpec "${ref.name}"`, resourceProblems(found.credspec));
        if (invalid) return invalid;
      } else {
        const found = credSpecContents(context.specs, ref.name);
        if (found.ok) {
          const invalid = schemaDenial(`GMSACredentialSpec "${ref.name}"`, resourceProblems(found.credspec));
          if (invalid) return invalid;
        }
      }
    } else if (ref.contents !== undefined) {
      any = true;
      const invalid = schemaDenial(`the gmsaCredentialSpec of the ${describeRef(ref)}`, inlineCredSpecProblems(ref.contents));
      return invalid ?? deny(422, `${ref.kind} "${ref.ownerName}" has a GMSA cred spec set, but does not define the name of the corresponding resource (set gmsaCredentialSpecName to the GMSACredentialSpec it came from)`);
    }
  }
  if (any && context.linuxNodes && context.linuxNodes.length > 0) {
    const shown = context.linuxNodes.slice(0, 3).join(', ') + (context.linuxNodes.length > 3 ? `, … (${context.linuxNodes.length} in all)` : '');
    return deny(422, `the pod uses gMSA but may be scheduled on Linux nodes (${shown}), where gMSA does not exist: add nodeSelector kubernetes.io/os: windows (or spec.os.name: windows)`);
  }
  return ok();
}

/** compareCredSpecContents: equal strings, else equal as JSON objects; a string says why it could not compare. */
export function jsonEqual(fromPod: string, fromResource: string): true | false | string {
  if (fromPod === fromResource) return true;
  let a: unknown;
  let b: unknown;
  try {
    a = JSON.parse(fromPod);
  } catch (error) {
    return `unable to parse ${JSON.stringify(fromPod)} as a JSON object: ${(error as Error).message}`;
  }
  try {
    b = JSON.parse(fromResource);
  } catch (error) {
    return `unable to parse CRD ${JSON.stringify(fromResource)} as a JSON object: ${(error as Error).message}`;
  }
  if (!asRecord(a)) return `unable to parse ${JSON.stringify(fromPod)} as a JSON object`;
  return deepEqual(a, b);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const ra = asRecord(a);
  const rb = asRecord(b);
  if (!ra || !rb) return false;
  const ka = Object.keys(ra);
  return ka.length === Object.keys(rb).length && ka.every((k) => Object.hasOwn(rb, k) && deepEqual(ra[k], rb[k]));
}

/**
 * Validation on UPDATE: no change of a gMSA name or contents on the pod, its containers or init
 * containers (403, upstream). Ephemeral containers that are new (added through
 * pods/ephemeralcontainers, which upstream lets through unchecked) are returned for the CREATE checks.
 */
export function validateGmsaUpdate(pod: KubeObject, oldPod: KubeObject): { verdict: GmsaVerdict; newEphemeral: GmsaOptionsRef[] } {
  const old = gmsaOptionsOf(oldPod);
  const oldByOwner = new Map(old.map((ref) => [`${ref.kind}\u0000${ref.kind === 'pod' ? '' : ref.ownerName}`, ref]));
  const newEphemeral: GmsaOptionsRef[] = [];
  for (const ref of gmsaOptionsOf(pod)) {
    const before = oldByOwner.get(`${ref.kind}\u0000${ref.kind === 'pod' ? '' : ref.ownerName}`);
    if (ref.kind === 'ephemeral container') {
      if (!before && (ref.name !== undefined || ref.contents !== undefined)) {
        newEphemeral.push(ref);
        continue;
      }
    }
    const modified: string[] = [];
    if (ref.name !== before?.name) modified.push('name');
    if (ref.contents !== before?.contents) modified.push('contents');
    if (modified.length > 0) {
      return { verdict: deny(403, `cannot update an existing pod's GMSA settings (GMSA ${modified.join(' and ')} modified on ${ref.kind} "${ref.ownerName}"; delete and recreate the pod instead)`), newEphemeral: [] };
    }
  }
  return { verdict: ok(), newEphemeral };
}
