import { docs, nodeYaml } from './testing/nodes.js';
import { ruleTester } from './testing/rule-tester.js';
import { windowsNodeContainerRuntime } from './windows-node-container-runtime.js';

ruleTester(windowsNodeContainerRuntime, {
  valid: [
    { name: 'containerd on Windows', clusterFromYaml: true, yaml: docs(nodeYaml('linux-1'), nodeYaml('win-1', { os: 'windows', runtime: 'containerd://1.7.22' })) },
    { name: 'docker on a Linux node is not this rule\'s business', clusterFromYaml: true, yaml: docs(nodeYaml('linux-1', { runtime: 'docker://20.10.7' })) },
  ],
  invalid: [
    {
      name: 'a Windows node on docker (cri-dockerd)',
      clusterFromYaml: true,
      yaml: docs(nodeYaml('linux-1'), nodeYaml('win-1', { os: 'windows', runtime: 'docker://20.10.9' })),
      errors: [{ messageId: 'notContainerd', path: '/status/nodeInfo/containerRuntimeVersion', line: 19, severity: 'warning', message: 'Windows node win-1 runs docker://20.10.9' }],
    },
  ],
});
