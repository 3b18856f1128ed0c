// PodGroupIndex looks selectors up by one of their In requirements (anchorOf): whatever the order in
// which selectors are registered and groups appear, a selector's groups must be exactly those a scan of
// every group of the namespace finds, in creation order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLabelSelector, parsedSelectorMatches } from '../../kube/label-selector.js';
import type { LabelSelector } from '../../kube/types.js';
import { makeNode, makePod } from '../testing/builders.js';
import { clusterWith } from '../testing/harness.js';
import type { GroupSelector } from './pod-groups.js';

const selectors: LabelSelector[] = [
  { matchLabels: { app: 'web' } },
  { matchLabels: { app: 'web', tier: 'front' } },
  { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'db'] }] },
  { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] },
  { matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
  { matchExpressions: [{ key: 'app', operator: 'In', values: ['db'] }, { key: 'tier', operator: 'DoesNotExist' }] },
  {},
];
const labelSets: Record<string, string>[] = [{ app: 'web' }, { app: 'db', tier: 'back' }, { app: 'web', tier: 'front' }, { app: 'cache' }, { app: 'db' }, {}];

function selectorOf(selector: LabelSelector, namespace: string): GroupSelector {
  return { namespaceMatches: (ns) => ns === namespace, onlyNamespace: namespace, selector: parseLabelSelector(selector) };
}

describe('groupsMatching through the label index', () => {
  for (const registerFirst of [true, false]) {
    it(`equals a scan of the namespace's groups (selectors registered ${registerFirst ? 'before' : 'after'} the groups appear)`, () => {
      const scheduler = clusterWith([makeNode('n1').obj(), makeNode('n2').obj()]);
      const specs = selectors.map((s) => selectorOf(s, 'default'));
      if (registerFirst) for (const spec of specs) scheduler.pods.groupsMatching(spec);
      labelSets.forEach((labels, i) => {
        const pod = makePod(`p${i}`);
        for (const [k, v] of Object.entries(labels)) pod.label(k, v);
        scheduler.bind(pod.obj(), scheduler.nodes[i % 2]);
        scheduler.bind(makePod(`other${i}`).inNamespace('other').label('app', 'web').obj(), scheduler.nodes[0]);
      });
      for (const spec of specs) {
        const found = scheduler.pods.groupsMatching(spec).map((g) => JSON.stringify(g.labels));
        const scanned = labelSets.filter((labels) => parsedSelectorMatches(spec.selector, labels)).map((labels) => JSON.stringify(labels));
        assert.deepEqual(found, scanned, JSON.stringify(spec.selector));
      }
    });
  }
});
