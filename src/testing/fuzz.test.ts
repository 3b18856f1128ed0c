// The bounded fuzz run of `npm test` (fixed seed; `npm run fuzz` is the long mode): no input crashes
// the loader, a rule, simulate or a webhook handler; no step needs isolating; the planted document's
// finding and pods are never lost. A failure prints fast-check's shrunk counterexample and seed: add
// it to the regressions in src/manifests/robustness.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { StaticClusterSource } from '../admission/cluster-state.js';
import { mutate } from '../admission/mutate.js';
import { defaultPolicy } from '../admission/policy.js';
import { decodeAdmissionReview } from '../admission/review.js';
import { validate } from '../admission/validate.js';
import { builtinCluster } from '../cluster/profiles.js';
import { RULES } from '../rules/index.js';
import { baseObject, fuzzInput, pathsOf, runInput, weirdValue } from './fuzz.js';

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

describe('fuzz (issue 9): wrongly typed AdmissionReview envelopes', () => {
  it('the decoder refuses or accepts them, and the handlers answer what it accepts without throwing', () => {
    const snapshot = new StaticClusterSource(builtinCluster('kubeadm')).snapshot();
    assert.ok(snapshot);
    const envelope = () => ({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: 'u',
        kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
        resource: { group: 'apps', version: 'v1', resource: 'deployments' },
        namespace: 'web',
        operation: 'UPDATE',
        userInfo: { username: 'u', groups: ['g'] },
        object: baseObject('Deployment'),
        oldObject: baseObject('Deployment'),
      },
    });
    fc.assert(
      fc.property(fc.array(fc.record({ path: fc.nat(), value: weirdValue }), { minLength: 1, maxLength: 3 }), (mutations) => {
        const body = envelope() as Record<string, unknown>;
        for (const m of mutations) {
          const paths = pathsOf(body).filter((p) => p.length <= 4);
          const path = paths[m.path % paths.length];
          let node = body as Record<string | number, unknown>;
          for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
          if (typeof node !== 'object' || node === null) continue;
          node[path[path.length - 1]] = m.value === undefined ? undefined : structuredClone(m.value);
        }
        const decoded = decodeAdmissionReview(JSON.parse(JSON.stringify(body)) as unknown);
        if (!decoded.ok) {
          assert.equal(typeof decoded.message, 'string');
          return;
        }
        const outcome = validate(decoded.review.request, defaultPolicy(), snapshot, RULES);
        assert.deepEqual(outcome.internalErrors ?? [], []);
        assert.equal(mutate(decoded.review.request, defaultPolicy(), snapshot).internalError, undefined);
      }),
      { seed: 9, numRuns: Number(process.env.FUZZ_TEST_RUNS ?? 100) },
    );
  });
});
