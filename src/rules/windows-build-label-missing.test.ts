import { docs, nodeYaml } from './testing/nodes.js';
import { ruleTester } from './testing/rule-tester.js';
import { windowsBuildLabelMissing } from './windows-build-label-missing.js';

ruleTester(windowsBuildLabelMissing, {
  valid: [{ name: 'the kubelet\'s label is there', clusterFromYaml: true, yaml: docs(nodeYaml('linux-1'), nodeYaml('win-1', { os: 'windows', build: '10.0.20348' })) }],
  invalid: [
    {
      name: 'a Windows node without node.kubernetes.io/windows-build',
      clusterFromYaml: true,
      yaml: docs(nodeYaml('linux-1'), nodeYaml('win-1', { os: 'windows', build: null, kernel: '10.0.17763.6532' })),
      errors: [{ messageId: 'missing', path: '/metadata/labels', line: 15, message: 'Windows node win-1 (kernel 10.0.17763.6532)' }],
    },
  ],
});
