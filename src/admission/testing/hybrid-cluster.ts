// A small hybrid cluster served by the fake kube-apiserver, for the `--cluster live` tests of the
// verbs: one Linux node, one tainted Windows Server 2022 node, and a RuntimeClass that exists only in
// the cluster (its toleration is what lets the Windows workload onto the tainted node).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeNode, fakeRuntimeClass, startFakeApiServer } from './apiserver.js';
import type { FakeApiServer } from './apiserver.js';

export const WINDOWS_TAINT = { key: 'os', value: 'windows', effect: 'NoSchedule' };

/** Two IIS replicas that reach the Windows node only through the cluster's RuntimeClass windows-2022. */
export const WINDOWS_APP = `apiVersion: apps/v1
kind: Deployment
metadata: { name: iis, namespace: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: iis } }
  template:
    metadata: { labels: { app: iis } }
    spec:
      runtimeClassName: windows-2022
      containers: [{ name: iis, image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022, resources: { requests: { cpu: 500m }, limits: { memory: 2Gi } } }]
`;

/** The served cluster and WINDOWS_APP written as `app.yaml` beside its kubeconfig. */
export async function startHybridCluster(): Promise<{ api: FakeApiServer; manifest: string }> {
  const api = await startFakeApiServer();
  api.nodes.seed(
    fakeNode('linux-1', { os: 'linux' }),
    fakeNode('win-1', { os: 'windows', taints: [WINDOWS_TAINT], labels: { 'node.kubernetes.io/windows-build': '10.0.20348' } }),
  );
  api.runtimeClasses.seed(fakeRuntimeClass('windows-2022', 'runhcs-wcow-process', { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' }, [WINDOWS_TAINT]));
  const manifest = join(api.dir, 'app.yaml');
  writeFileSync(manifest, WINDOWS_APP);
  return { api, manifest };
}
