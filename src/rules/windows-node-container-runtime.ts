import { isWindowsNode, nodeOf } from '../cluster/node-facts.js';
import type { Rule } from '../engine/types.js';

/** Cluster rule: Windows nodes are expected to run containerd (dockershim is gone since 1.24). */
export const windowsNodeContainerRuntime: Rule = {
  id: 'windows-node-container-runtime',
  meta: {
    category: 'cluster',
    defaultSeverity: 'warning',
    description: 'A Windows node whose container runtime is not containerd (e.g. docker:// through cri-dockerd).',
    messages: {
      notContainerd:
        'Windows node {{node}} runs {{runtime}}, not containerd: Kubernetes removed dockershim in 1.24, HostProcess containers need containerd 1.6 or later, and the image/host build matching kube-hybrid predicts is containerd\'s. Move the node pool to containerd.',
    },
    source:
      'https://kubernetes.io/docs/concepts/windows/intro (container runtimes: containerd 1.7, or Mirantis Container Runtime); https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod (containerd 1.6+ required); https://kubernetes.io/blog/2022/02/17/dockershim-faq; https://github.com/containerd/platforms/blob/main/platform_windows_compat.go (containerd image/host build matching)',
  },
  sharedVisitor: true,
  create(context) {
    return {
      cluster({ nodes }) {
        for (const n of nodes) {
          if (!isWindowsNode(n)) continue;
          const runtime = nodeOf(n).status?.nodeInfo?.containerRuntimeVersion;
          if (!runtime || runtime.startsWith('containerd://')) continue;
          context.report({ target: n, messageId: 'notContainerd', path: '/status/nodeInfo/containerRuntimeVersion', data: { node: nodeOf(n).metadata.name, runtime } });
        }
      },
    };
  },
};
