import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyJson } from './json-copy.js';

test('copyJson gives what structuredClone gives for JSON data, sharing nothing with the original', () => {
  const cases: unknown[] = [
    null,
    0,
    -1.5,
    'windows',
    true,
    [],
    {},
    [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }],
    { 'kubernetes.io/os': 'windows', nested: { list: [1, 'two', null, { three: [3] }] } },
    { kept: undefined, after: 1 },
  ];
  for (const value of cases) {
    const copy = copyJson(value);
    assert.deepStrictEqual(copy, structuredClone(value));
    assert.equal(JSON.stringify(copy), JSON.stringify(value));
    if (value !== null && typeof value === 'object') assert.notEqual(copy, value);
  }
  const original = { spec: { tolerations: [{ key: 'os' }] } };
  const copy = copyJson(original);
  copy.spec.tolerations[0].key = 'changed';
  copy.spec.tolerations.push({ key: 'more' });
  assert.deepStrictEqual(original, { spec: { tolerations: [{ key: 'os' }] } });
});

test('copyJson keeps member order and an undefined member, as structuredClone does', () => {
  const copy = copyJson({ b: 1, a: undefined, c: [undefined] });
  assert.deepStrictEqual(Object.keys(copy), ['b', 'a', 'c']);
  assert.ok('a' in copy);
  assert.deepStrictEqual(copy.c, [undefined]);
});
