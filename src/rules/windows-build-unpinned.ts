import { isWindowsNode, nodeOf } from '../cluster/node-facts.js';
import type { Rule } from '../engine/types.js';
import { osOfNode } from '../kube/nodes.js';
import { LABEL_WINDOWS_BUILD } from '../kube/types.js';
import type { ManifestObject } from '../manifests/types.js';
import { buildLabelOf, windowsVersionOfNode } from '../windows/builds.js';
import { isHostProcessPod } from './helpers.js';

/** Cluster rule: with several Windows builds, each Windows workload pins one (selector or RuntimeClass). */
export const windowsBuildUnpinned: Rule = {
  id: 'windows-build-unpinned',
  meta: {
    category: 'cluster',
    defaultSeverity: 'warning',
    description: 'The cluster runs several Windows builds and a Windows workload pins none, or no RuntimeClass selects one of the builds.',
    messages: {
      workloadUnpinned:
        'The cluster runs Windows builds {{builds}} and nothing pins this Windows workload to one (no node.kubernetes.io/windows-build selector or affinity, no RuntimeClass selecting it): its pods may land on {{landing}}, and a process-isolated image runs only on its own build. Pin the build its image was made for, e.g. runtimeClassName of a RuntimeClass whose scheduling.nodeSelector names node.kubernetes.io/windows-build.',
      noRuntimeClassForBuild:
        'Windows build {{build}} ({{count}} node(s), e.g. {{node}}) has no RuntimeClass whose scheduling.nodeSelector selects node.kubernetes.io/windows-build: {{build}}: with several builds in the cluster, workloads have no one-word way to target it. Create one per build (handler runhcs-wcow-process).',
    },
    source: 'kubernetes.io/docs/concepts/windows/user-guide (Ensuring OS-specific workloads land on the appropriate container host: RuntimeClass per Windows build); https://github.com/containerd/platforms/blob/main/platform_windows_compat.go (image/host build matching); https://kubernetes.io/docs/reference/labels-annotations-taints/#nodekubernetesiowindows-build',
  },
  create(context) {
    let builds = new Map<string, ManifestObject[]>();
    return {
      cluster({ nodes }) {
        builds = new Map();
        for (const n of nodes) {
          const version = isWindowsNode(n) ? windowsVersionOfNode(nodeOf(n)) : undefined;
          if (version) builds.set(buildLabelOf(version), [...(builds.get(buildLabelOf(version)) ?? []), n]);
        }
      },
      workload(workload) {
        if (builds.size < 2 || workload.kind === 'DaemonSet' || isHostProcessPod(workload)) return;
        const analysis = context.analysisOf(workload);
        if (analysis.osIntent.os !== 'windows') return;
        const landing = new Map<string, number>();
        for (const node of analysis.placement.eligible) {
          const version = osOfNode(node) === 'windows' ? windowsVersionOfNode(node) : undefined;
          if (version) landing.set(buildLabelOf(version), (landing.get(buildLabelOf(version)) ?? 0) + 1);
        }
        if (landing.size < 2) return;
        context.report({
          target: workload.source,
          messageId: 'workloadUnpinned',
          path: workload.specPointer,
          data: { builds: [...builds.keys()].sort().join(', '), landing: [...landing].sort().map(([b, n]) => `${b} (${n} node${n === 1 ? '' : 's'})`).join(', ') },
        });
      },
      end() {
        if (builds.size < 2) return;
        const pinned = new Set<string>();
        for (const rc of context.inputs.runtimeClasses.values()) {
          const build = rc.scheduling?.nodeSelector?.[LABEL_WINDOWS_BUILD];
          if (build) pinned.add(build);
        }
        for (const [build, nodes] of [...builds].sort(([a], [b]) => (a < b ? -1 : 1))) {
          if (pinned.has(build)) continue;
          context.report({ target: nodes[0], messageId: 'noRuntimeClassForBuild', path: '/metadata/labels', severity: 'info', data: { build, count: nodes.length, node: nodeOf(nodes[0]).metadata.name } });
        }
      },
    };
  },
};
