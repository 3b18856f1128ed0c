import { isWindowsNode, nodeOf, reservedMemoryOf } from '../cluster/node-facts.js';
import type { Rule } from '../engine/types.js';
import { formatBytes } from '../kube/quantity.js';

const TWO_GIB = 2 * 1024 ** 3;

/** Cluster rule: Windows has no OOM killer; the system needs its memory held back from pods. */
export const windowsNodeMemoryReserve: Rule = {
  id: 'windows-node-memory-reserve',
  meta: {
    category: 'cluster',
    defaultSeverity: 'warning',
    description: 'A Windows node that reserves less than 2 GiB of memory for the system (capacity − allocatable).',
    messages: {
      lowReserve:
        'Windows node {{node}} reserves {{reserved}} of its {{capacity}} memory (capacity − allocatable): Windows has no OOM killer and pages instead, so pods packed into the rest starve the kubelet and the OS. Upstream recommends reserving at least 2 GiB on Windows: raise --kube-reserved/--system-reserved memory.',
    },
    source: 'kubernetes.io/docs/concepts/configuration/windows-resource-management (Resource reservation: on Windows, a good practice is to reserve at least 2GiB of memory); https://kubernetes.io/docs/concepts/windows/intro/ (no OOM eviction, no MemoryPressure on Windows nodes)',
  },
  sharedVisitor: true,
  create(context) {
    return {
      cluster({ nodes, origin }) {
        // A profile states allocatable only (its nodes' capacity is a copy): nothing to judge.
        if (origin === 'profile') return;
        for (const n of nodes) {
          if (!isWindowsNode(n)) continue;
          const reserved = reservedMemoryOf(nodeOf(n));
          if (reserved === undefined || reserved >= TWO_GIB) continue;
          context.report({
            target: n,
            messageId: 'lowReserve',
            path: '/status/allocatable/memory',
            data: { node: nodeOf(n).metadata.name, reserved: formatBytes(Math.max(0, reserved)), capacity: String(nodeOf(n).status?.capacity?.memory ?? '?') },
          });
        }
      },
    };
  },
};
