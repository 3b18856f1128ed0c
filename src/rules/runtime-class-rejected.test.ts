import { runtimeClassRejected } from './runtime-class-rejected.js';
import { ruleTester } from './testing/rule-tester.js';

const runtimeClass = `apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: windows-2022}
handler: runhcs-wcow-process
scheduling:
  nodeSelector: {kubernetes.io/os: windows, node.kubernetes.io/windows-build: 10.0.20348}
---
`;

ruleTester(runtimeClassRejected, {
  valid: [
    { name: 'a RuntimeClass present in the input, no conflict', yaml: `${runtimeClass}apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  runtimeClassName: windows-2022\n  containers: [{name: c, image: x}]\n` },
  ],
  invalid: [
    {
      name: 'a nodeSelector that conflicts with the RuntimeClass is refused with upstream\'s wording',
      yaml: `${runtimeClass}apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  runtimeClassName: windows-2022\n  nodeSelector: {kubernetes.io/os: linux}\n  containers: [{name: c, image: x}]\n`,
      errors: [{ messageId: 'rejected', line: 12, path: '/spec/runtimeClassName', severity: 'error', message: 'conflict: runtimeClass.scheduling.nodeSelector[kubernetes.io/os] = windows; pod.spec.nodeSelector[kubernetes.io/os] = linux' }],
    },
    {
      name: 'an unknown RuntimeClass is a warning (it may exist in the cluster)',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  runtimeClassName: gvisor\n  containers: [{name: c, image: x}]\n',
      errors: [{ messageId: 'notFound', line: 5, severity: 'warning', message: 'RuntimeClass "gvisor" not found' }],
    },
  ],
});
