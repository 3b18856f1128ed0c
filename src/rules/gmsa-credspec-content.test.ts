import { gmsaCredspecContent } from './gmsa-credspec-content.js';
import { ruleTester } from './testing/rule-tester.js';

const good = `apiVersion: windows.k8s.io/v1
kind: GMSACredentialSpec
metadata: { name: gmsa-webapp01 }
credspec:
  CmsPlugins: [ActiveDirectory]
  DomainJoinConfig:
    Sid: S-1-5-21-3700119848-2853083131-2094573802
    MachineAccountName: WebApp01
    Guid: 630a7dd3-2d3e-4471-ae91-1d9ea2556cd5
    DnsTreeName: contoso.com
    DnsName: contoso.com
    NetBiosName: CONTOSO
  ActiveDirectoryConfig:
    GroupManagedServiceAccounts:
      - { Name: WebApp01, Scope: contoso.com }
      - { Name: WebApp01, Scope: CONTOSO }
`;
const goodJson = JSON.stringify({
  CmsPlugins: ['ActiveDirectory'],
  DomainJoinConfig: { Sid: 'S-1-5-21-3700119848-2853083131-2094573802', MachineAccountName: 'WebApp01', Guid: '630a7dd3-2d3e-4471-ae91-1d9ea2556cd5', DnsTreeName: 'contoso.com', DnsName: 'contoso.com', NetBiosName: 'CONTOSO' },
  ActiveDirectoryConfig: { GroupManagedServiceAccounts: [{ Name: 'WebApp01', Scope: 'contoso.com' }, { Name: 'WebApp01', Scope: 'CONTOSO' }] },
});

ruleTester(gmsaCredspecContent, {
  valid: [
    { name: 'a credential spec as New-CredentialSpec writes it (v1)', yaml: good },
    { name: 'the same in the deprecated v1alpha1', yaml: good.replace('windows.k8s.io/v1', 'windows.k8s.io/v1alpha1') },
    {
      name: 'a pod carrying a good credential spec inline',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext: { windowsOptions: { gmsaCredentialSpecName: gmsa-webapp01, gmsaCredentialSpec: '${goodJson}' } }
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
`,
    },
    { name: 'no credspec at all is another rule\'s', yaml: 'apiVersion: windows.k8s.io/v1\nkind: GMSACredentialSpec\nmetadata: { name: x }\n' },
  ],
  invalid: [
    {
      name: 'findings point at the field: a SID of the wrong form, the account not among the gMSAs',
      yaml: good.replace('Sid: S-1-5-21-3700119848-2853083131-2094573802', 'Sid: S-1-5-21-x').replace('MachineAccountName: WebApp01', 'MachineAccountName: WebApp02'),
      errors: [
        { messageId: 'format', line: 7, path: '/credspec/DomainJoinConfig/Sid', severity: 'error', message: 'Credential spec of GMSACredentialSpec "gmsa-webapp01": Sid "S-1-5-21-x" is not a SID' },
        { messageId: 'consistency', line: 8, path: '/credspec/DomainJoinConfig/MachineAccountName', message: 'MachineAccountName "WebApp02" is not among' },
      ],
    },
    {
      name: 'the CRD refuses a PluginInput object',
      yaml: `${good}    HostAccountConfig:
      PortableCcgVersion: "1"
      PluginGUID: "{859E1386-BDB4-49E8-85C7-3070B13920E1}"
      PluginInput:
        CredentialArn: arn:aws:secretsmanager:us-west-2:123456789012:secret:gmsa
`,
      errors: [{ messageId: 'schema', line: 20, path: '/credspec/ActiveDirectoryConfig/HostAccountConfig/PluginInput', message: 'must be of type string: the API server refuses' }],
    },
    {
      name: 'missing fields are reported at the object that lacks them',
      yaml: `apiVersion: windows.k8s.io/v1
kind: GMSACredentialSpec
metadata: { name: gmsa-webapp01 }
credspec:
  CmsPlugins: [ActiveDirectory]
  DomainJoinConfig: { DnsName: contoso.com, NetBiosName: CONTOSO, MachineAccountName: WebApp01, Sid: S-1-5-21-1-2-3, Guid: 630a7dd3-2d3e-4471-ae91-1d9ea2556cd5, DnsTreeName: contoso.com }
`,
      errors: [{ messageId: 'missing', line: 4, path: '/credspec', message: 'credspec has no ActiveDirectoryConfig' }],
    },
    {
      name: 'an inline credential spec that is not JSON, in an init container of a Deployment',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      os: { name: windows }
      initContainers:
        - name: init
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          securityContext: { windowsOptions: { gmsaCredentialSpec: "CmsPlugins: [ActiveDirectory]" } }
      containers:
        - name: c
          image: mcr.microsoft.com/windows/servercore:ltsc2022
`,
      errors: [{ messageId: 'notJson', line: 11, path: '/spec/template/spec/initContainers/0/securityContext/windowsOptions/gmsaCredentialSpec', message: 'gmsaCredentialSpec of the init container "init" is not JSON' }],
    },
    {
      name: 'an Azure Key Vault PluginInput without the SecretUri',
      yaml: `${good}    HostAccountConfig:
      PortableCcgVersion: "1"
      PluginGUID: "{CCC2A336-D7F3-4818-A213-272B7924213E}"
      PluginInput: ObjectId=2b1d3e5f-1111-2222-3333-444455556666
`,
      errors: [{ messageId: 'plugin', line: 20, path: '/credspec/ActiveDirectoryConfig/HostAccountConfig/PluginInput', message: 'PluginInput for the AKS Azure Key Vault CCG plugin has no "SecretUri=' }],
    },
  ],
});
