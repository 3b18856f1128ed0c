import { hostProcessDaemonSet } from './testing/host-process.js';
import { ruleTester } from './testing/rule-tester.js';
import { windowsNanoserverTools } from './windows-nanoserver-tools.js';

ruleTester(windowsNanoserverTools, {
  valid: [
    {
      name: 'a HostProcess init container: powershell resolves on the host, not in the Nano Server image',
      yaml: hostProcessDaemonSet({ initImage: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', initCommand: 'powershell, -Command, "New-NetFirewallRule"', image: 'ghcr.io/prometheus-community/windows-exporter:0.29.2' }),
    },
    {
      name: 'cmd and pwsh on Nano Server; powershell on Server Core; a 2025 Nano Server derivative (Features on Demand)',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  containers:
    - { name: a, image: mcr.microsoft.com/windows/nanoserver:ltsc2022, command: [cmd, /c, "echo ok"] }
    - { name: b, image: mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022, command: [pwsh, -Command, "Get-Date"] }
    - { name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022, command: [powershell, -Command, "msiexec /i C:\\\\app.msi"] }
    - { name: d, image: example.com/tools:1.0-nanoserver-ltsc2025, command: [powershell.exe, -File, "C:\\\\run.ps1"] }
    - { name: e, image: mcr.microsoft.com/windows/nanoserver:ltsc2022, command: [cmd, /c, "echo mypowershellscript and C:\\\\install.msix"] }
`,
    },
    {
      name: 'odd shapes: command a string, probes without exec',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  os: { name: windows }
  containers:
    - { name: a, image: mcr.microsoft.com/windows/nanoserver:ltsc2022, command: "powershell", args: [7, null], livenessProbe: { exec: "powershell" }, lifecycle: { preStop: [x] } }
`,
    },
  ],
  invalid: [
    {
      name: 'PowerShell, msiexec and Program Files (x86) on Nano Server (CronJob, probe, hook, args)',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: report }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: report
              image: mcr.microsoft.com/windows/nanoserver:ltsc2022
              command: [powershell, -Command, "./report.ps1"]
              args: ["C:\\\\Program Files (x86)\\\\Tool\\\\tool.exe"]
              readinessProbe:
                exec: { command: [cmd, /c, "msiexec /qn /i C:\\\\agent.msi"] }
              lifecycle:
                preStop:
                  exec: { command: [cmd, /c, "powershell -File C:\\\\drain.ps1"] }
          restartPolicy: Never
`,
      errors: [
        { messageId: 'powershell', line: 13, path: '/spec/jobTemplate/spec/template/spec/containers/0/command/0', severity: 'warning', message: 'Nano Server has no powershell.exe' },
        { messageId: 'wow64', line: 14, path: '/spec/jobTemplate/spec/template/spec/containers/0/args/0' },
        { messageId: 'msi', line: 16, path: '/spec/jobTemplate/spec/template/spec/containers/0/readinessProbe/exec/command/2' },
        { messageId: 'powershell', line: 19, path: '/spec/jobTemplate/spec/template/spec/containers/0/lifecycle/preStop/exec/command/2' },
      ],
    },
  ],
});
