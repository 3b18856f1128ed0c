// `audit` as one function shared by the CLI, tests and the benchmark: connect, read, analyse.
import type { Rule, Severity } from '../engine/types.js';
import { asSourceError, connect } from '../live/cluster-source.js';
import type { ClusterFlags } from '../live/wants-live.js';
import { analyseLiveState } from './analyse.js';
import type { AuditReport } from './analyse.js';
import { readLiveState } from './read.js';
import { liveGmsaUseAnswers } from '../gmsa/live-use.js';

export interface RunAuditOptions extends ClusterFlags {
  env: NodeJS.ProcessEnv;
  /** One namespace; undefined = all. */
  namespace?: string;
  rules: readonly Rule[];
  severityOverrides?: ReadonlyMap<string, Severity | 'off'>;
  now: number;
  /** Lists in flight at once. */
  concurrency?: number;
}

/** Reads the cluster and analyses it; a cluster that cannot be read throws ClusterSourceError. */
export async function runAudit(options: RunAuditOptions): Promise<AuditReport> {
  const { kubeconfig, client } = connect(options, options.env);
  let state;
  try {
    state = await readLiveState(client, { namespace: options.namespace }, { contextName: kubeconfig.contextName || 'in-cluster' }, options.concurrency ?? 4);
  } catch (error) {
    throw asSourceError(error);
  }
  // gMSA pods: may their service accounts `use` their specs? Asked as the gMSA webhook asks (no answer when forbidden).
  const gmsaUse = await liveGmsaUseAnswers(client, state.workloads);
  return analyseLiveState(state, { rules: options.rules, severityOverrides: options.severityOverrides, now: options.now, namespace: options.namespace, gmsaUse });
}
