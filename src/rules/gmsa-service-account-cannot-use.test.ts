import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCluster } from '../cluster/profiles.js';
import { collectInputs, runRules } from '../engine/run.js';
import { gmsaUseKey, gmsaUseQuestions } from '../gmsa/live-use.js';
import { loadText } from '../manifests/load.js';
import { gmsaServiceAccountCannotUse } from './gmsa-service-account-cannot-use.js';
import { ruleTester } from './testing/rule-tester.js';

const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: webapp1-role }
rules:
  - apiGroups: [windows.k8s.io]
    resources: [gmsacredentialspecs]
    verbs: [use]
    resourceNames: [gmsa-webapp1]
`;
const binding = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: allow-iis, namespace: web }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: webapp1-role }
subjects:
  - { kind: ServiceAccount, name: iis, namespace: web }
`;
const pod = (serviceAccount: string, specName = 'gmsa-webapp1') => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: web }
spec:
  serviceAccountName: ${serviceAccount}
  securityContext: { windowsOptions: { gmsaCredentialSpecName: ${specName} } }
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
`;

ruleTester(gmsaServiceAccountCannotUse, {
  valid: [
    { name: 'the service account is bound to a role that may use the spec', yaml: `${role}---\n${binding}---\n${pod('iis')}` },
    { name: 'no RBAC objects in the input: not judged', yaml: pod('other') },
  ],
  invalid: [
    {
      name: 'another service account of the namespace',
      yaml: `${role}---\n${binding}---\n${pod('frontend')}`,
      errors: [{ messageId: 'cannotUse', line: 22, path: '/spec/securityContext/windowsOptions/gmsaCredentialSpecName', severity: 'error', message: 'Service account "web/frontend" of the pod may not `use` gmsacredentialspecs.windows.k8s.io "gmsa-webapp1"' }],
    },
    {
      name: 'a spec the role does not name',
      yaml: `${role}---\n${binding}---\n${pod('iis', 'gmsa-webapp2')}`,
      errors: [{ messageId: 'cannotUse', line: 22, message: '"gmsa-webapp2"' }],
    },
  ],
});

describe('rule gmsa-service-account-cannot-use against a live cluster', () => {
  const run = (answers: [string, boolean][]) => {
    const loaded = loadText('test.yaml', pod('iis'));
    const inputs = collectInputs(loaded.objects, builtinCluster('default'));
    inputs.gmsaUse = new Map(answers.map(([key, allowed]) => [key, { allowed }]));
    return runRules(loaded.objects, inputs, [gmsaServiceAccountCannotUse]);
  };
  it('the SubjectAccessReview answer decides, without RBAC objects in the input', () => {
    const findings = run([[gmsaUseKey('web', 'iis', 'gmsa-webapp1'), false]]);
    assert.deepEqual(findings.map((f) => ({ messageId: f.messageId, line: f.line })), [{ messageId: 'cannotUseLive', line: 6 }]);
    assert.match(findings[0].message, /the cluster's SubjectAccessReview says no/);
  });
  it('an allowed answer, or no answer (the review failed), reports nothing', () => {
    assert.deepEqual(run([[gmsaUseKey('web', 'iis', 'gmsa-webapp1'), true]]), []);
    assert.deepEqual(run([]), []);
  });
  it('gmsaUseQuestions asks once per namespace, service account and name', () => {
    const loaded = loadText('test.yaml', `${pod('iis')}---\n${pod('iis')}---\n${pod('frontend', 'gmsa-webapp2')}`);
    assert.deepEqual(gmsaUseQuestions(loaded.objects), [{ namespace: 'web', serviceAccount: 'iis', name: 'gmsa-webapp1' }, { namespace: 'web', serviceAccount: 'frontend', name: 'gmsa-webapp2' }]);
  });
});
