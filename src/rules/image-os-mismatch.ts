import type { Rule } from '../engine/types.js';

/** An image of one OS in a pod bound for the other: containerd finds no matching platform (containerd core/images/image.go). */
export const imageOsMismatch: Rule = {
  id: 'image-os-mismatch',
  meta: {
    category: 'image',
    defaultSeverity: 'error',
    description: 'A container image built only for the other OS than the one the pod targets.',
    messages: {
      mismatch:
        'Image {{image}} is {{imageOs}}-only ({{evidence}}) but the pod targets {{podOs}} ({{how}}); pulling it there fails with "no match for platform in manifest: not found".',
      mixedOs:
        'The pod runs images of two OSes, so it can run on no node: {{image}} is {{imageOs}}-only ({{evidence}}) while {{other}} is {{podOs}}-only, and a node pulls only images of its own OS (a {{podOs}} node fails this one with "no match for platform in manifest: not found"). Move this container to a pod of its own, or use a {{podOs}} image.',
    },
    source: 'https://github.com/opencontainers/image-spec/blob/main/image-index.md (platform of each manifest); https://github.com/containerd/containerd/blob/main/core/images/image.go (no match for platform in manifest); https://github.com/moby/moby/blob/master/distribution/config.go (image operating system … cannot be used on this platform); https://github.com/microsoft/hcsshim/issues/2226 (hcsshim::ProcessBaseLayer … The system cannot find the path specified)',
  },
  sharedVisitor: true,
  create(context) {
    return {
      workload(workload) {
        const analysis = context.analysisOf(workload);
        const intent = analysis.osIntent;
        if (!intent.decided) return;
        // The deciding evidence may be this very image; judge each image against the others' verdict.
        // When another image of the pod is known to be of the pod's OS, no node runs both: the pod
        // runs nowhere, said once, at each container of the other OS (not once per node).
        const ofPodOs = analysis.images.find((image) => image.os === intent.os);
        for (const image of analysis.images) {
          if (!image.os || image.os === intent.os) continue;
          const data = { image: image.image, imageOs: image.os, evidence: image.evidence, podOs: intent.os, how: intent.evidence[0].detail };
          context.report({
            target: workload.source,
            messageId: ofPodOs ? 'mixedOs' : 'mismatch',
            path: image.path,
            data: ofPodOs ? { ...data, other: ofPodOs.image } : data,
          });
        }
      },
    };
  },
};
