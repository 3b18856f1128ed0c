// node bench/webhook-inprocess.mjs [checkout] — the webhook's own work per review, without TLS or
// HTTP: JSON.parse of the body, decode, /validate and /mutate handlers, the answer's text,
// over the three reviews of bench/webhook.mjs. Prints µs per review; pass another checkout (with
// dist/ built) as the first argument to time that build instead (run both in turn to compare).
// BENCH_PROF=1 with `node --cpu-prof` is how the profiles in docs/performance.md were taken.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.argv[2] ? pathToFileURL(join(process.argv[2], 'dist/')) : new URL('../dist/', import.meta.url);
const own = new URL('../dist/', import.meta.url);
const load = (path) => import(new URL(path, root));
const { admissionReview, iisDeployment, nginxPod } = await import(new URL('admission/testing/webhook.js', own));
const { decodeAdmissionReview, encodeAdmissionResponse, encodeAdmissionResponseText } = await load('admission/review.js');
const { validate } = await load('admission/validate.js');
const { mutate } = await load('admission/mutate.js');
const { StaticClusterSource } = await load('admission/cluster-state.js');
const { defaultPolicy } = await load('admission/policy.js');
const { builtinCluster } = await load('cluster/profiles.js');
const { RULES } = await load('rules/index.js');

const windowsPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'iis-6d4cf56db6-x2x7q', namespace: 'web', labels: { app: 'iis' } }, spec: JSON.parse(JSON.stringify(iisDeployment().spec.template.spec)) };
const bodies = [JSON.stringify(admissionReview(iisDeployment())), JSON.stringify(admissionReview(nginxPod())), JSON.stringify(admissionReview(windowsPod))];
const policy = defaultPolicy();
const source = new StaticClusterSource(builtinCluster('kubeadm'));
const snapshot = await source.snapshot();

function once(path, body) {
  const decoded = decodeAdmissionReview(JSON.parse(body));
  if (!decoded.ok) throw new Error(decoded.message);
  const { request } = decoded.review;
  const outcome = path === 'validate' ? validate(request, policy, snapshot, RULES) : mutate(request, policy, snapshot);
  // The server's way of writing the answer (older checkouts: JSON.stringify of the encoded review).
  const { apiVersion } = decoded.review;
  return encodeAdmissionResponseText ? encodeAdmissionResponseText(apiVersion, request.uid, outcome.result) : JSON.stringify(encodeAdmissionResponse(apiVersion, request.uid, outcome.result));
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20_000);
for (const path of ['validate', 'mutate']) {
  for (let i = 0; i < 3000; i++) once(path, bodies[i % 3]); // warm-up (JIT)
  const started = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) once(path, bodies[i % 3]);
  const used = process.cpuUsage(started);
  console.log(`/${path}: ${((used.user + used.system) / ROUNDS).toFixed(1)} µs CPU per review (${ROUNDS} reviews, ${process.argv[2] ?? 'this build'})`);
}
