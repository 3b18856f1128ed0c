import type { Rule } from '../engine/types.js';
import { imageVerdictOnNode } from '../engine/images.js';
import { osOfNode } from '../kube/nodes.js';
import type { Node } from '../kube/types.js';
import { LABEL_WINDOWS_BUILD } from '../kube/types.js';
import { describeBuild, windowsVersionOfNode } from '../windows/builds.js';
import { describeNodesByPool } from './helpers.js';

function buildsText(builds: readonly number[]): string {
  return builds.map((b) => describeBuild(b)).join(', ');
}

function nodeBuildsText(nodes: readonly Node[]): string {
  const builds = new Set<string>();
  for (const node of nodes) {
    const v = windowsVersionOfNode(node);
    if (v) builds.add(`${v.major}.${v.minor}.${v.build}`);
  }
  return [...builds].map((b) => describeBuild(b)).join(', ');
}

/**
 * Process isolation ties the image build to the host build (containerd/platforms
 * checkWindowsHostAndContainerCompat): an ltsc2019 image does not start on a Windows Server 2022 node.
 */
export const windowsImageBuildMismatch: Rule = {
  id: 'windows-image-build-mismatch',
  meta: {
    category: 'image',
    defaultSeverity: 'error',
    description: 'A Windows image whose build cannot run on some or all of the Windows nodes the pods may land on.',
    messages: {
      someNodes:
        'Image {{image}} offers {{imageBuilds}} ({{evidence}}) but the pods may land on {{pools}} running {{nodeBuilds}}, where containerd refuses it ("The container operating system does not match the host operating system"). Pin a build with nodeSelector {{label}}: {{pin}}, use a RuntimeClass for that build, or publish the image for {{nodeBuilds}}.',
      noNode:
        'Image {{image}} offers {{imageBuilds}} ({{evidence}}) and none of the Windows nodes the pods may land on can run it: {{pools}} run {{nodeBuilds}}. Rebuild or re-tag the image for the nodes\' build, or add a node pool of a matching build.',
    },
    source: 'https://github.com/containerd/platforms/blob/main/platform_windows_compat.go (checkWindowsHostAndContainerCompat); https://learn.microsoft.com/en-us/virtualization/windowscontainers/deploy-containers/version-compatibility; https://learn.microsoft.com/en-us/virtualization/api/hcs/reference/hcshresult (HCS_E_IMAGE_MISMATCH 0xC0370101)',
    fixable: true,
  },
  sharedVisitor: true,
  create(context) {
    return {
      workload(workload) {
        const analysis = context.analysisOf(workload);
        const windowsNodes = analysis.placement.eligible.filter((node) => osOfNode(node) === 'windows');
        if (windowsNodes.length === 0) return;
        for (const image of analysis.images) {
          if (image.os === 'linux' || image.windowsBuilds.length === 0) continue;
          const refused = windowsNodes.filter((node) => {
            const verdict = imageVerdictOnNode(image, node);
            return !verdict.runs && verdict.reason === 'build-mismatch';
          });
          if (refused.length === 0) continue;
          const runnable = windowsNodes.filter((node) => !refused.includes(node));
          const pinned = runnable.map(windowsVersionOfNode).find((v) => v !== undefined);
          context.report({
            target: workload.source,
            messageId: runnable.length > 0 ? 'someNodes' : 'noNode',
            path: image.path,
            data: {
              image: image.image,
              imageBuilds: buildsText(image.windowsBuilds),
              evidence: image.evidence,
              pools: describeNodesByPool(refused),
              nodeBuilds: nodeBuildsText(refused),
              label: LABEL_WINDOWS_BUILD,
              pin: pinned ? `${pinned.major}.${pinned.minor}.${pinned.build}` : `10.0.${image.windowsBuilds[0]}`,
            },
          });
        }
      },
    };
  },
};
