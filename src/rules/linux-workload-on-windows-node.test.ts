import { linuxWorkloadOnWindowsNode } from './linux-workload-on-windows-node.js';
import { ruleTester } from './testing/rule-tester.js';

const daemonSet = (specExtra: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
  template:
    spec:
${specExtra}      containers: [{ name: agent, image: fluent/fluent-bit:3.1 }]
`;

ruleTester(linuxWorkloadOnWindowsNode, {
  valid: [
    { name: 'a Linux DaemonSet pinned to Linux nodes', yaml: daemonSet('      nodeSelector: { kubernetes.io/os: linux }\n') },
    { name: 'a Linux DaemonSet on a cluster whose Windows nodes are tainted', cluster: 'kubeadm', yaml: daemonSet('') },
    { name: 'a Windows workload (not this rule\'s concern)', yaml: daemonSet('      nodeSelector: { kubernetes.io/os: windows }\n') },
    {
      name: 'a Linux workload with required affinity NotIn windows',
      yaml: daemonSet('      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n              - matchExpressions: [{ key: kubernetes.io/os, operator: NotIn, values: [windows] }]\n'),
    },
  ],
  invalid: [
    {
      // fluent-bit publishes Windows variants too: its name does not settle the platform, and the
      // finding says "unknown", as simulate does for the pods it places there.
      name: 'a DaemonSet without selector on untainted Windows nodes (AKS), image of unknown platform',
      yaml: daemonSet(''),
      errors: [{ messageId: 'canLandOnWindowsUnknown', line: 6, path: '/spec/template/spec', message: 'win22 (3 nodes); whether its images run there is unknown without --resolve-images' }],
    },
    {
      name: 'a Linux DaemonSet (Linux-only image) without selector on untainted Windows nodes (AKS)',
      yaml: daemonSet('').replace('fluent/fluent-bit:3.1', 'quay.io/prometheus/node-exporter:v1.8.2'),
      errors: [{ messageId: 'canLandOnWindows', line: 6, path: '/spec/template/spec', message: 'would fail there with ErrImagePull' }],
    },
    {
      name: 'a blanket toleration lets a Linux DaemonSet onto tainted Windows nodes',
      cluster: 'multi-build',
      yaml: daemonSet('      tolerations:\n        - operator: Exists\n'),
      errors: [{ messageId: 'blanketToleration', line: 8, path: '/spec/template/spec/tolerations/0', message: 'win2019 (2 nodes), win2022 (2 nodes), win2025 (2 nodes)' }],
    },
    {
      name: 'the finding points at the blanket toleration that tolerates the Windows taint, not the first blanket one',
      cluster: 'multi-build',
      yaml: daemonSet('      tolerations:\n        - operator: Exists\n          effect: NoExecute\n        - operator: Exists\n          effect: NoSchedule\n'),
      errors: [{ messageId: 'blanketToleration', line: 10, path: '/spec/template/spec/tolerations/1' }],
    },
    {
      name: 'a nodeSelector that does not name the OS does not help',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      nodeSelector: { node.kubernetes.io/instance-type: Standard_D4s_v5 }
      containers: [{ name: web, image: nginx }]
`,
      errors: [{ messageId: 'canLandOnWindows', line: 7, path: '/spec/template/spec/nodeSelector' }],
    },
  ],
});
