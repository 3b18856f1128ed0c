import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { successorBuilds } from './pool-lifecycle.js';

describe('successorBuilds, remembered one day at a time', () => {
  it('successors of a build follow the day too', () => {
    // On AKS, 2022 is a successor of 2019 until it retires on 2027-03-15.
    assert.deepEqual(successorBuilds(17763, 'aks', '2027-03-14'), [20348, 26100]);
    assert.deepEqual(successorBuilds(17763, 'aks', '2027-03-15'), [26100]);
    assert.deepEqual(successorBuilds(17763, 'aks', '2027-03-14'), [20348, 26100]);
  });
});
