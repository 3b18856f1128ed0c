import { gmsaCredentialSpecNotFound } from './gmsa-credential-spec-not-found.js';
import { ruleTester } from './testing/rule-tester.js';

const credSpec = `apiVersion: windows.k8s.io/v1
kind: GMSACredentialSpec
metadata: { name: gmsa-webapp1 }
credspec:
  CmsPlugins: [ActiveDirectory]
  DomainJoinConfig: { DnsName: contoso.com, NetBiosName: CONTOSO, MachineAccountName: WebApp1 }
`;

ruleTester(gmsaCredentialSpecNotFound, {
  valid: [
    {
      name: 'the GMSACredentialSpec is in the input (before or after the pod)',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext: { windowsOptions: { gmsaCredentialSpecName: gmsa-webapp1 } }
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
---
${credSpec}`,
    },
    {
      name: 'ephemeral containers are not looked up by the webhook',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
  ephemeralContainers: [{ name: e, image: mcr.microsoft.com/windows/servercore:ltsc2022, securityContext: { windowsOptions: { gmsaCredentialSpecName: other } } }]
`,
    },
  ],
  invalid: [
    {
      // The gMSA docs' pattern: a resource named with capitals, which the API server refuses anyway.
      name: 'a case-differing GMSACredentialSpec whose own name is invalid: rename it, do not copy it',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext: { windowsOptions: { gmsaCredentialSpecName: gmsa-webapp1 } }
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
---
${credSpec.replace('name: gmsa-webapp1', 'name: gmsa-WebApp1')}`,
      errors: [{ messageId: 'differsInCaseRename', line: 5, message: 'Rename the GMSACredentialSpec to "gmsa-webapp1"' }],
    },
    {
      name: 'a reference that differs only in case from a GMSACredentialSpec of the input says which one',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext: { windowsOptions: { gmsaCredentialSpecName: GMSA-WebApp1 } }
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
---
${credSpec}`,
      errors: [{ messageId: 'differsInCase', line: 5, path: '/spec/securityContext/windowsOptions/gmsaCredentialSpecName', message: 'but "gmsa-webapp1" is' }],
    },
    {
      name: 'pod, init container and container name specs that are not in the input (Deployment)',
      yaml: `${credSpec}---
apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      os: { name: windows }
      securityContext:
        windowsOptions: { gmsaCredentialSpecName: gmsa-webapp2 }
      initContainers:
        - name: init
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          securityContext: { windowsOptions: { gmsaCredentialSpecName: gmsa-init } }
      containers:
        - name: c
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          securityContext: { windowsOptions: { gmsaCredentialSpecName: gmsa-webapp1 } }
`,
      errors: [
        { messageId: 'notInInput', line: 16, path: '/spec/template/spec/securityContext/windowsOptions/gmsaCredentialSpecName', severity: 'warning', message: '404 "cred spec gmsa-webapp2 does not exist"' },
        { messageId: 'notInInput', line: 20, path: '/spec/template/spec/initContainers/0/securityContext/windowsOptions/gmsaCredentialSpecName', message: 'init container "init"' },
      ],
    },
    {
      name: 'a CronJob container',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: j }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: c
              image: mcr.microsoft.com/windows/servercore:ltsc2022
              securityContext: { windowsOptions: { gmsaCredentialSpecName: gmsa-batch } }
          restartPolicy: Never
`,
      errors: [{ messageId: 'notInInput', line: 13, path: '/spec/jobTemplate/spec/template/spec/containers/0/securityContext/windowsOptions/gmsaCredentialSpecName' }],
    },
  ],
});
