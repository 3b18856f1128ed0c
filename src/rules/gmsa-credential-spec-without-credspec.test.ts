import { gmsaCredentialSpecWithoutCredspec } from './gmsa-credential-spec-without-credspec.js';
import { ruleTester } from './testing/rule-tester.js';

ruleTester(gmsaCredentialSpecWithoutCredspec, {
  valid: [
    {
      name: 'a GMSACredentialSpec with its credspec',
      yaml: `apiVersion: windows.k8s.io/v1
kind: GMSACredentialSpec
metadata: { name: gmsa-webapp1 }
credspec:
  CmsPlugins: [ActiveDirectory]
`,
    },
    {
      name: 'a kind of the same name in another API group is not ours',
      yaml: `apiVersion: example.com/v1
kind: GMSACredentialSpec
metadata: { name: x }
`,
    },
  ],
  invalid: [
    {
      name: 'no credspec at all',
      yaml: `apiVersion: windows.k8s.io/v1
kind: GMSACredentialSpec
metadata: { name: gmsa-webapp1 }
spec:
  CmsPlugins: [ActiveDirectory]
`,
      errors: [{ messageId: 'missing', line: 1, path: '', severity: 'error', message: '417 "cred spec gmsa-webapp1 does not have a credspec key"' }],
    },
    {
      name: 'an empty credspec (v1alpha1)',
      yaml: `apiVersion: windows.k8s.io/v1alpha1
kind: GMSACredentialSpec
metadata: { name: old }
credspec: ""
`,
      errors: [{ messageId: 'missing', line: 4, path: '/credspec' }],
    },
  ],
});
