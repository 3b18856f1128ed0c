import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { check } from './check.js';
import { gmsa } from './gmsa.js';
import { captureIO } from './io.js';

const ARGS = ['generate', '--account', 'WebApp01', '--domain', 'contoso.com', '--sid', 'S-1-5-21-3700119848-2853083131-2094573802', '--guid', '630a7dd3-2d3e-4471-ae91-1d9ea2556cd5', '--service-account', 'web/iis'];

describe('kube-hybrid gmsa', () => {
  it('generate writes three objects that `check` finds no gMSA problem in, with a pod of the bound service account', async () => {
    const io = captureIO();
    assert.equal(await gmsa(ARGS, io), 0, io.err);
    const kinds = parseAllDocuments(io.out).map((d) => (Array.isArray(d) ? '' : String((d.toJS() as { kind: string }).kind)));
    assert.deepEqual(kinds, ['GMSACredentialSpec', 'ClusterRole', 'RoleBinding']);
    const dir = mkdtempSync(join(tmpdir(), 'gmsa-cli-'));
    const pod = (sa: string) => `---\napiVersion: v1\nkind: Pod\nmetadata: { name: p-${sa}, namespace: web }\nspec:\n  serviceAccountName: ${sa}\n  nodeSelector: { kubernetes.io/os: windows }\n  securityContext: { windowsOptions: { gmsaCredentialSpecName: gmsa-webapp01 } }\n  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]\n`;
    writeFileSync(join(dir, 'all.yaml'), io.out + pod('iis') + pod('frontend'));
    const checked = captureIO('', dir);
    await check([join(dir, 'all.yaml'), '-o', 'json'], checked);
    const gmsaFindings = (JSON.parse(checked.out) as { findings: { ruleId: string; object: { name: string } }[] }).findings.filter((f) => f.ruleId.startsWith('gmsa-'));
    assert.deepEqual(gmsaFindings.map((f) => `${f.ruleId} ${f.object.name}`), ['gmsa-service-account-cannot-use p-frontend']);
  });
  it('generate refuses incomplete input and says where the SID and GUID come from', async () => {
    const io = captureIO();
    assert.equal(await gmsa(['generate', '--account', 'WebApp01'], io), 2);
    assert.match(io.err, /missing --domain, --sid, --guid .*Get-ADDomain/);
  });
  it('generate --from-json takes a New-CredentialSpec file; check reports file:line:column and exits 1 on errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gmsa-cli-'));
    writeFileSync(join(dir, 'webapp01.json'), '\uFEFF' + JSON.stringify({ CmsPlugins: ['ActiveDirectory'], DomainJoinConfig: { Sid: 'S-1-5-21-1-2-3', MachineAccountName: 'WebApp01', Guid: '630a7dd3-2d3e-4471-ae91-1d9ea2556cd5', DnsTreeName: 'contoso.com', DnsName: 'contoso.com', NetBiosName: 'CONTOSO' }, ActiveDirectoryConfig: { GroupManagedServiceAccounts: [{ Name: 'WebApp01', Scope: 'contoso.com' }] } }, null, 2));
    const io = captureIO('', dir);
    assert.equal(await gmsa(['generate', '--from-json', 'webapp01.json', '-o', 'json'], io), 0, io.err);
    assert.equal((JSON.parse(io.out) as { items: { metadata: { name: string } }[] }).items[0].metadata.name, 'gmsa-webapp01');
    writeFileSync(join(dir, 'bad.json'), '{\n  "CmsPlugins": ["ActiveDirectory"],\n  "DomainJoinConfig": { "NetBiosName": "CONTOSO-CORPORATE" }\n}\n');
    const checked = captureIO('', dir);
    assert.equal(await gmsa(['check', 'bad.json', 'missing.json'], checked), 2);
    assert.match(checked.out, /^bad\.json:3:40: error: NetBiosName "CONTOSO-CORPORATE" has 17 characters/m);
    assert.match(checked.err, /missing\.json: cannot read/);
  });
});
