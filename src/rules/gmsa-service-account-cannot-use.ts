import type { Rule } from '../engine/types.js';
import { gmsaUseAttributes, gmsaUseKey, rbacAllows, serviceAccountOf, serviceAccountUser } from '../gmsa/rbac.js';
import { joinPointer } from '../util/pointer.js';
import { describeOwner, windowsOptionsIn } from './helpers.js';

/**
 * The gMSA webhook asks, with a LocalSubjectAccessReview in the pod's namespace, whether the pod's
 * service account may `use` gmsacredentialspecs.windows.k8s.io/<name>, for the pod, its containers and
 * init containers, and rejects the pod with 403 otherwise (kubernetes-sigs/windows-gmsa
 * admission-webhook/kube_client.go isAuthorizedToUseCredSpec). With RBAC objects in the input we
 * answer the same question as the RBAC authorizer would (src/gmsa/rbac.ts).
 */
export const gmsaServiceAccountCannotUse: Rule = {
  id: 'gmsa-service-account-cannot-use',
  meta: {
    category: 'gmsa',
    defaultSeverity: 'error',
    description: 'With RBAC objects in the input or a live cluster: a pod whose service account is not allowed to `use` the GMSACredentialSpec it names, so the gMSA webhook rejects it.',
    messages: {
      cannotUseLive:
        'Service account "{{namespace}}/{{serviceAccount}}" of the {{owner}} may not `use` gmsacredentialspecs.windows.k8s.io "{{name}}": the cluster\'s SubjectAccessReview says no, so the gMSA webhook rejects the pod with 403. Bind a role with `verbs: [use]`, `apiGroups: [windows.k8s.io]`, `resources: [gmsacredentialspecs]`, `resourceNames: [{{name}}]` to the service account (`kube-hybrid gmsa generate` writes both).',
      cannotUse:
        'Service account "{{namespace}}/{{serviceAccount}}" of the {{owner}} may not `use` gmsacredentialspecs.windows.k8s.io "{{name}}" under the Roles, ClusterRoles and bindings of the input: the gMSA webhook rejects the pod with 403. Bind a role with `verbs: [use]`, `apiGroups: [windows.k8s.io]`, `resources: [gmsacredentialspecs]`, `resourceNames: [{{name}}]` to the service account (`kube-hybrid gmsa generate` writes both).',
    },
    source:
      'https://github.com/kubernetes-sigs/windows-gmsa/blob/master/admission-webhook/kube_client.go (isAuthorizedToUseCredSpec); https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/rbac/validation/rule.go; https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/rbac/v1/evaluation_helpers.go',
  },
  sharedVisitor: true,
  windowsOptionsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const { rbac, gmsaUse } = context.inputs;
        if (!rbac && !gmsaUse) return;
        const namespace = workload.namespace ?? 'default';
        const serviceAccount = serviceAccountOf(workload.podSpec);
        const user = serviceAccountUser(namespace, serviceAccount);
        for (const ref of windowsOptionsIn(workload, ['initContainers', 'containers'])) {
          const name = ref.options.gmsaCredentialSpecName;
          if (typeof name !== 'string' || name === '') continue;
          // The live cluster's answer wins; without one, the input's RBAC evaluated offline.
          const live = gmsaUse?.get(gmsaUseKey(namespace, serviceAccount, name));
          if (live ? live.allowed : !rbac || rbacAllows(rbac, user, gmsaUseAttributes(namespace, name))) continue;
          context.report({
            target: workload.source,
            messageId: live ? 'cannotUseLive' : 'cannotUse',
            path: joinPointer(ref.path, 'gmsaCredentialSpecName'),
            data: { namespace, serviceAccount, owner: describeOwner(ref.owner), name },
            stage: 'api-server',
          });
        }
      },
    };
  },
};
