import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNode, makePod } from '../../testing/builders.js';
import { scoreWith } from '../../testing/harness.js';
import { calculatePriority, imageLocality, MAX_CONTAINER_THRESHOLD, MIN_THRESHOLD } from './index.js';

const MB = 1024 * 1024;
test('sums below 23 MB score 0 and above 1000 MB per container score 100', () => {
  assert.equal(calculatePriority(MIN_THRESHOLD - 1, 1), 0);
  assert.equal(calculatePriority(MAX_CONTAINER_THRESHOLD * 2, 1), 100);
});

test('a node that already has a large image scores higher, scaled by how many nodes have it', () => {
  const image = 'mcr.microsoft.com/windows/servercore:ltsc2022';
  const nodes = [makeNode('has').image(image, 2000 * MB).obj(), makeNode('lacks').obj()];
  const scores = scoreWith(imageLocality, makePod().container({ image }).obj(), nodes);
  // 2000 MB × 1/2 nodes = 1000 MB → (1000-23)/(1000-23) × 100
  assert.deepEqual(scores, { has: 100, lacks: 0 });
});

test('a short Docker Hub name matches the name the node reports', () => {
  const nodes = [makeNode('has').image('docker.io/library/nginx:1.27', 500 * MB).obj()];
  const scores = scoreWith(imageLocality, makePod().container({ image: 'nginx:1.27' }).obj(), nodes);
  assert.ok(scores && scores.has > 0);
});

test('scoring is skipped when no node has any of the images', () => {
  assert.equal(scoreWith(imageLocality, makePod().container({ image: 'nginx' }).obj(), [makeNode('n').obj()]), undefined);
});
