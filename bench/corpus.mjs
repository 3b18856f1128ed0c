// The hybrid corpus of `npm run bench:check` (Deployments, DaemonSets and Services), shared by the
// check bench, its scale mode and the output comparison (bench/compare-output.mjs).
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const WINDOWS_IMAGES = [
  'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022',
  'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019',
  'mcr.microsoft.com/windows/nanoserver:ltsc2022',
  'contoso.azurecr.io/billing/api:3.4.1-windowsservercore-ltsc2022',
];
const LINUX_IMAGES = ['nginx:1.27.2', 'ghcr.io/example/storefront:2.14.0', 'redis:7.4', 'quay.io/prometheus/node-exporter:v1.8.2'];

function deployment(i) {
  const windows = i % 3 === 0;
  const image = windows ? WINDOWS_IMAGES[i % WINDOWS_IMAGES.length] : LINUX_IMAGES[i % LINUX_IMAGES.length];
  // Every fifth workload forgets its OS selector, every seventh Windows one sets a Linux-only field.
  const selector = i % 5 === 0 ? '' : `      nodeSelector:\n        kubernetes.io/os: ${windows ? 'windows' : 'linux'}\n`;
  const osField = windows && i % 2 === 0 ? '      os:\n        name: windows\n' : '';
  const badField = windows && i % 7 === 0 ? '      securityContext:\n        runAsUser: 1000\n' : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: team-${i % 40}
  labels:
    app.kubernetes.io/name: app-${i}
    app.kubernetes.io/part-of: shop
    app.kubernetes.io/version: "1.${i % 17}.${i % 5}"
  annotations:
    deployment.kubernetes.io/revision: "${1 + (i % 9)}"
    owner: team-${i % 40}@example.com
spec:
  replicas: ${1 + (i % 4)}
  selector:
    matchLabels:
      app.kubernetes.io/name: app-${i}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: app-${i}
    spec:
${osField}${selector}${badField}      containers:
        - name: main
          image: ${image}
          ports:
            - containerPort: 8080
          env:
            - name: ASPNETCORE_ENVIRONMENT
              value: Production
            - name: LOG_LEVEL
              value: info
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
            limits:
              memory: 512Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
            initialDelaySeconds: 10
`;
}

function daemonSet(i) {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent-${i}
  namespace: monitoring
spec:
  selector:
    matchLabels:
      app: agent-${i}
  template:
    metadata:
      labels:
        app: agent-${i}
    spec:
      tolerations:
        - operator: Exists
      containers:
        - name: agent
          image: fluent/fluent-bit:3.1.9
          resources:
            requests:
              cpu: 50m
              memory: 64Mi
            limits:
              memory: 128Mi
          volumeMounts:
            - name: varlog
              mountPath: /var/log
      volumes:
        - name: varlog
          hostPath:
            path: /var/log
`;
}

function service(i) {
  return `apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: team-${i % 40}
  labels:
    app.kubernetes.io/name: app-${i}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: app-${i}
  ports:
    - name: http
      port: 80
      targetPort: 8080
      protocol: TCP
`;
}

export function documentAt(i) {
  const kind = i % 10;
  if (kind < 6) return deployment(i);
  if (kind === 6) return daemonSet(i);
  return service(i);
}


/** Writes `documents` documents into `files` files under `dir` (emptied first); returns the bytes written. */
export function writeCorpus(dir, documents, files = 100) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const perFile = Math.ceil(documents / files);
  for (let f = 0; f < files; f++) {
    const docs = [];
    for (let i = f * perFile; i < Math.min(documents, (f + 1) * perFile); i++) docs.push(documentAt(i));
    if (docs.length > 0) writeFileSync(join(dir, `part-${String(f).padStart(3, '0')}.yaml`), docs.join('---\n'));
  }
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}
