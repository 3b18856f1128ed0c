import { ruleTester } from './testing/rule-tester.js';
import { windowsTzEnv } from './windows-tz-env.js';

ruleTester(windowsTzEnv, {
  valid: [
    {
      name: 'a C-runtime TZ (PST8PDT, UTC0, UTC) on Windows; an IANA TZ on Linux; TZ from a ConfigMap (value unknown)',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: w }
spec:
  os: { name: windows }
  containers:
    - name: c
      image: mcr.microsoft.com/windows/servercore:ltsc2022
      env:
        - { name: TZ, value: PST8PDT }
        - { name: TZ, value: UTC0 }
        - { name: TZ, value: UTC }
        - { name: TZ, valueFrom: { configMapKeyRef: { name: tz, key: tz } } }
        - { name: TZ, value: "" }
        - "odd"
---
apiVersion: v1
kind: Pod
metadata: { name: l }
spec:
  containers: [{ name: c, image: nginx:1.27, env: [{ name: TZ, value: Europe/Berlin }] }]
`,
    },
  ],
  invalid: [
    {
      name: 'IANA names on a Windows Deployment and its init container',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      os: { name: windows }
      initContainers:
        - name: init
          image: mcr.microsoft.com/windows/nanoserver:ltsc2022
          env: [{ name: TZ, value: Etc/UTC }]
      containers:
        - name: app
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          env:
            - name: LANG
              value: de_DE.UTF-8
            - name: TZ
              value: Europe/Berlin
`,
      errors: [
        { messageId: 'ignored', line: 11, path: '/spec/template/spec/initContainers/0/env/0/value', severity: 'warning', message: 'TZ="Etc/UTC"' },
        { messageId: 'ignored', line: 19, path: '/spec/template/spec/containers/0/env/1/value', message: 'TZ="Europe/Berlin"' },
      ],
    },
  ],
});
