// Every catalogue entry against a real message, with the parts its matcher must capture: for Windows
// runtime errors the text as quoted in the thread or code the entry cites; for kube-scheduler, kubelet
// and API-server entries the upstream message format filled with example values.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RULES_BY_ID } from '../rules/index.js';
import { repoPath } from '../testing/paths.js';
import { CATALOGUE, explain } from './explain.js';

interface Case {
  message: string;
  captures?: Record<string, string>;
}

const REAL: Record<string, Case> = {
  'no-match-for-platform': {
    message: 'rpc error: code = NotFound desc = failed to pull and unpack image "mcr.microsoft.com/windows/servercore:ltsc2019": no match for platform in manifest: not found',
    captures: { image: 'mcr.microsoft.com/windows/servercore:ltsc2019' },
  },
  'no-matching-manifest': {
    message: 'no matching manifest for windows/amd64 10.0.17763 in the manifest list entries',
    captures: { platform: 'windows/amd64 10.0.17763' },
  },
  'image-os-cannot-be-used': {
    message: 'Failed to pull image "bridgetokubernetes.azurecr.io/lpkrestorationjob:0.1.1": rpc error: code = Unknown desc = image operating system "linux" cannot be used on this platform',
    captures: { imageOs: 'linux' },
  },
  'process-base-layer-path-not-found': {
    message: 'hcsshim::ProcessBaseLayer \\\\?\\C:\\ProgramData\\containerd\\root\\io.containerd.snapshotter.v1.windows\\snapshots\\25: The system cannot find the path specified.: unknown',
  },
  'import-layer-path-not-found': {
    message: 're-exec error: exit status 1: output: hcsshim::ImportLayer failed in Win32: The system cannot find the path specified. (0x3) layerId=\\\\?\\C:\\ProgramData\\docker\\windowsfilter\\dbb8fe7c9ff3',
  },
  'pull-qps-exceeded': { message: 'Failed to pull image "a.b.c/image-0.1": pull QPS exceeded' },
  'hcs-os-mismatch': {
    message: 'Error response from daemon: hcsshim::CreateComputeSystem 38b154302c4e3bbecfc01a827ac0cd6c775c134f3dc0cf3f62151db225ead5eb: The container operating system does not match the host operating system.',
  },
  'hcs-os-mismatch-legacy': {
    message: 'failed to start sandbox container for pod "win-webserver-c94f84797-b4qzt": Error response from daemon: container 0238a43119b6 encountered an error during CreateContainer: failure in a Windows system call: The operating system of the container does not match the operating system of the host. (0xc0370101) extra info: {"SystemType":"Container"}',
    captures: { code: '0xc0370101' },
  },
  'hcs-attach-namespace-failed': {
    message: 'Error: failed to create containerd task: failed to create shim task: hcs::CreateComputeSystem af3db010db23180681e63f7ecfe60eefacf121517b61050416bcdce5c0eabc8e: The requested operation for attach namespace failed.: unknown',
    captures: { container: 'af3db010db23180681e63f7ecfe60eefacf121517b61050416bcdce5c0eabc8e' },
  },
  'hcs-directory-name-invalid': {
    message: 'Error: failed to create containerd task: failed to create shim: hcs::CreateComputeSystem test: The directory name is invalid.: unknown',
    captures: { container: 'test' },
  },
  'hcs-unexpected-exit': {
    message: 'Start() error: container containerID encountered an error during Start: failure in a Windows system call: The compute system exited unexpectedly. (0xc0370106)',
    captures: { code: '0xc0370106' },
  },
  'hcs-system-already-exists': {
    message: 'Error response from daemon: container 13fc6316941398ee encountered an error during CreateContainer: failure in a Windows system call: A Compute System with the specified identifier already exists. (0xc037010f)',
  },
  'hcs-system-not-found': {
    message: 'Windows minion node: Error attaching the endpoint to the container, error: A Compute System with the specified identifier does not exist',
  },
  'hcs-start-deadline-exceeded': {
    message: '"error":"hcs::System::Start f9b676f74a5df779e432e7dabe41bdc8e466cd52d5037d67b3acb4fd85e45163: context deadline exceeded"',
    captures: { container: 'f9b676f74a5df779e432e7dabe41bdc8e466cd52d5037d67b3acb4fd85e45163' },
  },
  'sandbox-name-reserved': {
    message: 'Windows - FailedCreatePodSandBox: Failed to create pod sandbox: rpc error: code = Unknown desc = failed to reserve sandbox name',
  },
  'hostprocess-application-name': {
    message: 'Error: failed to start containerd task "hostprocesspod": failed to get application name from commandline "/usr/local/bin/app.exe": failed to find executable "/usr/local/bin/app.exe": unknown',
    captures: { commandLine: '/usr/local/bin/app.exe', executable: '/usr/local/bin/app.exe' },
  },
  'exec-file-not-found': {
    message: 'Liveness probe failed: container ****** encountered an error during CreateProcess: failure in a Windows system call: The system cannot find the file specified. (0x2) extra info: {"CommandLine":"\\"powershell -command Get-Date\\""}',
  },
  'createprocess-80070002': {
    message: 'hcsshim::ComputeSystem::CreateProcess - Begin Operation: Error 80070002 ("The system cannot find the file specified")',
  },
  'createprocess-rpc-unavailable': {
    message: 'Liveness probe errored: rpc error: code = Unknown desc = failed to exec in container: failed to start exec "d6b7": hcs::System::CreateProcess 05f: The RPC server is unavailable.: unknown',
    captures: { container: '05f' },
  },
  'createprocess-rpc-call-failed': {
    message: 'Exec probe response: "container 2b8bdb47d92e encountered an error during hcsshim::System::CreateProcess: failure in a Windows system call: The remote procedure call failed. (0x6be)\\r\\n"',
  },
  'liveness-restart': {
    message: 'Container iis failed liveness probe, will be restarted',
    captures: { container: 'iis' },
  },
  'exit-code-control-c': { message: 'Exit Code: -1073741510', captures: { exitCode: '-1073741510' } },
  'hns-switch-port-not-found': {
    message: 'E1222 10:21:07.484910    5948 proxier.go:1202] "Policy creation failed" err="hcnCreateLoadBalancer failed in Win32: The switch-port was not found. (0x803b0007) {\\"Success\\":false,\\"Error\\":\\"The switch-port was not found. \\",\\"ErrorCode\\":2151350279}"',
  },
  'hns-port-already-exists': {
    message: 'proxier.go: 1756] "Healthcheck loadbalancer policy creation failed" err="hcnCreateLoadBalancer failed in Win32: The specified port already exists. (0x803b0013) {\\"Success\\":false,',
  },
  'hns-load-balancer-exists-0xb7': {
    message: 'hcnCreateLoadBalancer failed in Win32: Cannot create a file when that file already exists. (0xb7)',
  },
  'hns-invalid-json-reference': {
    message: 'E0318 19:55:57.547539    3808 proxier.go:1188] Policy creation failed: hcnCreateLoadBalancer failed in Win32: The reference is invalid in the JSON document. (0x803b001c) {"Success":false,"Error":"The reference is invalid in the JSON document. A Reference is required","ErrorCode":2151350300}',
  },
  'hns-address-invalid-or-reserved': {
    message: 'E0409 13:34:04.794013    3560 proxier.go:998] "Source Vip endpoint creation failed" err="hcnCreateEndpoint failed in Win32: An address provided is invalid or reserved. (0x803b002f) {\\"Success\\":false,\\"ErrorCode\\":2151350319}"',
  },
  'hns-create-network-invalid-parameter': {
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "8e435625c074": hcnCreateNetwork failed in Win32: The parameter is incorrect. (0x57) {"Success":false,"Error":"The parameter is incorrect. ","ErrorCode":2147942487}',
  },
  'hns-element-not-found': {
    message: 'Failed create pod sandbox: rpc error: code = Unknown desc = NetworkPlugin cni failed to set up pod "dev-fossil-api-777f779f74-fhx88_default" network: Failed to create endpoint: HNS failed with error : Element not found.',
  },
  'hns-provision-endpoint-not-found': {
    message: 'NetworkPlugin cni failed to set up pod "pod-configmaps-f27c8d25_configmap-4540" network: error while ProvisionEndpoint(09370920b7a8_l2bridge,990998DF-0CAD-4F52-B347-1961D26C3F85,09370920b7a8): Element not found.',
    captures: { endpoint: '09370920b7a8_l2bridge,990998DF-0CAD-4F52-B347-1961D26C3F85,09370920b7a8' },
  },
  'hns-object-already-exists': {
    message: 'Kubelet.exe on Windows Server Core 1809 - Errors with Failed create pod sandbox.. rpc error: code - Unknown desc ... hnsCall Failed in Win32: The object already exits',
  },
  'hcn-open-network-failed': { message: 'containerd + Windows error: hcnOpenNetwork failed in Win32' },
  'eks-pod-missing-ipv4-label': { message: 'pod does not have label vpc.amazonaws.com/PrivateIPv4Address' },
  'gmsa-webhook-x509': {
    message: 'Internal error occurred: failed calling webhook "admission-webhook.windows-gmsa.sigs.k8s.io": Post "https://gmsa-webhook.gmsa-webhook.svc:443/mutate?timeout=10s": x509: certificate signed by unknown authority',
    captures: { webhook: 'admission-webhook.windows-gmsa.sigs.k8s.io', detail: 'certificate signed by unknown authority' },
  },
  'gmsa-not-authorized': {
    message: 'service account default is not authorized `use` gMSA cred spec webapp1-credspec',
    captures: { serviceAccount: 'default', credspec: 'webapp1-credspec' },
  },
  'gmsa-trust-relationship': {
    message: 'An unhandled exception has occurred: The trust relationship between this workstation and the primary domain failed,',
  },
  'ccg-fetch-credentials-failed': {
    message: 'Container Credential Guard failed to fetch gmsa credentials for xxx using plugin {CCC2A336-D7F3-4818-A213-272B7924213E}. Error reason: The attempted logon is invalid. This is either due to a bad username or authentication information.',
    captures: { account: 'xxx', plugin: '{CCC2A336-D7F3-4818-A213-272B7924213E}', reason: 'The attempted logon is invalid. This is either due to a bad username or authentication information.' },
  },
  'ccg-plugin-instantiate-failed': {
    message: 'Container Credential Guard failed to instantiate the plugin: {XXX}. Error: The server process could not be started because the configured identity is incorrect. Check the username and password.',
    captures: { plugin: '{XXX}' },
  },
  'ccg-external-credentials-rpc': {
    message: "Failed to setup the external credentials for Container 'a7d2856c130510cd6216d18bae4c58744b00c3ceec6f35e7d9ae150c8514a4e5': The RPC server is unavailable. (0xC0020017).",
    captures: { container: 'a7d2856c130510cd6216d18bae4c58744b00c3ceec6f35e7d9ae150c8514a4e5' },
  },
  'ccg-create-rpc-unavailable': {
    message: 'docker: Error response from daemon: hcs::CreateComputeSystem f8a7b59bca075e1afea0a808f725bf1468f8ad163d1889bc98c1dd3775b8302f: winapi error #3489792023.',
    captures: { container: 'f8a7b59bca075e1afea0a808f725bf1468f8ad163d1889bc98c1dd3775b8302f' },
  },
  'gmsa-no-logon-servers': { message: 'Trusted DC Connection Status Status = 1311 0x51f ERROR_NO_LOGON_SERVERS' },
  'gmsa-no-trust-sam-account': { message: 'Trust Verification Status = 1787 0x6fb ERROR_NO_TRUST_SAM_ACCOUNT' },
  'windows-dns-timeout': { message: 'DNS request timed out.\n    timeout was 2 seconds.', captures: { seconds: '2' } },
  'windows-remote-name-not-resolved': {
    message: "curl : The remote name could not be resolved: 'idnttest.table.core.windows.net'",
    captures: { host: 'idnttest.table.core.windows.net' },
  },
  'scheduler-untolerated-taint': {
    message: '0/5 nodes are available: 2 node(s) had untolerated taint {os: windows}, 3 node(s) didn\'t match Pod\'s node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.',
    captures: { taintKey: 'os', taintValue: 'windows', count: '2' },
  },
  'scheduler-node-affinity': {
    message: "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
    captures: { count: '3' },
  },
  'scheduler-insufficient-windows-ip': {
    message: '0/2 nodes are available: 1 Insufficient vpc.amazonaws.com/PrivateIPv4Address, 1 node(s) had untolerated taint {node-role.kubernetes.io/master: }.',
    captures: { count: '1' },
  },
  'scheduler-insufficient-resource': {
    message: '0/4 nodes are available: 4 Insufficient memory. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.',
    captures: { resource: 'memory', count: '4' },
  },
  'scheduler-too-many-pods': { message: '0/2 nodes are available: 2 Too many pods.', captures: { count: '2' } },
  'scheduler-unschedulable': { message: '0/3 nodes are available: 1 node(s) were unschedulable.', captures: { count: '1' } },
  'scheduler-node-ports': { message: "0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports.", captures: { count: '2' } },
  'scheduler-node-name': { message: "0/4 nodes are available: 3 node(s) didn't match the requested node name.", captures: { count: '3' } },
  'scheduler-topology-spread': {
    message: "0/6 nodes are available: 6 node(s) didn't match pod topology spread constraints (missing required label).",
    captures: { missingLabel: ' (missing required label)', count: '6' },
  },
  'scheduler-pod-affinity': { message: "0/3 nodes are available: 3 node(s) didn't match pod affinity rules.", captures: { count: '3' } },
  'scheduler-volume-node-affinity': { message: '0/3 nodes are available: 3 node(s) had volume node affinity conflict.', captures: { count: '3' } },
  'scheduler-preemption': {
    message: 'preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.',
    captures: { count: '5' },
  },
  'kubelet-predicate-failed': {
    message: "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector",
    captures: { predicate: 'NodeAffinity', detail: "node(s) didn't match Pod's node affinity/selector" },
  },
  'kubelet-out-of-resource': {
    message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 2000, used: 3500, capacity: 3860",
    captures: { resource: 'cpu', requested: '2000', used: '3500', capacity: '3860' },
  },
  'kubelet-pod-os-not-supported': { message: "Pod was rejected: Failed to admit pod as the OS field doesn't match node OS" },
  'kubelet-os-selector-mismatch': { message: "Pod was rejected: Failed to admit pod as the `kubernetes.io/os` label doesn't match node label" },
  'apiserver-forbidden-on-windows': {
    message: 'Pod "iis" is invalid: spec.securityContext.runAsUser: Forbidden: cannot be set for a windows pod',
    captures: { field: 'spec.securityContext.runAsUser' },
  },
  'apiserver-windows-options-on-linux': {
    message: 'Pod "web" is invalid: spec.securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod',
  },
  'runtimeclass-not-found': {
    message: 'Error creating: pods "iis-7d9c" is forbidden: pod rejected: RuntimeClass "windows-2022" not found',
    captures: { runtimeClass: 'windows-2022' },
  },
  'runtimeclass-overhead': {
    message: 'pods "iis" is forbidden: pod rejected: Pod\'s Overhead doesn\'t match RuntimeClass\'s defined Overhead',
  },
};

