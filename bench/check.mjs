// npm run bench:check — generates a 10,000-document hybrid corpus (~8 MB of Deployments, DaemonSets
// and Services across 100 files) and times the whole `kube-hybrid check` process on it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOCUMENTS = Number(process.env.BENCH_DOCS ?? 10_000);
const FILES = 100;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const bin = fileURLToPath(new URL('../bin/kube-hybrid.js', import.meta.url));

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

function documentAt(i) {
  const kind = i % 10;
  if (kind < 6) return deployment(i);
  if (kind === 6) return daemonSet(i);
  return service(i);
}

const dir = join(tmpdir(), `kube-hybrid-bench-check-${process.pid}`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const perFile = Math.ceil(DOCUMENTS / FILES);
for (let f = 0; f < FILES; f++) {
  const docs = [];
  for (let i = f * perFile; i < Math.min(DOCUMENTS, (f + 1) * perFile); i++) docs.push(documentAt(i));
  writeFileSync(join(dir, `part-${String(f).padStart(3, '0')}.yaml`), docs.join('---\n'));
}
const bytes = readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);

console.log(`corpus: ${DOCUMENTS} documents, ${FILES} files, ${(bytes / 1e6).toFixed(1)} MB (${dir})`);
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
console.log(hasTaskset ? 'pinned to core 0 (taskset)' : 'taskset not found: not pinned');
const timings = [];
let summary;
for (let run = 0; run < RUNS; run++) {
  const started = process.hrtime.bigint();
  const args = [bin, 'check', dir, '-o', 'json', '--fail-on', 'none'];
  // One core, as the target says: taskset (util-linux) when the machine has it.
  const child = hasTaskset
    ? spawnSync('taskset', ['-c', '0', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) {
    console.error(child.stderr);
    throw new Error(`check exited ${child.status}`);
  }
  const body = JSON.parse(child.stdout);
  const unpositioned = body.findings.filter((f) => !(f.line >= 1 && f.column >= 1)).length;
  if (unpositioned > 0) throw new Error(`${unpositioned} findings without a position`);
  summary = body.summary;
  timings.push(seconds);
  console.log(`run ${run + 1}: ${seconds.toFixed(2)} s, ${(DOCUMENTS / seconds).toFixed(0)} documents/s, ${body.findings.length} findings, all positioned`);
}
timings.sort((a, b) => a - b);
const median = timings[Math.floor(timings.length / 2)];
console.log(`summary: ${JSON.stringify(summary)}`);
console.log(`median: ${median.toFixed(2)} s whole process → ${(DOCUMENTS / median).toFixed(0)} documents/s (${(bytes / 1e6 / median).toFixed(1)} MB/s), one process, one thread`);
rmSync(dir, { recursive: true, force: true });
