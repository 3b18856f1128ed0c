// The kubelet's admission of pods that bypass kube-scheduler, table-driven as upstream's
// pkg/kubelet/lifecycle/predicate_test.go (TestGeneralPredicates, TestRejectPodAdmissionBasedOnOSSelector,
// TestRejectPodAdmissionBasedOnOSField): each case binds a pod with spec.nodeName to one node, after
// the pods already there, and expects the pod's status reason and message as the kubelet sets them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cluster } from '../cluster/model.js';
import type { Node } from '../kube/types.js';
import { loadText } from '../manifests/load.js';
import { simulate } from './simulate.js';
import { makeNode } from './testing/builders.js';

function clusterOf(...nodes: Node[]): Cluster {
  return { name: 't', source: 'test', nodes, pools: [] };
}

/** A pod bound to `node` by spec.nodeName; `extra` is YAML under spec (indented 2). */
function boundPod(name: string, node: string, extra = '', resources = ''): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default}
spec:
  nodeName: ${node}
${extra}  containers:
    - name: c
      image: nginx:1.27
${resources}`;
}

const cpu = (amount: string) => `      resources: {requests: {cpu: "${amount}"}}\n`;

interface Case {
  name: string;
  nodes: Node[];
  /** Pods created first (bound or scheduled), then `pod`. */
  before?: string[];
  pod: string;
  status: string;
  message?: string | RegExp;
}

const small = makeNode('n1').capacity({ cpu: '2', memory: '4Gi', pods: '3' }).obj();

const cases: Case[] = [
  { name: 'a pod that fits is admitted and runs', nodes: [small], pod: boundPod('p', 'n1', '', cpu('500m')), status: 'Running' },
  {
    name: 'not enough cpu left: OutOfcpu with requested, used and capacity in millicores',
    nodes: [small],
    before: [boundPod('big', 'n1', '', cpu('1500m'))],
    pod: boundPod('p', 'n1', '', cpu('1')),
    status: 'OutOfcpu',
    message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 1000, used: 1500, capacity: 2000",
  },
  {
    name: 'not enough memory: OutOfmemory in bytes',
    nodes: [small],
    pod: boundPod('p', 'n1', '', '      resources: {requests: {memory: 8Gi}}\n'),
    status: 'OutOfmemory',
    message: "Pod was rejected: Node didn't have enough resource: memory, requested: 8589934592, used: 0, capacity: 4294967296",
  },
  {
    name: 'the node already runs its allowed pods: OutOfpods',
    nodes: [small],
    before: [boundPod('a', 'n1'), boundPod('b', 'n1'), boundPod('c', 'n1')],
    pod: boundPod('p', 'n1'),
    status: 'OutOfpods',
    message: "Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 3, capacity: 3",
  },
  {
    name: 'pods count before cpu (noderesources.Fits order): OutOfpods wins over OutOfcpu',
    nodes: [small],
    before: [boundPod('a', 'n1'), boundPod('b', 'n1'), boundPod('c', 'n1', '', cpu('2'))],
    pod: boundPod('p', 'n1', '', cpu('1')),
    status: 'OutOfpods',
  },
  {
    name: 'an extended resource the node does not report is dropped (removeMissingExtendedResources)',
    nodes: [small],
    pod: boundPod('p', 'n1', '', '      resources: {requests: {example.com/gpu: "1"}, limits: {example.com/gpu: "1"}}\n'),
    status: 'Running',
  },
  {
    name: 'a nodeSelector the node does not match: Predicate NodeAffinity failed (1.31+ wording)',
    nodes: [small],
    pod: boundPod('p', 'n1', '  nodeSelector: {disk: ssd}\n'),
    status: 'NodeAffinity',
    message: "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector",
  },
  {
    name: 'resources are reported before node affinity (AdmissionCheck order)',
    nodes: [small],
    pod: boundPod('p', 'n1', '  nodeSelector: {disk: ssd}\n', cpu('3')),
    status: 'OutOfcpu',
  },
  {
    name: 'a host port another pod on the node holds: Predicate NodePorts failed',
    nodes: [small],
    before: [boundPod('a', 'n1').replace('      image: nginx:1.27\n', '      image: nginx:1.27\n      ports: [{containerPort: 80, hostPort: 8080}]\n')],
    pod: boundPod('p', 'n1').replace('      image: nginx:1.27\n', '      image: nginx:1.27\n      ports: [{containerPort: 80, hostPort: 8080}]\n'),
    status: 'NodePorts',
    message: "Pod was rejected: Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports",
  },
  {
    name: 'an untolerated NoExecute taint: Predicate TaintToleration failed',
    nodes: [makeNode('n1').taint({ key: 'maintenance', value: 'true', effect: 'NoExecute' }).obj()],
    pod: boundPod('p', 'n1'),
    status: 'TaintToleration',
    message: "Pod was rejected: Predicate TaintToleration failed: node(s) had taints that the pod didn't tolerate",
  },
  {
    name: 'a NoSchedule taint is the scheduler\'s business: the kubelet admits the pod',
    nodes: [makeNode('n1').taint({ key: 'os', value: 'windows', effect: 'NoSchedule' }).obj()],
    pod: boundPod('p', 'n1'),
    status: 'Running',
  },
  {
    name: 'a tolerated NoExecute taint is admitted',
    nodes: [makeNode('n1').taint({ key: 'maintenance', value: 'true', effect: 'NoExecute' }).obj()],
    pod: boundPod('p', 'n1', '  tolerations: [{key: maintenance, operator: Exists, effect: NoExecute}]\n'),
    status: 'Running',
  },
  {
    name: 'the OS checks come first: spec.os.name windows on a Linux node is PodOSNotSupported even when cpu is short',
    nodes: [small],
    pod: boundPod('p', 'n1', '  os: {name: windows}\n', cpu('3')),
    status: 'PodOSNotSupported',
    message: "Pod was rejected: Failed to admit pod as the OS field doesn't match node OS",
  },
  {
    name: 'a node that does not exist: the pod waits for it (Pending)',
    nodes: [small],
    pod: boundPod('p', 'gone'),
    status: 'Pending',
  },
];

describe('kubelet admission of pods that bypass the scheduler (spec.nodeName)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const text = [...(c.before ?? []), c.pod].join('---\n');
      const { objects, problems } = loadText('pods.yaml', text);
      assert.deepEqual(problems, []);
      const result = simulate(objects, clusterOf(...c.nodes));
      const pod = result.pods.find((p) => p.name === 'p');
      assert.ok(pod, 'the pod is in the result');
      assert.equal(pod.status, c.status, pod.message ?? '');
      if (typeof c.message === 'string') assert.equal(pod.message, c.message);
      else if (c.message) assert.match(pod.message ?? '', c.message);
    });
  }

  it('a refused pod uses nothing on the node: the next pod that fits is admitted', () => {
    const text = [boundPod('big', 'n1', '', cpu('3')), boundPod('p', 'n1', '', cpu('2'))].join('---\n');
    const result = simulate(loadText('pods.yaml', text).objects, clusterOf(small));
    assert.deepEqual(result.pods.map((p) => [p.name, p.status]), [['big', 'OutOfcpu'], ['p', 'Running']]);
    assert.equal(result.nodes[0].pods, 1);
  });
});

describe('where no kubelet runs (kubeletAdmission: false, as in the test bed)', () => {
  it('a pod bound by spec.nodeName stays bound and holds its resources', () => {
    const text = [boundPod('big', 'n1', '', cpu('3')), boundPod('p', 'n1', '', cpu('2'))].join('---\n');
    const result = simulate(loadText('pods.yaml', text).objects, clusterOf(small), { kubeletAdmission: false });
    assert.deepEqual(result.pods.map((p) => [p.name, p.node]), [['big', 'n1'], ['p', 'n1']]);
    assert.equal(result.nodes[0].pods, 2);
  });
});
