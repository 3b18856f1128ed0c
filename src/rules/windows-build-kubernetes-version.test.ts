import { testCluster } from '../planner/testing-clusters.js';
import { ruleTester } from './testing/rule-tester.js';
import { windowsBuildKubernetesVersion } from './windows-build-kubernetes-version.js';

const windowsPod = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  nodeSelector: {kubernetes.io/os: windows}
  containers:
    - name: c
      image: contoso.io/web:1.0
`;
const aks2019 = (version?: string) => testCluster([{ name: 'system' }, { name: 'win19', build: 17763, ...(version ? { kubernetesVersion: version } : {}) }], 'aks');
const aks2022 = (version: string) => testCluster([{ name: 'system' }, { name: 'win22', build: 20348, kubernetesVersion: version }], 'aks');
const eks2025 = (version: string) => testCluster([{ name: 'linux' }, { name: 'win25', build: 26100, kubernetesVersion: version }], 'eks');

ruleTester(windowsBuildKubernetesVersion, {
  valid: [
    { name: 'AKS Windows Server 2019 on Kubernetes 1.32', cluster: aks2019('v1.32.7'), yaml: windowsPod },
    { name: 'a pool whose nodes report no kubelet version', cluster: aks2019(), yaml: windowsPod },
    { name: 'AKS Windows Server 2022 on Kubernetes 1.34', cluster: aks2022('1.34.2'), yaml: windowsPod },
    { name: 'EKS Windows Server 2025 on Kubernetes 1.35', cluster: eks2025('v1.35.3-eks-2'), yaml: windowsPod },
  ],
  invalid: [
    {
      name: 'AKS Windows Server 2019 on Kubernetes 1.33',
      cluster: aks2019('v1.33.0'),
      yaml: windowsPod,
      errors: [{ messageId: 'aboveMax', severity: 'error', path: '/spec', message: 'Windows Server 2019 (10.0.17763) runs Kubernetes v1.33.0 there, but AKS supports it only up to 1.32. Source: https://github.com/Azure/AKS/issues/4268' }],
    },
    {
      name: 'AKS Windows Server 2022 on Kubernetes 1.35',
      cluster: aks2022('1.35.0'),
      yaml: windowsPod,
      errors: [{ messageId: 'aboveMax', message: 'only up to 1.34' }],
    },
    {
      name: 'EKS Windows Server 2025 on Kubernetes 1.34',
      cluster: eks2025('1.34.1'),
      yaml: windowsPod,
      errors: [{ messageId: 'belowMin', message: 'EKS offers it only from 1.35' }],
    },
  ],
});
