// Whether the cluster flags ask for a live cluster, without loading the live client: verbs that read
// a profile or a file (most runs of `check`) never load @kubernetes/client-node (start-up time).

/** `--cluster` value that reads the cluster through the kubeconfig. */
export const CLUSTER_LIVE = 'live';

export interface ClusterFlags {
  cluster?: string;
  context?: string;
  kubeconfig?: string;
}

export function wantsLiveCluster(flags: ClusterFlags): boolean {
  return flags.cluster === CLUSTER_LIVE || (flags.cluster === undefined && (flags.context !== undefined || flags.kubeconfig !== undefined));
}
