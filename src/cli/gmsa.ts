// `kube-hybrid gmsa generate|check`: thin — flags in one function, the work in src/gmsa/.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { checkCredSpecText } from '../gmsa/check-files.js';
import { credSpecProblems } from '../gmsa/credspec.js';
import { accountOf, credSpecFromAccount, generateObjects, resourceNameFor } from '../gmsa/generate.js';
import type { ServiceAccountRef } from '../gmsa/generate.js';
import type { CliIO, Verb } from './io.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';
import type { VerbSpec } from './spec.js';
import { UsageError, runVerb } from './spec.js';

interface GenerateFlags {
  account?: string;
  domain?: string;
  sid?: string;
  guid?: string;
  netbios?: string;
  forest?: string;
  'plugin-guid'?: string;
  'plugin-input'?: string;
  'from-json'?: string;
  name?: string;
  'service-account'?: string[];
  output?: string;
}

const generateVerb: VerbSpec<GenerateFlags> = {
  name: 'generate',
  summary: 'write a GMSACredentialSpec, the ClusterRole granting use, and RoleBindings for service accounts',
  usage: '--account NAME --domain DNS --sid S-1-5-21-… --guid GUID [flags] | --from-json FILE [flags]',
  description:
    'Write a GMSACredentialSpec (windows.k8s.io/v1), a ClusterRole that grants `use` on exactly that spec, and one RoleBinding per namespace of the given service accounts. The domain\'s SID and GUID come from Get-ADDomain (DomainSID, ObjectGUID); or give the credential spec JSON that New-CredentialSpec writes with --from-json. Nothing is written when the credential spec has an error.',
  flags: {
    account: { type: 'string', value: 'NAME', help: 'the gMSA account name (sAMAccountName without $)' },
    domain: { type: 'string', value: 'DNS', help: 'the domain DNS name, e.g. contoso.com' },
    sid: { type: 'string', value: 'SID', help: 'the domain SID, S-1-5-21-…' },
    guid: { type: 'string', value: 'GUID', help: 'the domain GUID' },
    netbios: { type: 'string', value: 'NAME', help: 'NetBIOS domain name (default: first label of --domain, upper case)' },
    forest: { type: 'string', value: 'DNS', help: 'forest root, DnsTreeName (default: --domain)' },
    'plugin-guid': { type: 'string', value: 'GUID', help: 'a CCG plugin, for nodes that are not domain-joined (with --plugin-input)' },
    'plugin-input': { type: 'string', value: 'TEXT', help: "the CCG plugin's input (with --plugin-guid)" },
    'from-json': { type: 'string', value: 'FILE', complete: 'file', help: 'a credential spec as New-CredentialSpec writes it, instead of --account…--guid' },
    name: { type: 'string', value: 'NAME', help: 'GMSACredentialSpec name (default: gmsa-<account>)' },
    'service-account': { type: 'string', multiple: true, value: 'NS/NAME', help: 'grant it `use` (repeatable); a RoleBinding per namespace' },
    output: { type: 'string', short: 'o', value: 'FORMAT', choices: ['yaml', 'json'], default: 'yaml', help: 'output format' },
  },
  footer: 'Exit codes: 0 written, 2 bad usage, unreadable input or a credential spec with errors (nothing written).',
  run: async ({ flags }, io) => generate(flags, io),
};

const checkVerb: VerbSpec<Record<string, never>> = {
  name: 'check',
  summary: 'check credential spec JSON or GMSACredentialSpec manifests, problems at file:line:column',
  usage: 'FILE… | -',
  flags: {},
  positionals: { name: 'FILE…', help: 'credential spec JSON files or GMSACredentialSpec manifests; - for stdin', complete: 'file' },
  footer: 'Exit codes: 0 fine, 1 errors found, 2 bad usage or unreadable input.',
  run: async ({ positionals }, io) => check(positionals, io),
};

export const verb: VerbSpec<never> = {
  name: 'gmsa',
  summary: 'gMSA: generate a GMSACredentialSpec with the RBAC that grants use, check credential specs',
  flags: {},
  subcommands: [generateVerb as VerbSpec<never>, checkVerb as VerbSpec<never>],
};

