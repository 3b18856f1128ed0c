// kube-scheduler's FailedScheduling text (pkg/scheduler/framework/types.go, FitError.Error):
// "0/N nodes are available: <count> <reason>, … ." with the "<count> <reason>" strings sorted as
// strings (sort.Strings), then the PostFilter (preemption) message.

export const NO_NODE_AVAILABLE_FORMAT = (nodeCount: number) => `0/${nodeCount} nodes are available`;

/** DefaultPreemption's PostFilter message when no victim would help (every node unresolvable). */
export function preemptionNotHelpfulMessage(nodeCount: number): string {
  return `preemption: ${NO_NODE_AVAILABLE_FORMAT(nodeCount)}: ${nodeCount} Preemption is not helpful for scheduling.`;
}

/** "2 node(s) didn't match …, 4 node(s) had untolerated taint {os: windows}" — counts per reason, sorted as upstream. */
export function reasonHistogram(reasonsPerNode: Iterable<readonly string[]>): string[] {
  const counts = new Map<string, number>();
  for (const reasons of reasonsPerNode) {
    for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const lines = [...counts].map(([reason, count]) => `${count} ${reason}`);
  // Go's sort.Strings compares bytes; plain < on JS strings agrees for the ASCII text used here.
  return lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The whole FitError text, given each filtered node's reasons and an optional PostFilter message. */
export function fitErrorMessage(nodeCount: number, reasonsPerNode: Iterable<readonly string[]>, postFilterMessage?: string): string {
  let text = `${NO_NODE_AVAILABLE_FORMAT(nodeCount)}:`;
  const histogram = reasonHistogram(reasonsPerNode);
  if (histogram.length > 0) text += ` ${histogram.join(', ')}.`;
  if (postFilterMessage) text += ` ${postFilterMessage}`;
  return text;
}
