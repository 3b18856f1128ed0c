// ImageLocality (pkg/scheduler/framework/plugins/imagelocality): prefers nodes that already have the
// pod's images, weighted by image size and by how widely the image is spread (to avoid piling pods on
// the one node that has it). Only what nodes report in status.images counts, as upstream.
import { normalizedImageName } from '../../framework/image-names.js';
import type { ScorePlugin } from '../../framework/types.js';
import { MAX_NODE_SCORE, SKIP, SUCCESS } from '../../framework/types.js';
import { recordsIn } from '../../../util/guards.js';

export const NAME = 'ImageLocality';
const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  let sum = sumScores;
  if (sum < MIN_THRESHOLD) sum = MIN_THRESHOLD;
  else if (sum > maxThreshold) sum = maxThreshold;
  return Math.trunc((MAX_NODE_SCORE * (sum - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

function imagesOf(spec: { initContainers?: unknown; containers?: unknown }): string[] {
  return [...recordsIn(spec.initContainers), ...recordsIn(spec.containers)].flatMap(({ item }) =>
    typeof item.image === 'string' && item.image !== '' ? [normalizedImageName(item.image)] : [],
  );
}

interface ImageLocalityState {
  images: string[];
}
const STATE_KEY = 'PreScoreImageLocality';
/**
 * A profile's images are read once (pods of one template share the spec), and whether any node has one
 * of them: nodes' images do not change during a run (snapshot.nodesWithImage is fixed).
 */
const imagesByProfile = new WeakMap<object, { images: string[]; snapshot: object; anyOnNodes: boolean }>();

export const imageLocality: ScorePlugin = {
  name: NAME,
  preScore(state, pod, _nodes, snapshot) {
    let known = imagesByProfile.get(pod.profile);
    if (!known || known.snapshot !== snapshot) {
      const images = imagesOf(pod.profile.spec);
      known = { images, snapshot, anyOnNodes: images.some((image) => snapshot.nodesWithImage(image) > 0) };
      imagesByProfile.set(pod.profile, known);
    }
    // No node has any of the images: every node scores 0, so skipping changes no placement.
    if (!known.anyOnNodes) return SKIP;
    state.write(STATE_KEY, { images: known.images } satisfies ImageLocalityState);
    return SUCCESS;
  },
  score(state, pod, node, snapshot) {
    const images = state.read<ImageLocalityState>(STATE_KEY)?.images ?? imagesOf(pod.profile.spec);
    const total = snapshot.nodes.length;
    let sum = 0;
    for (const image of images) {
      const size = node.images.get(image);
      if (size !== undefined && total > 0) sum += Math.trunc((size * snapshot.nodesWithImage(image)) / total);
    }
    const containers = recordsIn(pod.profile.spec.initContainers).length + recordsIn(pod.profile.spec.containers).length;
    return containers === 0 ? 0 : calculatePriority(sum, containers);
  },
};
