import { hostProcessNamespacePodSecurity } from './host-process-namespace-pod-security.js';
import { docs, nodeYaml } from './testing/nodes.js';
import { ruleTester } from './testing/rule-tester.js';

const CLUSTER = docs(nodeYaml('linux-1'), nodeYaml('win-1', { os: 'windows' }));
const namespace = (name: string, level?: string, mode = 'enforce') => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${level ? `  labels: { pod-security.kubernetes.io/${mode}: ${level} }\n` : ''}`;
const daemonSet = (ns: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: node-exporter, namespace: ${ns} }
spec:
  selector: { matchLabels: { app: ne } }
  template:
    metadata: { labels: { app: ne } }
    spec:
      nodeSelector: { kubernetes.io/os: windows }
      hostNetwork: true
      securityContext:
        windowsOptions: { hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM" }
      containers: [{ name: ne, image: ghcr.io/prometheus-community/windows-exporter:0.29.2 }]
`;

ruleTester(hostProcessNamespacePodSecurity, {
  valid: [
    { name: 'a privileged namespace', clusterFromYaml: true, yaml: docs(CLUSTER, namespace('monitoring', 'privileged'), daemonSet('monitoring')) },
    { name: 'baseline only in warn mode (a warning, not a rejection)', clusterFromYaml: true, yaml: docs(CLUSTER, namespace('monitoring', 'baseline', 'warn'), daemonSet('monitoring')) },
    { name: 'no namespace label (the cluster default applies, unknown here)', clusterFromYaml: true, yaml: docs(CLUSTER, namespace('monitoring'), daemonSet('monitoring')) },
  ],
  invalid: [
    {
      name: 'a HostProcess DaemonSet in a namespace enforcing baseline',
      clusterFromYaml: true,
      yaml: docs(CLUSTER, namespace('monitoring', 'baseline'), daemonSet('monitoring')),
      errors: [{ messageId: 'rejected', path: '/spec/template/spec/securityContext/windowsOptions/hostProcess', line: 38, message: 'Namespace monitoring enforces Pod Security level "baseline"' }],
    },
    {
      name: 'restricted, container-level hostProcess',
      clusterFromYaml: true,
      yaml: docs(
        CLUSTER,
        namespace('default', 'restricted'),
        'apiVersion: v1\nkind: Pod\nmetadata: { name: hp }\nspec:\n  hostNetwork: true\n  nodeSelector: { kubernetes.io/os: windows }\n  containers:\n    - name: c\n      image: mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0\n      securityContext: { windowsOptions: { hostProcess: true } }\n',
      ),
      errors: [{ messageId: 'rejected', path: '/spec/containers/0/securityContext/windowsOptions/hostProcess', message: 'the pod is refused' }],
    },
  ],
});
