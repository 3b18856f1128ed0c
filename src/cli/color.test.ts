import assert from 'node:assert/strict';
import { test } from 'node:test';
import { colorWanted } from './spec.js';

test('colour: flags, then FORCE_COLOR, then NO_COLOR, then the terminal', () => {
  const cases: [string, { color?: boolean; 'no-color'?: boolean }, NodeJS.ProcessEnv, boolean, boolean][] = [
    ['a terminal', {}, {}, true, true],
    ['a pipe', {}, {}, false, false],
    ['NO_COLOR on a terminal', {}, { NO_COLOR: '1' }, true, false],
    ['NO_COLOR empty is unset (no-color.org)', {}, { NO_COLOR: '' }, true, true],
    ['FORCE_COLOR on a pipe', {}, { FORCE_COLOR: '1' }, false, true],
    ['FORCE_COLOR=0 on a terminal', {}, { FORCE_COLOR: '0' }, true, false],
    ['FORCE_COLOR wins over NO_COLOR', {}, { FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
    ['--color wins over NO_COLOR', { color: true }, { NO_COLOR: '1' }, false, true],
    ['--no-color wins over FORCE_COLOR', { 'no-color': true }, { FORCE_COLOR: '1' }, true, false],
  ];
  for (const [name, flags, env, tty, expected] of cases) assert.equal(colorWanted(flags, env, tty), expected, name);
});
