// --resolve-images against a real registry (Debian's docker-registry on 127.0.0.1): where a tag
// misleads, check and simulate change their verdict once they read the image index.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pushImage, pushIndex } from '../images/testing/images.js';
import { RegistryPusher, startRegistry } from '../images/testing/registry.js';
import type { TestRegistry } from '../images/testing/registry.js';
import { captureIO } from './io.js';
import { main } from './main.js';

function windowsDeployment(name: string, image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      nodeSelector: {kubernetes.io/os: windows}
      tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]
      containers:
        - name: app
          image: ${image}
          resources: {requests: {memory: 256Mi}, limits: {memory: 256Mi}}
`;
}

describe('--resolve-images with a real registry', () => {
  let registry: TestRegistry;
  let dir: string;
  let misleading: string;
  let multiBuild: string;

  before(async () => {
    registry = await startRegistry();
    dir = await mkdtemp(join(tmpdir(), 'kh-resolve-'));
    const push = new RegistryPusher(registry.url);
    // Tagged "ltsc2022", but the index holds only a Windows Server 2019 image.
    const old = await pushImage(push, 'legacy', { format: 'oci', os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.6054', layers: [1500] });
    await pushIndex(push, 'legacy', 'ltsc2022', 'oci', [{ image: old, platform: { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.6054' } }]);
    // A tag that names no OS, over an index with 2019 and 2022 builds.
    const w19 = await pushImage(push, 'agent', { format: 'docker', os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.6054', layers: [1200] });
    const w22 = await pushImage(push, 'agent', { format: 'docker', os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.2582', layers: [1300] });
    await pushIndex(push, 'agent', '3.0', 'docker', [
      { image: w19, platform: { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.6054' } },
      { image: w22, platform: { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.2582' } },
    ]);
    misleading = `${registry.host}/legacy:ltsc2022`;
    multiBuild = `${registry.host}/agent:3.0`;
  });
  after(async () => {
    await registry?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function run(args: string[]) {
    const io = captureIO('', dir);
    io.env = { HOME: dir, KUBE_HYBRID_CACHE_DIR: join(dir, 'cache') };
    const code = await main(args, io);
    return { code, out: io.out, err: io.err };
  }

  it('check: a tag that says ltsc2022 over a 2019-only index is trusted from the tag, caught from the registry', async () => {
    const file = join(dir, 'legacy.yaml');
    await writeFile(file, windowsDeployment('legacy', misleading));
    const fromTag = JSON.parse((await run(['check', file, '-o', 'json'])).out) as { findings: { ruleId: string }[] };
    assert.ok(!fromTag.findings.some((f) => f.ruleId === 'windows-image-build-mismatch'), 'the tag alone looks right');
    const resolved = await run(['check', file, '-o', 'json', '--resolve-images']);
    const findings = JSON.parse(resolved.out).findings as { ruleId: string; message: string }[];
    const mismatch = findings.find((f) => f.ruleId === 'windows-image-build-mismatch');
    assert.ok(mismatch, resolved.out + resolved.err);
    assert.match(mismatch.message, /registry: windows\/amd64 10\.0\.17763\.6054/);
    assert.equal(resolved.code, 1);
  });

  it('simulate: the registry turns the tag\'s verdict around, and settles an unknown platform', async () => {
    const file = join(dir, 'both.yaml');
    await writeFile(file, windowsDeployment('legacy', misleading) + '---\n' + windowsDeployment('agent', multiBuild));
    type Pod = { name: string; status: string; message: string | null };
    const podsOf = (out: string) => Object.fromEntries((JSON.parse(out).pods as Pod[]).map((p) => [p.name.split('-')[0], p]));
    const fromTag = podsOf((await run(['simulate', file, '-o', 'json'])).out);
    // Tag: "ltsc2022" runs on 2022 nodes; a tag naming no OS is of unknown platform: assumed to run,
    // never declared Linux-only, and the pod says what would settle it.
    assert.deepEqual([fromTag.legacy.status, fromTag.legacy.message], ['Running', null]);
    assert.equal(fromTag.agent.status, 'Running');
    assert.match(fromTag.agent.message ?? '', /platform unknown from its name; whether it offers windows\/amd64 10\.0\.20348 is not known without --resolve-images/);
    const resolved = podsOf((await run(['simulate', file, '-o', 'json', '--resolve-images'])).out);
    assert.deepEqual([resolved.legacy.status, resolved.agent.status, resolved.agent.message], ['ImagePullBackOff', 'Running', null]);
  });
});
