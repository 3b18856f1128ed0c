// The bounded fuzz run of `npm test` (fixed seed; `npm run fuzz` is the long mode): no input crashes
// the loader, a rule, simulate or a webhook handler; no step needs isolating; the planted document's
// finding and pods are never lost. A failure prints fast-check's shrunk counterexample and seed: add
// it to the regressions in src/manifests/robustness.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fuzzInput, runInput } from './fuzz.js';

describe('fuzz (issue 9): nulls, wrong types and YAML mutations at every field of every workload kind', () => {
  it('never crashes, never needs isolation, never loses the planted document', () => {
    fc.assert(
      fc.property(fuzzInput, (input) => {
        const outcome = runInput(input);
        assert.deepEqual(outcome.crashes, []);
        assert.deepEqual(outcome.lost, []);
        assert.deepEqual(outcome.internalErrors, []);
      }),
      { seed: 9, numRuns: Number(process.env.FUZZ_TEST_RUNS ?? 100) },
    );
  });
});
