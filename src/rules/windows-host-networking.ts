import type { Rule } from '../engine/types.js';
import { joinPointer } from '../util/pointer.js';
import { isHostProcessPod, windowsPodOf } from './helpers.js';

/** Windows pods get a container network; only HostProcess pods use the host's (Kubernetes docs, Windows containers: Field compatibility for Pod specifications). */
export const windowsHostNetworking: Rule = {
  id: 'windows-host-networking',
  meta: {
    category: 'networking',
    defaultSeverity: 'warning',
    description: 'hostNetwork on a Windows pod that is not HostProcess, or dnsPolicy ClusterFirstWithHostNet on a Windows pod.',
    messages: {
      hostNetwork:
        'hostNetwork: true on a Windows pod that is not HostProcess ({{how}}): Windows does not share the host network with containers, so the pod gets a container network (the kubelet feature gate WindowsHostNetwork, off by default, was alpha in Kubernetes 1.26–1.32 and is deprecated since 1.33). Use a HostProcess pod if it needs the host network.',
      dnsPolicy:
        'dnsPolicy ClusterFirstWithHostNet is not supported on Windows ({{how}}): host networking is not provided, the pod always runs with a container network. Use ClusterFirst.',
    },
    source: 'https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod (Field compatibility for Pod specifications); https://kubernetes.io/docs/concepts/services-networking/windows-networking/#limitations; https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/ (WindowsHostNetwork: alpha 1.26–1.32, deprecated from 1.33; read 2026-11-30)',
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const pod = windowsPodOf(context, workload);
        if (!pod) return;
        if (workload.podSpec.hostNetwork === true && !isHostProcessPod(workload)) {
          context.report({ target: workload.source, messageId: 'hostNetwork', path: joinPointer(workload.specPointer, 'hostNetwork'), data: { how: pod.how } });
        }
        if (workload.podSpec.dnsPolicy === 'ClusterFirstWithHostNet') {
          context.report({ target: workload.source, messageId: 'dnsPolicy', path: joinPointer(workload.specPointer, 'dnsPolicy'), data: { how: pod.how } });
        }
      },
    };
  },
};
