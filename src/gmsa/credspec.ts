// The gMSA credential spec (the `credspec` of a GMSACredentialSpec, or the JSON a pod carries in
// gmsaCredentialSpec): its schema, the formats of its fields, their consistency, and the CCG plugins
// people use. One implementation for check, audit, the webhook and `kube-hybrid gmsa check`.
//
// Sources (read 2026-11-30):
// - CRD schema, both versions (v1alpha1 deprecated, v1 storage; identical credspec schema):
//   https://github.com/kubernetes-sigs/windows-gmsa/blob/master/admission-webhook/deploy/gmsa-crd.yml
// - What New-CredentialSpec writes (Sid = the domain SID, Guid = the domain objectGUID, DnsTreeName =
//   the forest, DnsName = the domain's DNS root, MachineAccountName = the account with "$" trimmed,
//   the account listed twice with Scope = DNS root and NetBIOS name; AKV: PortableCcgVersion "1",
//   PluginGUID {CCC2A336-…}, PluginInput "ObjectId=…;SecretUri=…"):
//   https://github.com/MicrosoftDocs/Virtualization-Documentation/blob/live/windows-server-container-tools/ServiceAccounts/CredentialSpec.psm1
// - HostAccountConfig and a full example: https://learn.microsoft.com/en-us/windows/win32/api/ccgplugins/nf-ccgplugins-iccgdomainauthcredentials-getpasswordcredentials
// - NetBIOS domain names: 1–15 characters, no " / \ [ ] : | < > + = ; , ? * or space:
//   https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-srvs/2e2d2fb6-3448-4213-94b3-89dcb772d3e6
// - DNS names: labels up to 63 bytes, names up to 255: https://learn.microsoft.com/en-us/windows/win32/sysinfo/computer-names
// - AKS Azure Key Vault plugin: https://learn.microsoft.com/en-us/azure/aks/use-group-managed-service-accounts
// - AWS plugin (domainless gMSA, PluginInput {"credentialArn": "arn:aws:secretsmanager|ssm:…"}):
//   https://docs.aws.amazon.com/AmazonECS/latest/developerguide/windows-gmsa.html
import { createRequire } from 'node:module';
import type * as AjvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { joinPointer } from '../util/pointer.js';

export type CredSpecSeverity = 'error' | 'warning' | 'info';

/**
 * What kind of problem: `schema` = the API server refuses the GMSACredentialSpec (the CRD's types);
 * `missing` = a field New-CredentialSpec writes and the container runtime needs is absent;
 * `format` = a field's value is not of its kind (SID, GUID, NetBIOS or DNS name);
 * `consistency` = fields disagree; `plugin` = HostAccountConfig / a known CCG plugin's PluginInput;
 * `json` = the pod's gmsaCredentialSpec is not a JSON object.
 */
export type CredSpecProblemKind = 'schema' | 'missing' | 'format' | 'consistency' | 'plugin' | 'json';

export interface CredSpecProblem {
  kind: CredSpecProblemKind;
  severity: CredSpecSeverity;
  /** RFC 6901 pointer relative to the credspec object (the nearest existing field for a missing one). */
  path: string;
  message: string;
}

/** The CRD's openAPIV3Schema for `credspec`, the same in windows.k8s.io v1 and v1alpha1 (types only). */
export const CRD_CREDSPEC_SCHEMA = {
  type: 'object',
  properties: {
    ActiveDirectoryConfig: {
      type: 'object',
      properties: {
        GroupManagedServiceAccounts: {
          type: 'array',
          items: { type: 'object', properties: { Name: { type: 'string' }, Scope: { type: 'string' } } },
        },
        HostAccountConfig: {
          type: 'object',
          properties: { PluginGUID: { type: 'string' }, PluginInput: { type: 'string' }, PortableCcgVersion: { type: 'string' } },
        },
      },
    },
    CmsPlugins: { type: 'array', items: { type: 'string' } },
    DomainJoinConfig: {
      type: 'object',
      properties: {
        DnsName: { type: 'string' },
        DnsTreeName: { type: 'string' },
        Guid: { type: 'string' },
        MachineAccountName: { type: 'string' },
        NetBiosName: { type: 'string' },
        Sid: { type: 'string' },
      },
    },
  },
} as const;

