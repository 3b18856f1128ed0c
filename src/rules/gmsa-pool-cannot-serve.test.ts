import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterFromPoolSpecs, parsePoolSpecs } from '../cluster/profile.js';
import { gmsaPoolCannotServe } from './gmsa-pool-cannot-serve.js';
import { ruleTester } from './testing/rule-tester.js';

const cluster = clusterFromPoolSpecs(
  'gmsa',
  'test',
  parsePoolSpecs(
    {
      spec: {
        pools: [
          { name: 'linux', os: 'linux' },
          { name: 'joined', os: 'windows', osSku: 'Windows2022', gmsa: 'domain-joined', labels: { tier: 'joined' } },
          { name: 'akv', os: 'windows', osSku: 'Windows2022', gmsa: 'ccg', ccgPlugins: ['{CCC2A336-D7F3-4818-A213-272B7924213E}'], labels: { tier: 'akv' } },
          { name: 'plain', os: 'windows', osSku: 'Windows2022', gmsa: 'none', labels: { tier: 'plain' } },
        ],
      },
    },
    [],
  ),
);

const spec = (hostAccount: string) => `apiVersion: windows.k8s.io/v1
kind: GMSACredentialSpec
metadata: { name: gmsa-webapp01 }
credspec:
  CmsPlugins: [ActiveDirectory]
  ActiveDirectoryConfig:
    GroupManagedServiceAccounts: [{ Name: WebApp01, Scope: contoso.com }]
${hostAccount}---
`;
const pod = (tier: string) => `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  nodeSelector: { kubernetes.io/os: windows, tier: ${tier} }
  securityContext: { windowsOptions: { gmsaCredentialSpecName: gmsa-webapp01 } }
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
`;
const AKV = '    HostAccountConfig: { PortableCcgVersion: "1", PluginGUID: "{CCC2A336-D7F3-4818-A213-272B7924213E}", PluginInput: "ObjectId=x;SecretUri=y" }\n';
const AWS = '    HostAccountConfig: { PortableCcgVersion: "1", PluginGUID: "{859E1386-BDB4-49E8-85C7-3070B13920E1}", PluginInput: "{}" }\n';

ruleTester(gmsaPoolCannotServe, {
  valid: [
    { name: 'pinned to the domain-joined pool', cluster, yaml: spec('') + pod('joined') },
    { name: 'on the CCG pool with the plugin it has', cluster, yaml: spec(AKV) + pod('akv') },
    { name: 'a profile that says nothing about gMSA', yaml: spec('') + pod('x').replace(', tier: x', '') },
  ],
  invalid: [
    {
      name: 'a pool without domain join or CCG',
      cluster,
      yaml: spec('') + pod('plain'),
      errors: [{ messageId: 'noGmsa', line: 14, path: '/spec/securityContext/windowsOptions/gmsaCredentialSpecName', severity: 'warning', message: 'pool plain' }],
    },
    {
      name: 'a CCG pool and a credential spec without HostAccountConfig',
      cluster,
      yaml: spec('') + pod('akv'),
      errors: [{ messageId: 'needsHostAccount', line: 14, message: 'the AKS Azure Key Vault CCG plugin' }],
    },
    {
      name: 'a CCG pool without the plugin the credential spec names',
      cluster,
      yaml: spec(AWS) + pod('akv'),
      errors: [{ messageId: 'pluginMissing', line: 15, message: 'names PluginGUID {859E1386-BDB4-49E8-85C7-3070B13920E1} (the AWS CCG plugin (domainless gMSA))' }],
    },
  ],
});

describe('the gmsa fields of a cluster profile pool', () => {
  it('are read, and bad values are reported at their pointers', () => {
    const problems: { path: string; message: string }[] = [];
    const pools = parsePoolSpecs({ spec: { pools: [{ name: 'a', os: 'windows', osSku: 'Windows2022', ccgPlugins: ['{859E1386-BDB4-49E8-85C7-3070B13920E1}'] }, { name: 'b', os: 'windows', osSku: 'Windows2022', gmsa: 'joined' }, { name: 'c', os: 'windows', osSku: 'Windows2022', gmsa: 'ccg', ccgPlugins: ['aws'] }] } }, problems);
    assert.deepEqual(pools[0].gmsa, { mode: 'ccg', ccgPlugins: ['{859E1386-BDB4-49E8-85C7-3070B13920E1}'] });
    assert.deepEqual(problems.map((p) => p.path), ['/spec/pools/1/gmsa', '/spec/pools/2/ccgPlugins']);
  });
});
