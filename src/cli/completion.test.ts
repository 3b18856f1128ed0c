import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { completionScript } from './completion.js';
import { captureIO } from './io.js';
import { main } from './main.js';

/** What bash completes for the words typed (the last word is the one being completed). */
function bashComplete(script: string, words: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'kh-complete-'));
  const file = join(dir, 'complete.bash');
  writeFileSync(file, script);
  const array = words.map((w) => `'${w}'`).join(' ');
  const out = execFileSync('bash', ['-c', `source ${file}; COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _kube_hybrid; printf '%s\\n' "\${COMPREPLY[@]}"`], { cwd: dir, encoding: 'utf8' });
  return out.split('\n').filter((line) => line !== '');
}

describe('kube-hybrid completion', () => {
  it('prints a script for each shell, exit 0', async () => {
    for (const [shell, marker] of [['bash', /complete -o default -F _kube_hybrid kube-hybrid kubectl-hybrid/], ['zsh', /bashcompinit/], ['fish', /complete -c kube-hybrid -n '__fish_use_subcommand' -a check/], ['powershell', /Register-ArgumentCompleter -Native -CommandName kube-hybrid, kubectl-hybrid/]] as const) {
      const io = captureIO();
      assert.equal(await main(['completion', shell], io), 0, io.err);
      assert.match(io.out, marker);
    }
  });

  it('refuses an unknown shell, naming the shells', async () => {
    const io = captureIO();
    assert.equal(await main(['completion', 'tcsh'], io), 2);
    assert.match(io.err, /shell must be one of bash, zsh, fish, powershell \(got "tcsh"\)/);
  });

  it('bash: the script parses and completes verbs, flags, choices and subcommands', async () => {
    const script = await completionScript('bash');
    execFileSync('bash', ['-n'], { input: script });
    assert.ok(bashComplete(script, ['kube-hybrid', 'ch']).includes('check'));
    assert.deepEqual(bashComplete(script, ['kube-hybrid', 'check', '-o', '']), ['text', 'json', 'yaml', 'sarif', 'junit', 'github']);
    assert.ok(bashComplete(script, ['kube-hybrid', 'check', '--fail']).includes('--fail-on'));
    assert.deepEqual(bashComplete(script, ['kube-hybrid', 'plan', '']), ['lifecycle', 'upgrade']);
    assert.ok(bashComplete(script, ['kube-hybrid', 'plan', 'upgrade', '--t']).includes('--to'));
    assert.deepEqual(bashComplete(script, ['kubectl', 'hybrid', 'webhook', 'serve', '--log-level', 'w']), ['warn']);
  });

  it('zsh: the bash part is the same function', async () => {
    const zsh = await completionScript('zsh');
    assert.match(zsh, /_kube_hybrid\(\) \{/);
    execFileSync('bash', ['-n'], { input: zsh });
  });
});

describe('kubectl plugin completion (kubectl_complete-hybrid)', () => {
  const cases: [string[], string][] = [
    [['ch'], 'check\n:4\n'],
    [['check', '-o', 'j'], 'json\njunit\n:4\n'],
    [['check', '--fail'], '--fail-on\n:4\n'],
    [['check', ''], ':0\n'],
    [['check', '--cache-dir', ''], ':16\n'],
    [['plan', 'l'], 'lifecycle\n:4\n'],
    [['webhook', 'serve', '--log-level', 'e'], 'error\n:4\n'],
    [['nosuch', ''], ':4\n'],
  ];
  for (const [words, expected] of cases) {
    it(`kubectl hybrid ${words.join(' ')}<TAB>`, async () => {
      const io = captureIO();
      assert.equal(await main(['__complete', ...words], io), 0);
      assert.equal(io.out, expected);
    });
  }

  it('the bin answers in the Cobra protocol', () => {
    const out = execFileSync(process.execPath, [join(repoRoot(), 'bin', 'kubectl_complete-hybrid.js'), 'rul'], { encoding: 'utf8' });
    assert.equal(out, 'rules\n:4\n');
  });
});

function repoRoot(): string {
  return new URL('../../', import.meta.url).pathname;
}