/** The whole GMSACredentialSpec resource as the CRD declares it (credspec optional, any metadata). */
export const CRD_RESOURCE_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  properties: {
    apiVersion: { enum: ['windows.k8s.io/v1', 'windows.k8s.io/v1alpha1'] },
    kind: { const: 'GMSACredentialSpec' },
    metadata: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } },
    credspec: CRD_CREDSPEC_SCHEMA,
  },
} as const;

/** What a usable credential spec holds (New-CredentialSpec's output): required sections and fields. */
const COMPLETE_CREDSPEC_SCHEMA = {
  type: 'object',
  required: ['CmsPlugins', 'DomainJoinConfig', 'ActiveDirectoryConfig'],
  properties: {
    CmsPlugins: { type: 'array', minItems: 1 },
    DomainJoinConfig: { type: 'object', required: ['Sid', 'MachineAccountName', 'Guid', 'DnsTreeName', 'DnsName', 'NetBiosName'] },
    ActiveDirectoryConfig: {
      type: 'object',
      required: ['GroupManagedServiceAccounts'],
      properties: {
        GroupManagedServiceAccounts: { type: 'array', minItems: 1, items: { type: 'object', required: ['Name', 'Scope'] } },
        HostAccountConfig: { type: 'object', required: ['PortableCcgVersion', 'PluginGUID', 'PluginInput'] },
      },
    },
  },
} as const;

// ajv and the compiled schemas are made on first use: loading and compiling cost ~120 ms, which every
// `check` paid at start-up although most inputs hold no credential spec (docs/performance.md).
interface Validators {
  crd: ValidateFunction;
  complete: ValidateFunction;
  resource: ValidateFunction;
}
let validators: Validators | undefined;
function validatorsOf(): Validators {
  if (!validators) {
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof AjvModule;
    const ajv = new Ajv({ allErrors: true, strict: false });
    validators = { crd: ajv.compile(CRD_CREDSPEC_SCHEMA), complete: ajv.compile(COMPLETE_CREDSPEC_SCHEMA), resource: ajv.compile(CRD_RESOURCE_SCHEMA) };
  }
  return validators;
}

/** Problems of a whole GMSACredentialSpec object against the CRD's schema (generated objects are checked with it). */
export function crdSchemaProblems(resource: unknown): CredSpecProblem[] {
  const validateResource = validatorsOf().resource;
  if (validateResource(resource)) return [];
  return (validateResource.errors ?? []).map((error) => ({ kind: 'schema', severity: 'error', path: errorPath(error), message: describeAjvError(error) }));
}

// --- formats ------------------------------------------------------------------------------------
/** A domain SID as New-CredentialSpec writes it: S-1-5-21 and three sub-authorities. */
const DOMAIN_SID = /^S-1-5-21-\d{1,10}-\d{1,10}-\d{1,10}$/i;
/** Any SID (S-1-<authority>-<sub-authorities>). */
const ANY_SID = /^S-1-\d+(-\d+)+$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BRACED_GUID = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;
// MS-SRVS NAMETYPE_DOMAIN: the default invalid characters plus "*" and space, and control characters.
const NETBIOS_INVALID = /["/\\[\]:|<>+=;,?*\s]/;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i;

export function netBiosNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > 15) return `has ${name.length} characters; a NetBIOS domain name has at most 15`;
  if ([...name].some((char) => char.charCodeAt(0) < 0x20)) return 'contains a control character, which a NetBIOS domain name cannot hold';
  const bad = NETBIOS_INVALID.exec(name);
  if (bad) return `contains ${JSON.stringify(bad[0])}, which a NetBIOS domain name cannot hold`;
  return undefined;
}

export function dnsNameProblem(name: string): string | undefined {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  if (trimmed.length === 0) return 'is empty';
  if (Buffer.byteLength(trimmed, 'utf8') > 255) return 'is longer than 255 bytes';
  for (const label of trimmed.split('.')) {
    if (Buffer.byteLength(label, 'utf8') > 63) return `has the label "${label}", longer than 63 bytes`;
    if (!DNS_LABEL.test(label)) return `has the label "${label}", which is not letters, digits and inner hyphens`;
  }
  return undefined;
}

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

