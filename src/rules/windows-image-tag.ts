import type { Rule } from '../engine/types.js';
import { windowsBaseImageOf, publishedReleaseTags, unpublishedReleaseTag } from '../windows/base-image.js';
import { splitImageName } from '../windows/image-name.js';
import { containersOf, describeOwner, imageInfoAt } from './helpers.js';

const BASE_IMAGE_NAMES = { servercore: 'Server Core', nanoserver: 'Nano Server', server: 'Windows Server', windows: 'Windows' } as const;

/**
 * Tags of Windows images that cannot work as written: a release Microsoft never published for that
 * base image (the pull fails with "not found"), and `latest` (or no tag), which moves from one
 * Windows build to the next. See src/windows/base-image.ts for the tag lists and their sources.
 */
export const windowsImageTag: Rule = {
  id: 'windows-image-tag',
  meta: {
    category: 'image',
    defaultSeverity: 'error',
    description: 'A Microsoft Windows image tagged with a Windows release its base image is not published for (nanoserver:ltsc2016), or a Windows image with a floating tag (latest, or none).',
    messages: {
      unpublishedRelease:
        'The {{owner}} uses {{image}}: Microsoft does not publish {{base}} for "{{release}}" (published: {{published}}), so the pull fails with "not found". Pick a tag of the Windows release your nodes run.',
      floatingTag:
        'The {{owner}} uses the Windows image {{image}} with {{what}}: that tag moves to whatever Windows build was pushed last, so pods can start failing ("The container operating system does not match the host operating system") when it moves past your nodes\' build, and with imagePullPolicy Always it re-pulls gigabytes. Pin a release tag (e.g. …-ltsc2022) or a digest.',
    },
    source: 'https://learn.microsoft.com/virtualization/windowscontainers/manage-containers/container-base-images; https://learn.microsoft.com/virtualization/windowscontainers/deploy-containers/base-image-lifecycle; https://learn.microsoft.com/virtualization/windowscontainers/deploy-containers/version-compatibility; https://kubernetes.io/docs/concepts/containers/images/#image-names (read 2026-11-30)',
  },
  sharedVisitor: true,
  create(context) {
    return {
      workload(workload) {
        const analysis = context.analysisOf(workload);
        for (const ref of containersOf(workload)) {
          const info = imageInfoAt(analysis.images, ref.path);
          if (!info) continue;
          const { repository, tag, digest } = splitImageName(info.image);
          const base = windowsBaseImageOf(info.image);
          // Microsoft names its own images consistently; other publishers may tag as they like.
          if (base && tag && repository.startsWith('mcr.microsoft.com/')) {
            const release = unpublishedReleaseTag(base.base, tag);
            if (release) {
              context.report({
                target: workload.source,
                messageId: 'unpublishedRelease',
                path: info.path,
                data: { owner: describeOwner(ref), image: info.image, base: BASE_IMAGE_NAMES[base.base], release, published: publishedReleaseTags(base.base).join(', ') },
              });
              continue;
            }
          }
          // A floating tag moves across builds; a HostProcess container has no build to drift from.
          if (digest !== undefined || info.os !== 'windows' || info.hostProcess || (tag !== undefined && tag.toLowerCase() !== 'latest')) continue;
          context.report({
            target: workload.source,
            messageId: 'floatingTag',
            path: info.path,
            severity: 'warning',
            data: { owner: describeOwner(ref), image: info.image, what: tag === undefined ? 'no tag (latest)' : 'tag latest' },
          });
        }
      },
    };
  },
};
