// Prepared rule runs (the webhook's run per review) find what startRuleRun finds, and give the rules
// that keep state a visitor of their own per run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCluster } from '../cluster/profiles.js';
import { loadText } from '../manifests/load.js';
import { RULES } from '../rules/index.js';
import { collectInputs, prepareRuleRuns, runRules } from './run.js';
import type { Rule } from './types.js';

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: iis
  namespace: web
spec:
  replicas: 2
  selector:
    matchLabels: { app: iis }
  template:
    metadata:
      labels: { app: iis }
    spec:
      containers:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:latest
          command: ["powershell", "-c", "curl http://api.backend"]
---
apiVersion: v1
kind: Service
metadata:
  name: iis
  namespace: web
spec:
  selector: { app: iis }
  sessionAffinity: ClientIP
  sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } }
---
apiVersion: v1
kind: Pod
metadata:
  name: tools
  annotations: { kube-hybrid.io/ignore: windows-image-tag }
spec:
  nodeSelector: { kubernetes.io/os: windows }
  containers:
    - name: tools
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
`;

/** A rule that keeps state for its run: it reports each workload after the first it saw in that run. */
function statefulRule(created: { count: number }): Rule {
  return {
    id: 'test-stateful',
    meta: { category: 'placement', defaultSeverity: 'info', description: 'test', messages: { again: '{{name}} after {{first}}' }, source: 'https://kubernetes.io/docs/concepts/workloads/pods/' },
    create(context) {
      created.count++;
      let first: string | undefined;
      return {
        workload(workload) {
          if (first === undefined) first = workload.name;
          else context.report({ target: workload.source, messageId: 'again', path: workload.specPointer, data: { name: workload.name, first } });
        },
      };
    },
  };
}

describe('prepareRuleRuns', () => {
  const { objects } = loadText('mixed.yaml', MANIFESTS);
  const inputs = collectInputs(objects, builtinCluster('aks'));

  it('finds what runRules finds, run after run, one object or several', () => {
    const prepared = prepareRuleRuns(inputs, RULES);
    const expected = runRules(objects, inputs, RULES);
    assert.ok(expected.length > 3, 'the manifests have findings');
    for (let round = 0; round < 3; round++) {
      const run = prepared.start();
      for (const object of objects) run.visit(object);
      assert.deepEqual(run.finish(), expected);
      for (const object of objects) {
        const single = prepared.start();
        single.visit(object);
        assert.deepEqual(single.finish(), runRules([object], inputs, RULES));
      }
    }
  });

  it('applies the prepared severity overrides', () => {
    const overrides = new Map([['windows-image-tag', 'off' as const], ['windows-dns-suffix', 'error' as const]]);
    const run = prepareRuleRuns(inputs, RULES, overrides).start();
    for (const object of objects) run.visit(object);
    assert.deepEqual(run.finish(), runRules(objects, inputs, RULES, { severityOverrides: overrides }));
  });

  it('gives a rule that keeps state a new visitor per run', () => {
    const created = { count: 0 };
    const prepared = prepareRuleRuns(inputs, [statefulRule(created)]);
    const [deployment, , pod] = objects;
    const first = prepared.start();
    first.visit(deployment);
    first.visit(pod);
    assert.deepEqual(first.finish().map((f) => f.message), ['tools after iis']);
    const second = prepared.start();
    second.visit(pod);
    assert.deepEqual(second.finish(), []);
    assert.equal(created.count, 2);
  });

  it('hands each run its own problems', () => {
    const failing: Rule = { ...statefulRule({ count: 0 }), id: 'test-failing', create: () => ({ workload: () => { throw new Error('boom'); } }) };
    const prepared = prepareRuleRuns(inputs, [failing]);
    const problems: string[][] = [[], []];
    for (const index of [0, 1]) {
      const run = prepared.start({ onProblem: (problem) => problems[index].push(problem.message) });
      run.visit(objects[index * 2]);
      run.finish();
    }
    assert.match(problems[0][0], /internal error in rule test-failing: boom \(Deployment\/iis/);
    assert.match(problems[1][0], /internal error in rule test-failing: boom \(Pod\/tools/);
    assert.equal(problems[0].length + problems[1].length, 2);
  });
});
