import type { Rule } from '../engine/types.js';
import { joinPointer } from '../util/pointer.js';
import { isGmsaCredentialSpec } from '../gmsa/crd.js';
import { describeOwner, windowsOptionsIn } from './helpers.js';

// validateWindowsSecurityContextOptions (pkg/apis/core/validation/validation.go) and
// apimachinery's IsDNS1123Subdomain; the quoted messages are upstream's.
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
/** The API server's limit on a pod's gmsaCredentialSpec (validateWindowsSecurityContextOptions). */
export const MAX_CREDENTIAL_SPEC_BYTES = 64 * 1024;

export function credentialSpecNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length > 253) problems.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(name)) problems.push(DNS1123_SUBDOMAIN_MESSAGE);
  return problems;
}

/** gmsaCredentialSpecName / gmsaCredentialSpec formats, checked on every pod (validation.go validateWindowsSecurityContextOptions). */
export const gmsaCredentialSpecInvalid: Rule = {
  id: 'gmsa-credential-spec-invalid',
  meta: {
    category: 'gmsa',
    defaultSeverity: 'error',
    description: 'A gmsaCredentialSpecName that is not a DNS-1123 subdomain, or a gmsaCredentialSpec that is empty or over 64 KiB.',
    messages: {
      badName: 'The API server rejects gmsaCredentialSpecName "{{value}}" of the {{owner}}: "{{problem}}". It must be the name of a GMSACredentialSpec resource.',
      emptySpec: 'The API server rejects the {{owner}}\'s gmsaCredentialSpec: "gmsaCredentialSpec cannot be an empty string". Remove it and let the gMSA webhook fill it from gmsaCredentialSpecName.',
      specTooLarge: 'The API server rejects the {{owner}}\'s gmsaCredentialSpec ({{bytes}} bytes): "gmsaCredentialSpec size must be under 64 KiB".',
      badResourceName:
        'The API server rejects this GMSACredentialSpec: metadata.name "{{value}}": "{{problem}}". Pods could not name it either (gmsaCredentialSpecName must be the same DNS-1123 subdomain).',
    },
    source:
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go (validateWindowsSecurityContextOptions); https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/validator.go (custom resource names: NameIsDNSSubdomain)',
  },
  sharedVisitor: true,
  windowsOptionsOnly: true,
  create(context) {
    return {
      // A custom resource's name is validated as a DNS-1123 subdomain by the apiextensions server.
      object(object) {
        if (!isGmsaCredentialSpec(object.object)) return;
        const name = object.object.metadata?.name;
        if (typeof name !== 'string' || name === '') return;
        for (const problem of credentialSpecNameProblems(name)) {
          context.report({ target: object, messageId: 'badResourceName', path: '/metadata/name', data: { value: name, problem } });
        }
      },
      workload(workload) {
        for (const ref of windowsOptionsIn(workload)) {
          const owner = describeOwner(ref.owner);
          const name = ref.options.gmsaCredentialSpecName;
          if (typeof name === 'string') {
            for (const problem of credentialSpecNameProblems(name)) {
              context.report({ target: workload.source, messageId: 'badName', path: joinPointer(ref.path, 'gmsaCredentialSpecName'), data: { value: name, owner, problem }, stage: 'api-server' });
            }
          }
          const spec = ref.options.gmsaCredentialSpec;
          if (typeof spec !== 'string') continue;
          const bytes = Buffer.byteLength(spec, 'utf8');
          if (bytes === 0) context.report({ target: workload.source, messageId: 'emptySpec', path: joinPointer(ref.path, 'gmsaCredentialSpec'), data: { owner }, stage: 'api-server' });
          else if (bytes > MAX_CREDENTIAL_SPEC_BYTES) context.report({ target: workload.source, messageId: 'specTooLarge', path: joinPointer(ref.path, 'gmsaCredentialSpec'), data: { owner, bytes }, stage: 'api-server' });
        }
      },
    };
  },
};
