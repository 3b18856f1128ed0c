// Which OS a workload wants, and how we know. The first piece of evidence in this order decides:
// spec.os.name, kubernetes.io/os in nodeSelector or required affinity, the RuntimeClass's
// nodeSelector, the images whose platform is known (registry, or an image whose name settles it),
// then a toleration that names the Windows taint's value. A toleration is permission, not intent
// (Toleration.ToleratesTaint, k8s.io/api/core/v1/toleration.go): `operator: Exists` on the `os` key
// lets a pod of either OS onto Windows nodes, so it is no evidence at all, and an image that says
// Linux outranks even `os=windows`. Where the pod may land is decided elsewhere, by the exact
// upstream matcher (src/kube/taints.ts).
import type { NodeSelectorRequirement, OSName, PodSpec, RuntimeClass } from '../kube/types.js';
import { LABEL_OS } from '../kube/types.js';
import { asRecord, asString, recordsIn } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import type { ContainerImageInfo } from './images.js';

export type OsEvidenceKind = 'spec.os.name' | 'nodeSelector' | 'nodeAffinity' | 'runtimeClass' | 'toleration' | 'image' | 'default';

export interface OsEvidence {
  kind: OsEvidenceKind;
  os: OSName;
  /** Pointer (relative to the object) of the field that says so. */
  path: string;
  /** Human wording: `spec.os.name is "windows"`. */
  detail: string;
}

export interface OsIntent {
  os: OSName;
  /** False when nothing in the workload said which OS it wants (Linux is assumed). */
  decided: boolean;
  /** Every piece of evidence found, in priority order; the first decided. */
  evidence: OsEvidence[];
}

/**
 * Taint keys the platforms use for Windows nodes: `os` in the Kubernetes docs
 * (https://kubernetes.io/docs/concepts/windows/user-guide/#ensuring-os-specific-workloads-land-on-the-appropriate-container-host),
 * `node.kubernetes.io/os` on GKE (https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-windows-app);
 * values compared case-insensitively.
 */
export const WINDOWS_TAINT_KEYS: readonly string[] = ['os', 'node.kubernetes.io/os'];

function asOs(value: unknown): OSName | undefined {
  const text = asString(value)?.toLowerCase();
  return text === 'windows' || text === 'linux' ? text : undefined;
}

function otherOs(os: OSName): OSName {
  return os === 'windows' ? 'linux' : 'windows';
}

/** The OS a single node-selector requirement on kubernetes.io/os pins, if it pins one. */
function osOfRequirement(req: NodeSelectorRequirement): OSName | undefined {
  if (req.key !== LABEL_OS || !Array.isArray(req.values)) return undefined;
  const values = req.values.map(asOs);
  if (values.some((v) => v === undefined)) return undefined;
  const set = new Set(values as OSName[]);
  if (set.size !== 1) return undefined;
  const [only] = set;
  if (req.operator === 'In') return only;
  if (req.operator === 'NotIn') return otherOs(only);
  return undefined;
}

/** OS pinned by the required node affinity: every term must pin the same OS (terms are ORed). */
function osOfRequiredAffinity(spec: PodSpec, specPointer: string): OsEvidence | undefined {
  const required = asRecord(asRecord(asRecord(spec.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution);
  const terms = recordsIn(required?.nodeSelectorTerms);
  if (terms.length === 0) return undefined;
  let found: { os: OSName; path: string } | undefined;
  for (const { item: term, index: termIndex } of terms) {
    let termOs: { os: OSName; path: string } | undefined;
    for (const { item: req, index: reqIndex } of recordsIn(term.matchExpressions)) {
      const os = osOfRequirement(req as unknown as NodeSelectorRequirement);
      if (os) {
        termOs = {
          os,
          path: joinPointer(specPointer, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', termIndex, 'matchExpressions', reqIndex),
        };
        break;
      }
    }
    if (!termOs) return undefined;
    if (found && found.os !== termOs.os) return undefined;
    found ??= termOs;
  }
  return found && { kind: 'nodeAffinity', os: found.os, path: found.path, detail: `required node affinity on ${LABEL_OS} selects ${found.os}` };
}

/**
 * Whether a toleration says the pod is meant for Windows nodes: it names a Windows taint key and the
 * value `windows` (any case: AKS-HCI writes `Windows`). `Exists` names no OS and says nothing.
 */
export function isWindowsToleration(toleration: Record<string, unknown>): boolean {
  const key = asString(toleration.key);
  if (key === undefined || !WINDOWS_TAINT_KEYS.includes(key)) return false;
  const operator = toleration.operator ?? 'Equal';
  if (operator !== 'Equal') return false;
  return asString(toleration.value)?.toLowerCase() === 'windows';
}

export interface OsIntentInput {
  spec: PodSpec;
  specPointer: string;
  runtimeClass?: RuntimeClass;
  images: readonly ContainerImageInfo[];
}

export function inferOsIntent({ spec, specPointer, runtimeClass, images }: OsIntentInput): OsIntent {
  const evidence: OsEvidence[] = [];
  const osName = asOs(asRecord(spec.os)?.name);
  if (osName) evidence.push({ kind: 'spec.os.name', os: osName, path: joinPointer(specPointer, 'os', 'name'), detail: `spec.os.name is "${osName}"` });

  const selectorOs = asOs(asRecord(spec.nodeSelector)?.[LABEL_OS]);
  if (selectorOs) {
    evidence.push({ kind: 'nodeSelector', os: selectorOs, path: joinPointer(specPointer, 'nodeSelector', LABEL_OS), detail: `nodeSelector ${LABEL_OS}=${selectorOs}` });
  }
  const affinity = osOfRequiredAffinity(spec, specPointer);
  if (affinity) evidence.push(affinity);

  const runtimeOs = asOs(runtimeClass?.scheduling?.nodeSelector?.[LABEL_OS]);
  if (runtimeOs && runtimeClass) {
    evidence.push({
      kind: 'runtimeClass',
      os: runtimeOs,
      path: joinPointer(specPointer, 'runtimeClassName'),
      detail: `RuntimeClass "${runtimeClass.metadata?.name ?? ''}" selects ${LABEL_OS}=${runtimeOs}`,
    });
  }

  for (const image of images) {
    if (image.os) evidence.push({ kind: 'image', os: image.os, path: image.path, detail: `image ${image.image} is ${image.os === 'windows' ? 'a Windows image' : 'Linux-only'} (${image.evidence})` });
  }

  const toleration = recordsIn(spec.tolerations).find(({ item }) => isWindowsToleration(item));
  if (toleration) {
    const { key, value } = toleration.item as { key: string; value: string };
    evidence.push({ kind: 'toleration', os: 'windows', path: joinPointer(specPointer, 'tolerations', toleration.index), detail: `it tolerates the Windows node taint ${key}=${value}` });
  }

  if (evidence.length === 0) {
    return { os: 'linux', decided: false, evidence: [{ kind: 'default', os: 'linux', path: specPointer, detail: 'nothing in the pod names an OS, so Linux is assumed' }] };
  }
  return { os: evidence[0].os, decided: true, evidence };
}

/** "(inferred from spec.os.name is "windows")" — how findings say where the OS came from. */
export function describeOsIntent(intent: OsIntent): string {
  return intent.evidence[0].detail;
}
