import { docs, nodeYaml } from './testing/nodes.js';
import { ruleTester } from './testing/rule-tester.js';
import { windowsNodePodCapacity } from './windows-node-pod-capacity.js';

const eks = { 'eks.amazonaws.com/nodegroup': 'win', 'node.kubernetes.io/instance-type': 'm5.large' };

ruleTester(windowsNodePodCapacity, {
  valid: [
    { name: 'pods capped at the IP count (m5.large: 10 IPs per interface − 1)', clusterFromYaml: true, yaml: nodeYaml('win-1', { os: 'windows', labels: eks, allocatable: { memory: '6Gi', pods: '9', 'vpc.amazonaws.com/PrivateIPv4Address': '9' } }) },
    { name: 'no VPC resource advertised (not EKS): nothing to compare', clusterFromYaml: true, yaml: nodeYaml('win-1', { os: 'windows', allocatable: { memory: '6Gi', pods: '110' } }) },
  ],
  invalid: [
    {
      name: 'an EKS Windows node allowing 110 pods with 9 pod IPs',
      clusterFromYaml: true,
      yaml: docs(nodeYaml('linux-1'), nodeYaml('win-1', { os: 'windows', labels: eks, allocatable: { memory: '6Gi', pods: '110', 'vpc.amazonaws.com/PrivateIPv4Address': '9' } })),
      errors: [{ messageId: 'ipLimited', path: '/status/allocatable/pods', line: 18, message: 'allows 110 pods but has only 9 pod IP addresses' }],
    },
  ],
});
