import { gmsaCredentialSpecInvalid } from './gmsa-credential-spec-invalid.js';
import { ruleTester } from './testing/rule-tester.js';

const big = 'x'.repeat(64 * 1024 + 1);

ruleTester(gmsaCredentialSpecInvalid, {
  valid: [
    {
      name: 'a DNS-1123 name and a small credential spec',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext: { windowsOptions: { gmsaCredentialSpecName: gmsa-webapp1, gmsaCredentialSpec: '{"CmsPlugins":["ActiveDirectory"]}' } }
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
`,
    },
  ],
  invalid: [
    {
      name: 'a GMSACredentialSpec whose own name is not a lowercase DNS-1123 subdomain',
      yaml: `apiVersion: windows.k8s.io/v1
kind: GMSACredentialSpec
metadata:
  name: GMSA_WebApp1
credspec:
  CmsPlugins: [ActiveDirectory]
`,
      errors: [{ messageId: 'badResourceName', line: 4, path: '/metadata/name', message: 'a lowercase RFC 1123 subdomain' }],
    },
    {
      name: 'an upper-case name at pod level, an empty spec in a container (Deployment)',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      os: { name: windows }
      securityContext:
        windowsOptions: { gmsaCredentialSpecName: WebApp1 }
      initContainers:
        - name: init
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          securityContext: { windowsOptions: { gmsaCredentialSpecName: "web_app" } }
      containers:
        - name: c
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          securityContext:
            windowsOptions: { gmsaCredentialSpec: "" }
      ephemeralContainers:
        - name: debug
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          securityContext: { windowsOptions: { gmsaCredentialSpecName: "-bad" } }
`,
      errors: [
        { messageId: 'badName', line: 9, path: '/spec/template/spec/securityContext/windowsOptions/gmsaCredentialSpecName', severity: 'error', message: 'a lowercase RFC 1123 subdomain' },
        { messageId: 'badName', line: 13, path: '/spec/template/spec/initContainers/0/securityContext/windowsOptions/gmsaCredentialSpecName', message: 'init container "init"' },
        { messageId: 'emptySpec', line: 18, path: '/spec/template/spec/containers/0/securityContext/windowsOptions/gmsaCredentialSpec', message: 'gmsaCredentialSpec cannot be an empty string' },
        { messageId: 'badName', line: 22, path: '/spec/template/spec/ephemeralContainers/0/securityContext/windowsOptions/gmsaCredentialSpecName' },
      ],
    },
    {
      name: 'a credential spec over 64 KiB in a CronJob (OS inferred from the image; the API server checks every pod)',
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
              securityContext: { windowsOptions: { gmsaCredentialSpec: "${big}" } }
          restartPolicy: Never
`,
      errors: [{ messageId: 'specTooLarge', line: 13, path: '/spec/jobTemplate/spec/template/spec/containers/0/securityContext/windowsOptions/gmsaCredentialSpec', severity: 'error', message: 'must be under 64 KiB' }],
    },
  ],
});
