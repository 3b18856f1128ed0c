import { isWindowsNode, nodeOf } from '../cluster/node-facts.js';
import type { Rule } from '../engine/types.js';
import { LABEL_WINDOWS_BUILD } from '../kube/types.js';

/** Cluster rule: Windows kubelets label their node with the build; RuntimeClasses select on it. */
export const windowsBuildLabelMissing: Rule = {
  id: 'windows-build-label-missing',
  meta: {
    category: 'cluster',
    defaultSeverity: 'warning',
    description: 'A Windows node without the node.kubernetes.io/windows-build label.',
    messages: {
      missing:
        'Windows node {{node}} (kernel {{kernel}}) has no node.kubernetes.io/windows-build label: workloads and RuntimeClasses that pin a Windows build by that label never land on it, and build-pinned scheduling cannot tell its build. The kubelet sets it on Windows (Kubernetes 1.17+); check that the label was not removed or the node registered by something else.',
    },
    source: 'kubernetes.io/docs/reference/labels-annotations-taints (node.kubernetes.io/windows-build: set by the kubelet on Windows); kubernetes.io/docs/concepts/windows/user-guide (RuntimeClass selecting node.kubernetes.io/windows-build); https://kubernetes.io/docs/reference/labels-annotations-taints/#nodekubernetesiowindows-build',
  },
  sharedVisitor: true,
  create(context) {
    return {
      cluster({ nodes }) {
        for (const n of nodes) {
          const node = nodeOf(n);
          if (!isWindowsNode(n) || node.metadata.labels?.[LABEL_WINDOWS_BUILD]) continue;
          context.report({ target: n, messageId: 'missing', path: '/metadata/labels', data: { node: node.metadata.name, kernel: node.status?.nodeInfo?.kernelVersion ?? 'unknown' } });
        }
      },
    };
  },
};
