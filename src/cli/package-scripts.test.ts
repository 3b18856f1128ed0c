// `npm pack` runs prepack, then prepare, then postpack (npm 11 docs, "Life Cycle Operation Order":
// https://docs.npmjs.com/cli/v11/using-npm/scripts, read 2026-11-30): the build belongs in one of
// them only, or the package is built twice. prepare builds (it also runs on `npm install` from a
// clone); prepack only empties dist/, so no stale file of an earlier build is packed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { repoPath } from '../testing/paths.js';

describe('package.json lifecycle scripts', () => {
  it('npm pack builds once: prepare builds, prepack only cleans dist/', () => {
    const { scripts } = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { scripts: Record<string, string> };
    const builds = (script: string | undefined) => script !== undefined && /\b(npm run build|tsc)\b/.test(script);
    assert.ok(builds(scripts.prepare), scripts.prepare);
    assert.deepEqual(['prepack', 'postpack', 'prepublishOnly'].filter((name) => builds(scripts[name])), []);
    assert.match(scripts.prepack, /rmSync\('dist'/);
  });
});
