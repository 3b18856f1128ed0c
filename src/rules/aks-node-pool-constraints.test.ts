import { aksNodePoolConstraints } from './aks-node-pool-constraints.js';
import { docs, nodeYaml } from './testing/nodes.js';
import { ruleTester } from './testing/rule-tester.js';

const aks = (pool: string, mode: 'system' | 'user') => ({ 'kubernetes.azure.com/agentpool': pool, 'kubernetes.azure.com/mode': mode });
const SYSTEM = docs(nodeYaml('aks-system-1', { labels: aks('system', 'system') }), nodeYaml('aks-system-2', { labels: aks('system', 'system') }));

ruleTester(aksNodePoolConstraints, {
  valid: [
    { name: 'two-node Linux system pool and a 6-character Windows pool', clusterFromYaml: true, yaml: docs(SYSTEM, nodeYaml('akswin22', { os: 'windows', labels: aks('win22', 'user') })) },
    { name: 'not AKS (no agentpool label)', clusterFromYaml: true, yaml: docs(nodeYaml('n1'), nodeYaml('windowsnodes-1', { os: 'windows', labels: { 'cloud.google.com/gke-nodepool': 'windowsnodes' } })) },
  ],
  invalid: [
    {
      name: 'a 9-character Windows pool name',
      clusterFromYaml: true,
      yaml: docs(SYSTEM, nodeYaml('akswinpool1-1', { os: 'windows', labels: aks('winpool22', 'user') }), nodeYaml('akswinpool1-2', { os: 'windows', labels: aks('winpool22', 'user') })),
      errors: [{ messageId: 'windowsPoolName', path: '/metadata/labels/kubernetes.azure.com~1agentpool', line: 25, message: 'AKS Windows node pool "winpool22" has a 9-character name' }],
    },
    {
      name: 'a Windows node in a system pool, and no Linux system pool',
      clusterFromYaml: true,
      yaml: docs(nodeYaml('aks-user-1', { labels: aks('user', 'user') }), nodeYaml('akswin-1', { os: 'windows', labels: aks('win', 'system') })),
      errors: [
        { messageId: 'noSystemPool', line: 5 },
        { messageId: 'windowsSystemPool', path: '/metadata/labels/kubernetes.azure.com~1mode', line: 15, message: 'Node akswin-1 is a Windows node in AKS system pool "win"' },
      ],
    },
    {
      name: 'a one-node system pool',
      clusterFromYaml: true,
      yaml: docs(nodeYaml('aks-system-1', { labels: aks('system', 'system') }), nodeYaml('akswin-1', { os: 'windows', labels: aks('win', 'user') })),
      errors: [{ messageId: 'smallSystemPool', severity: 'warning', message: 'have 1 node(s)' }],
    },
  ],
});
