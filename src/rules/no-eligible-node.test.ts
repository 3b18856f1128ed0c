import { noEligibleNode } from './no-eligible-node.js';
import { ruleTester } from './testing/rule-tester.js';

ruleTester(noEligibleNode, {
  valid: [
    {
      name: 'a Windows pod that tolerates the Windows taint',
      cluster: 'kubeadm',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  nodeSelector: { kubernetes.io/os: windows }
  tolerations: [{ key: os, operator: Equal, value: windows, effect: NoSchedule }]
  containers: [{ name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }]
`,
    },
    {
      name: 'a DaemonSet with no eligible node runs no pods, which is not a failure',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: d }
spec:
  template:
    spec:
      nodeSelector: { gpu: "true" }
      containers: [{ name: c, image: x }]
`,
    },
    {
      name: 'a pod bound by nodeName to a node with a NoSchedule taint: the kubelet admits it (only NoExecute counts there)',
      cluster: 'kubeadm',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  nodeName: windows-0
  containers: [{ name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }]
`,
    },
  ],
  invalid: [
    {
      name: 'a Windows pod without the toleration on a tainted cluster gets kube-scheduler\'s FailedScheduling text',
      cluster: 'kubeadm',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  nodeSelector: { kubernetes.io/os: windows }
  containers: [{ name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }]
`,
      errors: [
        {
          messageId: 'noNode',
          line: 4,
          path: '/spec',
          message: "0/5 nodes are available: 2 node(s) had untolerated taint {os: windows}, 3 node(s) didn't match Pod's node affinity/selector.",
        },
      ],
    },
    {
      name: 'a pod bound by nodeName to a node that does not exist',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  nodeName: ghost
  containers: [{ name: c, image: x }]
`,
      // nodeName bypasses the scheduler: no FailedScheduling event, the pod waits for its node.
      errors: [{ messageId: 'nodeMissing', line: 5, path: '/spec/nodeName', message: 'spec.nodeName names node "ghost", which the cluster does not have: the pod bypasses the scheduler and waits for that node (Pending).' }],
    },
    {
      name: 'a pod bound by nodeName to a node whose required affinity it fails: the kubelet refuses it (predicate.go)',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  nodeName: system-0
  nodeSelector: { disk: ssd }
  containers: [{ name: c, image: x }]
`,
      errors: [
        {
          messageId: 'kubeletRejects',
          line: 5,
          path: '/spec/nodeName',
          message:
            'spec.nodeName binds the pod to system-0 without the scheduler, and that node\'s kubelet refuses it: status NodeAffinity, "Pod was rejected: Predicate NodeAffinity failed: node(s) didn\'t match Pod\'s node affinity/selector". Remove nodeName and let the scheduler place the pod, or fix the pod for that node.',
        },
      ],
    },
  ],
});
