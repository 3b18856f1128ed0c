import { docs, nodeYaml } from './testing/nodes.js';
import { ruleTester } from './testing/rule-tester.js';
import { windowsPoolMixedBuilds } from './windows-pool-mixed-builds.js';

const pool = (name: string) => ({ 'kubernetes.azure.com/agentpool': name });

ruleTester(windowsPoolMixedBuilds, {
  valid: [
    { name: 'one build per pool', clusterFromYaml: true, yaml: docs(nodeYaml('a', { os: 'windows', build: '10.0.20348', labels: pool('win22') }), nodeYaml('b', { os: 'windows', build: '10.0.17763', labels: pool('win19') })) },
    { name: 'no pool label: nodes are grouped by build anyway', clusterFromYaml: true, yaml: docs(nodeYaml('a', { os: 'windows', build: '10.0.20348' }), nodeYaml('b', { os: 'windows', build: '10.0.17763' })) },
    { name: 'same build, different revisions', clusterFromYaml: true, yaml: docs(nodeYaml('a', { os: 'windows', kernel: '10.0.20348.2700', labels: pool('win') }), nodeYaml('b', { os: 'windows', kernel: '10.0.20348.2849', labels: pool('win') })) },
  ],
  invalid: [
    {
      name: 'a pool mid-upgrade from 2019 to 2022',
      clusterFromYaml: true,
      yaml: docs(nodeYaml('win-a', { os: 'windows', build: '10.0.17763', labels: pool('npwin') }), nodeYaml('win-b', { os: 'windows', build: '10.0.20348', labels: pool('npwin') }), nodeYaml('win-c', { os: 'windows', build: '10.0.20348', labels: pool('npwin') })),
      errors: [{ messageId: 'mixed', path: '/metadata/labels/kubernetes.azure.com~1agentpool', line: 5, message: 'mixes Windows builds: 10.0.17763 (1 node), 10.0.20348 (2 nodes)' }],
    },
  ],
});
