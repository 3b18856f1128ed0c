import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AdmissionResult } from './response.js';
import { allowed, denied, errored, patched } from './response.js';
import type { AdmissionApiVersion } from './review.js';
import { encodeAdmissionResponse, encodeAdmissionResponseText } from './review.js';

describe('encodeAdmissionResponseText writes what JSON.stringify(encodeAdmissionResponse(…)) writes', () => {
  const toleration = { key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' };
  const cases: { name: string; apiVersion?: AdmissionApiVersion; uid?: string; result: AdmissionResult }[] = [
    { name: 'an allowed object without anything to say', result: allowed() },
    { name: 'an allowed object with a status message', result: allowed('fine') },
    { name: 'warnings with quotes, backslashes, new lines and control characters', result: allowed(undefined, ['[rule] "quoted" C:\\Windows\nnext', 'tab\there \u0001 \u007f']) },
    { name: 'non-ASCII text and lone surrogates (escaped by JSON.stringify)', result: allowed(undefined, ['café ✓ 😀', 'lone \ud800 and \udfff']) },
    { name: 'the same warning twice (dropped by the cap) and an empty one', result: allowed(undefined, ['same', 'same', '']) },
    { name: 'more warnings than the API server keeps', result: allowed(undefined, Array.from({ length: 40 }, (_, i) => `warning ${i} ${'x'.repeat(300)}`)) },
    { name: 'a denial (403, reason Forbidden)', result: denied('kube-hybrid refused Pod/web/iis: 1 finding would fail on the node\n[rule] spec (/spec): "why"', ['a warning']) },
    { name: 'a denial with another code (no reason: the member is left out)', result: denied('no', [], 422) },
    { name: 'an error answer', result: errored(500, new Error('kube-hybrid internal error: boom "x"')) },
    { name: 'a patch (base64) with audit annotations', result: { ...patched([{ op: 'add', path: '/spec/template/spec/nodeSelector', value: { 'kubernetes.io/os': 'windows' } }, { op: 'add', path: '/spec/tolerations', value: [toleration] }]), auditAnnotations: { mutations: 'nodeSelector,toleration', os: 'windows: image "mcr…/servercore:ltsc2022"' } } },
    { name: 'a patch with non-ASCII values', result: patched([{ op: 'add', path: '/metadata/annotations/note', value: 'é ✓ 😀 \ud800' }]) },
    { name: 'an empty patch (no patch members)', result: patched([]) },
    { name: 'empty audit annotations (left out)', result: { ...allowed(), auditAnnotations: {} } },
    { name: 'admission.k8s.io/v1beta1 and a uid with characters to escape', apiVersion: 'admission.k8s.io/v1beta1', uid: 'a"b\\c\nd', result: allowed() },
  ];
  for (const { name, apiVersion = 'admission.k8s.io/v1', uid = '705ab4f5-6393-11e8-b7cc-42010a800002', result } of cases) {
    it(name, () => {
      const text = encodeAdmissionResponseText(apiVersion, uid, result);
      assert.equal(text, JSON.stringify(encodeAdmissionResponse(apiVersion, uid, result)));
      assert.equal(JSON.parse(text).response.uid, uid);
    });
  }
});
