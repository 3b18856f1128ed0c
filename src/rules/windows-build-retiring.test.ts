import { ruleTester } from './testing/rule-tester.js';
import { windowsBuildRetiring } from './windows-build-retiring.js';

// The default profile is AKS-labelled with a Windows Server 2022 pool: AKS retires it on 15 March 2027.
const windowsPod = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      nodeSelector: {kubernetes.io/os: windows}
      containers:
        - name: c
          image: contoso.io/web:1.0
`;

ruleTester(windowsBuildRetiring, {
  valid: [
    { name: '181 days before the AKS Windows Server 2022 retirement', today: '2026-09-15', yaml: windowsPod },
    { name: 'on the retirement day (windows-build-retired reports it from then on)', today: '2027-03-15', yaml: windowsPod },
    { name: 'a self-managed cluster: Windows Server 2022 supported until 14 October 2031', cluster: 'kubeadm', today: '2026-11-30', yaml: windowsPod.replace('containers:', 'tolerations: [{key: os, operator: Exists}]\n      containers:') },
  ],
  invalid: [
    {
      name: '180 days before the AKS Windows Server 2022 retirement',
      today: '2026-09-16',
      yaml: windowsPod,
      errors: [{ messageId: 'retiring', severity: 'warning', path: '/spec/template/spec', message: 'retires on AKS on 15 March 2027, in 180 days' }],
    },
    {
      name: 'the day before the retirement, citing the announcement',
      today: '2027-03-14',
      yaml: windowsPod,
      errors: [{ messageId: 'retiring', message: 'in 1 day (no new node images or security patches from then on). Source: https://github.com/Azure/AKS/issues/4168. Plan the move to Windows Server 2025 (10.0.26100)' }],
    },
  ],
});
