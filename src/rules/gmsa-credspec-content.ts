import type { Rule, Severity } from '../engine/types.js';
import { credSpecProblems, inlineCredSpecProblems } from '../gmsa/credspec.js';
import type { CredSpecProblem } from '../gmsa/credspec.js';
import { nameOf } from '../manifests/workloads.js';
import { joinPointer } from '../util/pointer.js';
import { isGmsaCredentialSpec, isMissingCredspec } from '../gmsa/crd.js';
import { MAX_CREDENTIAL_SPEC_BYTES } from './gmsa-credential-spec-invalid.js';
import { describeOwner, windowsOptionsIn } from './helpers.js';

const MESSAGE_IDS: Record<CredSpecProblem['kind'], string> = {
  schema: 'schema',
  missing: 'missing',
  format: 'format',
  consistency: 'consistency',
  plugin: 'plugin',
  json: 'notJson',
};

/**
 * The contents of a credential spec: the CRD's types, the fields New-CredentialSpec writes, their
 * formats and consistency, and the PluginInput of known CCG plugins (src/gmsa/credspec.ts has the
 * sources). Checked on GMSACredentialSpec objects (at the field) and on a pod's inline
 * gmsaCredentialSpec (at that field: it is JSON text).
 */
export const gmsaCredspecContent: Rule = {
  id: 'gmsa-credspec-content',
  meta: {
    category: 'gmsa',
    defaultSeverity: 'error',
    description: 'A credential spec (GMSACredentialSpec credspec or a pod\'s gmsaCredentialSpec) that the API server refuses, that lacks fields, has malformed SID/GUID/NetBIOS/DNS values, disagrees with itself, or has a bad CCG PluginInput.',
    messages: {
      schema: 'Credential spec of {{where}}: {{problem}}.',
      missing: 'Credential spec of {{where}}: {{problem}}.',
      format: 'Credential spec of {{where}}: {{problem}}.',
      consistency: 'Credential spec of {{where}}: {{problem}}.',
      plugin: 'Credential spec of {{where}}: {{problem}}.',
      notJson: 'gmsaCredentialSpec of {{where}} {{problem}}.',
    },
    source:
      'https://github.com/kubernetes-sigs/windows-gmsa/blob/master/admission-webhook/deploy/gmsa-crd.yml; https://github.com/MicrosoftDocs/Virtualization-Documentation/blob/live/windows-server-container-tools/ServiceAccounts/CredentialSpec.psm1; https://learn.microsoft.com/en-us/windows/win32/api/ccgplugins/nf-ccgplugins-iccgdomainauthcredentials-getpasswordcredentials; https://learn.microsoft.com/en-us/azure/aks/use-group-managed-service-accounts; https://docs.aws.amazon.com/AmazonECS/latest/developerguide/windows-gmsa.html',
  },
  sharedVisitor: true,
  windowsOptionsOnly: true,
  create(context) {
    return {
      object(manifest) {
        const { object } = manifest;
        if (!isGmsaCredentialSpec(object)) return;
        const credspec = object.credspec;
        // No credspec at all is gmsa-credential-spec-without-credspec's finding.
        if (isMissingCredspec(credspec)) return;
        const name = nameOf(object);
        for (const problem of credSpecProblems(credspec)) {
          context.report({
            target: manifest,
            messageId: MESSAGE_IDS[problem.kind],
            path: joinPointer('/credspec') + problem.path,
            severity: problem.severity as Severity,
            data: { where: `GMSACredentialSpec "${name}"`, problem: problem.message },
          });
        }
      },
      workload(workload) {
        for (const ref of windowsOptionsIn(workload)) {
          const spec = ref.options.gmsaCredentialSpec;
          // Empty and oversized specs are gmsa-credential-spec-invalid's (the API server's own checks).
          if (typeof spec !== 'string' || spec === '' || Buffer.byteLength(spec, 'utf8') > MAX_CREDENTIAL_SPEC_BYTES) continue;
          const owner = describeOwner(ref.owner);
          for (const problem of inlineCredSpecProblems(spec)) {
            context.report({
              target: workload.source,
              messageId: MESSAGE_IDS[problem.kind],
              path: joinPointer(ref.path, 'gmsaCredentialSpec'),
              severity: problem.severity === 'info' ? 'info' : problem.kind === 'schema' ? 'error' : problem.severity,
              data: { where: `the ${owner}`, problem: problem.kind === 'schema' ? problem.message.replace(/: the API server refuses.*$/, '') : problem.message },
            });
          }
        }
      },
    };
  },
};
