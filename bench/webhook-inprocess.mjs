// node bench/webhook-inprocess.mjs [checkout…] — the webhook's own work per review, without TLS or
// HTTP: JSON.parse of the body, decode, /validate and /mutate handlers, the answer's text, over the
// three reviews of bench/webhook.mjs. Prints µs of CPU per review. With checkouts (each with dist/
// built), this build and every checkout are loaded in the same process and timed in alternated
// rounds (medians printed): steady to ~0.3 µs on a busy machine, where separate runs are not.
// BENCH_ROUNDS (reviews per round, default 10000), BENCH_ALTERNATIONS (rounds, default 7).
// BENCH_PROF=1 with `node --cpu-prof` is how the profiles in docs/performance.md were taken.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const own = new URL('../dist/', import.meta.url);
const { admissionReview, iisDeployment, nginxPod } = await import(new URL('admission/testing/webhook.js', own));
const windowsPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'iis-6d4cf56db6-x2x7q', namespace: 'web', labels: { app: 'iis' } }, spec: JSON.parse(JSON.stringify(iisDeployment().spec.template.spec)) };
const bodies = [JSON.stringify(admissionReview(iisDeployment())), JSON.stringify(admissionReview(nginxPod())), JSON.stringify(admissionReview(windowsPod))];

/** One review, as a build's server answers it (parse, decode, handler, the answer's text). */
async function reviewerOf(root) {
  const load = (path) => import(new URL(path, root));
  const { decodeAdmissionReview, encodeAdmissionResponse, encodeAdmissionResponseText } = await load('admission/review.js');
  const { validate } = await load('admission/validate.js');
  const { mutate } = await load('admission/mutate.js');
  const { StaticClusterSource } = await load('admission/cluster-state.js');
  const { defaultPolicy } = await load('admission/policy.js');
  const { builtinCluster } = await load('cluster/profiles.js');
  const { RULES } = await load('rules/index.js');
  const policy = defaultPolicy();
  const snapshot = new StaticClusterSource(builtinCluster('kubeadm')).snapshot();
  return (path, body) => {
    const decoded = decodeAdmissionReview(JSON.parse(body));
    if (!decoded.ok) throw new Error(decoded.message);
    const { apiVersion, request } = decoded.review;
    const outcome = path === 'validate' ? validate(request, policy, snapshot, RULES) : mutate(request, policy, snapshot);
    // The server's way of writing the answer (older checkouts: JSON.stringify of the encoded review).
    return encodeAdmissionResponseText ? encodeAdmissionResponseText(apiVersion, request.uid, outcome.result) : JSON.stringify(encodeAdmissionResponse(apiVersion, request.uid, outcome.result));
  };
}

const builds = [{ label: 'this build', review: await reviewerOf(own) }];
for (const checkout of process.argv.slice(2)) builds.push({ label: checkout, review: await reviewerOf(pathToFileURL(join(resolve(checkout), 'dist/'))) });

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10_000);
const ALTERNATIONS = Number(process.env.BENCH_ALTERNATIONS ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const path of ['validate', 'mutate']) {
  for (const { review } of builds) for (let i = 0; i < 3000; i++) review(path, bodies[i % 3]); // warm-up (JIT)
  const perReview = builds.map(() => []);
  for (let round = 0; round < ALTERNATIONS; round++) {
    builds.forEach(({ review }, b) => {
      const started = process.cpuUsage();
      for (let i = 0; i < ROUNDS; i++) review(path, bodies[i % 3]);
      const used = process.cpuUsage(started);
      perReview[b].push((used.user + used.system) / ROUNDS);
    });
  }
  builds.forEach(({ label }, b) => console.log(`/${path}: ${median(perReview[b]).toFixed(2)} µs CPU per review, median of ${ALTERNATIONS} rounds of ${ROUNDS} (${label}; rounds ${perReview[b].map((x) => x.toFixed(1)).join(' ')})`));
}
