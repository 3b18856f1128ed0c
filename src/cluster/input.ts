// What `--cluster` gives the analysis: the Cluster, plus the cluster's RuntimeClasses and
// GMSACredentialSpecs, and — when the cluster was given as objects (a NodeList file, `-` for stdin,
// a live cluster) rather than a profile — those objects, for the `cluster` rules.
import type { UseAuthorizer } from '../gmsa/admission.js';
import { isGmsaCredentialSpec } from '../gmsa/crd.js';
import type { ClusterObjects } from '../engine/types.js';
import type { KubeObject, RuntimeClass } from '../kube/types.js';
import { loadManifests, loadText } from '../manifests/load.js';
import type { LoadProblem, ManifestObject, SourceFile } from '../manifests/types.js';
import type { Cluster } from './model.js';
import { PROFILE_KIND } from './profile.js';
import { clusterFromObjects, loadCluster } from './profiles.js';

export interface ClusterInput {
  /** Undefined when the input could not be read (see problems). */
  cluster?: Cluster;
  runtimeClasses: RuntimeClass[];
  gmsaCredentialSpecs: KubeObject[];
  /** The cluster's nodes (and, live, Namespaces) as objects: the cluster rules run on them. */
  clusterObjects?: ClusterObjects;
  problems: LoadProblem[];
  /** Kinds skipped and why (live: forbidden or not served). */
  notes: string[];
  /** Live clusters: asks the API server whether a service account may `use` a GMSACredentialSpec. */
  authorizeGmsaUse?: UseAuthorizer;
}

/** The `--cluster` value that reads a NodeList from standard input. */
export const CLUSTER_STDIN = '-';

export function clusterInputFromObjects(objects: readonly ManifestObject[], source: string): ClusterInput {
  const loaded = clusterFromObjects(objects, source);
  const input: ClusterInput = {
    runtimeClasses: objects.filter((o) => o.object.kind === 'RuntimeClass' && o.object.apiVersion.startsWith('node.k8s.io/')).map((o) => o.object as RuntimeClass),
    gmsaCredentialSpecs: objects.filter((o) => isGmsaCredentialSpec(o.object)).map((o) => o.object),
    problems: loaded.problems,
    notes: [],
  };
  if (loaded.cluster) input.cluster = loaded.cluster;
  if (loaded.cluster && !objects.some((o) => o.object.kind === PROFILE_KIND)) {
    input.clusterObjects = { nodes: objects.filter((o) => o.object.kind === 'Node'), namespaces: objects.filter((o) => o.object.kind === 'Namespace') };
  } else if (loaded.cluster) {
    input.clusterObjects = profileClusterObjects(loaded.cluster);
  }
  return input;
}

/**
 * A profile's nodes as cluster objects, so the `cluster` rules judge what the profile states (no
 * Linux pool, several Windows builds without a RuntimeClass each, AKS pool constraints). They have no
 * position: findings name the node and the profile (`builtin:aks`, or the profile file).
 */
export function profileClusterObjects(cluster: Cluster): ClusterObjects {
  const file: SourceFile = { path: cluster.source, text: '', lineStarts: [0] };
  const nodes = cluster.nodes.map((node): ManifestObject => ({ object: node as unknown as KubeObject, file, documentIndex: 0, basePointer: '', positionOf: () => ({ line: 0, column: 0 }) }));
  return { nodes, namespaces: [], origin: 'profile' };
}

/** `--cluster NAME|FILE|-` (not `live`: that one is read by src/live/cluster-source.ts). */
export function loadClusterInput(value: string | undefined, readStdin?: () => string): ClusterInput {
  if (value === CLUSTER_STDIN) {
    if (!readStdin) return { runtimeClasses: [], gmsaCredentialSpecs: [], problems: [{ severity: 'error', file: '<stdin>', message: '--cluster -: standard input is not available' }], notes: [] };
    const loaded = loadText('<stdin>', readStdin());
    const input = clusterInputFromObjects(loaded.objects, '<stdin>');
    return { ...input, problems: [...loaded.problems.filter((p) => p.severity === 'error'), ...input.problems] };
  }
  const plain = loadCluster(value);
  if (!plain.cluster || value === undefined || plain.cluster.source.startsWith('builtin:')) {
    const input: ClusterInput = { runtimeClasses: [], gmsaCredentialSpecs: [], problems: plain.problems, notes: [] };
    if (plain.cluster) {
      input.cluster = plain.cluster;
      input.clusterObjects = profileClusterObjects(plain.cluster);
    }
    return input;
  }
  const loaded = loadManifests([value]);
  const input = clusterInputFromObjects(loaded.objects, value);
  return { ...input, problems: [...loaded.problems.filter((p) => p.severity === 'error'), ...input.problems] };
}
