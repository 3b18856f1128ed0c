// The RuntimeClass admission plugin, which runs on every pod create:
//   plugin/pkg/admission/runtimeclass/admission.go (Admit: overhead, then scheduling; Validate: overhead)
//   pkg/util/tolerations/tolerations.go             (MergeTolerations keeps only supersets)
//   k8s.io/apiserver/pkg/admission/errors.go        (NewForbidden: the "pods "x" is forbidden: …" wrapper)
// Error strings below are upstream's, word for word, because users see them in `kubectl apply` output.

import { isRecord } from '../util/guards.js';
import { parseQuantityExact } from './quantity.js';
import type { ObjectMeta, PodSpec, ResourceList, RuntimeClass, Toleration } from './types.js';

export interface RuntimeClassAdmission {
  /** The pod spec after admission (a new object; the input is never modified). Unchanged when rejected. */
  spec: PodSpec;
  /** Why the API server would reject the pod (the text after `pods "name" is forbidden: `); empty when admitted. */
  errors: string[];
}

export function runtimeClassNotFoundMessage(name: string): string {
  return `pod rejected: RuntimeClass "${name}" not found`;
}

export const OVERHEAD_MISMATCH_MESSAGE = "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead";
export const OVERHEAD_WITHOUT_RUNTIME_CLASS_MESSAGE = 'pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead';

export function nodeSelectorConflictMessage(key: string, runtimeClassValue: string, podValue: string): string {
  return `conflict: runtimeClass.scheduling.nodeSelector[${key}] = ${runtimeClassValue}; pod.spec.nodeSelector[${key}] = ${podValue}`;
}

/** The full text the API server returns; before a name is generated, the generateName (or "Unknown") stands in. */
export function podForbiddenMessage(metadata: ObjectMeta | undefined, reason: string): string {
  const name = metadata?.name || metadata?.generateName || 'Unknown';
  return `pods "${name}" is forbidden: ${reason}`;
}

/** Semantic equality of resource lists: same names, equal quantities ("1" = "1000m"); nil equals empty. */
export function resourceListsEqual(a: ResourceList | undefined | null, b: ResourceList | undefined | null): boolean {
  const left = isRecord(a) ? a : {};
  const right = isRecord(b) ? b : {};
  const names = Object.keys(left);
  if (names.length !== Object.keys(right).length) return false;
  return names.every((name) => Object.hasOwn(right, name) && quantitiesEqual(left[name], right[name]));
}

function quantitiesEqual(a: unknown, b: unknown): boolean {
  const x = parseQuantityExact(a);
  const y = parseQuantityExact(b);
  if (!x || !y) return a === b;
  if (x.digits === 0n && y.digits === 0n) return true;
  if (x.negative !== y.negative) return false;
  // Compare digits × 10^exponent exactly by scaling the one with the larger exponent down to the other.
  const shift = x.exponent10 - y.exponent10;
  return shift >= 0 ? x.digits * 10n ** BigInt(shift) === y.digits : y.digits * 10n ** BigInt(-shift) === x.digits;
}

function tolerationsEqual(a: Toleration, b: Toleration): boolean {
  return (
    (a.key ?? '') === (b.key ?? '') &&
    (a.operator ?? '') === (b.operator ?? '') &&
    (a.value ?? '') === (b.value ?? '') &&
    (a.effect ?? '') === (b.effect ?? '') &&
    (a.tolerationSeconds ?? null) === (b.tolerationSeconds ?? null)
  );
}

