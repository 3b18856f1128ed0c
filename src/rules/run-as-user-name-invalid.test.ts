import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAsUserNameInvalid, runAsUserNameProblems } from './run-as-user-name-invalid.js';
import { ruleTester } from './testing/rule-tester.js';

describe('runAsUserNameProblems (upstream validateWindowsSecurityContextOptions cases)', () => {
  const cases: [string, string[]][] = [
    ['ContainerUser', []],
    ['NT AUTHORITY\\SYSTEM', []],
    ['contoso.com\\svc-web', []],
    ['', ['runAsUserName cannot be an empty string']],
    ['user\u0007', ['runAsUserName cannot contain control characters']],
    ['a\\b\\c', ['runAsUserName cannot contain more than one backslash']],
    [`${'a'.repeat(256)}\\user`, ["runAsUserName's Domain length must be under 256 characters", "runAsUserName's Domain doesn't match the NetBios nor the DNS format"]],
    ['.domain\\user', ["runAsUserName's Domain doesn't match the NetBios nor the DNS format"]],
    ['domain\\', ["runAsUserName's User cannot be empty"]],
    ['u'.repeat(105), ["runAsUserName's User length must not be longer than 104 characters"]],
    ['u'.repeat(104), []],
    ['. .', ["runAsUserName's User cannot contain only periods or spaces"]],
    ['user@contoso', [`runAsUserName's User cannot contain the following characters: "/\\:;|=,+*?<>@[]`]],
  ];
  for (const [name, expected] of cases) {
    it(JSON.stringify(name).slice(0, 40), () => assert.deepEqual(runAsUserNameProblems(name), expected));
  }
});

ruleTester(runAsUserNameInvalid, {
  valid: [
    {
      name: 'documented HostProcess and container accounts',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext: { windowsOptions: { runAsUserName: "NT AUTHORITY\\\\NetworkService" } }
  containers: [{ name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022, securityContext: { windowsOptions: { runAsUserName: ContainerAdministrator } } }]
`,
    },
  ],
  invalid: [
    {
      name: 'pod and container names the API server rejects, on any pod (no spec.os needed)',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      securityContext:
        windowsOptions: { runAsUserName: "a\\\\b\\\\c" }
      initContainers:
        - name: init
          image: mcr.microsoft.com/windows/nanoserver:ltsc2022
          securityContext: { windowsOptions: { runAsUserName: "" } }
      containers:
        - name: c
          image: mcr.microsoft.com/windows/nanoserver:ltsc2022
          securityContext:
            windowsOptions: { runAsUserName: "web@contoso" }
      ephemeralContainers:
        - name: debug
          image: mcr.microsoft.com/windows/nanoserver:ltsc2022
          securityContext: { windowsOptions: { runAsUserName: "dom\\\\" } }
`,
      errors: [
        { messageId: 'invalid', line: 8, path: '/spec/template/spec/securityContext/windowsOptions/runAsUserName', severity: 'error', message: 'runAsUserName cannot contain more than one backslash' },
        { messageId: 'invalid', line: 12, path: '/spec/template/spec/initContainers/0/securityContext/windowsOptions/runAsUserName', message: 'runAsUserName cannot be an empty string' },
        { messageId: 'invalid', line: 17, path: '/spec/template/spec/containers/0/securityContext/windowsOptions/runAsUserName', message: 'cannot contain the following characters' },
        { messageId: 'invalid', line: 21, path: '/spec/template/spec/ephemeralContainers/0/securityContext/windowsOptions/runAsUserName', message: "User cannot be empty" },
      ],
    },
    {
      name: 'a CronJob with spec.os.name windows and an over-long user',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: j }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          os: { name: windows }
          securityContext: { windowsOptions: { runAsUserName: "${'u'.repeat(105)}" } }
          containers: [{ name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }]
          restartPolicy: Never
`,
      errors: [{ messageId: 'invalid', line: 11, path: '/spec/jobTemplate/spec/template/spec/securityContext/windowsOptions/runAsUserName', message: 'must not be longer than 104 characters' }],
    },
  ],
});
