// The mutating handler: pins the OS the core infers (nodeSelector, the Windows toleration of the
// cluster's taint convention, optionally spec.os.name, the Windows build and a RuntimeClass). It adds
// only what is missing and never changes a value the user wrote. All inference is the core's.
import { analyseWorkload } from '../engine/analysis.js';
import type { WorkloadAnalysis } from '../engine/analysis.js';
import type { OsEvidenceKind } from '../engine/os-intent.js';
import { addTolerations, buildForImages, missingTolerations, pinOs, pinWindowsBuild, pinsBuildAlready, setOsField, setRuntimeClass, tolerationFor } from '../changes/placement.js';
import type { OSName, Taint, Toleration } from '../kube/types.js';
import type { ClusterSnapshot } from './cluster-state.js';
import { parsePointer } from '../util/pointer.js';
import { JsonPatchBuilder } from './json-patch.js';
import type { MutationPolicy, WebhookPolicy } from './policy.js';
import type { AdmissionResult } from './response.js';
import { allowed, patched } from './response.js';
import type { AdmissionRequest } from './review.js';
import type { SkipReason } from './target.js';
import { isControlled, targetOf } from './target.js';

export type MutationKind = 'nodeSelector' | 'toleration' | 'osField' | 'windowsBuild' | 'runtimeClass';

export interface MutationOutcome {
  result: AdmissionResult;
  mutations: MutationKind[];
  os?: OSName;
  /** Why the core thinks so: `image mcr…/servercore:ltsc2022 is a Windows image (tag "ltsc2022")`. */
  osReason?: string;
  skipped?: SkipReason | 'undecided' | 'internal-error';
  /** Why the analysis threw (the object is admitted unchanged, with a warning). */
  internalError?: string;
}

/** Evidence that shows the user already chose where the pod runs: we leave those choices alone. */
const SCHEDULING_CHOICES: readonly OsEvidenceKind[] = ['nodeSelector', 'nodeAffinity', 'runtimeClass'];

export function mutate(request: AdmissionRequest, policy: WebhookPolicy, snapshot: ClusterSnapshot): MutationOutcome {
  if (!policy.mutation.enabled) return { result: allowed(), mutations: [], skipped: 'operation' };
  const found = targetOf(request, policy, 'mutation');
  if ('skip' in found) return { result: allowed(), mutations: [], skipped: found.skip };
  const { target } = found;
  // A pod's spec is immutable after creation (tolerations may only grow): mutate pods on CREATE only.
  if (target.workload.kind === 'Pod' && request.operation !== 'CREATE') return { result: allowed(), mutations: [], skipped: 'pod-update' };
  // A ReplicaSet a Deployment made must keep its owner's template, or the Deployment controller no
  // longer recognises it and makes another: mutate the owner and the pods, never the controlled copy.
  if (target.workload.kind !== 'Pod' && isControlled(target.object)) return { result: allowed(), mutations: [], skipped: 'owned-by-controller' };

  let analysis: WorkloadAnalysis;
  try {
    analysis = analyseWorkload(target.workload, snapshot.inputs);
  } catch (error) {
    // The object is admitted unchanged with a warning rather than answered with an error status:
    // docs/webhook.md ("Errors and failure modes") gives the reasons.
    const reason = error instanceof Error ? error.message : String(error);
    const warning = `kube-hybrid internal error while analysing this object: ${reason}; it was not mutated`;
    return { result: allowed(undefined, [warning]), mutations: [], skipped: 'internal-error', internalError: reason };
  }
  const intent = analysis.osIntent;
  if (!intent.decided && policy.mutation.undecided === 'skip') return { result: allowed(), mutations: [], skipped: 'undecided', os: intent.os };
  const os = intent.os;

  const builder = new JsonPatchBuilder(target.object);
  const spec = parsePointer(target.workload.specPointer);
  const mutations: MutationKind[] = [];
  const m = policy.mutation;
  const userChoseNodes = intent.evidence.some((e) => SCHEDULING_CHOICES.includes(e.kind));

  if (m.nodeSelector && !userChoseNodes && pinOs(builder, spec, os)) mutations.push('nodeSelector');

  if (os === 'windows' && addTolerations(builder, spec, tolerationsToAdd(m, snapshot, analysis))) mutations.push('toleration');

  if (m.osField && setOsField(builder, spec, os)) mutations.push('osField');

  if (os === 'windows' && (m.pinWindowsBuild || Object.keys(m.runtimeClassByBuild).length > 0)) {
    const build = buildForImages(analysis, snapshot.windowsBuilds);
    if (build !== undefined) {
      if (m.pinWindowsBuild && !pinsBuildAlready(analysis) && pinWindowsBuild(builder, spec, build)) mutations.push('windowsBuild');
      const runtimeClass = m.runtimeClassByBuild[build];
      if (runtimeClass !== undefined && snapshot.inputs.runtimeClasses.has(runtimeClass) && setRuntimeClass(builder, spec, runtimeClass)) mutations.push('runtimeClass');
    }
  }

  const result = patched(builder.operations);
  if (mutations.length > 0) result.auditAnnotations = { mutations: mutations.join(','), os: `${os}: ${intent.evidence[0].detail}` };
  return { result, mutations, os, osReason: intent.evidence[0].detail };
}

/** Tolerations the pod lacks for the Windows taints in use (or the policy's fixed toleration). */
function tolerationsToAdd(m: MutationPolicy, snapshot: ClusterSnapshot, analysis: WorkloadAnalysis): Toleration[] {
  if (m.toleration === 'none') return [];
  // Effective tolerations: the pod's own plus its RuntimeClass's (merged at admission).
  const wanted: { taint: Taint; toleration: Toleration }[] =
    m.toleration === 'auto'
      ? snapshot.windowsTaints.map((taint) => ({ taint, toleration: tolerationFor(taint) }))
      : [{
          taint: { key: m.toleration.key, value: m.toleration.value, effect: m.toleration.effect ?? 'NoSchedule' },
          toleration: { ...m.toleration },
        }];
  return missingTolerations(analysis.tolerations, wanted);
}
