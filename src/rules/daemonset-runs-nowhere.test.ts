import { daemonSetRunsNowhere } from './daemonset-runs-nowhere.js';
import { ruleTester } from './testing/rule-tester.js';

const daemonSet = (spec: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: csi-node-win, namespace: kube-system }
spec:
  selector: { matchLabels: { app: csi } }
  template:
    metadata: { labels: { app: csi } }
    spec:
${spec}      containers: [{ name: node, image: registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.13.0 }]
`;

ruleTester(daemonSetRunsNowhere, {
  valid: [
    { name: 'a Windows node agent that tolerates the Windows taint', cluster: 'kubeadm', yaml: daemonSet('      nodeSelector: { kubernetes.io/os: windows }\n      tolerations: [{ key: os, operator: Equal, value: windows, effect: NoSchedule }]\n') },
    { name: 'on untainted Windows nodes (AKS-like default) nothing keeps it off', yaml: daemonSet('      nodeSelector: { kubernetes.io/os: windows }\n') },
    { name: 'a DaemonSet whose selector matches no node (a GPU agent without GPUs) is by design', cluster: 'kubeadm', yaml: daemonSet('      nodeSelector: { accelerator: nvidia }\n') },
    { name: 'a Deployment is not a DaemonSet (no-eligible-node reports it)', cluster: 'kubeadm', yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      nodeSelector: {kubernetes.io/os: windows}\n      containers: [{name: c, image: x}]\n' },
  ],
  invalid: [
    {
      name: 'a Windows node agent without the toleration runs nowhere on a tainted cluster',
      cluster: 'kubeadm',
      yaml: daemonSet('      nodeSelector: { kubernetes.io/os: windows }\n'),
      errors: [{ messageId: 'untolerated', line: 8, path: '/spec/template/spec', message: 'tainted {os: windows}' }],
    },
    {
      name: 'a toleration of the wrong value (Windows vs windows: ToleratesTaint compares values exactly)',
      cluster: 'gke',
      yaml: daemonSet('      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: kubernetes.io/os, operator: In, values: [windows] }] }] } } }\n      tolerations: [{ key: node.kubernetes.io/os, operator: Equal, value: Windows, effect: NoSchedule }]\n'),
      errors: [{ messageId: 'untolerated', line: 10, path: '/spec/template/spec/tolerations', message: '3 node(s)' }],
    },
  ],
});
