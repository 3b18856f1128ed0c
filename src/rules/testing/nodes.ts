// YAML of Node objects for cluster-rule tables: what `kubectl get nodes -o yaml` shows, trimmed.
export interface NodeYamlOptions {
  os?: 'linux' | 'windows';
  /** `node.kubernetes.io/windows-build` (Windows; pass null to leave it out). */
  build?: string | null;
  kernel?: string;
  labels?: Record<string, string>;
  taints?: string[];
  kubelet?: string;
  runtime?: string;
  capacity?: Record<string, string>;
  allocatable?: Record<string, string>;
}

const flow = (map: Record<string, string>) => `{ ${Object.entries(map).map(([k, v]) => `${k}: "${v}"`).join(', ')} }`;

export function nodeYaml(name: string, options: NodeYamlOptions = {}): string {
  const os = options.os ?? 'linux';
  const build = options.build === undefined ? (os === 'windows' ? '10.0.20348' : null) : options.build;
  const labels: Record<string, string> = { 'kubernetes.io/os': os, 'kubernetes.io/arch': 'amd64', ...(build ? { 'node.kubernetes.io/windows-build': build } : {}), ...(options.labels ?? {}) };
  const kernel = options.kernel ?? (os === 'windows' ? `${build ?? '10.0.20348'}.2849` : '6.8.0-1015-azure');
  return [
    'apiVersion: v1',
    'kind: Node',
    'metadata:',
    `  name: ${name}`,
    `  labels: ${flow(labels)}`,
    ...(options.taints ? ['spec:', `  taints: [${options.taints.join(', ')}]`] : []),
    'status:',
    `  capacity: ${flow(options.capacity ?? { cpu: '4', memory: '16Gi', pods: '110' })}`,
    `  allocatable: ${flow(options.allocatable ?? { cpu: '3860m', memory: '13Gi', pods: '110' })}`,
    `  nodeInfo: { operatingSystem: ${os}, architecture: amd64, kernelVersion: "${kernel}", kubeletVersion: ${options.kubelet ?? 'v1.31.2'}, containerRuntimeVersion: "${options.runtime ?? 'containerd://1.7.22'}" }`,
    '',
  ].join('\n');
}

/** Several YAML documents. */
export function docs(...parts: string[]): string {
  return parts.map((p) => (p.endsWith('\n') ? p : `${p}\n`)).join('---\n');
}
