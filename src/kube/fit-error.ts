// kube-scheduler's FailedScheduling text (pkg/scheduler/framework/types.go, FitError.Error, as of
// Kubernetes 1.31–1.33): "0/N nodes are available: <count> <reason>, … ." — the "<count> <reason>"
// strings sorted as strings (sort.Strings), a PreFilter message instead of the histogram when PreFilter
// rejected the pod, then " " and the PostFilter (preemption) message, which is itself a FitError text
// prefixed "preemption: " (pkg/scheduler/framework/plugins/defaultpreemption, PostFilter).

export const NO_NODE_AVAILABLE_FORMAT = (nodeCount: number) => `0/${nodeCount} nodes are available`;

/** Per-node preemption reasons (pkg/scheduler/framework/preemption/preemption.go). */
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod';
/** DefaultPreemption for a pod with preemptionPolicy: Never (PodEligibleToPreemptOthers). */
export const PREEMPTION_POLICY_NEVER = 'not eligible due to preemptionPolicy=Never.';

/** DefaultPreemption's PostFilter message when no victim would help (every node unresolvable). */
export function preemptionNotHelpfulMessage(nodeCount: number): string {
  return preemptionMessage(nodeCount, new Map([[PREEMPTION_NOT_HELPFUL, nodeCount]]));
}

/** "preemption: 0/N nodes are available: …." from per-reason node counts. */
export function preemptionMessage(nodeCount: number, counts: ReadonlyMap<string, number>): string {
  return `preemption: ${fitErrorFromCounts(nodeCount, counts)}`;
}

function byteOrder(a: string, b: string): number {
  // Go's sort.Strings compares bytes; UTF-16 order agrees for the ASCII text used in reasons.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "2 node(s) didn't match …, 4 node(s) had untolerated taint {os: windows}" — counts per reason, sorted as upstream. */
export function reasonHistogram(reasonsPerNode: Iterable<readonly string[]>): string[] {
  const counts = new Map<string, number>();
  for (const reasons of reasonsPerNode) {
    for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return histogramOf(counts);
}

export function histogramOf(counts: ReadonlyMap<string, number>): string[] {
  return [...counts].map(([reason, count]) => `${count} ${reason}`).sort(byteOrder);
}

/** The FitError text from reason → node count. */
export function fitErrorFromCounts(nodeCount: number, counts: ReadonlyMap<string, number>, postFilterMessage?: string, preFilterMessage?: string): string {
  let text = `${NO_NODE_AVAILABLE_FORMAT(nodeCount)}:`;
  if (preFilterMessage) text += ` ${preFilterMessage}.`;
  else {
    const histogram = histogramOf(counts);
    if (histogram.length > 0) text += ` ${histogram.join(', ')}.`;
  }
  if (postFilterMessage) text += ` ${postFilterMessage}`;
  return text;
}

/** The whole FitError text, given each filtered node's reasons and an optional PostFilter message. */
export function fitErrorMessage(nodeCount: number, reasonsPerNode: Iterable<readonly string[]>, postFilterMessage?: string): string {
  const counts = new Map<string, number>();
  for (const reasons of reasonsPerNode) for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return fitErrorFromCounts(nodeCount, counts, postFilterMessage);
}
