import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNode, makePod } from '../../testing/builders.js';
import { filterWith, scheduleAll, scoreWith } from '../../testing/harness.js';
import { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH, podTopologySpread } from './index.js';

const zoneNode = (name: string, zone?: string) => (zone ? makeNode(name).label('topology.kubernetes.io/zone', zone) : makeNode(name)).obj();
const web = () => makePod().label('app', 'web');
const spread = { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } } as const;

test('a zone already one pod ahead is rejected with maxSkew 1', () => {
  const nodes = [zoneNode('a1', 'a'), zoneNode('b1', 'b')];
  const result = filterWith(podTopologySpread, web().spreadConstraint(spread).obj(), nodes, [[web().withName('e').obj(), 'a1']]);
  assert.deepEqual(result, { a1: { code: 'Unschedulable', reasons: [ERR_REASON_CONSTRAINTS_NOT_MATCH] }, b1: { code: 'Success', reasons: [] } });
});

test('a node without the topology label is unresolvable (missing required label)', () => {
  const result = filterWith(podTopologySpread, web().spreadConstraint(spread).obj(), [zoneNode('a1', 'a'), zoneNode('none')]);
  assert.deepEqual(result.none, { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_NODE_LABEL_NOT_MATCH] });
});

test('pods of other namespaces do not count toward the skew', () => {
  const nodes = [zoneNode('a1', 'a'), zoneNode('b1', 'b')];
  const result = filterWith(podTopologySpread, web().spreadConstraint(spread).obj(), nodes, [[web().withName('e').inNamespace('other').obj(), 'a1']]);
  assert.equal(result.a1.code, 'Success');
});

test('the system default constraints spread replicas across nodes', () => {
  const nodes = [zoneNode('a1', 'a'), zoneNode('a2', 'a'), zoneNode('b1', 'b')];
  const selector = { matchLabels: { app: 'web' } };
  const placed = scheduleAll(nodes, [1, 2, 3].map((i) => web().withName(`w${i}`).req({ cpu: '100m' }).defaultSpreadSelector(selector).obj()));
  assert.equal(new Set(placed).size, 3);
});

test('a ScheduleAnyway constraint prefers the emptier zone without rejecting', () => {
  const nodes = [zoneNode('a1', 'a'), zoneNode('b1', 'b')];
  const scores = scoreWith(podTopologySpread, web().spreadConstraint({ ...spread, whenUnsatisfiable: 'ScheduleAnyway' }).obj(), nodes, [[web().withName('e').obj(), 'a1']]);
  assert.ok(scores && scores.b1 > scores.a1);
});
