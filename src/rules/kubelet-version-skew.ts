import { nodeOf, parseKubeVersion } from '../cluster/node-facts.js';
import type { KubeVersion } from '../cluster/node-facts.js';
import type { Rule } from '../engine/types.js';
import type { ManifestObject } from '../manifests/types.js';

/** How many minor versions a kubelet may trail kube-apiserver: 3, or 2 for kubelets older than 1.25. */
export function allowedKubeletLag(kubelet: KubeVersion): number {
  return kubelet.major === 1 && kubelet.minor < 25 ? 2 : 3;
}

/** Cluster rule: the upstream version-skew policy between kubelets and kube-apiserver. */
export const kubeletVersionSkew: Rule = {
  id: 'kubelet-version-skew',
  meta: {
    category: 'cluster',
    defaultSeverity: 'error',
    description: 'A kubelet outside the version-skew policy: newer than kube-apiserver, or more than three minor versions older.',
    messages: {
      newerThanApiServer: 'Node {{node}} runs kubelet {{kubelet}}, newer than kube-apiserver {{server}}: the version-skew policy says a kubelet must not be newer than kube-apiserver. Upgrade the control plane first.',
      tooOld: 'Node {{node}} runs kubelet {{kubelet}}, {{lag}} minor versions behind kube-apiserver {{server}}: the version-skew policy allows {{allowed}}. Upgrade or replace the node (on Windows pools, with a node image of a supported build).',
      olderThanNewest:
        'Node {{node}} runs kubelet {{kubelet}}, {{lag}} minor versions behind the newest kubelet {{newest}} (on {{newestNode}}): kube-apiserver is at least {{newest}}, and the version-skew policy allows a kubelet {{allowed}} minor versions behind it. Upgrade or replace the node.',
    },
    source: 'https://kubernetes.io/releases/version-skew-policy (kubelet: must not be newer than kube-apiserver; may be up to three minor versions older, two for kubelet < 1.25)',
  },
  sharedVisitor: true,
  create(context) {
    return {
      cluster({ nodes, serverVersion }) {
        const versions = nodes
          .map((n) => ({ n, v: parseKubeVersion(nodeOf(n).status?.nodeInfo?.kubeletVersion) }))
          .filter((x): x is { n: ManifestObject; v: KubeVersion } => x.v !== undefined);
        const server = parseKubeVersion(serverVersion);
        const path = '/status/nodeInfo/kubeletVersion';
        if (server) {
          for (const { n, v } of versions) {
            const lag = (server.major - v.major) * 100 + server.minor - v.minor;
            const node = nodeOf(n).metadata.name;
            if (lag < 0) context.report({ target: n, messageId: 'newerThanApiServer', path, data: { node, kubelet: v.text, server: server.text } });
            else if (lag > allowedKubeletLag(v)) context.report({ target: n, messageId: 'tooOld', path, data: { node, kubelet: v.text, server: server.text, lag, allowed: allowedKubeletLag(v) } });
          }
          return;
        }
        // No server version: kube-apiserver is at least as new as the newest kubelet.
        const newest = versions.reduce<{ n: ManifestObject; v: KubeVersion } | undefined>((best, x) => (!best || x.v.major * 1000 + x.v.minor > best.v.major * 1000 + best.v.minor ? x : best), undefined);
        if (!newest) return;
        for (const { n, v } of versions) {
          const lag = (newest.v.major - v.major) * 100 + newest.v.minor - v.minor;
          if (lag > allowedKubeletLag(v)) {
            context.report({ target: n, messageId: 'olderThanNewest', path, data: { node: nodeOf(n).metadata.name, kubelet: v.text, newest: newest.v.text, newestNode: nodeOf(newest.n).metadata.name, lag, allowed: allowedKubeletLag(v) } });
          }
        }
      },
    };
  },
};
