// Every verb (and subcommand) answers --help, --version and mistakes the same way (issue 18).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { captureIO } from './io.js';
import { VERBS, main } from './main.js';
import type { FlagSpec, VerbSpec } from './spec.js';
import { VERSION } from './version.js';

interface Command {
  path: string[];
  spec: VerbSpec<never>;
}

async function allCommands(): Promise<Command[]> {
  const out: Command[] = [];
  const visit = (spec: VerbSpec<never>, parent: string[]) => {
    const path = [...parent, spec.name];
    out.push({ path, spec });
    for (const sub of spec.subcommands ?? []) visit(sub, path);
  };
  for (const entry of Object.values(VERBS)) visit((await entry.load()).verb, []);
  return out;
}

const scratch = mkdtempSync(join(tmpdir(), 'kh-verbs-'));

async function run(args: string[]) {
  const io = captureIO('', scratch);
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

/** A flag whose value the parser checks, and a value it refuses. */
function badValueOf(spec: VerbSpec<never>): { args: string[]; flag: string } | undefined {
  const entries = Object.entries(spec.flags) as [string, FlagSpec][];
  const checked = entries.find(([, f]) => f.choices || f.accepts);
  if (checked) return { args: [`--${checked[0]}`, 'no-such-value!'], flag: `--${checked[0]}` };
  const boolean = entries.find(([, f]) => f.type === 'boolean');
  if (boolean) return { args: [`--${boolean[0]}=yes`], flag: `--${boolean[0]}` };
  return undefined;
}

describe('every verb', async () => {
  const commands = await allCommands();

  it('knows all verbs of the table', () => {
    assert.deepEqual(commands.filter((c) => c.path.length === 1).map((c) => c.path[0]), Object.keys(VERBS));
  });

  for (const { path, spec } of commands) {
    const name = path.join(' ');
    describe(name, () => {
      it('--help and -h print the usage on stdout and exit 0', async () => {
        for (const flag of ['--help', '-h']) {
          const { code, out, err } = await run([...path, flag]);
          assert.equal(code, 0, err);
          assert.ok(out.startsWith(`Usage: kube-hybrid ${name}`), out);
          assert.match(out, /\n {2}-h, --help +show this help and exit\n/);
          assert.equal(err, '');
        }
      });

      it('--version prints the version and exits 0', async () => {
        const { code, out } = await run([...path, '--version']);
        assert.equal(code, 0);
        assert.equal(out, `kube-hybrid ${VERSION}\n`);
      });

      it('an unknown flag: one message naming it and the hint to --help, exit 2', async () => {
        const args = spec.subcommands && !spec.runsWithoutSubcommand ? [...path, 'no-such-command'] : [...path, '--no-such-flag'];
        const { code, out, err } = await run(args);
        assert.equal(code, 2);
        assert.equal(out, '');
        assert.match(err, new RegExp(`^kube-hybrid ${name}: unknown (flag --no-such-flag|command "no-such-command")`));
        assert.match(err, new RegExp(`Run 'kube-hybrid ${name} --help' for the flags\\.\\n$`));
        assert.doesNotMatch(err, /Flags:/, 'the help is not dumped');
      });

      it('a bad value: names the flag and what it accepts, exit 2', async () => {
        const bad = badValueOf(spec);
        if (!bad) {
          // Verbs without flags of their own: the bad value is the argument (a shell, a subcommand, a file to read).
          const { code, err } = await run([...path, 'tcsh']);
          assert.equal(code, 2);
          assert.match(err, /must be one of|unknown command "tcsh"|^tcsh: cannot read: ENOENT/);
          return;
        }
        const { code, out, err } = await run([...path, ...bad.args]);
        assert.equal(code, 2, err);
        assert.equal(out, '');
        assert.match(err, new RegExp(`^kube-hybrid ${name}: ${bad.flag} (must be|takes no value)`));
        assert.match(err, /--help' for the flags\.\n$/);
      });
    });
  }
});

describe('the parser', () => {
  it('suggests the flag meant', async () => {
    const { err } = await run(['check', 'x.yaml', '--ouptut', 'json']);
    assert.match(err, /unknown flag --ouptut \(did you mean --output\?\)/);
  });

  it('accepts -o json, -ojson, --output=json alike', async () => {
    for (const args of [['-o', 'json'], ['-ojson'], ['--output=json']]) {
      const { code, out } = await run(['rules', ...args]);
      assert.equal(code, 0);
      assert.ok(JSON.parse(out).rules.length > 0);
    }
  });

  it('a missing value names the flag and its choices', async () => {
    const { code, err } = await run(['rules', '-o']);
    assert.equal(code, 2);
    assert.match(err, /--output needs a value: one of text, json, yaml/);
  });

  it('no verb: the overview on stderr, exit 2; an unknown verb lists the verbs', async () => {
    const none = await run([]);
    assert.equal(none.code, 2);
    assert.match(none.err, /Commands:/);
    const unknown = await run(['chek']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown command "chek": one of check, /);
  });
});

describe('-o yaml wherever -o json exists', async () => {
  const commands = await allCommands();
  for (const { path, spec } of commands) {
    const choices = spec.flags.output?.choices;
    if (!choices?.includes('json')) continue;
    it(path.join(' '), () => assert.ok(choices.includes('yaml'), `${path.join(' ')} -o ${choices.join('|')}`));
  }

  it('rules -o yaml is the JSON document as YAML', async () => {
    const { parse } = await import('yaml');
    const json = JSON.parse((await run(['rules', '-o', 'json'])).out) as unknown;
    assert.deepEqual(parse((await run(['rules', '-o', 'yaml'])).out), json);
  });
});

describe('arguments written elsewhere parse with this build', () => {
  /** The subcommand's spec for `webhook serve`, `audit`, … */
  async function specOf(path: string[]): Promise<VerbSpec<never>> {
    const found = (await allCommands()).find((c) => c.path.join(' ') === path.join(' '));
    assert.ok(found, path.join(' '));
    return found.spec;
  }

  it('the install manifests (webhook Deployment, audit CronJob)', async () => {
    const { installObjects, DEFAULT_POLICY_YAML } = await import('../admission/install.js');
    const { auditManifests } = await import('../audit/publish.js');
    const { parseFlags } = await import('./spec.js');
    const objects = [...installObjects({ namespace: 'kube-hybrid', image: 'x', tls: 'cert-manager', failurePolicy: 'Ignore', policyYaml: DEFAULT_POLICY_YAML }), ...auditManifests({ namespace: 'kube-hybrid', image: 'x', schedule: '17 * * * *' })];
    const argLists = JSON.stringify(objects).match(/"args":\[[^\]]*\]/g) ?? [];
    assert.ok(argLists.length >= 2);
    for (const list of argLists) {
      const args = JSON.parse(list.slice('"args":'.length)) as string[];
      const path = args[0] === 'webhook' ? args.slice(0, 2) : args.slice(0, 1);
      const spec = await specOf(path);
      assert.doesNotThrow(() => parseFlags(args.slice(path.length), spec.flags), args.join(' '));
    }
  });
});
