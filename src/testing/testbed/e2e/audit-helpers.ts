// Shared by the audit and explain end-to-end suites: AKS-shaped Windows nodes of a given build, and
// the built CLI run as a user runs it.
import type { Node } from '../../../kube/types.js';
import { repoPath } from '../../paths.js';
import { kubectl } from '../kubectl.js';
import type { KubectlResult } from '../kubectl.js';
import { providerNode } from '../nodes.js';

/** The AKS Windows 2022 node of the built-in profile, moved to another pool (and build, for 2019). */
export function aksWindowsNode(name: string, pool: string, build: '10.0.20348' | '10.0.17763', runtime = 'containerd://1.7.22'): Node {
  const node = providerNode('aks', 'windows', name);
  const labels = { ...node.metadata.labels, agentpool: pool, 'kubernetes.azure.com/agentpool': pool, 'kube-hybrid.io/pool': pool, 'node.kubernetes.io/windows-build': build };
  node.metadata.labels = labels;
  const info = node.status?.nodeInfo;
  if (info) {
    info.kernelVersion = build === '10.0.17763' ? '10.0.17763.6532' : '10.0.20348.2849';
    info.osImage = build === '10.0.17763' ? 'Windows Server 2019 Datacenter' : 'Windows Server 2022 Datacenter';
    info.containerRuntimeVersion = runtime;
  }
  return node;
}

export type CliResult = KubectlResult;

/** The built CLI, as a user runs it: KUBECONFIG in the environment (or --kubeconfig among the args). */
export function kubeHybrid(args: readonly string[], kubeconfig: string, stdin = ''): Promise<CliResult> {
  return kubectl(process.execPath, kubeconfig, [repoPath('bin/kube-hybrid.js'), ...args], stdin, { NO_COLOR: '1' });
}
