import { noLinuxNode } from './no-linux-node.js';
import { docs, nodeYaml } from './testing/nodes.js';
import { ruleTester } from './testing/rule-tester.js';

const CONTROL_PLANE = '{ key: node-role.kubernetes.io/control-plane, effect: NoSchedule }';

ruleTester(noLinuxNode, {
  valid: [
    { name: 'a Linux worker beside the Windows nodes', clusterFromYaml: true, yaml: docs(nodeYaml('linux-1'), nodeYaml('win-1', { os: 'windows' })) },
    { name: 'a control-plane node and an untainted Linux worker', clusterFromYaml: true, yaml: docs(nodeYaml('cp-1', { taints: [CONTROL_PLANE] }), nodeYaml('linux-1'), nodeYaml('win-1', { os: 'windows' })) },
    { name: 'a profile (not a NodeList): cluster rules do not run', yaml: nodeYaml('win-1', { os: 'windows' }), cluster: 'default' },
  ],
  invalid: [
    {
      name: 'Windows nodes only',
      clusterFromYaml: true,
      yaml: docs(nodeYaml('win-1', { os: 'windows' }), nodeYaml('win-2', { os: 'windows' })),
      errors: [{ messageId: 'noLinuxNode', path: '/metadata/labels/kubernetes.io~1os', line: 5, message: 'None of the 2 nodes runs Linux' }],
    },
    {
      name: 'the only Linux node is a tainted control-plane node',
      clusterFromYaml: true,
      yaml: docs(nodeYaml('cp-1', { taints: [CONTROL_PLANE] }), nodeYaml('win-1', { os: 'windows' })),
      errors: [{ messageId: 'onlyControlPlane', path: '/spec/taints', message: 'The only Linux nodes (cp-1)' }],
    },
  ],
});
