import { clusterFromPoolSpecs, parsePoolSpecs } from '../cluster/profile.js';
import type { Cluster } from '../cluster/model.js';
import { ruleTester } from './testing/rule-tester.js';
import { windowsNetworkPolicyUnenforced } from './windows-network-policy-unenforced.js';

function cluster(spec: Record<string, unknown>): Cluster {
  const problems: { path: string; message: string }[] = [];
  const built = clusterFromPoolSpecs('test', 'test', parsePoolSpecs({ spec }, problems));
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('; '));
  return built;
}

const pools = (windowsCni?: string) => [
  { name: 'linux', os: 'linux', count: 2 },
  { name: 'win22', os: 'windows', osSku: 'Windows2022', count: 2, ...(windowsCni ? { cni: windowsCni } : {}) },
];

const workloadAndPolicy = `apiVersion: apps/v1
kind: Deployment
metadata: { name: iis, namespace: web }
spec:
  template:
    metadata: { labels: { app: iis } }
    spec:
      nodeSelector: { kubernetes.io/os: windows }
      containers: [{ name: iis, image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022 }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: iis-ingress, namespace: web }
spec:
  podSelector:
    matchExpressions: [{ key: app, operator: In, values: [iis] }]
  policyTypes: [Ingress]
`;

ruleTester(windowsNetworkPolicyUnenforced, {
  valid: [
    { name: 'no cni in the profile: nothing is known, nothing is said', yaml: workloadAndPolicy, cluster: cluster({ pools: pools() }) },
    { name: 'the built-in default profile has no cni', yaml: workloadAndPolicy },
    { name: 'calico enforces NetworkPolicy on Windows (cluster-wide cni)', yaml: workloadAndPolicy, cluster: cluster({ cni: 'Calico', pools: pools() }) },
    {
      name: 'flannel, but the policy selects other pods or another namespace; a malformed podSelector',
      cluster: cluster({ cni: 'flannel', pools: pools() }),
      yaml: `${workloadAndPolicy.replace('values: [iis]', 'values: [api]')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: all, namespace: other }
spec:
  podSelector: {}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: odd, namespace: web }
spec:
  podSelector: [app]
`,
    },
  ],
  invalid: [
    {
      name: 'flannel on the Windows pool (policy before the workload, empty podSelector), reported once',
      cluster: cluster({ cni: 'calico', pools: pools('flannel') }),
      yaml: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: web }
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
${workloadAndPolicy}`,
      errors: [
        { messageId: 'notEnforced', line: 5, path: '/spec/podSelector', severity: 'warning', message: 'pools using flannel (win22)' },
        { messageId: 'notEnforced', line: 22, path: '/spec/podSelector', message: 'Deployment iis' },
      ],
    },
    {
      name: 'the VPC CNI does not enforce on Windows; azure-cni is unknown (info)',
      cluster: cluster({ pools: [...pools('vpc-cni'), { name: 'win25', os: 'windows', windowsBuild: '10.0.26100', count: 1, cni: 'azure-cni' }] }),
      yaml: workloadAndPolicy,
      errors: [
        { messageId: 'notEnforced', line: 15, path: '/spec/podSelector', severity: 'warning', message: 'vpc-cni (win22)' },
        { messageId: 'cniUnknown', line: 15, severity: 'info', message: 'does not know whether azure-cni enforces NetworkPolicy' },
      ],
    },
  ],
});
