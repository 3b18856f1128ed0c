// `check`'s findings for objects against the nodes of the test bed, in process (the oracle side).
import type { Cluster } from '../../cluster/model.js';
import { poolsOfNodes } from '../../cluster/pools.js';
import { collectInputs, runRules } from '../../engine/run.js';
import type { Finding } from '../../engine/types.js';
import type { KubeObject, Node } from '../../kube/types.js';
import { manifestObjectFromValue } from '../../manifests/load.js';
import { RULES } from '../../rules/index.js';

/** The test bed's nodes as a cluster: GKE- or AKS-shaped nodes, but no platform webhook runs there. */
export function clusterOfNodes(nodes: readonly Node[], name = 'testbed'): Cluster {
  return { name, source: name, nodes: [...nodes], pools: poolsOfNodes(nodes), platformWebhooks: false };
}

export function findingsOf(objects: readonly KubeObject[], nodes: readonly Node[]): Finding[] {
  const manifests = objects.map((o, i) => manifestObjectFromValue(o, `testbed-${i}`));
  return runRules(manifests, collectInputs(manifests, clusterOfNodes(nodes)), RULES);
}
