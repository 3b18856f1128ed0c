import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCluster } from '../cluster/profiles.js';
import { loadText } from '../manifests/load.js';
import { collectInputs, runRules, startRuleRun } from './run.js';
import type { Rule } from './types.js';

const PODS = `apiVersion: v1
kind: Pod
metadata:
  name: first
spec:
  containers:
    - name: app
      image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: second
spec:
  containers:
    - name: app
      image: nginx
`;

/** A rule whose visitor is made once and reused: it reports every workload with the run's cluster name. */
function sharedRule(created: { count: number }): Rule {
  return {
    id: 'test-shared',
    meta: { category: 'placement', defaultSeverity: 'info', description: 'test', messages: { seen: '{{name}} on {{cluster}}' }, source: 'https://kubernetes.io/docs/concepts/workloads/pods/' },
    sharedVisitor: true,
    create(context) {
      created.count++;
      return {
        workload(workload) {
          context.report({ target: workload.source, messageId: 'seen', path: workload.specPointer, data: { name: workload.name, cluster: context.inputs.cluster.name } });
        },
      };
    },
  };
}

describe('shared rule visitors', () => {
  const loaded = loadText('pods.yaml', PODS);
  const [first, second] = loaded.objects;

  it('are created once and report into the run being visited, even when runs interleave', () => {
    const created = { count: 0 };
    const rule = sharedRule(created);
    const a = startRuleRun(collectInputs(loaded.objects, builtinCluster('default')), [rule]);
    const b = startRuleRun(collectInputs(loaded.objects, builtinCluster('kubeadm')), [rule]);
    a.visit(first);
    b.visit(second);
    a.visit(second);
    const fromA = a.finish().map((f) => f.message);
    const fromB = b.finish().map((f) => f.message);
    assert.equal(created.count, 1);
    assert.deepEqual(fromA, [`first on ${builtinCluster('default').name}`, `second on ${builtinCluster('default').name}`]);
    assert.deepEqual(fromB, [`second on ${builtinCluster('kubeadm').name}`]);
  });

  it('refuse a report made outside any visitor', () => {
    let escaped: (() => void) | undefined;
    const rule: Rule = {
      ...sharedRule({ count: 0 }),
      id: 'test-escape',
      create(context) {
        return {
          workload(workload) {
            escaped = () => context.report({ target: workload.source, messageId: 'seen', path: '' });
          },
        };
      },
    };
    runRules([first], collectInputs(loaded.objects, builtinCluster('default')), [rule]);
    assert.ok(escaped);
    assert.throws(escaped, /outside its visitor/);
  });
});
