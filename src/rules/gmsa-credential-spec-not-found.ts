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
    },
    source: 'https://github.com/kubernetes-sigs/windows-gmsa/blob/master/admission-webhook/webhook.go; https://github.com/kubernetes-sigs/windows-gmsa/blob/master/admission-webhook/kube_client.go',
  },
  create(context) {
    return {
      workload(workload) {
        for (const ref of windowsOptionsIn(workload, ['initContainers', 'containers'])) {
          const name = ref.options.gmsaCredentialSpecName;
          if (typeof name !== 'string' || name === '' || context.inputs.gmsaCredentialSpecs.has(name)) continue;
          context.report({ target: workload.source, messageId: 'notInInput', path: joinPointer(ref.path, 'gmsaCredentialSpecName'), data: { name, owner: describeOwner(ref.owner) } });
        }
      },
    };
  },
};
