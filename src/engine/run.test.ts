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

const MIXED = `apiVersion: v1
kind: Pod
metadata:
  name: linux-pod
spec:
  containers:
    - name: app
      image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: windows-pod
spec:
  nodeSelector:
    kubernetes.io/os: windows
  containers:
    - name: app
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
`;

/** A rule that notes every workload it is called for (and the OS the analysis gives it). */
function recordingRule(windowsWorkloadsOnly: boolean, seen: string[]): Rule {
  return {
    id: 'test-recording',
    meta: { category: 'compatibility', defaultSeverity: 'info', description: 'test', messages: { seen: '{{name}}' }, source: 'https://kubernetes.io/docs/concepts/windows/intro/' },
    windowsWorkloadsOnly,
    create(context) {
      return {
        workload(workload) {
          seen.push(`${workload.name}:${context.analysisOf(workload).osIntent.os}`);
        },
      };
    },
  };
}

describe('Windows-only rules', () => {
  const loaded = loadText('mixed.yaml', MIXED);
  const inputs = collectInputs(loaded.objects, builtinCluster('default'));

  it('are called for Windows workloads only; other rules for every workload', () => {
    const windowsOnly: string[] = [];
    const every: string[] = [];
    runRules(loaded.objects, inputs, [recordingRule(true, windowsOnly), recordingRule(false, every)]);
    assert.deepEqual(windowsOnly, ['windows-pod:windows']);
    assert.deepEqual(every, ['linux-pod:linux', 'windows-pod:windows']);
  });

  it('report an analysis that throws once, as the first rule to ask did, and skip the workload', () => {
    const throwing: Rule = {
      ...recordingRule(false, []),
      id: 'test-throws-first',
      create() {
        return {
          workload() {
            throw new Error('rule failed');
          },
        };
      },
    };
    const broken = loadText('broken.yaml', MIXED).objects[1];
    // A RuntimeClass map whose lookup throws makes the workload analysis throw.
    const failing = { ...inputs, runtimeClasses: { get: () => undefined, values: () => { throw new Error('analysis failed'); } } as unknown as typeof inputs.runtimeClasses };
    const seen: string[] = [];
    const problems: string[] = [];
    runRules([broken], failing, [throwing, recordingRule(true, seen), recordingRule(true, seen)], { onProblem: (problem) => problems.push(problem.message) });
    assert.deepEqual(seen, []);
    assert.equal(problems.length, 2);
    assert.match(problems[0], /internal error in rule test-throws-first: rule failed/);
    assert.match(problems[1], /internal error in the workload analysis: analysis failed/);
  });
});
