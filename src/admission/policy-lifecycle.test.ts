// The lifecycle rules report a node pool's deadline, not a fault of the pod: the webhook records
// them (audit) and never denies a pod for them, whatever their severity.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../rules/index.js';
import { actionFor, defaultPolicy } from './policy.js';

describe('webhook policy: lifecycle rules', () => {
  const lifecycle = RULES.filter((r) => r.meta.category === 'lifecycle');
  it('covers every lifecycle rule of the registry', () => assert.equal(lifecycle.length, 4));
  for (const rule of lifecycle) {
    it(`${rule.id} is audit by default, even at error severity`, () => {
      assert.equal(actionFor(defaultPolicy().validation, 'lob', rule.id, 'error'), 'audit');
    });
  }
  it('other error findings still deny', () => assert.equal(actionFor(defaultPolicy().validation, 'lob', 'windows-image-build-mismatch', 'error'), 'deny'));
});
