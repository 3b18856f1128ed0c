// The validation differential: random pods with Windows/Linux OS fields, HostProcess settings,
// runAsUserName and gMSA values go to the real API server as a server-side dry run. Every field the
// server rejects must carry an error finding of `check` that says the API server refuses it (stage
// api-server) at the same field, and every such finding must be among the server's rejections; a pod
// the server accepts must have no such finding.
import { fieldOf } from '../../../admission/validate.js';
import type { KubeObject, Node } from '../../../kube/types.js';
import type { KubeClient } from '../client.js';
import { findingsOf } from '../findings.js';
import { Random } from './random.js';

type Json = Record<string, unknown>;

const RUN_AS_USER_NAMES = [
  'ContainerUser',
  'ContainerAdministrator',
  'NT AUTHORITY\\NETWORK SERVICE',
  'NT AUTHORITY\\Local service',
  'CONTOSO\\svc-web',
  'corp.contoso.com\\svc-web',
  '',
  'a\\b\\c',
  'user@contoso',
  'bad"name',
  '...',
  'DOMAINNAMEISTOOLONG\\user',
  '.domain\\user',
  'domain\\',
  'x'.repeat(105),
  `${'d'.repeat(63)}.example\\user`,
  'tab\there',
  'ünïcode\\user',
];
const GMSA_NAMES = ['webapp1', 'gmsa-web.contoso', 'Bad_Name', 'UPPER', 'a'.repeat(254), '-leading'];
const GMSA_SPECS = ['{"CmsPlugins":["ActiveDirectory"]}', ''];

function windowsOptions(r: Random, level: 'pod' | 'container'): Json | undefined {
  if (!r.chance(level === 'pod' ? 0.5 : 0.35)) return undefined;
  const o: Json = {};
  if (r.chance(0.35)) o.hostProcess = r.chance(0.7);
  if (r.chance(0.45)) o.runAsUserName = r.pick(RUN_AS_USER_NAMES);
  if (r.chance(0.25)) o.gmsaCredentialSpecName = r.pick(GMSA_NAMES);
  if (r.chance(0.2)) o.gmsaCredentialSpec = r.pick(GMSA_SPECS);
  return o;
}

function linuxPodFields(r: Random): Json {
  const sc: Json = {};
  if (r.chance(0.15)) sc.runAsUser = 1000;
  if (r.chance(0.1)) sc.runAsGroup = 3000;
  if (r.chance(0.1)) sc.fsGroup = 2000;
  if (r.chance(0.1)) sc.seLinuxOptions = { level: 's0:c123,c456' };
  if (r.chance(0.1)) sc.seccompProfile = { type: 'RuntimeDefault' };
  if (r.chance(0.1)) sc.supplementalGroups = [4000];
  if (r.chance(0.08)) sc.sysctls = [{ name: 'net.core.somaxconn', value: '1024' }];
  if (r.chance(0.1)) sc.runAsNonRoot = r.chance(0.5);
  if (r.chance(0.05)) sc.appArmorProfile = { type: 'RuntimeDefault' };
  return sc;
}

function containerSecurity(r: Random): Json | undefined {
  const sc: Json = {};
  const w = windowsOptions(r, 'container');
  if (w) sc.windowsOptions = w;
  if (r.chance(0.12)) sc.privileged = r.chance(0.7);
  if (r.chance(0.1)) sc.runAsUser = 1000;
  if (r.chance(0.08)) sc.capabilities = { add: ['NET_ADMIN'] };
  if (r.chance(0.08)) sc.readOnlyRootFilesystem = true;
  if (r.chance(0.08)) sc.allowPrivilegeEscalation = false;
  if (r.chance(0.05)) sc.procMount = 'Default';
  if (r.chance(0.05)) sc.seLinuxOptions = { type: 'spc_t' };
  if (r.chance(0.05)) sc.seccompProfile = { type: 'RuntimeDefault' };
  return Object.keys(sc).length > 0 ? sc : undefined;
}