// --- CCG plugins --------------------------------------------------------------------------------
export interface KnownCcgPlugin {
  name: string;
  guid: string;
  /** Problems of PluginInput for this plugin (empty when it has the documented form). */
  inputProblems(input: string): string[];
  source: string;
}

const AZURE_KEY_VAULT_PLUGIN: KnownCcgPlugin = {
  name: 'the AKS Azure Key Vault CCG plugin',
  guid: '{CCC2A336-D7F3-4818-A213-272B7924213E}',
  source: 'https://learn.microsoft.com/en-us/azure/aks/use-group-managed-service-accounts',
  inputProblems(input) {
    const fields = new Map<string, string>();
    for (const part of input.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    const problems: string[] = [];
    const objectId = fields.get('ObjectId');
    const secretUri = fields.get('SecretUri');
    if (objectId === undefined) problems.push('has no "ObjectId=<managed identity object id>"');
    else if (!isGuid(objectId)) problems.push(`has ObjectId "${objectId}", which is not a GUID (the object ID of the managed identity that reads the secret)`);
    if (secretUri === undefined) problems.push('has no "SecretUri=https://<vault>.vault.azure.net/secrets/<secret>"');
    else if (!/^https:\/\/[^/]+\/secrets\/[^/]+/i.test(secretUri)) problems.push(`has SecretUri "${secretUri}", which is not a Key Vault secret URI (https://<vault>.vault.azure.net/secrets/<secret>)`);
    return problems;
  },
};

const AWS_PLUGIN: KnownCcgPlugin = {
  name: 'the AWS CCG plugin (domainless gMSA)',
  guid: '{859E1386-BDB4-49E8-85C7-3070B13920E1}',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/windows-gmsa.html',
  inputProblems(input) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch {
      return ['is not JSON; the AWS plugin reads {"credentialArn": "arn:aws:secretsmanager:…"} (or an SSM parameter ARN)'];
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return ['is not a JSON object with "credentialArn"'];
    const entry = Object.entries(parsed).find(([key]) => key.toLowerCase() === 'credentialarn');
    if (!entry) return ['has no "credentialArn"'];
    const arn = entry[1];
    if (typeof arn !== 'string' || !/^arn:aws[a-z-]*:(secretsmanager|ssm):[^:]*:\d{12}:(secret:|parameter\/).+/.test(arn)) {
      return [`has credentialArn ${JSON.stringify(arn)}, which is not a Secrets Manager secret or SSM parameter ARN`];
    }
    return [];
  },
};

export const KNOWN_CCG_PLUGINS: readonly KnownCcgPlugin[] = [AZURE_KEY_VAULT_PLUGIN, AWS_PLUGIN];

export function knownCcgPlugin(guid: string): KnownCcgPlugin | undefined {
  const bare = guid.replace(/^\{|\}$/g, '').toLowerCase();
  return KNOWN_CCG_PLUGINS.find((plugin) => plugin.guid.slice(1, -1).toLowerCase() === bare);
}

// --- validation ---------------------------------------------------------------------------------
type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Every problem of a credspec object, in field order: schema, missing fields, formats, consistency, plugin. */
export function credSpecProblems(credspec: unknown): CredSpecProblem[] {
  const problems: CredSpecProblem[] = [];
  const { crd: validateCrd, complete: validateComplete } = validatorsOf();
  if (!validateCrd(credspec)) {
    for (const error of validateCrd.errors ?? []) {
      problems.push({ kind: 'schema', severity: 'error', path: errorPath(error), message: `${describeAjvError(error)}: the API server refuses the GMSACredentialSpec (its CRD declares the type)${schemaHint(error, credspec)}` });
    }
  }
  if (!isRecord(credspec)) return problems;
  if (!validateComplete(credspec)) {
    for (const error of validateComplete.errors ?? []) {
      if (error.keyword === 'type') continue; // already said by the CRD schema
      problems.push({ kind: 'missing', severity: 'error', path: errorPath(error), message: `${describeAjvError(error)}: New-CredentialSpec writes it and the container runtime needs it to give the container its domain identity` });
    }
  }
  problems.push(...fieldProblems(credspec));
  return problems;
}

/** The pod's inline gmsaCredentialSpec: JSON text of a credspec. Problems are reported at the field itself. */
export function inlineCredSpecProblems(text: string): CredSpecProblem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return [{ kind: 'json', severity: 'error', path: '', message: `is not JSON (${error instanceof Error ? error.message : String(error)}); the container runtime cannot read it` }];
  }
  if (!isRecord(parsed)) return [{ kind: 'json', severity: 'error', path: '', message: 'is not a JSON object; the container runtime cannot read it' }];
  return credSpecProblems(parsed);
}

