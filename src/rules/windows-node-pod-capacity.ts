import { isWindowsNode, nodeOf } from '../cluster/node-facts.js';
import type { Rule } from '../engine/types.js';
import { integerValue } from '../kube/quantity.js';

/** Extended resource the EKS VPC resource controller advertises on Windows nodes: one per pod IP. */
export const EKS_WINDOWS_IP_RESOURCE = 'vpc.amazonaws.com/PrivateIPv4Address';

/** Cluster rule: on EKS Windows nodes, the pod IPs the node has, not `pods`, cap the pods that run. */
export const windowsNodePodCapacity: Rule = {
  id: 'windows-node-pod-capacity',
  meta: {
    category: 'cluster',
    defaultSeverity: 'warning',
    description: 'A Windows node whose allocatable pods exceed the pod IP addresses its CNI can give (EKS: vpc.amazonaws.com/PrivateIPv4Address).',
    messages: {
      ipLimited:
        'Windows node {{node}} allows {{pods}} pods but has only {{ips}} pod IP addresses ({{resource}}): every Windows pod requests one, so pods beyond {{ips}} stay Pending with "Insufficient {{resource}}" although CPU and memory are free. Plan capacity on the IP count (EKS Windows: IPs per network interface of the instance type, minus one; more with prefix delegation) or choose a larger instance type.',
    },
    source:
      'https://docs.aws.amazon.com/eks/latest/userguide/windows-support.html (Windows nodes: pods per node = IP addresses per network interface of the instance type, minus one); https://github.com/aws/amazon-vpc-resource-controller-k8s (IPv4 address management for Windows nodes); https://github.com/aws/amazon-vpc-resource-controller-k8s (Insufficient vpc.amazonaws.com/PrivateIPv4Address when a Windows node runs out of IPs)',
  },
  sharedVisitor: true,
  create(context) {
    return {
      cluster({ nodes }) {
        for (const n of nodes) {
          if (!isWindowsNode(n)) continue;
          const allocatable = nodeOf(n).status?.allocatable ?? {};
          const ips = integerValue(allocatable[EKS_WINDOWS_IP_RESOURCE]);
          const pods = integerValue(allocatable.pods);
          if (ips === undefined || pods === undefined || pods <= ips) continue;
          context.report({ target: n, messageId: 'ipLimited', path: '/status/allocatable/pods', data: { node: nodeOf(n).metadata.name, pods, ips, resource: EKS_WINDOWS_IP_RESOURCE } });
        }
      },
    };
  },
};
