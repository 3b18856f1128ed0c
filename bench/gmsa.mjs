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

const N = Number(process.env.BENCH_N ?? 1000);
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

// Rounds alternate between the variants and the median per variant is kept: the machine is shared,
// so a single pass of each would compare different moments as much as different code.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
async function measureAll(variants) {
  const times = variants.map(() => []);
  for (const [, fn] of variants) for (let i = 0; i < 500; i++) await fn(i); // warm up
  for (let round = 0; round < ROUNDS; round++) {
    for (const [v, [, fn]] of variants.entries()) {
      const started = performance.now();
      for (let i = 0; i < N; i++) await fn(i);
      times[v].push(((performance.now() - started) * 1000) / N);
    }
  }
  return variants.map(([label], v) => ({ label, us: times[v].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)] }));
}

const plainRequest = (i) => {
  const r = request(i);
  r.object.spec.securityContext = {};
  return r;
};
const withHook = async (r) => applyGmsaEnforcement(enforcement, 'validate', r, snapshot, validate(r, policy, snapshot, RULES).result);
const rows = await measureAll([
  ['gMSA pod: validate (baseline)', (i) => validate(request(i), policy, snapshot, RULES)],
  ['gMSA pod: validate + gmsa: enforce', (i) => withHook(request(i))],
  ['plain pod: validate (baseline)', (i) => validate(plainRequest(i), policy, snapshot, RULES)],
  ['plain pod: validate + gmsa: enforce', (i) => withHook(plainRequest(i))],
  ['gMSA pod: mutate hook alone', (i) => applyGmsaEnforcement(enforcement, 'mutate', request(i), snapshot, { allowed: true, warnings: [] })],
  ['credSpecProblems alone', () => credSpecProblems(credspec)],
]);
for (const [i, row] of rows.entries()) {
  const base = i < 2 ? rows[0] : i < 4 ? rows[2] : rows[0];
  console.log(`${row.label.padEnd(40)} ${row.us.toFixed(1).padStart(8)} µs   ${(row.us / base.us).toFixed(2)}× ${base.label}`);
}
