import { credentialSpecNameProblems } from './gmsa-credential-spec-invalid.js';
import type { Rule } from '../engine/types.js';
import { joinPointer } from '../util/pointer.js';
import { describeOwner, windowsOptionsIn } from './helpers.js';

/**
 * The gMSA webhook (kubernetes-sigs/windows-gmsa) looks up every gmsaCredentialSpecName of the pod, its containers
 * and init containers (not ephemeral containers) and rejects the pod with 404 when the resource is
 * missing (kubernetes-sigs/windows-gmsa admission-webhook/kube_client.go retrieveCredSpecContents).
 */
export const gmsaCredentialSpecNotFound: Rule = {
  id: 'gmsa-credential-spec-not-found',
  meta: {
    category: 'gmsa',
    defaultSeverity: 'warning',
    description: 'A gmsaCredentialSpecName whose GMSACredentialSpec (windows.k8s.io) is not in the input.',
    messages: {
      notInInput:
        'GMSACredentialSpec "{{name}}" (used by the {{owner}}) is not in the input: unless it already exists in the cluster, the gMSA webhook rejects the pod with 404 "cred spec {{name}} does not exist".',
      differsInCaseRename:
        'GMSACredentialSpec "{{name}}" (used by the {{owner}}) is not in the input; "{{found}}" differs only in case, but that name is not a lowercase DNS-1123 subdomain, so the API server refuses the resource and a pod cannot name it either. Rename the GMSACredentialSpec to "{{lower}}" and use that name here.',
      differsInCase:
        'GMSACredentialSpec "{{name}}" (used by the {{owner}}) is not in the input, but "{{found}}" is: names are case-sensitive, so the gMSA webhook rejects the pod with 404 "cred spec {{name}} does not exist". Use "{{found}}".',
    },
    source: 'https://github.com/kubernetes-sigs/windows-gmsa/blob/master/admission-webhook/webhook.go; https://github.com/kubernetes-sigs/windows-gmsa/blob/master/admission-webhook/kube_client.go',
  },
  sharedVisitor: true,
  windowsOptionsOnly: true,
  create(context) {
    return {
      workload(workload) {
        for (const ref of windowsOptionsIn(workload, ['initContainers', 'containers'])) {
          const name = ref.options.gmsaCredentialSpecName;
          if (typeof name !== 'string' || name === '' || context.inputs.gmsaCredentialSpecs.has(name)) continue;
          const found = [...context.inputs.gmsaCredentialSpecs.keys()].find((known) => known.toLowerCase() === name.toLowerCase());
          const path = joinPointer(ref.path, 'gmsaCredentialSpecName');
          const owner = describeOwner(ref.owner);
          if (found !== undefined && credentialSpecNameProblems(found).length > 0) {
            context.report({ target: workload.source, messageId: 'differsInCaseRename', path, data: { name, owner, found, lower: found.toLowerCase() } });
          } else if (found !== undefined) context.report({ target: workload.source, messageId: 'differsInCase', path, data: { name, owner, found } });
          else context.report({ target: workload.source, messageId: 'notInInput', path, data: { name, owner } });
        }
      },
    };
  },
};
