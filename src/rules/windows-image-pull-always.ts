import type { Rule } from '../engine/types.js';
import type { ContainerImageInfo } from '../engine/images.js';
import { asString } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { isMultiGigabyteBase, windowsBaseImageOf } from '../windows/base-image.js';
import { splitImageName } from '../windows/image-name.js';
import { containersOf, describeOwner, imageInfoAt } from './helpers.js';

/** Above this many bytes to pull (registry facts), an image counts as multi-gigabyte. */
const LARGE_IMAGE_BYTES = 1024 ** 3;

/** Why we think the image is multi-gigabyte, or undefined. */
function largeWindowsImage(info: ContainerImageInfo): string | undefined {
  const windowsSizes = (info.facts?.platforms ?? []).filter((p) => p.os === 'windows').map((p) => p.size);
  if (windowsSizes.length > 0) {
    const smallest = Math.min(...windowsSizes);
    return smallest >= LARGE_IMAGE_BYTES ? `${(smallest / 1024 ** 3).toFixed(1)} GiB to pull (registry)` : undefined;
  }
  const base = windowsBaseImageOf(info.image);
  if (!base || !isMultiGigabyteBase(base.base)) return undefined;
  return base.base === 'servercore' ? 'a Server Core image, several GB' : base.base === 'server' ? 'a Windows Server image, several GB' : 'a Windows image, several GB';
}

/** Kubernetes' default: Always for `:latest` or no tag (and no digest), else IfNotPresent. */
function defaultsToAlways(image: string): boolean {
  const { tag, digest } = splitImageName(image);
  return digest === undefined && (tag === undefined || tag === 'latest');
}

/**
 * kubernetes.io/docs/concepts/containers/images (Image pull policy, read 2026-11-30): Always makes
 * the kubelet resolve the tag on every container start and pull when the digest changed; the
 * default is Always for :latest or no tag. Windows base layers are gigabytes (Server Core, Windows
 * Server, .NET Framework, IIS), so every restart on a new node — and every tag move — pulls them.
 */
export const windowsImagePullAlways: Rule = {
  id: 'windows-image-pull-always',
  meta: {
    category: 'operations',
    defaultSeverity: 'warning',
    description: 'imagePullPolicy Always (set, or defaulted by a latest tag) on a multi-gigabyte Windows image (Server Core, Windows Server, .NET Framework, IIS).',
    messages: {
      always:
        'The {{owner}} pulls {{image}} ({{size}}) with imagePullPolicy Always: the kubelet checks the registry on every start, and whenever the tag has moved — or the pod lands on a node without it — the start waits for gigabytes to download (often 10+ minutes on Windows). Use IfNotPresent with an immutable tag or digest.',
      defaultAlways:
        'The {{owner}} pulls {{image}} ({{size}}) without a tag or with latest, so imagePullPolicy defaults to Always: every start checks the registry and re-downloads gigabytes whenever the tag moves. Pin a release tag or digest (the policy then defaults to IfNotPresent).',
    },
    source: 'https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy; https://learn.microsoft.com/virtualization/windowscontainers/manage-containers/container-base-images (read 2026-11-30)',
  },
  sharedVisitor: true,
  windowsImagesOnly: true,
  create(context) {
    return {
      workload(workload) {
        const analysis = context.analysisOf(workload);
        for (const ref of containersOf(workload, ['initContainers', 'containers'])) {
          const info = imageInfoAt(analysis.images, ref.path);
          if (!info || info.os === 'linux') continue;
          const policy = asString(ref.container.imagePullPolicy);
          const explicit = policy === 'Always';
          if (!explicit && !(policy === undefined && defaultsToAlways(info.image))) continue;
          const size = largeWindowsImage(info);
          if (!size) continue;
          context.report({
            target: workload.source,
            messageId: explicit ? 'always' : 'defaultAlways',
            path: explicit ? joinPointer(ref.path, 'imagePullPolicy') : info.path,
            data: { owner: describeOwner(ref), image: info.image, size },
          });
        }
      },
    };
  },
};