/** The errors the issue names as the pain points, as users quote them. */
const PAIN_POINTS: [string, string][] = [
  ['0xc0370101', 'hcs-os-mismatch'],
  ['no match for platform in manifest', 'no-match-for-platform'],
  ['hcs::CreateComputeSystem … attach namespace failed', 'hcs-attach-namespace-failed'],
  ['The switch-port was not found', 'hns-switch-port-not-found'],
  ['failed to get application name from commandline', 'hostprocess-application-name'],
];

describe('the explain catalogue', () => {
  for (const [text, id] of PAIN_POINTS) {
    it(`explains the pain point "${text}"`, () => {
      assert.deepEqual(explain(text).explained.map((e) => e.id), [id]);
    });
  }

  it('has at least 50 entries, each with a unique id, a public source read on a date, and known rules', () => {
    assert.ok(CATALOGUE.length >= 50, `only ${CATALOGUE.length} entries`);
    assert.equal(new Set(CATALOGUE.map((e) => e.id)).size, CATALOGUE.length);
    for (const entry of CATALOGUE) {
      assert.ok(entry.sources.length > 0, `${entry.id} has no source`);
      for (const source of entry.sources) {
        assert.match(source.url, /^https:\/\//, entry.id);
        assert.match(source.read, /^\d{4}-\d{2}-\d{2}$/, entry.id);
      }
      for (const rule of entry.rules) assert.ok(RULES_BY_ID.has(rule), `${entry.id} names unknown rule ${rule}`);
      assert.doesNotMatch(`${entry.cause} ${entry.fix}`, /WINDOWS-FACTS|seed/i, entry.id);
    }
  });

  it('lists every entry in docs/explain.md', () => {
    const page = readFileSync(repoPath('docs/explain.md'), 'utf8');
    assert.deepEqual(CATALOGUE.map((e) => e.id).filter((id) => !page.includes(`| \`${id}\` |`)), []);
  });

  it('has a real message for every entry, and no message for an entry that does not exist', () => {
    assert.deepEqual(Object.keys(REAL).sort(), CATALOGUE.map((e) => e.id).sort());
  });

  for (const entry of CATALOGUE) {
    const example = REAL[entry.id];
    if (!example) continue;
    it(`explains ${entry.id} from the message users saw`, () => {
      const report = explain(example.message);
      const hit = report.explained.find((e) => e.id === entry.id);
      assert.ok(hit, `${entry.id} not matched; got ${report.explained.map((e) => e.id).join(', ') || 'nothing'}`);
      for (const [name, value] of Object.entries(example.captures ?? {})) assert.equal(hit.captures[name], value, `${entry.id}: capture ${name}`);
      assert.doesNotMatch(hit.cause + hit.fix, /\{\{\w+\}\}/, 'every placeholder is filled');
    });
  }
});