function fieldProblems(credspec: Json): CredSpecProblem[] {
  const problems: CredSpecProblem[] = [];
  const add = (kind: CredSpecProblemKind, severity: CredSpecSeverity, path: string, message: string) => problems.push({ kind, severity, path, message });

  const plugins = credspec.CmsPlugins;
  if (Array.isArray(plugins) && plugins.length > 0 && !plugins.includes('ActiveDirectory')) {
    add('format', 'error', '/CmsPlugins', `CmsPlugins ${JSON.stringify(plugins)} lacks "ActiveDirectory", the only CMS plugin for gMSA`);
  }

  const join = isRecord(credspec.DomainJoinConfig) ? credspec.DomainJoinConfig : undefined;
  const dnsName = str(join?.DnsName);
  const netBios = str(join?.NetBiosName);
  const account = str(join?.MachineAccountName);
  if (join) {
    const sid = str(join.Sid);
    if (sid !== undefined) {
      if (!ANY_SID.test(sid)) add('format', 'error', '/DomainJoinConfig/Sid', `Sid "${sid}" is not a SID (S-1-5-21-<n>-<n>-<n>)`);
      else if (!DOMAIN_SID.test(sid)) add('format', 'warning', '/DomainJoinConfig/Sid', `Sid "${sid}" is not a domain SID (S-1-5-21-<n>-<n>-<n>): New-CredentialSpec writes the domain's SID, not an account's`);
    }
    const guid = str(join.Guid);
    if (guid !== undefined && !GUID.test(guid) && !BRACED_GUID.test(guid)) add('format', 'error', '/DomainJoinConfig/Guid', `Guid "${guid}" is not a GUID (8-4-4-4-12 hexadecimal digits, the domain's objectGUID)`);
    for (const field of ['DnsName', 'DnsTreeName'] as const) {
      const value = str(join[field]);
      const problem = value === undefined ? undefined : dnsNameProblem(value);
      if (problem) add('format', 'error', `/DomainJoinConfig/${field}`, `${field} "${value}" ${problem}; it is the domain's DNS name`);
    }
    const netBiosProblem = netBios === undefined ? undefined : netBiosNameProblem(netBios);
    if (netBiosProblem) add('format', 'error', '/DomainJoinConfig/NetBiosName', `NetBiosName "${netBios}" ${netBiosProblem}`);
    if (account !== undefined) {
      if (account.endsWith('$')) add('format', 'warning', '/DomainJoinConfig/MachineAccountName', `MachineAccountName "${account}" ends with "$": New-CredentialSpec writes the account name without it`);
      else if (account === '') add('format', 'error', '/DomainJoinConfig/MachineAccountName', 'MachineAccountName is empty');
    }
  }

  const ad = isRecord(credspec.ActiveDirectoryConfig) ? credspec.ActiveDirectoryConfig : undefined;
  const accounts = Array.isArray(ad?.GroupManagedServiceAccounts) ? ad.GroupManagedServiceAccounts : [];
  const domainNames = [dnsName, netBios].filter((name): name is string => typeof name === 'string' && name !== '').map((name) => name.toLowerCase());
  let listed = false;
  accounts.forEach((entry, index) => {
    if (!isRecord(entry)) return;
    const path = joinPointer('/ActiveDirectoryConfig/GroupManagedServiceAccounts', index);
    const name = str(entry.Name);
    const scope = str(entry.Scope);
    if (scope !== undefined && scope !== '' && dnsNameProblem(scope) !== undefined && netBiosNameProblem(scope) !== undefined) {
      add('format', 'error', joinPointer(path, 'Scope'), `Scope "${scope}" is neither a DNS domain name nor a NetBIOS domain name`);
    }
    if (name === undefined || account === undefined || name.toLowerCase() !== account.toLowerCase()) return;
    listed = true;
    if (scope !== undefined && domainNames.length > 0 && !domainNames.includes(scope.toLowerCase())) {
      add('consistency', 'error', joinPointer(path, 'Scope'), `Scope "${scope}" of the account "${name}" is neither DomainJoinConfig.DnsName "${dnsName ?? ''}" nor NetBiosName "${netBios ?? ''}": the default account must be scoped to the domain the container joins`);
    }
  });
  if (account !== undefined && account !== '' && accounts.length > 0 && !listed) {
    add('consistency', 'error', '/DomainJoinConfig/MachineAccountName', `MachineAccountName "${account}" is not among ActiveDirectoryConfig.GroupManagedServiceAccounts (${accounts.map((a) => (isRecord(a) ? String(a.Name) : '?')).join(', ')}): the container's default identity must be one of its gMSAs`);
  }

  const host = isRecord(ad?.HostAccountConfig) ? ad.HostAccountConfig : undefined;
  if (host) problems.push(...hostAccountProblems(host));
  return problems;
}

