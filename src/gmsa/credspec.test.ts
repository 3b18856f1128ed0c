import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { credSpecProblems, crdSchemaProblems, dnsNameProblem, inlineCredSpecProblems, knownCcgPlugin, netBiosNameProblem } from './credspec.js';

/** What New-CredentialSpec writes for WebApp01 in contoso.com (the Microsoft example's shape). */
interface EditableSpec {
  CmsPlugins: unknown;
  DomainJoinConfig: Record<string, unknown>;
  ActiveDirectoryConfig: { GroupManagedServiceAccounts: Record<string, unknown>[]; HostAccountConfig?: Record<string, unknown> };
}

export function goodCredSpec(): EditableSpec {
  return {
    CmsPlugins: ['ActiveDirectory'],
    DomainJoinConfig: {
      Sid: 'S-1-5-21-3700119848-2853083131-2094573802',
      MachineAccountName: 'WebApp01',
      Guid: '630a7dd3-2d3e-4471-ae91-1d9ea2556cd5',
      DnsTreeName: 'contoso.com',
      DnsName: 'contoso.com',
      NetBiosName: 'CONTOSO',
    },
    ActiveDirectoryConfig: {
      GroupManagedServiceAccounts: [
        { Name: 'WebApp01', Scope: 'contoso.com' },
        { Name: 'WebApp01', Scope: 'CONTOSO' },
      ],
    },
  };
}

function withChange(change: (spec: EditableSpec) => void): EditableSpec {
  const spec = goodCredSpec();
  change(spec);
  return spec;
}

const AKV_GUID = '{CCC2A336-D7F3-4818-A213-272B7924213E}';
const AWS_GUID = '{859E1386-BDB4-49E8-85C7-3070B13920E1}';

