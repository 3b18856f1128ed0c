// The cluster a manifest is analysed against: nodes as the API server would list them, grouped into
// pools. Every cluster input (built-in profile, profile file, NodeList, live API) ends up as this.
import type { Node, OSName } from '../kube/types.js';

export interface Pool {
  name: string;
  os: OSName;
  /** `major.minor.build` as in `node.kubernetes.io/windows-build`, Windows pools only. */
  windowsBuild?: string;
  architecture: string;
  nodeNames: string[];
  /**
   * The CNI plugin of the pool's nodes, lower-case (`flannel`, `calico`, `antrea`, `azure-cni`,
   * `vpc-cni`, or any other name), when the profile says; unknown for NodeLists and live clusters.
   */
  cni?: string;
  /** How the pool's Windows nodes serve gMSA, when the profile says (docs/gmsa.md); unknown otherwise. */
  gmsa?: PoolGmsa;
}

/** `domain-joined` nodes, `ccg` (not joined; a CCG plugin, optionally which ones), or `none`. */
export interface PoolGmsa {
  mode: 'domain-joined' | 'ccg' | 'none';
  /** CCG plugin GUIDs installed on the nodes (`ccg` only); empty = not said. */
  ccgPlugins: string[];
}

export interface Cluster {
  name: string;
  description?: string;
  /** Where it came from: `builtin:aks`, a file path, `live`. */
  source: string;
  nodes: Node[];
  pools: Pool[];
  /**
   * False when the nodes look like a managed platform's but its own admission webhooks do not run
   * (a test bed of GKE-shaped nodes on a plain kube-apiserver): no platform mutation is applied.
   */
  platformWebhooks?: boolean;
}

/** Label every node built from a profile carries, naming its pool. */
export const LABEL_POOL = 'kube-hybrid.io/pool';
