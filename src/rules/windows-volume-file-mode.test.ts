import { ruleTester } from './testing/rule-tester.js';
import { windowsVolumeFileMode } from './windows-volume-file-mode.js';

ruleTester(windowsVolumeFileMode, {
  valid: [
    {
      // pkg/apis/core/v1/defaults.go fills 0644 into an unset defaultMode: every `kubectl get -o yaml`
      // export carries it, and removing it changes nothing.
      name: 'defaultMode 420 (0644), the API server\'s default in every exported manifest',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  os: {name: windows}
  containers: [{name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022}]
  volumes:
    - name: cfg
      configMap: {name: cfg, defaultMode: 420}
    - name: sec
      secret: {secretName: s, defaultMode: 420}
    - name: proj
      projected: {defaultMode: 420, sources: [{configMap: {name: cfg}}]}
`,
    },
    {
      name: 'a Windows pod with ConfigMap and Secret volumes without modes',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  volumes:
    - { name: config, configMap: { name: c, items: [{ key: a, path: a.txt }] } }
    - { name: creds, secret: { secretName: s } }
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
`,
    },
    {
      name: 'a Linux pod with modes',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  volumes: [{ name: creds, secret: { secretName: s, defaultMode: 0400 } }]
  containers: [{ name: c, image: nginx:1.27 }]
`,
    },
  ],
  invalid: [
    {
      name: 'spec.os.name windows: defaultMode and items mode, also inside a projected volume (Deployment)',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      os: { name: windows }
      volumes:
        - name: creds
          secret: { secretName: s, defaultMode: 0400 }
        - name: config
          configMap:
            name: c
            items: [{ key: a, path: a.txt, mode: 0644 }]
        - name: all
          projected:
            defaultMode: 0440
            sources:
              - secret: { name: s2, items: [{ key: k, path: k, mode: 0400 }] }
      containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
`,
      errors: [
        { messageId: 'ignored', line: 10, path: '/spec/template/spec/volumes/0/secret/defaultMode', severity: 'warning', message: 'defaultMode of volume "creds"' },
        { messageId: 'ignored', line: 14, path: '/spec/template/spec/volumes/1/configMap/items/0/mode', message: 'items[0].mode' },
        { messageId: 'ignored', line: 17, path: '/spec/template/spec/volumes/2/projected/defaultMode' },
        { messageId: 'ignored', line: 19, path: '/spec/template/spec/volumes/2/projected/sources/0/secret/items/0/mode' },
      ],
    },
    {
      name: 'OS inferred from the image: a CronJob with a downwardAPI defaultMode',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: j }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          volumes: [{ name: info, downwardAPI: { defaultMode: 0644, items: [{ path: labels, fieldRef: { fieldPath: metadata.labels } }] } }]
          containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
          restartPolicy: Never
`,
      errors: [{ messageId: 'ignored', line: 10, path: '/spec/jobTemplate/spec/template/spec/volumes/0/downwardAPI/defaultMode', message: 'a Windows image' }],
    },
  ],
});
