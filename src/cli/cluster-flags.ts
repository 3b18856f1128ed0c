// The cluster flags every verb shares (--cluster live, --context, --kubeconfig): reads the live
// cluster when they ask for it, printing its notes and its one-line failure.
import type { ClusterInput } from '../cluster/input.js';
import type { CliIO } from './io.js';
import { wantsLiveCluster } from '../live/wants-live.js';

export interface LiveClusterFlags {
  cluster?: string;
  context?: string;
  kubeconfig?: string;
}


/**
 * The live cluster when the flags name one, undefined when they name a profile or file (the verb
 * loads those itself), 'failed' after printing why it could not be read.
 */
export async function liveClusterInput(verb: string, flags: LiveClusterFlags, io: CliIO): Promise<ClusterInput | 'failed' | undefined> {
  // Profiles and files return here, before the live client (and @kubernetes/client-node) loads.
  if (!wantsLiveCluster(flags)) return undefined;
  const { ClusterSourceError, resolveClusterInput } = await import('../live/cluster-source.js');
  const { resolve } = await import('node:path');
  try {
    const input = await resolveClusterInput({ ...flags, kubeconfig: flags.kubeconfig ? resolve(io.cwd, flags.kubeconfig) : undefined }, io);
    for (const note of input.notes) io.stderr(`kube-hybrid ${verb}: note: ${note}\n`);
    return input;
  } catch (error) {
    if (error instanceof ClusterSourceError) {
      io.stderr(`kube-hybrid ${verb}: ${error.message}\n`);
      return 'failed';
    }
    throw error;
  }
}