function hostAccountProblems(host: Json): CredSpecProblem[] {
  const problems: CredSpecProblem[] = [];
  const base = '/ActiveDirectoryConfig/HostAccountConfig';
  const version = str(host.PortableCcgVersion);
  if (version !== undefined && version !== '1') {
    problems.push({ kind: 'plugin', severity: 'error', path: `${base}/PortableCcgVersion`, message: `PortableCcgVersion "${version}" is not "1", the only version Microsoft, AKS and AWS document` });
  }
  const guid = str(host.PluginGUID);
  if (guid === undefined) return problems;
  if (!BRACED_GUID.test(guid)) {
    const severity = GUID.test(guid) ? 'warning' : 'error';
    problems.push({ kind: 'plugin', severity, path: `${base}/PluginGUID`, message: `PluginGUID "${guid}" is not a GUID in braces ({xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}), the COM class id ccg.exe looks up` });
    if (severity === 'error') return problems;
  }
  const plugin = knownCcgPlugin(guid);
  const input = str(host.PluginInput);
  if (!plugin) {
    problems.push({ kind: 'plugin', severity: 'info', path: `${base}/PluginGUID`, message: `PluginGUID ${guid} is not a CCG plugin kube-hybrid knows (${KNOWN_CCG_PLUGINS.map((p) => `${p.guid} ${p.name}`).join('; ')}): make sure it is installed and registered on every Windows node that runs these pods` });
    return problems;
  }
  if (input === undefined) return problems;
  for (const problem of plugin.inputProblems(input)) {
    problems.push({ kind: 'plugin', severity: 'error', path: `${base}/PluginInput`, message: `PluginInput for ${plugin.name} ${problem} (${plugin.source})` });
  }
  return problems;
}

function errorPath(error: ErrorObject): string {
  // A missing property is reported at the object that lacks it.
  return error.instancePath;
}

function describeAjvError(error: ErrorObject): string {
  const at = error.instancePath === '' ? 'credspec' : error.instancePath.slice(1).replace(/\//g, '.');
  switch (error.keyword) {
    case 'required':
      return `${at} has no ${String((error.params as { missingProperty: string }).missingProperty)}`;
    case 'type':
      return `${at} must be of type ${String((error.params as { type: string }).type)}`;
    case 'minItems':
      return `${at} is empty`;
    case 'enum':
    case 'const':
      return `${at} must be ${JSON.stringify((error.params as { allowedValues?: unknown; allowedValue?: unknown }).allowedValues ?? (error.params as { allowedValue?: unknown }).allowedValue)}`;
    default:
      return `${at} ${error.message ?? 'is invalid'}`;
  }
}

/** The AWS docs show PluginInput as a JSON object (ECS reads files); the CRD wants a string. */
function schemaHint(error: ErrorObject, credspec: unknown): string {
  if (error.instancePath !== '/ActiveDirectoryConfig/HostAccountConfig/PluginInput' || !isRecord(credspec)) return '';
  return '; write the object as JSON text, e.g. PluginInput: \'{"credentialArn": "arn:aws:secretsmanager:…"}\'';
}