/** Whether `wider` tolerates every taint `narrower` does (tolerations.isSuperset). */
export function isTolerationSuperset(wider: Toleration, narrower: Toleration): boolean {
  if (tolerationsEqual(wider, narrower)) return true;
  const wideKey = wider.key ?? '';
  const wideOperator = wider.operator ?? '';
  // An empty key with Exists matches every key.
  if ((narrower.key ?? '') !== wideKey && (wideKey !== '' || wideOperator !== 'Exists')) return false;
  const wideEffect = wider.effect ?? '';
  if ((narrower.effect ?? '') !== wideEffect && wideEffect !== '') return false;
  // A NoExecute toleration with a time limit only covers ones that leave no later.
  if (wideEffect === 'NoExecute' && typeof wider.tolerationSeconds === 'number') {
    if (typeof narrower.tolerationSeconds !== 'number' || narrower.tolerationSeconds > wider.tolerationSeconds) return false;
  }
  switch (wideOperator) {
    case '':
    case 'Equal':
      return narrower.operator === 'Equal' && (narrower.value ?? '') === (wider.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/**
 * MergeTolerations(pod, runtimeClass): the pod's tolerations followed by the RuntimeClass's, dropping any
 * toleration another one already covers (of two identical ones, the first stays).
 */
export function mergeTolerations(first: readonly Toleration[], second: readonly Toleration[]): Toleration[] {
  const all = [...first, ...second];
  const merged: Toleration[] = [];
  all.forEach((toleration, index) => {
    if (merged.some((kept) => isTolerationSuperset(kept, toleration))) return;
    const coveredLater = all
      .slice(index + 1)
      .some((later) => !tolerationsEqual(toleration, later) && isTolerationSuperset(later, toleration));
    if (!coveredLater) merged.push(toleration);
  });
  return merged;
}

function findRuntimeClass(runtimeClasses: Iterable<RuntimeClass>, name: string): RuntimeClass | undefined {
  for (const runtimeClass of runtimeClasses) if (runtimeClass.metadata?.name === name) return runtimeClass;
  return undefined;
}

/**
 * What the RuntimeClass admission plugin does to a pod being created: reject an unknown RuntimeClass,
 * set `overhead` from `overhead.podFixed` (rejecting a pod that already set a different one), merge
 * `scheduling.nodeSelector` (a key the pod sets to another value is a conflict) and `scheduling.tolerations`,
 * then reject a pod carrying overhead that no RuntimeClass defines. Stops at the first error, as upstream.
 */
export function admitRuntimeClass(podSpec: PodSpec, runtimeClasses: Iterable<RuntimeClass>): RuntimeClassAdmission {
  const rejected = (message: string): RuntimeClassAdmission => ({ spec: { ...podSpec }, errors: [message] });
  const spec: PodSpec = { ...podSpec };
  const name = spec.runtimeClassName;
  let runtimeClass: RuntimeClass | undefined;
  if (typeof name === 'string') {
    runtimeClass = findRuntimeClass(runtimeClasses, name);
    if (!runtimeClass) return rejected(runtimeClassNotFoundMessage(name));
  }

  const overhead = runtimeClass && isRecord(runtimeClass.overhead) ? runtimeClass.overhead : undefined;
  if (overhead) {
    const podFixed = isRecord(overhead.podFixed) ? overhead.podFixed : undefined;
    if (spec.overhead !== undefined && spec.overhead !== null && !resourceListsEqual(podFixed, spec.overhead)) {
      return rejected(OVERHEAD_MISMATCH_MESSAGE);
    }
    if (podFixed) spec.overhead = { ...podFixed };
    else delete spec.overhead;
  }

  const scheduling = runtimeClass && isRecord(runtimeClass.scheduling) ? runtimeClass.scheduling : undefined;
  if (scheduling) {
    const runtimeSelector = isRecord(scheduling.nodeSelector) ? scheduling.nodeSelector : undefined;
    if (isRecord(spec.nodeSelector)) {
      const merged: Record<string, string> = { ...spec.nodeSelector };
      for (const [key, value] of Object.entries(runtimeSelector ?? {})) {
        if (Object.hasOwn(merged, key) && merged[key] !== value) {
          return rejected(nodeSelectorConflictMessage(key, value, merged[key]));
        }
        merged[key] = value;
      }
      spec.nodeSelector = merged;
    } else if (runtimeSelector) {
      spec.nodeSelector = { ...runtimeSelector };
    }
    const podTolerations = Array.isArray(spec.tolerations) ? spec.tolerations.filter(isRecord) : [];
    const classTolerations = Array.isArray(scheduling.tolerations) ? scheduling.tolerations.filter(isRecord) : [];
    const tolerations = mergeTolerations(podTolerations as Toleration[], classTolerations as Toleration[]);
    if (tolerations.length > 0) spec.tolerations = tolerations;
    else delete spec.tolerations;
  }

  // Validate(): overhead must come from a RuntimeClass that defines it.
  if (!overhead && spec.overhead !== undefined && spec.overhead !== null) {
    return rejected(OVERHEAD_WITHOUT_RUNTIME_CLASS_MESSAGE);
  }
  return { spec, errors: [] };
}