export const gmsa: Verb = (argv, io) => runVerb(verb, argv, io);

function serviceAccountsOf(flags: GenerateFlags, io: CliIO): ServiceAccountRef[] | undefined {
  const out: ServiceAccountRef[] = [];
  for (const text of flags['service-account'] ?? []) {
    const match = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(text);
    if (!match) {
      io.stderr(`kube-hybrid gmsa generate: --service-account "${text}" is not NAMESPACE/NAME\n`);
      return undefined;
    }
    out.push({ namespace: match[1], name: match[3] });
  }
  return out;
}

function generate(flags: GenerateFlags, io: CliIO): number {
  const serviceAccounts = serviceAccountsOf(flags, io);
  if (!serviceAccounts) return EXIT_USAGE_OR_INPUT;
  let credspec: Record<string, unknown>;
  const fromJson = flags['from-json'];
  if (fromJson !== undefined) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(resolve(io.cwd, fromJson), 'utf8').replace(/^\uFEFF/, ''));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
      credspec = parsed as Record<string, unknown>;
    } catch (error) {
      io.stderr(`kube-hybrid gmsa generate: ${fromJson}: ${(error as Error).message}\n`);
      return EXIT_USAGE_OR_INPUT;
    }
  } else {
    const missing = (['account', 'domain', 'sid', 'guid'] as const).filter((k) => flags[k] === undefined);
    if (missing.length > 0) {
      io.stderr(`kube-hybrid gmsa generate: missing ${missing.map((m) => `--${m}`).join(', ')} (or give --from-json); the domain's SID and GUID come from Get-ADDomain (DomainSID, ObjectGUID)\n`);
      return EXIT_USAGE_OR_INPUT;
    }
    const pluginGuid = flags['plugin-guid'];
    const pluginInput = flags['plugin-input'];
    if ((pluginGuid === undefined) !== (pluginInput === undefined)) {
      io.stderr('kube-hybrid gmsa generate: --plugin-guid and --plugin-input go together\n');
      return EXIT_USAGE_OR_INPUT;
    }
    const netBiosName = flags.netbios;
    const forest = flags.forest;
    credspec = credSpecFromAccount({
      account: flags.account!,
      domain: flags.domain!,
      sid: flags.sid!,
      guid: flags.guid!,
      ...(netBiosName !== undefined ? { netBiosName } : {}),
      ...(forest !== undefined ? { forest } : {}),
      ...(pluginGuid !== undefined && pluginInput !== undefined ? { plugin: { guid: pluginGuid, input: pluginInput } } : {}),
    });
  }
  // What we write must pass our own checks: refuse to write a credential spec with errors.
  const errors = credSpecProblems(credspec).filter((p) => p.severity === 'error');
  for (const p of credSpecProblems(credspec)) io.stderr(`kube-hybrid gmsa generate: ${p.severity}: credspec${p.path}: ${p.message}\n`);
  if (errors.length > 0) return EXIT_USAGE_OR_INPUT;
  const name = flags.name ?? resourceNameFor(accountOf(credspec) ?? 'account');
  const objects = generateObjects(credspec, name, serviceAccounts);
  const output = flags.output ?? 'yaml';
  if (output === 'json') io.stdout(`${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2)}\n`);
  else io.stdout(objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n'));
  return EXIT_OK;
}

function check(files: string[], io: CliIO): number {
  if (files.length === 0) throw new UsageError('name at least one file, or - for stdin');
  let unreadable = false;
  let errors = 0;
  for (const file of files) {
    let text: string;
    try {
      text = file === '-' ? io.readStdin() : readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      io.stderr(`${file}: cannot read: ${(error as Error).message}\n`);
      unreadable = true;
      continue;
    }
    for (const p of checkCredSpecText(file, text)) {
      if (p.severity === 'error') errors++;
      io.stdout(`${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}\n`);
    }
  }
  if (unreadable) return EXIT_USAGE_OR_INPUT;
  return errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}
