import { docs, nodeYaml } from './testing/nodes.js';
import { ruleTester } from './testing/rule-tester.js';
import { windowsNodeMemoryReserve } from './windows-node-memory-reserve.js';

ruleTester(windowsNodeMemoryReserve, {
  valid: [
    { name: 'Windows node reserving 3 GiB', clusterFromYaml: true, yaml: nodeYaml('win-1', { os: 'windows', capacity: { memory: '16Gi', pods: '110' }, allocatable: { memory: '13Gi', pods: '110' } }) },
    { name: 'exactly 2 GiB (2048Mi)', clusterFromYaml: true, yaml: nodeYaml('win-1', { os: 'windows', capacity: { memory: '16384Mi' }, allocatable: { memory: '14336Mi' } }) },
    { name: 'a Linux node reserving little', clusterFromYaml: true, yaml: nodeYaml('linux-1', { capacity: { memory: '16Gi' }, allocatable: { memory: '15800Mi' } }) },
  ],
  invalid: [
    {
      name: 'Windows node reserving 500 MiB (kubelet defaults plus eviction only)',
      clusterFromYaml: true,
      yaml: docs(nodeYaml('linux-1'), nodeYaml('win-1', { os: 'windows', capacity: { memory: '8Gi', pods: '110' }, allocatable: { memory: '7692Mi', pods: '110' } })),
      errors: [{ messageId: 'lowReserve', path: '/status/allocatable/memory', line: 18, message: 'reserves 500 MiB of its 8Gi memory' }],
    },
  ],
});