describe('credSpecProblems', () => {
  const cases: { name: string; spec: unknown; expect: { kind: string; severity?: string; path: string; message?: string }[] }[] = [
    { name: 'what New-CredentialSpec writes is clean', spec: goodCredSpec(), expect: [] },
    {
      name: 'an AKS Azure Key Vault HostAccountConfig as the AKS docs write it is clean',
      spec: withChange((s) => (s.ActiveDirectoryConfig.HostAccountConfig = { PortableCcgVersion: '1', PluginGUID: AKV_GUID, PluginInput: 'ObjectId=2b1d3e5f-1111-2222-3333-444455556666;SecretUri=https://gmsavault.vault.azure.net/secrets/GMSADomainUserCred' })),
      expect: [],
    },
    {
      name: 'an AWS HostAccountConfig with PluginInput as JSON text is clean',
      spec: withChange((s) => (s.ActiveDirectoryConfig.HostAccountConfig = { PortableCcgVersion: '1', PluginGUID: AWS_GUID, PluginInput: '{"credentialArn": "arn:aws:secretsmanager:us-west-2:123456789012:secret:gmsa-plugin-input"}' })),
      expect: [],
    },
    {
      name: 'a field of the wrong type is refused by the API server (CRD schema)',
      spec: withChange((s) => (s.DomainJoinConfig.Sid = 42)),
      expect: [{ kind: 'schema', severity: 'error', path: '/DomainJoinConfig/Sid', message: 'DomainJoinConfig.Sid must be of type string' }],
    },
    {
      name: 'an AWS PluginInput written as an object (as ECS files do) is refused by the CRD, with the fix',
      spec: withChange((s) => (s.ActiveDirectoryConfig.HostAccountConfig = { PortableCcgVersion: '1', PluginGUID: AWS_GUID, PluginInput: { credentialArn: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:x' } })),
      expect: [{ kind: 'schema', path: '/ActiveDirectoryConfig/HostAccountConfig/PluginInput', message: 'write the object as JSON text' }],
    },
    {
      name: 'missing sections and fields are named',
      spec: { CmsPlugins: ['ActiveDirectory'], DomainJoinConfig: { DnsName: 'contoso.com', NetBiosName: 'CONTOSO', MachineAccountName: 'WebApp01' } },
      expect: [
        { kind: 'missing', path: '', message: 'credspec has no ActiveDirectoryConfig' },
        { kind: 'missing', path: '/DomainJoinConfig', message: 'has no Sid' },
        { kind: 'missing', path: '/DomainJoinConfig', message: 'has no Guid' },
        { kind: 'missing', path: '/DomainJoinConfig', message: 'has no DnsTreeName' },
      ],
    },
    {
      name: 'malformed SID, GUID, DNS name and a NetBIOS name over 15 characters',
      spec: withChange((s) => Object.assign(s.DomainJoinConfig, { Sid: 'S-1-5-21-abc', Guid: '630a7dd3-2d3e', DnsName: 'contoso_corp.com', NetBiosName: 'CONTOSOCORPORATION' })),
      expect: [
        { kind: 'format', path: '/DomainJoinConfig/Sid', message: 'is not a SID' },
        { kind: 'format', path: '/DomainJoinConfig/Guid', message: 'is not a GUID' },
        { kind: 'format', path: '/DomainJoinConfig/DnsName', message: 'label "contoso_corp"' },
        { kind: 'format', path: '/DomainJoinConfig/NetBiosName', message: 'at most 15' },
        { kind: 'consistency', path: '/ActiveDirectoryConfig/GroupManagedServiceAccounts/0/Scope' },
        { kind: 'consistency', path: '/ActiveDirectoryConfig/GroupManagedServiceAccounts/1/Scope' },
      ],
    },
    {
      name: 'an account SID (with a RID) instead of the domain SID is a warning',
      spec: withChange((s) => (s.DomainJoinConfig.Sid = 'S-1-5-21-3700119848-2853083131-2094573802-1105')),
      expect: [{ kind: 'format', severity: 'warning', path: '/DomainJoinConfig/Sid', message: 'not a domain SID' }],
    },
    {
      name: 'the account of DomainJoinConfig is not among the gMSAs',
      spec: withChange((s) => (s.DomainJoinConfig.MachineAccountName = 'WebApp02')),
      expect: [{ kind: 'consistency', path: '/DomainJoinConfig/MachineAccountName', message: 'is not among ActiveDirectoryConfig.GroupManagedServiceAccounts (WebApp01, WebApp01)' }],
    },
    {
      name: 'account names compare case-insensitively; a trailing $ is a warning',
      spec: withChange((s) => (s.DomainJoinConfig.MachineAccountName = 'webapp01$')),
      expect: [
        { kind: 'format', severity: 'warning', path: '/DomainJoinConfig/MachineAccountName', message: 'ends with "$"' },
        { kind: 'consistency', path: '/DomainJoinConfig/MachineAccountName' },
      ],
    },
    {
      name: 'the default account scoped to another domain',
      spec: withChange((s) => (s.ActiveDirectoryConfig.GroupManagedServiceAccounts[1].Scope = 'FABRIKAM')),
      expect: [{ kind: 'consistency', path: '/ActiveDirectoryConfig/GroupManagedServiceAccounts/1/Scope', message: 'Scope "FABRIKAM"' }],
    },
    {
      name: 'an additional account of another domain is fine; a Scope that is no domain name is not',
      spec: withChange((s) => s.ActiveDirectoryConfig.GroupManagedServiceAccounts.push({ Name: 'Log01', Scope: 'dev.fabrikam.com' }, { Name: 'Log02', Scope: 'not a domain!' })),
      expect: [{ kind: 'format', path: '/ActiveDirectoryConfig/GroupManagedServiceAccounts/3/Scope' }],
    },
    {
      name: 'CmsPlugins without ActiveDirectory',
      spec: withChange((s) => (s.CmsPlugins = ['Kerberos'])),
      expect: [{ kind: 'format', path: '/CmsPlugins', message: 'lacks "ActiveDirectory"' }],
    },
    {
      name: 'HostAccountConfig: missing fields, another CCG version, an unbraced GUID',
      spec: withChange((s) => (s.ActiveDirectoryConfig.HostAccountConfig = { PortableCcgVersion: '2', PluginGUID: 'CCC2A336-D7F3-4818-A213-272B7924213E' })),
      expect: [
        { kind: 'missing', path: '/ActiveDirectoryConfig/HostAccountConfig', message: 'has no PluginInput' },
        { kind: 'plugin', path: '/ActiveDirectoryConfig/HostAccountConfig/PortableCcgVersion' },
        { kind: 'plugin', severity: 'warning', path: '/ActiveDirectoryConfig/HostAccountConfig/PluginGUID', message: 'in braces' },
      ],
    },
    {
      name: 'Azure Key Vault PluginInput with a non-GUID ObjectId and no SecretUri',
      spec: withChange((s) => (s.ActiveDirectoryConfig.HostAccountConfig = { PortableCcgVersion: '1', PluginGUID: AKV_GUID.toLowerCase(), PluginInput: 'ObjectId=abcd-efabc' })),
      expect: [
        { kind: 'plugin', path: '/ActiveDirectoryConfig/HostAccountConfig/PluginInput', message: 'ObjectId "abcd-efabc", which is not a GUID' },
        { kind: 'plugin', path: '/ActiveDirectoryConfig/HostAccountConfig/PluginInput', message: 'has no "SecretUri=' },
      ],
    },
    {
      name: 'AWS PluginInput that is a bare secret name',
      spec: withChange((s) => (s.ActiveDirectoryConfig.HostAccountConfig = { PortableCcgVersion: '1', PluginGUID: AWS_GUID, PluginInput: 'prod/ad-credentials' })),
      expect: [{ kind: 'plugin', path: '/ActiveDirectoryConfig/HostAccountConfig/PluginInput', message: 'is not JSON' }],
    },
    {
      name: 'an unknown plugin is information',
      spec: withChange((s) => (s.ActiveDirectoryConfig.HostAccountConfig = { PortableCcgVersion: '1', PluginGUID: '{CFCA0441-511D-4B2A-862E-20348A78760B}', PluginInput: 'contoso.com:gmsaccg:<password>' })),
      expect: [{ kind: 'plugin', severity: 'info', path: '/ActiveDirectoryConfig/HostAccountConfig/PluginGUID', message: 'not a CCG plugin kube-hybrid knows' }],
    },
    { name: 'credspec that is not an object', spec: 'CmsPlugins', expect: [{ kind: 'schema', path: '', message: 'credspec must be of type object' }] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const problems = credSpecProblems(c.spec);
      assert.equal(problems.length, c.expect.length, problems.map((p) => `${p.kind} ${p.path} ${p.message}`).join('\n'));
      c.expect.forEach((e, i) => {
        assert.equal(problems[i].kind, e.kind, problems[i].message);
        assert.equal(problems[i].path, e.path, problems[i].message);
        if (e.severity) assert.equal(problems[i].severity, e.severity);
        if (e.message) assert.ok(problems[i].message.includes(e.message), problems[i].message);
      });
    });
  }
});

describe('inlineCredSpecProblems', () => {
  it('reads the JSON text a pod carries', () => {
    assert.deepEqual(inlineCredSpecProblems(JSON.stringify(goodCredSpec())), []);
    assert.equal(inlineCredSpecProblems('{"CmsPlugins":').at(0)?.kind, 'json');
    assert.equal(inlineCredSpecProblems('[1]').at(0)?.message, 'is not a JSON object; the container runtime cannot read it');
  });
});

describe('names and plugins', () => {
  it('NetBIOS names: 1–15 characters without the reserved ones', () => {
    assert.equal(netBiosNameProblem('CONTOSO'), undefined);
    assert.equal(netBiosNameProblem('CONTOSO-DEV.1'), undefined);
    assert.match(netBiosNameProblem('CON TOSO') ?? '', /" "/);
    assert.match(netBiosNameProblem('A'.repeat(16)) ?? '', /16 characters/);
  });
  it('DNS names: labels of letters, digits and inner hyphens, up to 63 bytes', () => {
    assert.equal(dnsNameProblem('dev.contoso.com.'), undefined);
    assert.match(dnsNameProblem('-bad.com') ?? '', /"-bad"/);
    assert.match(dnsNameProblem(`${'a'.repeat(64)}.com`) ?? '', /63 bytes/);
  });
  it('plugins are found by GUID with or without braces, in any case', () => {
    assert.equal(knownCcgPlugin('ccc2a336-d7f3-4818-a213-272b7924213e')?.guid, AKV_GUID);
    assert.equal(knownCcgPlugin(AWS_GUID)?.guid, AWS_GUID);
    assert.equal(knownCcgPlugin('{00000000-0000-0000-0000-000000000000}'), undefined);
  });
});

describe('crdSchemaProblems', () => {
  it('accepts a resource of either version and names what the CRD refuses', () => {
    for (const apiVersion of ['windows.k8s.io/v1', 'windows.k8s.io/v1alpha1']) {
      assert.deepEqual(crdSchemaProblems({ apiVersion, kind: 'GMSACredentialSpec', metadata: { name: 'webapp01' }, credspec: goodCredSpec() }), []);
    }
    const problems = crdSchemaProblems({ apiVersion: 'windows.k8s.io/v2', kind: 'GMSACredentialSpec', metadata: { name: 'x' }, credspec: { CmsPlugins: 'ActiveDirectory' } });
    assert.deepEqual(problems.map((p) => p.path), ['/apiVersion', '/credspec/CmsPlugins']);
  });
});
