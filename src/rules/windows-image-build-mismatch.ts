import type { Rule } from '../engine/types.js';
import { imageVerdictOnNode } from '../engine/images.js';
import type { ContainerImageInfo } from '../engine/images.js';
import { detached } from '../util/detach.js';
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

interface Judged {
  messageId: 'someNodes' | 'noNode';
  data: Record<string, string>;
}

/** Whether the Windows nodes the pods may land on refuse the image's build, and the message's data. */
function judge(image: ContainerImageInfo, windowsNodes: readonly Node[]): Judged | null {
  const refused = windowsNodes.filter((node) => {
    const verdict = imageVerdictOnNode(image, node);
    return !verdict.runs && verdict.reason === 'build-mismatch';
  });
  if (refused.length === 0) return null;
  const runnable = windowsNodes.filter((node) => !refused.includes(node));
  const pinned = runnable.map(windowsVersionOfNode).find((v) => v !== undefined);
  return {
    messageId: runnable.length > 0 ? 'someNodes' : 'noNode',
    data: {
      image: image.image,
      imageBuilds: buildsText(image.windowsBuilds),
      evidence: image.evidence,
      pools: describeNodesByPool(refused),
      nodeBuilds: nodeBuildsText(refused),
      label: LABEL_WINDOWS_BUILD,
      pin: pinned ? `${pinned.major}.${pinned.minor}.${pinned.build}` : `10.0.${image.windowsBuilds[0]}`,
    },
  };
}

function detachedData(data: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(data)) out[key] = detached(data[key]);
  return out;
}

/** A number per Node object (names need not be unique in a NodeList file). */
const nodeNumbers = new WeakMap<Node, number>();
let nextNodeNumber = 0;

function nodeNumberOf(node: Node): number {
  let number = nodeNumbers.get(node);
  if (number === undefined) nodeNumbers.set(node, (number = nextNodeNumber++));
  return number;
}

/**
 * What `judge` answered for an image guessed from its name on a set of nodes (by number), per cluster:
 * the same few images meet the same few node sets in thousands of workloads. At most 10,000.
 */
const answers = new WeakMap<readonly Node[], Map<string, Readonly<Judged> | null>>();

/** `judge` for an image guessed from its name, remembered in `answers` (`nodeKey`: the numbers of `windowsNodes`). */
function rememberedJudgement(image: ContainerImageInfo, windowsNodes: readonly Node[], clusterNodes: readonly Node[], nodeKey: string): Readonly<Judged> | null {
  const key = `${image.hostProcess === true}\n${image.windowsBuilds.join(',')}\n${image.image}\n${image.evidence}\n${nodeKey}`;
  let byKey = answers.get(clusterNodes);
  if (!byKey) answers.set(clusterNodes, (byKey = new Map()));
  let judged = byKey.get(key);
  if (judged === undefined) {
    judged = judge(image, windowsNodes);
    if (byKey.size >= 10_000) byKey.clear();
    // Copied out of the file: a string cut from its text keeps the whole text alive.
    byKey.set(detached(key), judged && Object.freeze({ messageId: judged.messageId, data: Object.freeze(detachedData(judged.data)) }));
  }
  return judged;
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
  windowsImagesOnly: true,
  create(context) {
    return {
      workload(workload) {
        const analysis = context.analysisOf(workload);
        const windowsNodes = analysis.placement.eligible.filter((node) => osOfNode(node) === 'windows');
        if (windowsNodes.length === 0) return;
        let nodeKey: string | undefined;
        for (const image of analysis.images) {
          if (image.os === 'linux' || image.windowsBuilds.length === 0) continue;
          // Registry facts are objects of their own: judged afresh; a guess from the name is remembered.
          const judged = image.facts
            ? judge(image, windowsNodes)
            : rememberedJudgement(image, windowsNodes, context.inputs.cluster.nodes, (nodeKey ??= windowsNodes.map(nodeNumberOf).join(',')));
          if (judged) context.report({ target: workload.source, path: image.path, messageId: judged.messageId, data: judged.data });
        }
      },
    };
  },
};
