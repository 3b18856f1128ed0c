// The JSON log lines: built from pieces for speed, the same text as serialising the merged object.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogFields, LogLevel } from './log.js';
import { jsonLogger } from './log.js';

/** The line as the format is specified: `{time, level, msg, ...base, ...fields}`, serialised. */
function specified(time: string, level: LogLevel, msg: string, base: LogFields, fields?: LogFields): string {
  try {
    return JSON.stringify({ time, level, msg, ...base, ...fields });
  } catch {
    return JSON.stringify({ time, level, msg, ...base, note: 'fields were not serialisable' });
  }
}

function logged(base: LogFields, level: LogLevel, msg: string, fields?: LogFields): { line: string; time: string } {
  const lines: string[] = [];
  jsonLogger((line) => lines.push(line), 'debug', base).log(level, msg, fields);
  assert.equal(lines.length, 1);
  assert.ok(lines[0].endsWith('\n'));
  const line = lines[0].slice(0, -1);
  return { line, time: (JSON.parse(line) as { time: string }).time };
}

const cyclic: LogFields = { name: 'loop' };
cyclic.self = cyclic;

const CASES: [string, LogFields, LogLevel, string, LogFields | undefined][] = [
  ['no fields', {}, 'info', 'listening', undefined],
  ['empty fields', {}, 'info', 'listening', {}],
  ['a mutation line', {}, 'info', 'mutated', { webhook: 'mutate', uid: 'u-1', operation: 'CREATE', dryRun: false, user: 'admin', object: 'Deployment/web/iis', mutations: ['nodeSelector', 'toleration'], os: 'windows', because: 'image "x" is a Windows image' }],
  ['with the production base', { component: 'kube-hybrid-webhook' }, 'warn', 'bad request', { webhook: 'validate', error: 'request body is not valid JSON: Unexpected token', remote: '127.0.0.1' }],
  ['undefined values are left out', { component: 'c' }, 'error', 'review failed', { uid: 'u', stack: undefined, user: undefined }],
  ['only undefined values', {}, 'debug', 'reviewed', { stack: undefined }],
  ['nested values, quotes and non-ASCII', {}, 'info', 'denied "x"\n', { decisions: [{ rule: 'r', message: 'café “quoted” \\ \u2028' }], count: 3, ok: true, none: null }],
  ['a field named like the head', {}, 'info', 'm', { msg: 'overrides the message in place', time: 'then' }],
  ['a field named like a base field', { component: 'c', pod: 'p' }, 'info', 'm', { component: 'other' }],
  ['array-index keys come first', {}, 'info', 'm', { b: 1, 2: 'two', 1: 'one' }],
  ['a toJSON field', {}, 'info', 'm', { toJSON: () => ({ replaced: true }) }],
  ['a base with an object value', { labels: { app: 'x' } }, 'info', 'm', { a: 1 }],
  ['a base with an index key', { 0: 'zero' }, 'info', 'm', { a: 1 }],
  ['a __proto__ member from JSON', {}, 'info', 'm', JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as LogFields],
  ['a date value', {}, 'info', 'serving certificate reloaded', { notAfter: new Date(Date.UTC(2027, 0, 2)) }],
  ['a value that cannot be serialised (BigInt)', { component: 'c' }, 'error', 'm', { n: 10n }],
  ['a cyclic value', {}, 'error', 'm', cyclic],
];

describe('jsonLogger lines', () => {
  for (const [what, base, level, msg, fields] of CASES) {
    it(`${what}: the same text as serialising {time, level, msg, ...base, ...fields}`, () => {
      const { line, time } = logged(base, level, msg, fields);
      assert.equal(line, specified(time, level, msg, base, fields));
    });
  }

  it('leaves out levels below the minimum and reports which levels are on', () => {
    const lines: string[] = [];
    const logger = jsonLogger((line) => lines.push(line), 'warn');
    logger.info('not written');
    logger.error('written', { a: 1 });
    assert.equal(lines.length, 1);
    assert.equal(logger.enabled('info'), false);
    assert.equal(logger.enabled('warn'), true);
  });

  it('stamps each line with the current time (ISO 8601, UTC)', () => {
    const before = Date.now();
    const { time } = logged({}, 'info', 'm');
    const stamped = Date.parse(time);
    assert.match(time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(stamped >= before - 1 && stamped <= Date.now() + 1, time);
  });
});
