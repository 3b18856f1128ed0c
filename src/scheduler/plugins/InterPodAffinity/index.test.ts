import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNode, makePod } from '../../testing/builders.js';
import { filterWith, scoreWith } from '../../testing/harness.js';
import { ERR_REASON_AFFINITY_RULES_NOT_MATCH, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH, interPodAffinity } from './index.js';

const hostTerm = (app: string) => ({ labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' });
const nodes = [makeNode('a').obj(), makeNode('b').obj()];

test('required anti-affinity keeps a replica off the node its sibling runs on', () => {
  const pod = makePod().label('app', 'web').podAffinity('podAntiAffinity', hostTerm('web'));
  const result = filterWith(interPodAffinity, pod.obj(), nodes, [[makePod('e').label('app', 'web').obj(), 'a']]);
  assert.deepEqual(result.a, { code: 'Unschedulable', reasons: [ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH] });
  assert.equal(result.b.code, 'Success');
});

test('required affinity needs a node hosting a matching pod', () => {
  const pod = makePod().podAffinity('podAffinity', hostTerm('cache'));
  const result = filterWith(interPodAffinity, pod.obj(), nodes, [[makePod('e').label('app', 'cache').obj(), 'b']]);
  assert.deepEqual(result.a, { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_AFFINITY_RULES_NOT_MATCH] });
  assert.equal(result.b.code, 'Success');
});

test('the first pod of a self-affine group may go anywhere', () => {
  const pod = makePod().label('app', 'cache').podAffinity('podAffinity', hostTerm('cache'));
  const result = filterWith(interPodAffinity, pod.obj(), nodes);
  assert.deepEqual([result.a.code, result.b.code], ['Success', 'Success']);
});

test("an existing pod's anti-affinity repels a matching newcomer", () => {
  const existing = makePod('e').podAffinity('podAntiAffinity', hostTerm('batch'));
  const result = filterWith(interPodAffinity, makePod().label('app', 'batch').obj(), nodes, [[existing.obj(), 'a']]);
  assert.deepEqual(result.a, { code: 'Unschedulable', reasons: [ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH] });
});

test('preferred affinity scores the node with the matching pod highest', () => {
  const pod = makePod().preferredPodAffinity('podAffinity', 50, hostTerm('cache'));
  assert.deepEqual(scoreWith(interPodAffinity, pod.obj(), nodes, [[makePod('e').label('app', 'cache').obj(), 'b']]), { a: 0, b: 100 });
});
