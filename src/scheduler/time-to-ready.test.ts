import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerImagesOf } from '../engine/images.js';
import { makeNode } from './testing/builders.js';
import { PullTimeline, formatDuration, parseBandwidth, readySeconds } from './time-to-ready.js';

const MB = 1_000_000;

test('the first pod on a node pulls, the second finds the image there', () => {
  const node = makeNode('w').windows().obj();
  const images = containerImagesOf({ containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/servercore:ltsc2022' }] }, '/spec');
  const timeline = new PullTimeline(25 * MB);
  const first = timeline.pull(images, node);
  const second = timeline.pull(images, node);
  assert.equal(first.bytes, 3000 * MB);
  assert.ok(first.seconds > 400, `Server Core takes minutes, got ${first.seconds}`);
  assert.equal(second.bytes, 0);
  assert.equal(second.seconds, first.seconds);
});

test('an image the node already reports costs nothing', () => {
  const node = makeNode('l').image('docker.io/library/nginx:1.27', 70 * MB).obj();
  const images = containerImagesOf({ containers: [{ name: 'c', image: 'nginx:1.27' }] }, '/spec');
  assert.deepEqual(new PullTimeline(25 * MB).pull(images, node), { seconds: 0, bytes: 0 });
});

test('readiness initialDelaySeconds adds to the start', () => {
  const node = makeNode('l').obj();
  assert.equal(readySeconds(10, node, { containers: [{ name: 'c', readinessProbe: { initialDelaySeconds: 30 } }] }), 42);
});

test('bandwidth accepts bytes and bits', () => {
  assert.equal(parseBandwidth('50MB/s'), 50 * MB);
  assert.equal(parseBandwidth('200Mbit'), 25 * MB);
  assert.equal(parseBandwidth('1Gbps'), 125 * MB);
  assert.equal(parseBandwidth('fast'), undefined);
  assert.equal(formatDuration(14 * 60), '~14 min');
});
