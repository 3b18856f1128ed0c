import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  explainNodeAffinityMismatch,
  matchesNodeSelectorTerms,
  preferredNodeAffinityProblems,
  preferredNodeAffinityScore,
  requiredNodeAffinityMatches,
} from './node-affinity.js';
import type { Node, NodeSelector, NodeSelectorRequirement, PodSpec } from './types.js';

function makeNode(name: string, labels: Record<string, string>): Node {
  return { metadata: { name, labels } };
}

const windowsNode = makeNode('win-1', { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348', gpus: '2' });
const linuxNode = makeNode('linux-1', { 'kubernetes.io/os': 'linux' });

function terms(...requirementLists: NodeSelectorRequirement[][]): NodeSelector {
  return { nodeSelectorTerms: requirementLists.map((matchExpressions) => ({ matchExpressions })) };
}

// Modelled on nodeaffinity_test.go (TestNodeSelectorMatch / TestMatchNodeSelectorTerms).
describe('matchesNodeSelectorTerms', () => {
  const cases: { name: string; selector: NodeSelector; node: Node; expected: boolean }[] = [
    { name: 'no terms match no node', selector: { nodeSelectorTerms: [] }, node: windowsNode, expected: false },
    { name: 'an empty term matches no node', selector: { nodeSelectorTerms: [{}] }, node: windowsNode, expected: false },
    {
      name: 'a term with empty expression and field lists matches no node',
      selector: { nodeSelectorTerms: [{ matchExpressions: [], matchFields: [] }] },
      node: windowsNode,
      expected: false,
    },
    { name: 'In on a matching label matches', selector: terms([{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }]), node: windowsNode, expected: true },
    { name: 'In on another value does not match', selector: terms([{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }]), node: linuxNode, expected: false },
    { name: 'NotIn matches a node without the label', selector: terms([{ key: 'gpus', operator: 'NotIn', values: ['2'] }]), node: linuxNode, expected: true },
    { name: 'DoesNotExist fails when the label is present', selector: terms([{ key: 'gpus', operator: 'DoesNotExist' }]), node: windowsNode, expected: false },
    {
      name: 'expressions in one term are ANDed',
      selector: terms([
        { key: 'kubernetes.io/os', operator: 'In', values: ['windows'] },
        { key: 'node.kubernetes.io/windows-build', operator: 'In', values: ['10.0.17763'] },
      ]),
      node: windowsNode,
      expected: false,
    },
    {
      name: 'terms are ORed',
      selector: terms([{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }], [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }]),
      node: windowsNode,
      expected: true,
    },
    { name: 'Gt compares integers', selector: terms([{ key: 'gpus', operator: 'Gt', values: ['1'] }]), node: windowsNode, expected: true },
    { name: 'Lt compares integers', selector: terms([{ key: 'gpus', operator: 'Lt', values: ['2'] }]), node: windowsNode, expected: false },
    {
      name: 'Gt does not match when the label is not an integer',
      selector: terms([{ key: 'node.kubernetes.io/windows-build', operator: 'Gt', values: ['1'] }]),
      node: windowsNode,
      expected: false,
    },
    { name: 'Gt with a non-integer value is invalid and matches nothing', selector: terms([{ key: 'gpus', operator: 'Gt', values: ['1.5'] }]), node: windowsNode, expected: false },
    {
      name: 'an invalid term does not stop a later valid term from matching',
      selector: terms([{ key: 'gpus', operator: 'Bogus' as 'In', values: ['1'] }], [{ key: 'gpus', operator: 'Exists' }]),
      node: windowsNode,
      expected: true,
    },
    {
      name: 'an invalid requirement spoils its whole term',
      selector: terms([
        { key: 'gpus', operator: 'Exists' },
        { key: 'kubernetes.io/os', operator: 'In', values: [] },
      ]),
      node: windowsNode,
      expected: false,
    },
    {
      name: 'matchFields In on metadata.name matches the node name',
      selector: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['win-1'] }] }] },
      node: windowsNode,
      expected: true,
    },
    {
      name: 'matchFields NotIn on metadata.name excludes the node',
      selector: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['win-1'] }] }] },
      node: windowsNode,
      expected: false,
    },
    {
      name: 'matchFields with two values is invalid',
      selector: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['win-1', 'win-2'] }] }] },
      node: windowsNode,
      expected: false,
    },
    {
      name: 'matchFields with Exists is invalid',
      selector: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }] },
      node: windowsNode,
      expected: false,
    },
    {
      name: 'matchExpressions and matchFields in one term are ANDed',
      selector: {
        nodeSelectorTerms: [
          {
            matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }],
            matchFields: [{ key: 'metadata.name', operator: 'In', values: ['win-1'] }],
          },
        ],
      },
      node: windowsNode,
      expected: false,
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(matchesNodeSelectorTerms(c.selector, c.node), c.expected));
  }
});

