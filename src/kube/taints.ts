// Taints and tolerations as the API and kube-scheduler define them:
//   k8s.io/api/core/v1/toleration.go                                (Toleration.ToleratesTaint)
//   k8s.io/component-helpers/scheduling/corev1/helpers.go           (FindMatchingUntoleratedTaint)
//   pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go (filter effects, score, reason)
//   k8s.io/api/core/v1/taint.go                                     (Taint.ToString)

import type { Taint, TaintEffect, Toleration } from './types.js';

export type TaintFilter = (taint: Taint) => boolean;

/** v1.TaintNodeUnschedulable: what a cordon (spec.unschedulable) means to NodeUnschedulable and DaemonSets. */
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const UNSCHEDULABLE_TAINT: Taint = Object.freeze({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });

/** NodeUnschedulable's reason (pkg/scheduler/framework/plugins/nodeunschedulable): one wording for check and simulate. */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

/** Effects the TaintToleration filter enforces; PreferNoSchedule only lowers the score. */
export const DO_NOT_SCHEDULE_EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'NoExecute'];

/** helper.DoNotScheduleTaintsFilterFunc: only NoSchedule and NoExecute taints keep a pod off a node. */
export const doNotScheduleTaints: TaintFilter = (taint) => DO_NOT_SCHEDULE_EFFECTS.includes(taint.effect);

/** Only NoExecute taints evict running pods (the kubelet admits / taint manager evicts on these). */
export const noExecuteTaints: TaintFilter = (taint) => taint.effect === 'NoExecute';

/** The TaintToleration filter's reason text with the taint filled in. */
export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint ${formatTaint(taint)}`;
}

/** "{key: value}" exactly as kube-scheduler prints it; a taint without value prints "{key: }". */
export function formatTaint(taint: Taint): string {
  return `{${taint.key ?? ''}: ${taint.value ?? ''}}`;
}

/** kubectl's form, Taint.ToString(): "key=value:Effect", or "key:Effect" when the value is empty. */
export function taintToString(taint: Taint): string {
  const value = taint.value ?? '';
  return value === '' ? `${taint.key}:${taint.effect}` : `${taint.key}=${value}:${taint.effect}`;
}

/**
 * Toleration.ToleratesTaint: an empty effect matches every effect; an empty key matches every key
 * (validation only allows that with Exists); Exists ignores the value; Equal or no operator compares
 * values. Any other operator (including the alpha Gt/Lt) tolerates nothing here.
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  const effect = toleration.effect ?? '';
  if (effect !== '' && effect !== taint.effect) return false;
  const key = toleration.key ?? '';
  if (key !== '' && key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** TolerationsTolerateTaint: some toleration tolerates the taint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((toleration) => toleratesTaint(toleration, taint));
}

/**
 * FindMatchingUntoleratedTaint: the first taint (in node order) that passes the filter and that no
 * toleration tolerates, or undefined when the pod tolerates them all. Without a filter every taint
 * counts (upstream's nil filter); the scheduler's filter passes `doNotScheduleTaints`.
 */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  filter?: TaintFilter,
): Taint | undefined {
  return (taints ?? []).find((taint) => (filter === undefined || filter(taint)) && !tolerationsTolerateTaint(tolerations, taint));
}

/**
 * The TaintToleration score input: PreferNoSchedule taints none of the pod's tolerations with an empty or
 * PreferNoSchedule effect tolerate (fewer is better; the plugin normalizes the counts in reverse).
 */
export function countIntolerablePreferNoScheduleTaints(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
): number {
  const preferTolerations = (tolerations ?? []).filter((t) => (t.effect ?? '') === '' || t.effect === 'PreferNoSchedule');
  return (taints ?? []).filter((taint) => taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(preferTolerations, taint)).length;
}
