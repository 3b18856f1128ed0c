// What a Node says about itself: its OS and architecture, from the kubelet's well-known labels,
// then status.nodeInfo.
import type { Node, OSName } from './types.js';
import { LABEL_ARCH, LABEL_OS } from './types.js';

export function osOfNode(node: Node): OSName | undefined {
  const written = node.metadata.labels?.[LABEL_OS] ?? node.status?.nodeInfo?.operatingSystem;
  // Asked per node for every workload by many rules: the usual spelling needs no lower-cased copy.
  if (written === 'linux' || written === 'windows') return written;
  const value = written?.toLowerCase();
  return value === 'windows' || value === 'linux' ? value : undefined;
}

export function archOfNode(node: Node): string | undefined {
  return node.metadata.labels?.[LABEL_ARCH] ?? node.status?.nodeInfo?.architecture;
}
