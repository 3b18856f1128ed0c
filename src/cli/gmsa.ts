// `kube-hybrid gmsa generate|check`: thin — flags in one function, the work in src/gmsa/.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { checkCredSpecText } from '../gmsa/check-files.js';
import { credSpecProblems } from '../gmsa/credspec.js';
import { accountOf, credSpecFromAccount, generateObjects, resourceNameFor } from '../gmsa/generate.js';
import type { ServiceAccountRef } from '../gmsa/generate.js';
import type { CliIO, Verb } from './io.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_INPUT } from './io.js';

const USAGE = `Usage:
  kube-hybrid gmsa generate --account NAME --domain DNS --sid S-1-5-21-… --guid GUID [options]
  kube-hybrid gmsa generate --from-json FILE [options]    (a credential spec as New-CredentialSpec writes it)
      --netbios NAME             NetBIOS domain name (default: first label of --domain, upper case)
      --forest DNS               forest root, DnsTreeName (default: --domain)
      --plugin-guid GUID --plugin-input TEXT   a CCG plugin for nodes that are not domain-joined
      --name NAME                GMSACredentialSpec name (default: gmsa-<account>)
      --service-account NS/NAME  grant it \`use\` (repeatable); a RoleBinding per namespace
      -o yaml|json               output format (default yaml)
  kube-hybrid gmsa check FILE…    credential spec JSON or GMSACredentialSpec manifests; problems at file:line:column
Exit codes: 0 fine, 1 errors found (check), 2 bad usage or unreadable input.
`;

interface GmsaFlags {
  values: Record<string, string | string[] | boolean | undefined>;
  positionals: string[];
}

/** All flag handling of this verb. */
function parseGmsaFlags(argv: string[]): GmsaFlags {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      account: { type: 'string' },
      domain: { type: 'string' },
      sid: { type: 'string' },
      guid: { type: 'string' },
      netbios: { type: 'string' },
      forest: { type: 'string' },
      'plugin-guid': { type: 'string' },
      'plugin-input': { type: 'string' },
      'from-json': { type: 'string' },
      name: { type: 'string' },
      'service-account': { type: 'string', multiple: true },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return { values, positionals };
}

const str = (flags: GmsaFlags, key: string): string | undefined => (typeof flags.values[key] === 'string' ? (flags.values[key] as string) : undefined);

export const gmsa: Verb = async (argv, io) => {
  let flags: GmsaFlags;
  try {
    flags = parseGmsaFlags(argv);
  } catch (error) {
    io.stderr(`kube-hybrid gmsa: ${(error as Error).message}\n${USAGE}`);
    return EXIT_USAGE_OR_INPUT;
  }
  const [sub, ...rest] = flags.positionals;
  if (flags.values.help || sub === undefined) {
    (flags.values.help ? io.stdout : io.stderr)(USAGE);
    return flags.values.help ? EXIT_OK : EXIT_USAGE_OR_INPUT;
  }
  if (sub === 'generate') return generate(flags, io);
  if (sub === 'check') return check(rest, io);
  io.stderr(`kube-hybrid gmsa: unknown command "${sub}"\n${USAGE}`);
  return EXIT_USAGE_OR_INPUT;
};

function serviceAccountsOf(flags: GmsaFlags, io: CliIO): ServiceAccountRef[] | undefined {
  const out: ServiceAccountRef[] = [];
  for (const text of (flags.values['service-account'] as string[] | undefined) ?? []) {
    const match = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(text);
    if (!match) {
      io.stderr(`kube-hybrid gmsa generate: --service-account "${text}" is not NAMESPACE/NAME\n`);
      return undefined;
    }
    out.push({ namespace: match[1], name: match[3] });
  }
  return out;
}

function generate(flags: GmsaFlags, io: CliIO): number {
  const serviceAccounts = serviceAccountsOf(flags, io);
  if (!serviceAccounts) return EXIT_USAGE_OR_INPUT;
  let credspec: Record<string, unknown>;
  const fromJson = str(flags, 'from-json');
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
    const missing = ['account', 'domain', 'sid', 'guid'].filter((k) => str(flags, k) === undefined);
    if (missing.length > 0) {
      io.stderr(`kube-hybrid gmsa generate: missing ${missing.map((m) => `--${m}`).join(', ')} (or give --from-json); the domain's SID and GUID come from Get-ADDomain (DomainSID, ObjectGUID)\n`);
      return EXIT_USAGE_OR_INPUT;
    }
    const pluginGuid = str(flags, 'plugin-guid');
    const pluginInput = str(flags, 'plugin-input');
    if ((pluginGuid === undefined) !== (pluginInput === undefined)) {
      io.stderr('kube-hybrid gmsa generate: --plugin-guid and --plugin-input go together\n');
      return EXIT_USAGE_OR_INPUT;
    }
    const netBiosName = str(flags, 'netbios');
    const forest = str(flags, 'forest');
    credspec = credSpecFromAccount({
      account: str(flags, 'account')!,
      domain: str(flags, 'domain')!,
      sid: str(flags, 'sid')!,
      guid: str(flags, 'guid')!,
      ...(netBiosName !== undefined ? { netBiosName } : {}),
      ...(forest !== undefined ? { forest } : {}),
      ...(pluginGuid !== undefined && pluginInput !== undefined ? { plugin: { guid: pluginGuid, input: pluginInput } } : {}),
    });
  }
  // What we write must pass our own checks: refuse to write a credential spec with errors.
  const errors = credSpecProblems(credspec).filter((p) => p.severity === 'error');
  for (const p of credSpecProblems(credspec)) io.stderr(`kube-hybrid gmsa generate: ${p.severity}: credspec${p.path}: ${p.message}\n`);
  if (errors.length > 0) return EXIT_USAGE_OR_INPUT;
  const name = str(flags, 'name') ?? resourceNameFor(accountOf(credspec) ?? 'account');
  const objects = generateObjects(credspec, name, serviceAccounts);
  const output = str(flags, 'output') ?? 'yaml';
  if (output === 'json') io.stdout(`${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2)}\n`);
  else if (output === 'yaml') io.stdout(objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n'));
  else {
    io.stderr(`kube-hybrid gmsa generate: -o must be yaml or json\n`);
    return EXIT_USAGE_OR_INPUT;
  }
  return EXIT_OK;
}

function check(files: string[], io: CliIO): number {
  if (files.length === 0) {
    io.stderr(`kube-hybrid gmsa check: name at least one file\n${USAGE}`);
    return EXIT_USAGE_OR_INPUT;
  }
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
