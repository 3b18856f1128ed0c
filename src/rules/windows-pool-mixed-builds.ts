import { isWindowsNode, nodeOf, poolLabelOf } from '../cluster/node-facts.js';
import type { Rule } from '../engine/types.js';
import type { ManifestObject } from '../manifests/types.js';
import { buildLabelOf, windowsVersionOfNode } from '../windows/builds.js';

/** Cluster rule: one node pool, one Windows build (images and pins are chosen per pool). */
export const windowsPoolMixedBuilds: Rule = {
  id: 'windows-pool-mixed-builds',
  meta: {
    category: 'cluster',
    defaultSeverity: 'warning',
    description: 'One node pool whose Windows nodes run different Windows builds.',
    messages: {
      mixed:
        'Node pool {{pool}} ({{key}}) mixes Windows builds: {{builds}}. A pool is scaled and pinned as one, but process-isolated containers run only on their own build: pods landing on the other build fail to start. Finish the node image upgrade, or split the builds into separate pools.',
    },
    source: 'https://github.com/containerd/platforms/blob/main/platform_windows_compat.go (checkWindowsHostAndContainerCompat: below build 20348 the image build must equal the host build); learn.microsoft.com/virtualization/windowscontainers/deploy-containers/version-compatibility',
  },
  sharedVisitor: true,
  create(context) {
    return {
      cluster({ nodes }) {
        const pools = new Map<string, { key: string; nodes: ManifestObject[]; builds: Map<string, string[]> }>();
        for (const n of nodes) {
          if (!isWindowsNode(n)) continue;
          const label = poolLabelOf(nodeOf(n));
          const version = windowsVersionOfNode(nodeOf(n));
          if (!label || !version) continue;
          const pool = pools.get(label.value) ?? { key: label.key, nodes: [], builds: new Map<string, string[]>() };
          pool.nodes.push(n);
          const build = buildLabelOf(version);
          pool.builds.set(build, [...(pool.builds.get(build) ?? []), nodeOf(n).metadata.name]);
          pools.set(label.value, pool);
        }
        for (const [name, pool] of pools) {
          if (pool.builds.size < 2) continue;
          const builds = [...pool.builds].sort(([a], [b]) => (a < b ? -1 : 1)).map(([build, names]) => `${build} (${names.length} node${names.length === 1 ? '' : 's'})`).join(', ');
          context.report({ target: pool.nodes[0], messageId: 'mixed', path: `/metadata/labels/${pool.key.replace(/~/g, '~0').replace(/\//g, '~1')}`, data: { pool: name, key: pool.key, builds } });
        }
      },
    };
  },
};