export function validationPod(seed: number, index: number): KubeObject {
  const r = new Random(seed);
  const os = r.pick([undefined, 'windows', 'linux'] as const);
  const spec: Json = {};
  if (os) spec.os = { name: os };
  if (r.chance(0.3)) spec.hostNetwork = r.chance(0.8);
  if (r.chance(0.05)) spec.hostPID = true;
  if (r.chance(0.05)) spec.hostIPC = true;
  const podSc: Json = { ...(r.chance(0.3) ? linuxPodFields(r) : {}) };
  const w = windowsOptions(r, 'pod');
  if (w) podSc.windowsOptions = w;
  if (Object.keys(podSc).length > 0) spec.securityContext = podSc;
  const image = os === 'linux' ? 'registry.k8s.io/pause:3.10' : 'mcr.microsoft.com/windows/nanoserver:ltsc2022';
  spec.containers = Array.from({ length: r.int(1, 2) }, (_, i) => {
    const sc = containerSecurity(r);
    return { name: `c${i}`, image, ...(sc ? { securityContext: sc } : {}) };
  });
  if (r.chance(0.1)) {
    const sc = containerSecurity(r);
    spec.initContainers = [{ name: 'init', image, ...(sc ? { securityContext: sc } : {}) }];
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `v${index}` }, spec };
}

export type ValidationArea = 'accepted' | 'rejected';

export interface ValidationDisagreement {
  caseIndex: number;
  seed: number;
  pod: KubeObject;
  /** The server's rejected fields with their messages ("" when it accepted the pod). */
  upstream: string[];
  /** Our api-server error findings: "field: [rule] message". */
  ours: string[];
  /** Fields only the server rejected / only we flag. */
  missed: string[];
  extra: string[];
}

export interface ValidationObservation {
  accepted: boolean;
  causes: { field: string; message: string }[];
}

/** Server-side dry run of one pod. */
export async function dryRun(client: KubeClient, ns: string, pod: KubeObject): Promise<ValidationObservation> {
  const res = await client.post<Json>(`/api/v1/namespaces/${ns}/pods?dryRun=All`, pod);
  if (res.status === 201 || res.status === 200) return { accepted: true, causes: [] };
  if (res.status !== 422) throw new Error(`dry run of ${String(pod.metadata?.name)}: HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 400)}`);
  const causes = (((res.body.details as Json | undefined)?.causes ?? []) as Json[]).map((c) => ({ field: String(c.field ?? ''), message: String(c.message ?? '') }));
  return { accepted: false, causes };
}

/** "spec.containers[0].securityContext" → ["spec", "containers", "0", "securityContext"]. */
export function fieldTokens(field: string): string[] {
  return field.split('.').flatMap((part) => part.split(/\[(\d+)\]/).filter((t) => t !== ''));
}

/**
 * The server names the field it rejects even when the pod does not write it (an absent hostNetwork);
 * our findings point into the object as written, at the nearest field that is there. So a server field
 * is compared at its nearest ancestor present in the pod.
 */
export function writtenField(pod: KubeObject, field: string): string {
  const tokens = fieldTokens(field);
  let value: unknown = pod;
  const present: string[] = [];
  for (const token of tokens) {
    if (value === null || typeof value !== 'object' || !(token in (value as Record<string, unknown>))) break;
    value = (value as Record<string, unknown>)[token];
    present.push(token);
  }
  return present.reduce((out, t) => (/^\d+$/.test(t) ? `${out}[${t}]` : out === '' ? t : `${out}.${t}`), '');
}

export function compareValidation(index: number, seed: number, pod: KubeObject, observed: ValidationObservation, nodes: readonly Node[]): ValidationDisagreement | undefined {
  const ours = findingsOf([pod], nodes).filter((f) => f.severity === 'error' && f.stage === 'api-server');
  const ourFields = new Set(ours.map((f) => fieldOf(f.path)));
  const theirFields = new Set(observed.causes.map((c) => writtenField(pod, c.field)));
  const missed = [...theirFields].filter((f) => !ourFields.has(f)).sort();
  const extra = [...ourFields].filter((f) => !theirFields.has(f)).sort();
  if (missed.length === 0 && extra.length === 0) return undefined;
  return {
    caseIndex: index,
    seed,
    pod,
    upstream: observed.causes.map((c) => `${c.field}: ${c.message}`),
    ours: ours.map((f) => `${fieldOf(f.path)}: [${f.ruleId}] ${f.message}`),
    missed,
    extra,
  };
}
