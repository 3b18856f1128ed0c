// npm run bench:gmsa — what gMSA enforcement adds to a webhook review, in-process: the validating
// review of a gMSA pod with `gmsa: enforce` (SubjectAccessReview answers from the 10 s cache, a fake
// API that answers at once) against the same review without it (the baseline, measured in the same
// run), and credential spec validation alone. Prints per-review times and the ratio to the baseline.
import { performance } from 'node:perf_hooks';
import { builtinCluster } from '../dist/cluster/profiles.js';
import { snapshotOf } from '../dist/admission/cluster-state.js';
import { applyGmsaEnforcement, StaticGmsaSpecs, subjectAccessReviewAuthorizer } from '../dist/admission/gmsa.js';
import { defaultPolicy } from '../dist/admission/policy.js';
import { validate } from '../dist/admission/validate.js';
import { credSpecProblems } from '../dist/gmsa/credspec.js';
import { RULES } from '../dist/rules/index.js';

const N = Number(process.env.BENCH_N ?? 3000);
const credspec = {
  CmsPlugins: ['ActiveDirectory'],
  DomainJoinConfig: { Sid: 'S-1-5-21-3700119848-2853083131-2094573802', MachineAccountName: 'WebApp01', Guid: '630a7dd3-2d3e-4471-ae91-1d9ea2556cd5', DnsTreeName: 'contoso.com', DnsName: 'contoso.com', NetBiosName: 'CONTOSO' },
  ActiveDirectoryConfig: { GroupManagedServiceAccounts: [{ Name: 'WebApp01', Scope: 'contoso.com' }, { Name: 'WebApp01', Scope: 'CONTOSO' }], HostAccountConfig: { PortableCcgVersion: '1', PluginGUID: '{CCC2A336-D7F3-4818-A213-272B7924213E}', PluginInput: 'ObjectId=2b1d3e5f-1111-2222-3333-444455556666;SecretUri=https://v.vault.azure.net/secrets/s' } },
};
const specs = new StaticGmsaSpecs([{ apiVersion: 'windows.k8s.io/v1', kind: 'GMSACredentialSpec', metadata: { name: 'gmsa-webapp01' }, credspec }]);
const authorize = subjectAccessReviewAuthorizer({ create: async () => ({ status: { allowed: true } }) });
const enforcement = { specs, authorize, excludedNamespaces: [] };
const snapshot = snapshotOf(builtinCluster('default'), [], 1);
const policy = defaultPolicy();
const pod = (i) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'web' },
  spec: { serviceAccountName: 'iis', nodeSelector: { 'kubernetes.io/os': 'windows' }, securityContext: { windowsOptions: { gmsaCredentialSpecName: 'gmsa-webapp01' } }, containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/servercore:ltsc2022', resources: { requests: { cpu: '100m' }, limits: { memory: '1Gi' } } }] },
});
const request = (i) => ({ uid: String(i), kind: { group: '', version: 'v1', kind: 'Pod' }, resource: { group: '', version: 'v1', resource: 'pods' }, namespace: 'web', operation: 'CREATE', userInfo: { username: 'u' }, object: pod(i) });

async function measure(label, fn) {
  for (let i = 0; i < 200; i++) await fn(i); // warm up
  const started = performance.now();
  for (let i = 0; i < N; i++) await fn(i);
  const us = ((performance.now() - started) * 1000) / N;
  return { label, us };
}

const baseline = await measure('validate (rules only)', (i) => validate(request(i), policy, snapshot, RULES));
const enforced = await measure('validate + gmsa: enforce', async (i) => {
  const r = request(i);
  return applyGmsaEnforcement(enforcement, 'validate', r, snapshot, validate(r, policy, snapshot, RULES).result);
});
const mutate = await measure('mutate hook alone (fill contents)', (i) => applyGmsaEnforcement(enforcement, 'mutate', request(i), snapshot, { allowed: true, warnings: [] }));
const schema = await measure('credSpecProblems alone', () => credSpecProblems(credspec));
for (const row of [baseline, enforced, mutate, schema]) {
  console.log(`${row.label.padEnd(36)} ${row.us.toFixed(1).padStart(8)} µs/review   ${(row.us / baseline.us).toFixed(2)}× baseline`);
}
