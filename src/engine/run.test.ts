import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCluster } from '../cluster/profiles.js';
import { loadText } from '../manifests/load.js';
import { collectInputs, runRules, startRuleRun } from './run.js';
import { hasWindowsOptions } from './windows-options.js';
import { workloadOf } from '../manifests/workloads.js';
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

/** A rule with the engine's skip `marks` that notes the name of every workload it is called for. */
function nameRecordingRule(marks: Pick<Rule, 'windowsOptionsOnly' | 'windowsImagesOnly'>, seen: string[]): Rule {
  return {
    id: 'test-recording-names',
    meta: { category: 'compatibility', defaultSeverity: 'info', description: 'test', messages: { seen: '{{name}}' }, source: 'https://kubernetes.io/docs/concepts/windows/intro/' },
    ...marks,
    create() {
      return {
        workload(workload) {
          seen.push(workload.name);
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

/** Pods whose windowsOptions sit in each place upstream reads them from, and pods without any. */
const WINDOWS_OPTIONS_CASES: { name: string; spec: string; has: boolean }[] = [
  { name: 'no securityContext', spec: '  containers:\n    - name: app\n      image: x\n', has: false },
  { name: 'a securityContext without windowsOptions', spec: '  securityContext:\n    runAsUser: 1000\n  containers:\n    - name: app\n      image: x\n      securityContext:\n        privileged: false\n', has: false },
  { name: 'windowsOptions that is not an object', spec: '  securityContext:\n    windowsOptions: yes\n  containers:\n    - name: app\n      image: x\n', has: false },
  { name: "the pod's windowsOptions", spec: '  securityContext:\n    windowsOptions:\n      runAsUserName: ContainerUser\n  containers:\n    - name: app\n      image: x\n', has: true },
  { name: 'an empty windowsOptions', spec: '  securityContext:\n    windowsOptions: {}\n  containers:\n    - name: app\n      image: x\n', has: true },
  { name: "a container's", spec: '  containers:\n    - name: app\n      image: x\n      securityContext:\n        windowsOptions:\n          hostProcess: true\n', has: true },
  { name: "an init container's", spec: '  initContainers:\n    - name: init\n      image: x\n      securityContext:\n        windowsOptions:\n          gmsaCredentialSpecName: web\n  containers:\n    - name: app\n      image: x\n', has: true },
  { name: "an ephemeral container's", spec: '  containers:\n    - name: app\n      image: x\n  ephemeralContainers:\n    - name: debug\n      image: x\n      securityContext:\n        windowsOptions:\n          runAsUserName: ContainerAdministrator\n', has: true },
];

describe('windowsOptions-only rules', () => {
  const recording = (marked: boolean, seen: string[]) => nameRecordingRule({ windowsOptionsOnly: marked }, seen);

  for (const { name, spec, has } of WINDOWS_OPTIONS_CASES) {
    it(`${has ? 'are called' : 'are not called'} for a pod with ${name}; other rules always`, () => {
      const objects = loadText('pod.yaml', `apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod\nspec:\n${spec}`).objects;
      const workload = workloadOf(objects[0]);
      assert.ok(workload);
      assert.equal(hasWindowsOptions(workload), has);
      const marked: string[] = [];
      const every: string[] = [];
      runRules(objects, collectInputs(objects, builtinCluster('default')), [recording(true, marked), recording(false, every)]);
      assert.deepEqual(marked, has ? ['pod'] : []);
      assert.deepEqual(every, ['pod']);
    });
  }
});

describe('windowsImagesOnly rules', () => {
  const recording = (marked: boolean, seen: string[]) => nameRecordingRule({ windowsImagesOnly: marked }, seen);
  const pod = (name: string, ...images: string[]) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n${images.map((image, i) => `    - name: c${i}\n      image: ${image}\n`).join('')}`;
  const cases: { name: string; images: string[]; called: boolean }[] = [
    { name: 'linux-official', images: ['nginx:1.27'], called: false },
    { name: 'two-linux', images: ['nginx:1.27', 'redis:7.4'], called: false },
    { name: 'no-image', images: [], called: false },
    { name: 'unknown', images: ['registry.example.com/team/app:1.0'], called: true },
    { name: 'windows', images: ['mcr.microsoft.com/windows/nanoserver:ltsc2022'], called: true },
    { name: 'linux-and-windows', images: ['nginx:1.27', 'mcr.microsoft.com/windows/servercore:ltsc2022'], called: true },
  ];
  for (const { name, images, called } of cases) {
    it(`${called ? 'are called' : 'are not called'} for a pod running ${images.length === 0 ? 'no image' : images.join(' and ')}`, () => {
      const objects = loadText('pod.yaml', pod(name, ...images)).objects;
      const marked: string[] = [];
      const every: string[] = [];
      runRules(objects, collectInputs(objects, builtinCluster('default')), [recording(true, marked), recording(false, every)]);
      assert.deepEqual(marked, called ? [name] : []);
      assert.deepEqual(every, [name]);
    });
  }
});
