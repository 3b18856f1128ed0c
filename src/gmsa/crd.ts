// The GMSACredentialSpec CustomResourceDefinition as kubernetes-sigs/windows-gmsa ships it
// (admission-webhook/deploy/gmsa-crd.yml, read 2026-11-30): cluster-scoped, group windows.k8s.io,
// v1 (storage) and the deprecated v1alpha1, the same credspec schema in both. Used to install the CRD
// in end-to-end tests and by `kube-hybrid gmsa generate` to check what it writes.
import type { KubeObject } from '../kube/types.js';
import { CRD_CREDSPEC_SCHEMA } from './credspec.js';

export const GMSA_GROUP = 'windows.k8s.io';
export const GMSA_PLURAL = 'gmsacredentialspecs';
export const GMSA_KIND = 'GMSACredentialSpec';

/** A GMSACredentialSpec custom resource (windows.k8s.io/*, any version). */
export function isGmsaCredentialSpec(object: KubeObject): boolean {
  return object.kind === GMSA_KIND && typeof object.apiVersion === 'string' && object.apiVersion.startsWith(`${GMSA_GROUP}/`);
}

/** A GMSACredentialSpec's credspec that is not there (absent, null or empty): windows-gmsa's 417. */
export function isMissingCredspec(credspec: unknown): boolean {
  return credspec === undefined || credspec === null || credspec === '';
}

function version(name: string, storage: boolean, deprecated: boolean): Record<string, unknown> {
  return {
    name,
    served: true,
    storage,
    ...(deprecated ? { deprecated: true } : {}),
    schema: { openAPIV3Schema: { type: 'object', properties: { credspec: { description: 'GMSA Credential Spec', ...structuredClone(CRD_CREDSPEC_SCHEMA) } } } },
  };
}

export function gmsaCredentialSpecCrd(): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${GMSA_PLURAL}.${GMSA_GROUP}`, annotations: { 'api-approved.kubernetes.io': 'https://github.com/kubernetes/enhancements/tree/master/keps/sig-windows/689-windows-gmsa' } },
    spec: {
      group: GMSA_GROUP,
      versions: [version('v1alpha1', false, true), version('v1', true, false)],
      conversion: { strategy: 'None' },
      scope: 'Cluster',
      names: { plural: GMSA_PLURAL, singular: 'gmsacredentialspec', kind: GMSA_KIND },
    },
  };
}
