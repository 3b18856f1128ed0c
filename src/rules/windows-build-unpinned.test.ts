import { docs, nodeYaml } from './testing/nodes.js';
import { ruleTester } from './testing/rule-tester.js';
import { windowsBuildUnpinned } from './windows-build-unpinned.js';

const TWO_BUILDS = docs(nodeYaml('linux-1'), nodeYaml('win22', { os: 'windows', build: '10.0.20348' }), nodeYaml('win25', { os: 'windows', build: '10.0.26100' }));
const RUNTIME_CLASSES = docs(
  'apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata: { name: windows-2022 }\nhandler: runhcs-wcow-process\nscheduling: { nodeSelector: { kubernetes.io/os: windows, node.kubernetes.io/windows-build: "10.0.20348" } }\n',
  'apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata: { name: windows-2025 }\nhandler: runhcs-wcow-process\nscheduling: { nodeSelector: { kubernetes.io/os: windows, node.kubernetes.io/windows-build: "10.0.26100" } }\n',
);
const deployment = (spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: iis }
spec:
  selector: { matchLabels: { app: iis } }
  template:
    metadata: { labels: { app: iis } }
    spec:
${spec}`;

ruleTester(windowsBuildUnpinned, {
  valid: [
    {
      name: 'pinned by a RuntimeClass of one build',
      clusterFromYaml: true,
      yaml: docs(TWO_BUILDS, RUNTIME_CLASSES, deployment('      runtimeClassName: windows-2022\n      containers: [{ name: iis, image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022 }]\n')),
    },
    {
      name: 'pinned by a windows-build nodeSelector',
      clusterFromYaml: true,
      yaml: docs(TWO_BUILDS, RUNTIME_CLASSES, deployment('      nodeSelector: { kubernetes.io/os: windows, node.kubernetes.io/windows-build: "10.0.26100" }\n      containers: [{ name: iis, image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2025 }]\n')),
    },
    {
      name: 'one Windows build in the cluster: nothing to pin',
      clusterFromYaml: true,
      yaml: docs(nodeYaml('linux-1'), nodeYaml('win22', { os: 'windows' }), deployment('      nodeSelector: { kubernetes.io/os: windows }\n      containers: [{ name: iis, image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022 }]\n')),
    },
  ],
  invalid: [
    {
      name: 'an OS selector only, with two builds and a RuntimeClass for each',
      clusterFromYaml: true,
      yaml: docs(TWO_BUILDS, RUNTIME_CLASSES, deployment('      nodeSelector: { kubernetes.io/os: windows }\n      containers: [{ name: iis, image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022 }]\n')),
      errors: [{ messageId: 'workloadUnpinned', path: '/spec/template/spec', line: 50, message: 'its pods may land on 10.0.20348 (1 node), 10.0.26100 (1 node)' }],
    },
    {
      name: 'two builds and no RuntimeClass for either',
      clusterFromYaml: true,
      yaml: TWO_BUILDS,
      errors: [
        { messageId: 'noRuntimeClassForBuild', severity: 'info', line: 15, message: 'Windows build 10.0.20348 (1 node(s), e.g. win22)' },
        { messageId: 'noRuntimeClassForBuild', severity: 'info', line: 25, message: 'Windows build 10.0.26100' },
      ],
    },
  ],
});
