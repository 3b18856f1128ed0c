import { testCluster } from '../planner/testing-clusters.js';
import { ruleTester } from './testing/rule-tester.js';
import { windowsBuildRetired } from './windows-build-retired.js';

const windowsPod = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  nodeSelector: {kubernetes.io/os: windows}
  containers:
    - name: c
      image: contoso.io/web:1.0
`;
const linuxPod = windowsPod.replace('windows', 'linux');
const aks2019 = testCluster([{ name: 'system' }, { name: 'win19', build: 17763 }], 'aks');
const aks2025 = testCluster([{ name: 'system' }, { name: 'win25', build: 26100 }], 'aks');
const selfManaged2016 = testCluster([{ name: 'linux' }, { name: 'win16', build: 14393 }]);

ruleTester(windowsBuildRetired, {
  valid: [
    { name: 'an AKS Windows Server 2019 pool the day before its retirement (1 March 2026)', cluster: aks2019, today: '2026-02-28', yaml: windowsPod },
    { name: 'a Linux pod on an AKS cluster with a retired Windows Server 2019 pool', cluster: aks2019, today: '2026-11-30', yaml: linuxPod },
    { name: 'AKS Windows Server 2025 pool', cluster: aks2025, today: '2026-11-30', yaml: windowsPod },
    { name: 'the aks profile (Windows Server 2022) before 15 March 2027', cluster: 'aks', today: '2026-11-30', yaml: windowsPod },
    { name: 'a self-managed Windows Server 2019 pool (Microsoft extended support until 9 January 2029)', cluster: 'multi-build', today: '2026-11-30', yaml: windowsPod.replace('{kubernetes.io/os: windows}', '{kubernetes.io/os: windows, node.kubernetes.io/windows-build: 10.0.17763}').replace('containers:', 'tolerations: [{key: os, operator: Exists}]\n  containers:') },
  ],
  invalid: [
    {
      name: 'an AKS Windows Server 2019 pool on the day of its retirement',
      cluster: aks2019,
      today: '2026-03-01',
      yaml: windowsPod,
      errors: [{ messageId: 'retired', severity: 'error', line: 4, path: '/spec', message: 'retired on AKS since 1 March 2026' }],
    },
    {
      name: 'an AKS Windows Server 2019 pool after its retirement: the image removal date and a successor are named',
      cluster: aks2019,
      today: '2026-11-30',
      yaml: windowsPod,
      errors: [{ messageId: 'retired', message: 'node images are removed on 1 April 2027, after which scaling fails. Source: https://github.com/Azure/AKS/pull/5798. Move the workload to a pool of Windows Server 2022 (10.0.20348)' }],
    },
    {
      name: 'a self-managed Windows Server 2016 pool on the day Microsoft extended support ends',
      cluster: selfManaged2016,
      today: '2027-01-12',
      yaml: windowsPod,
      errors: [{ messageId: 'retired', message: 'Microsoft ships no more security updates' }],
    },
  ],
});
