import { kubeletVersionSkew } from './kubelet-version-skew.js';
import { docs, nodeYaml } from './testing/nodes.js';
import { ruleTester } from './testing/rule-tester.js';

ruleTester(kubeletVersionSkew, {
  valid: [
    { name: 'kubelets at and three minors below kube-apiserver 1.31', clusterFromYaml: { serverVersion: 'v1.31.2' }, yaml: docs(nodeYaml('a', { kubelet: 'v1.31.2' }), nodeYaml('b', { os: 'windows', kubelet: 'v1.28.15' })) },
    { name: 'no server version: kubelets within three minors of each other', clusterFromYaml: true, yaml: docs(nodeYaml('a', { kubelet: 'v1.31.2' }), nodeYaml('b', { kubelet: 'v1.28.1-eks-1234' })) },
    { name: 'kubelet 1.22 two minors below kube-apiserver 1.24', clusterFromYaml: { serverVersion: 'v1.24.17' }, yaml: nodeYaml('a', { kubelet: 'v1.22.17' }) },
  ],
  invalid: [
    {
      name: 'a kubelet newer than kube-apiserver',
      clusterFromYaml: { serverVersion: 'v1.30.5' },
      yaml: docs(nodeYaml('a', { kubelet: 'v1.30.5' }), nodeYaml('win-1', { os: 'windows', kubelet: 'v1.31.1' })),
      errors: [{ messageId: 'newerThanApiServer', path: '/status/nodeInfo/kubeletVersion', line: 19, message: 'kubelet v1.31.1, newer than kube-apiserver v1.30.5' }],
    },
    {
      name: 'a kubelet four minors behind; a 1.22 kubelet three behind (its limit is two)',
      clusterFromYaml: { serverVersion: 'v1.31.0' },
      yaml: docs(nodeYaml('a', { kubelet: 'v1.27.9' }), nodeYaml('b', { kubelet: 'v1.28.0' })),
      errors: [{ messageId: 'tooOld', message: '4 minor versions behind kube-apiserver v1.31.0: the version-skew policy allows 3' }],
    },
    {
      name: 'kubelet 1.22 three minors behind 1.25',
      clusterFromYaml: { serverVersion: 'v1.25.3' },
      yaml: nodeYaml('old', { kubelet: 'v1.22.4' }),
      errors: [{ messageId: 'tooOld', message: 'allows 2' }],
    },
    {
      name: 'no server version: the newest kubelet bounds kube-apiserver from below',
      clusterFromYaml: true,
      yaml: docs(nodeYaml('new', { kubelet: 'v1.32.0' }), nodeYaml('win-old', { os: 'windows', kubelet: 'v1.27.3' })),
      errors: [{ messageId: 'olderThanNewest', line: 19, message: 'kubelet v1.27.3, 5 minor versions behind the newest kubelet v1.32.0 (on new)' }],
    },
  ],
});
