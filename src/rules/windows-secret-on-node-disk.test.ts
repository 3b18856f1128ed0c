import { ruleTester } from './testing/rule-tester.js';
import { windowsSecretOnNodeDisk } from './windows-secret-on-node-disk.js';

ruleTester(windowsSecretOnNodeDisk, {
  valid: [
    {
      name: 'a Linux pod with a Secret volume; a Windows pod with a ConfigMap only',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: linux }
spec:
  volumes: [{ name: s, secret: { secretName: db } }]
  containers: [{ name: c, image: nginx:1.27 }]
---
apiVersion: v1
kind: Pod
metadata: { name: win }
spec:
  os: { name: windows }
  volumes: [{ name: c, configMap: { name: cfg } }]
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
`,
    },
  ],
  invalid: [
    {
      name: 'spec.os.name windows: a Secret volume and a projected Secret (Deployment)',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      os: { name: windows }
      volumes:
        - name: db
          secret: { secretName: db-credentials }
        - name: bundle
          projected:
            sources:
              - configMap: { name: cfg }
              - secret: { name: tls }
      containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
`,
      errors: [
        { messageId: 'onDisk', line: 10, path: '/spec/template/spec/volumes/0/secret', severity: 'info', message: 'Secret "db-credentials"' },
        { messageId: 'onDisk', line: 15, path: '/spec/template/spec/volumes/1/projected/sources/1/secret', message: 'Secret "tls"' },
      ],
    },
    {
      name: 'OS inferred from the image (CronJob)',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: j }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          volumes: [{ name: s, secret: { secretName: token } }]
          containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
          restartPolicy: Never
`,
      errors: [{ messageId: 'onDisk', line: 10, path: '/spec/jobTemplate/spec/template/spec/volumes/0/secret', message: 'a Windows image' }],
    },
  ],
});
