import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  labelKeyProblems,
  labelValueProblems,
  matchesLabels,
  matchesLabelSelector,
  parseInt64,
  validateLabelSelector,
} from './label-selector.js';
import type { LabelSelector } from './types.js';

const labels = { app: 'web', tier: 'frontend', 'kubernetes.io/os': 'windows' };

describe('matchesLabelSelector', () => {
  const cases: { name: string; selector: LabelSelector | null | undefined; expected: boolean }[] = [
    { name: 'a nil selector selects nothing', selector: undefined, expected: false },
    { name: 'a null selector selects nothing', selector: null, expected: false },
    { name: 'an empty selector selects everything', selector: {}, expected: true },
    { name: 'empty matchLabels and matchExpressions select everything', selector: { matchLabels: {}, matchExpressions: [] }, expected: true },
    { name: 'matchLabels match when every pair is present', selector: { matchLabels: { app: 'web', tier: 'frontend' } }, expected: true },
    { name: 'matchLabels fail on a different value', selector: { matchLabels: { app: 'api' } }, expected: false },
    { name: 'In matches one of the values', selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['api', 'web'] }] }, expected: true },
    { name: 'In fails when the key is absent', selector: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, expected: false },
    { name: 'NotIn matches when the key is absent', selector: { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, expected: true },
    { name: 'NotIn fails when the value is listed', selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, expected: false },
    { name: 'Exists matches a present key', selector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, expected: true },
    { name: 'DoesNotExist fails on a present key', selector: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, expected: false },
    {
      name: 'matchLabels and matchExpressions are ANDed',
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] },
      expected: false,
    },
    {
      name: 'an invalid operator makes the selector select nothing',
      selector: { matchExpressions: [{ key: 'app', operator: 'Gt' as 'In', values: ['1'] }] },
      expected: false,
    },
    { name: 'In without values is invalid and selects nothing', selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: [] }] }, expected: false },
    { name: 'Exists with values is invalid and selects nothing', selector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['web'] }] }, expected: false },
    { name: 'an invalid label key selects nothing', selector: { matchLabels: { 'bad key': 'web' } }, expected: false },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(matchesLabelSelector(c.selector, labels), c.expected));
  }

  it('treats a nil selector as everything when the caller asks for it', () => {
    assert.equal(matchesLabelSelector(undefined, labels, { whenNil: 'everything' }), true);
  });
  it('does not widen an invalid selector when nil means everything', () => {
    assert.equal(matchesLabelSelector({ matchExpressions: [{ key: 'x', operator: 'Bogus' as 'In' }] }, labels, { whenNil: 'everything' }), false);
  });
  it('copes with a malformed selector from a manifest', () => {
    assert.equal(matchesLabelSelector({ matchExpressions: 'app=web' } as unknown as LabelSelector, labels), false);
  });
});

describe('validateLabelSelector', () => {
  it('reports an invalid operator with upstream wording', () => {
    assert.deepEqual(validateLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Equals' as 'In', values: ['b'] }] }), [
      '"Equals" is not a valid label selector operator',
    ]);
  });
  it('reports nothing for a valid or nil selector', () => {
    assert.deepEqual(validateLabelSelector({ matchLabels: { app: 'web' } }), []);
    assert.deepEqual(validateLabelSelector(undefined), []);
  });
  it('reports an empty values list for In', () => {
    assert.equal(validateLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }).length, 1);
  });
});

describe('matchesLabels', () => {
  it('matches when every pair is present', () => assert.equal(matchesLabels({ 'kubernetes.io/os': 'windows' }, labels), true));
  it('fails when a key is missing', () => assert.equal(matchesLabels({ zone: 'a' }, labels), false));
  it('fails when a value differs', () => assert.equal(matchesLabels({ app: 'api' }, labels), false));
  it('matches everything when the map is empty or missing', () => {
    assert.equal(matchesLabels({}, undefined), true);
    assert.equal(matchesLabels(undefined, labels), true);
  });
  it('fails against a node without labels', () => assert.equal(matchesLabels({ app: 'web' }, undefined), false));
});

describe('label syntax', () => {
  const keys: { key: string; valid: boolean }[] = [
    { key: 'app', valid: true },
    { key: 'kubernetes.io/os', valid: true },
    { key: 'node.kubernetes.io/windows-build', valid: true },
    { key: 'Example.com/app', valid: false },
    { key: '/app', valid: false },
    { key: 'a/b/c', valid: false },
    { key: '-app', valid: false },
    { key: 'a'.repeat(64), valid: false },
    { key: '', valid: false },
  ];
  for (const { key, valid } of keys) {
    it(`${valid ? 'accepts' : 'rejects'} the key "${key.length > 20 ? `${key.slice(0, 10)}…` : key}"`, () => {
      assert.equal(labelKeyProblems(key).length === 0, valid);
    });
  }
  it('accepts an empty label value and rejects one with a space', () => {
    assert.deepEqual(labelValueProblems(''), []);
    assert.equal(labelValueProblems('a b').length, 1);
  });
  it('reads integers like strconv.ParseInt', () => {
    assert.equal(parseInt64('+17'), 17n);
    assert.equal(parseInt64('-3'), -3n);
    assert.equal(parseInt64('1.5'), undefined);
    assert.equal(parseInt64('9223372036854775808'), undefined);
  });
});