describe('requiredNodeAffinityMatches', () => {
  const windowsAffinity: PodSpec['affinity'] = {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms([{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }]) },
  };
  const cases: { name: string; spec: PodSpec; node: Node; expected: boolean }[] = [
    { name: 'a pod without selector or affinity fits any node', spec: {}, node: linuxNode, expected: true },
    { name: 'an empty nodeSelector fits any node', spec: { nodeSelector: {} }, node: linuxNode, expected: true },
    { name: 'nodeSelector must match', spec: { nodeSelector: { 'kubernetes.io/os': 'windows' } }, node: linuxNode, expected: false },
    { name: 'required affinity must match', spec: { affinity: windowsAffinity }, node: linuxNode, expected: false },
    { name: 'nodeSelector and affinity both matching fit', spec: { nodeSelector: { gpus: '2' }, affinity: windowsAffinity }, node: windowsNode, expected: true },
    { name: 'nodeSelector and affinity are ANDed', spec: { nodeSelector: { gpus: '4' }, affinity: windowsAffinity }, node: windowsNode, expected: false },
    {
      name: 'required affinity with no terms fits no node',
      spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } },
      node: windowsNode,
      expected: false,
    },
    { name: 'node affinity with only preferences places no requirement', spec: { affinity: { nodeAffinity: {} } }, node: linuxNode, expected: true },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(requiredNodeAffinityMatches(c.spec, c.node), c.expected));
  }
});

describe('preferredNodeAffinityScore', () => {
  const spec: PodSpec = {
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 5, preference: { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }] } },
          { weight: 3, preference: { matchExpressions: [{ key: 'gpus', operator: 'Exists' }] } },
          { weight: 7, preference: {} },
          { weight: 0, preference: { matchExpressions: [{ key: 'gpus', operator: 'Exists' }] } },
          { weight: 11, preference: { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] } },
        ],
      },
    },
  };
  it('sums the weights of matching terms and skips empty preferences', () => assert.equal(preferredNodeAffinityScore(spec, windowsNode), 8));
  it('scores another node by its own matches', () => assert.equal(preferredNodeAffinityScore(spec, linuxNode), 11));
  it('scores zero without preferences', () => assert.equal(preferredNodeAffinityScore({}, windowsNode), 0));
  it('reports invalid preferred terms', () => {
    const invalid: PodSpec = {
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'a', operator: 'In' }] } }] } },
    };
    assert.equal(preferredNodeAffinityProblems(invalid).length, 1);
    assert.equal(preferredNodeAffinityScore(invalid, windowsNode), 0);
  });
});

describe('explainNodeAffinityMismatch', () => {
  it('says nothing when the node fits', () => {
    assert.deepEqual(explainNodeAffinityMismatch({ nodeSelector: { 'kubernetes.io/os': 'windows' } }, windowsNode), []);
  });
  it('names the nodeSelector key and the value the node has', () => {
    assert.deepEqual(explainNodeAffinityMismatch({ nodeSelector: { 'kubernetes.io/os': 'windows' } }, linuxNode), [
      'nodeSelector kubernetes.io/os=windows: node has kubernetes.io/os=linux',
    ]);
  });
  it('names the first failing requirement of each term', () => {
    const spec: PodSpec = {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: terms(
            [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }],
            [{ key: 'node.kubernetes.io/windows-build', operator: 'Exists' }],
          ),
        },
      },
    };
    assert.deepEqual(explainNodeAffinityMismatch(spec, linuxNode), [
      'required node affinity term 1: kubernetes.io/os in (windows): node has kubernetes.io/os=linux',
      'required node affinity term 2: node.kubernetes.io/windows-build: node has no label node.kubernetes.io/windows-build',
    ]);
  });
  it('explains an empty term', () => {
    const spec: PodSpec = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } };
    assert.deepEqual(explainNodeAffinityMismatch(spec, linuxNode), ['required node affinity is empty and matches no node']);
  });
});
