import { osFieldContradictsSelector } from './os-field-contradicts-selector.js';
import { ruleTester } from './testing/rule-tester.js';

ruleTester(osFieldContradictsSelector, {
  valid: [
    { name: 'spec.os.name and the selector agree', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  os: {name: windows}\n  nodeSelector: {kubernetes.io/os: windows}\n  containers: [{name: c, image: x}]\n' },
    { name: 'spec.os.name without a selector', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  os: {name: linux}\n  containers: [{name: c, image: x}]\n' },
  ],
  invalid: [
    {
      name: 'spec.os.name windows with a Linux nodeSelector',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  os: {name: windows}\n  nodeSelector: {kubernetes.io/os: linux}\n  containers: [{name: c, image: x}]\n',
      errors: [{ messageId: 'contradicts', line: 5, path: '/spec/os/name', message: 'PodOSNotSupported' }],
    },
    {
      name: 'spec.os.name linux with a Windows RuntimeClass',
      yaml: `apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: win}
handler: runhcs-wcow-process
scheduling: {nodeSelector: {kubernetes.io/os: windows}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      os: {name: linux}
      runtimeClassName: win
      containers: [{name: c, image: x}]
`,
      errors: [{ messageId: 'contradicts', line: 13, path: '/spec/template/spec/os/name', message: 'RuntimeClass "win"' }],
    },
  ],
});
