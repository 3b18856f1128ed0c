import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWindowsRunnable, windowsExecProbeCommand } from './windows-exec-probe-command.js';
import { ruleTester } from './testing/rule-tester.js';

describe('isWindowsRunnable', () => {
  for (const ok of ['cmd', 'CMD.EXE', 'powershell', 'PowerShell.exe', 'pwsh', 'C:\\tools\\health.exe', 'curl.exe']) it(`accepts ${ok}`, () => assert.equal(isWindowsRunnable(ok), true));
  for (const bad of ['/bin/sh', 'sh', 'cat', 'curl', 'C:\\check.ps1']) it(`rejects ${bad}`, () => assert.equal(isWindowsRunnable(bad), false));
});

ruleTester(windowsExecProbeCommand, {
  valid: [
    {
      name: 'cmd and powershell probes',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  containers:
    - name: c
      image: mcr.microsoft.com/windows/servercore:ltsc2022
      readinessProbe: { exec: { command: [powershell, -Command, "Test-Path C:\\\\ready"] } }
      livenessProbe: { exec: { command: [cmd, /c, "exit 0"] } }
`,
    },
    {
      name: 'a Linux shell probe on a Linux pod',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers: [{ name: c, image: nginx:1.27, livenessProbe: { exec: { command: [/bin/sh, -c, "true"] } } }]
`,
    },
  ],
  invalid: [
    {
      name: 'spec.os.name windows: a Linux shell and a bare .ps1 (Deployment)',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      os: { name: windows }
      containers:
        - name: c
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          livenessProbe:
            exec:
              command: [/bin/sh, -c, "curl localhost"]
          startupProbe:
            exec: { command: ['C:\\check.ps1'] }
`,
      errors: [
        { messageId: 'notRunnable', line: 13, path: '/spec/template/spec/containers/0/livenessProbe/exec/command/0', severity: 'warning', message: 'The system cannot find the file specified' },
        { messageId: 'notRunnable', line: 15, path: '/spec/template/spec/containers/0/startupProbe/exec/command/0', message: 'startupProbe' },
      ],
    },
    {
      name: 'OS inferred from the image: a sidecar init container of a CronJob',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: j }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
            - name: side
              image: mcr.microsoft.com/windows/servercore:ltsc2022
              restartPolicy: Always
              readinessProbe: { exec: { command: [cat, 'C:\\ready'] } }
          containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
          restartPolicy: Never
`,
      errors: [{ messageId: 'notRunnable', line: 14, path: '/spec/jobTemplate/spec/template/spec/initContainers/0/readinessProbe/exec/command/0', message: 'init container "side"' }],
    },
  ],
});
