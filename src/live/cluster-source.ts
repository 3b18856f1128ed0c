// `--cluster live` / `--context NAME` / `--cluster -` / a profile or file: the one place the verbs
// (check, simulate, prepull, audit) turn their cluster flags into a ClusterInput.
import type { ClusterInput } from '../cluster/input.js';
import { loadClusterInput } from '../cluster/input.js';
import type { KubeObject } from '../kube/types.js';
import { LiveError, createLiveClient } from './client.js';
import type { LiveClient } from './client.js';
import { readLiveCluster } from './cluster.js';
import type { LiveClusterRead } from './cluster.js';
import { KubeconfigError, loadKubeconfig } from './kubeconfig.js';
import type { LoadedKubeconfig } from './kubeconfig.js';
import { liveManifestObject } from './objects.js';
import { subjectAccessReviewAuthorizer } from '../gmsa/sar.js';
import { wantsLiveCluster } from './wants-live.js';
import type { ClusterFlags } from './wants-live.js';

/** A live cluster could not be read: one line, naming what failed; the verb exits 2. */
export class ClusterSourceError extends Error {}

export interface LiveConnection {
  kubeconfig: LoadedKubeconfig;
  client: LiveClient;
}

/** Loads the kubeconfig and makes a client; configuration errors become ClusterSourceError. */
export function connect(flags: ClusterFlags, env: NodeJS.ProcessEnv): LiveConnection {
  try {
    const kubeconfig = loadKubeconfig({ kubeconfig: flags.kubeconfig, context: flags.context, env });
    return { kubeconfig, client: createLiveClient(kubeconfig) };
  } catch (error) {
    throw asSourceError(error);
  }
}

export function asSourceError(error: unknown): unknown {
  if (error instanceof KubeconfigError || error instanceof LiveError) return new ClusterSourceError(error.message);
  return error;
}

/** The live read as a ClusterInput (the cluster rules see its Nodes and Namespaces). */
export function clusterInputOfLive(read: LiveClusterRead): ClusterInput {
  const input: ClusterInput = {
    cluster: read.cluster,
    runtimeClasses: read.runtimeClasses,
    gmsaCredentialSpecs: read.gmsaCredentialSpecs,
    clusterObjects: {
      nodes: read.nodes.map((n) => liveManifestObject(n as unknown as KubeObject)),
      namespaces: read.namespaces.map(liveManifestObject),
    },
    problems: [],
    notes: read.notes.map((n) => n.message),
  };
  if (read.serverVersion && input.clusterObjects) input.clusterObjects.serverVersion = read.serverVersion.gitVersion;
  return input;
}

/**
 * The cluster the flags name. `live` (or `--context`/`--kubeconfig` without `--cluster`) reads the
 * API server; anything else is a profile, a file, or `-` for a NodeList on stdin.
 */
export async function resolveClusterInput(flags: ClusterFlags, io: { env: NodeJS.ProcessEnv; readStdin?: () => string }): Promise<ClusterInput> {
  if (!wantsLiveCluster(flags)) return loadClusterInput(flags.cluster, io.readStdin);
  const { kubeconfig, client } = connect(flags, io.env);
  try {
    const input = clusterInputOfLive(await readLiveCluster(client, kubeconfig.contextName || 'in-cluster'));
    input.authorizeGmsaUse = subjectAccessReviewAuthorizer(client);
    return input;
  } catch (error) {
    throw asSourceError(error);
  }
}
