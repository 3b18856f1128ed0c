// The client against a real registry (Debian's docker-registry, distribution 2.8) and, for
// retries/timeouts/TLS, against tiny node:http(s) servers on 127.0.0.1.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { RegistryError } from './errors.js';
import { MEDIA_TYPE } from './manifest.js';
import { parseImageReference } from './reference.js';
import { RegistryClient } from './registry-client.js';
import { resolveImageFacts } from './resolve.js';
import { pushImage, pushIndex } from './testing/images.js';
import type { PushedImage } from './testing/images.js';
import { RegistryPusher, startRegistry } from './testing/registry.js';
import type { TestRegistry } from './testing/registry.js';
import type { PushedContent } from './testing/registry.js';
import { createSigningIdentity } from './testing/x509.js';

const FAST_RETRY = { retries: 3, baseDelayMs: 1, maxDelayMs: 5 };

describe('registry client against docker-registry', () => {
  let registry: TestRegistry;
  let ociIndex: PushedContent;
  let dockerList: PushedContent;
  let win2019: PushedImage;
  let win2022: PushedImage;
  let linux: PushedImage;
  let attestation: PushedImage;
  let servercore: PushedImage;
  let ociForeign: PushedImage;
  let listArm: PushedImage;

  before(async () => {
    registry = await startRegistry();
    const push = new RegistryPusher(registry.url);
    win2019 = await pushImage(push, 'hybrid/app', { format: 'oci', os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.5458', layers: [2000, 300] });
    win2022 = await pushImage(push, 'hybrid/app', { format: 'oci', os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.2227', layers: [2500] });
    linux = await pushImage(push, 'hybrid/app', { format: 'oci', os: 'linux', architecture: 'amd64', layers: [700, 80] });
    attestation = await pushImage(push, 'hybrid/app', { format: 'oci', os: 'unknown', architecture: 'unknown', layers: [10] });
    ociIndex = await pushIndex(push, 'hybrid/app', 'multi', 'oci', [
      { image: win2019, platform: { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.5458' } },
      { image: win2022, platform: { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.2227' } },
      { image: linux, platform: { os: 'linux', architecture: 'amd64' } },
      {
        image: attestation,
        platform: { os: 'unknown', architecture: 'unknown' },
        annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': linux.manifest.digest },
      },
    ]);

    const listLinux = await pushImage(push, 'hybrid/list', { format: 'docker', os: 'linux', architecture: 'amd64', layers: [400] });
    listArm = await pushImage(push, 'hybrid/list', { format: 'docker', os: 'linux', architecture: 'arm64', variant: 'v8', layers: [410] });
    // This index entry omits os.version: the client must read it from the config.
    const listWin = await pushImage(push, 'hybrid/list', { format: 'docker', os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.1006', layers: [900] });
    dockerList = await pushIndex(push, 'hybrid/list', 'v1', 'docker', [
      { image: listLinux, platform: { os: 'linux', architecture: 'amd64' } },
      { image: listArm, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      { image: listWin, platform: { os: 'windows', architecture: 'amd64' } },
    ]);

    servercore = await pushImage(
      push,
      'windows/servercore',
      { format: 'docker', os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.2582', layers: [1200], foreignLayers: [{ size: 1_523_456_789 }] },
      'ltsc2022',
    );
    ociForeign = await pushImage(
      push,
      'hybrid/oci-foreign',
      { format: 'oci', os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.1', osFeatures: ['win32k'], layers: [100], foreignLayers: [{ size: 987_654 }] },
      '1',
    );
  });

  after(async () => {
    await registry?.stop();
  });

  const resolveOne = async (reference: string) => {
    const result = await resolveImageFacts([reference], { cache: false, retry: FAST_RETRY });
    const error = result.errors.get(reference);
    if (error) throw error;
    const facts = result.facts.get(reference);
    assert.ok(facts, `facts for ${reference}`);
    return facts;
  };

  test('an OCI index gives one platform per entry, with os.version, and skips attestations', async () => {
    const reference = `${registry.host}/hybrid/app:multi`;
    const facts = await resolveOne(reference);
    assert.equal(facts.reference, reference);
    assert.equal(facts.digest, ociIndex.digest);
    assert.equal(facts.mediaType, MEDIA_TYPE.ociIndex);
    assert.equal(facts.source, 'registry');
    assert.deepEqual(facts.platforms, [
      { os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.5458', digest: win2019.manifest.digest, size: win2019.expectedSize },
      { os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.2227', digest: win2022.manifest.digest, size: win2022.expectedSize },
      { os: 'linux', architecture: 'amd64', digest: linux.manifest.digest, size: linux.expectedSize },
    ]);
  });

  test('a Docker manifest list: variants kept, a missing os.version read from the config', async () => {
    const facts = await resolveOne(`${registry.host}/hybrid/list:v1`);
    assert.equal(facts.digest, dockerList.digest);
    assert.equal(facts.mediaType, MEDIA_TYPE.dockerManifestList);
    assert.deepEqual(
      facts.platforms.map((p) => [p.os, p.architecture, p.variant, p.osVersion]),
      [
        ['linux', 'amd64', undefined, undefined],
        ['linux', 'arm64', 'v8', undefined],
        ['windows', 'amd64', undefined, '10.0.20348.1006'],
      ],
    );
    assert.equal(facts.platforms[1].size, listArm.expectedSize);
  });

  test('a single-platform Windows image: os.version from its config, foreign layer counted and marked', async () => {
    const facts = await resolveOne(`${registry.host}/windows/servercore:ltsc2022`);
    assert.equal(facts.digest, servercore.manifest.digest);
    assert.equal(facts.mediaType, MEDIA_TYPE.dockerManifest);
    assert.deepEqual(facts.platforms, [
      {
        os: 'windows',
        architecture: 'amd64',
        osVersion: '10.0.20348.2582',
        digest: servercore.manifest.digest,
        size: servercore.expectedSize,
        foreignSize: 1_523_456_789,
      },
    ]);
    assert.ok(servercore.expectedSize > 1_523_456_789);
  });

  test('an OCI non-distributable layer is foreign too; os.features come from the config', async () => {
    const facts = await resolveOne(`${registry.host}/hybrid/oci-foreign:1`);
    assert.equal(facts.platforms[0].foreignSize, 987_654);
    assert.equal(facts.platforms[0].size, ociForeign.expectedSize);
    assert.deepEqual(facts.platforms[0].osFeatures, ['win32k']);
  });

  test('by digest, and by tag@digest (the digest wins, as in docker)', async () => {
    const byDigest = await resolveOne(`${registry.host}/hybrid/app@${ociIndex.digest}`);
    assert.equal(byDigest.digest, ociIndex.digest);
    const both = await resolveOne(`${registry.host}/hybrid/list:does-not-exist@${dockerList.digest}`);
    assert.equal(both.digest, dockerList.digest);
    assert.equal(both.platforms.length, 3);
  });

  test('unknown tag and unknown repository are not-found errors naming the reference; others still resolve', async () => {
    const missingTag = `${registry.host}/hybrid/app:nope`;
    const missingRepo = `${registry.host}/no/such-repo:1`;
    const good = `${registry.host}/hybrid/app:multi`;
    const { facts, errors } = await resolveImageFacts([missingTag, good, missingRepo], { cache: false, retry: FAST_RETRY });
    assert.deepEqual([...facts.keys()], [good]);
    for (const reference of [missingTag, missingRepo]) {
      const error = errors.get(reference);
      assert.ok(error instanceof RegistryError, `error for ${reference}`);
      assert.equal(error.kind, 'not-found');
      assert.equal(error.status, 404);
      assert.ok(error.message.startsWith(`${reference}: `), error.message);
      assert.match(error.message, /MANIFEST_UNKNOWN|NAME_UNKNOWN/);
    }
  });

  test('a malformed reference is an InvalidReferenceError, not a request', async () => {
    const { errors } = await resolveImageFacts(['Hybrid/App:1'], { cache: false });
    assert.match(errors.get('Hybrid/App:1')?.message ?? '', /invalid image reference "Hybrid\/App:1"/);
  });

  test('the client verifies the manifest digest it asked for', async () => {
    const client = new RegistryClient({ retry: FAST_RETRY });
    const image = parseImageReference(`${registry.host}/hybrid/app:multi`);
    const fetched = await client.getManifest(image, 'multi');
    assert.equal(fetched.digest, ociIndex.digest);
    assert.equal(fetched.manifest.kind, 'index');
    const blob = await client.getBlob(image, win2019.manifest.digest).catch((e: unknown) => e);
    // A manifest is not a blob in distribution's storage layout: a clear not-found, not a crash.
    assert.ok(blob instanceof Buffer || (blob instanceof RegistryError && blob.kind === 'not-found'));
  });
});

// ---- small HTTP servers for behaviour the real registry will not produce on demand ----

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

async function stubServer(handler: Handler): Promise<{ host: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = createServer((request, response) => {
    hits++;
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const OCI_MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: MEDIA_TYPE.ociManifest,
  config: { mediaType: MEDIA_TYPE.ociConfig, digest: `sha256:${'a'.repeat(64)}`, size: 10 },
  layers: [],
});

function answerManifest(response: ServerResponse) {
  response.writeHead(200, { 'Content-Type': MEDIA_TYPE.ociManifest });
  response.end(OCI_MANIFEST);
}

describe('retries, timeouts and transport errors', () => {
  test('429 with Retry-After is retried after the time it asks for', async () => {
    let calls = 0;
    const server = await stubServer((_request, response) => {
      calls++;
      if (calls === 1) {
        response.writeHead(429, { 'Retry-After': '2', 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] }));
        return;
      }
      answerManifest(response);
    });
    const slept: number[] = [];
    try {
      const client = new RegistryClient({ retry: FAST_RETRY, sleep: async (ms) => void slept.push(ms) });
      const fetched = await client.getManifest(parseImageReference(`${server.host}/x/y:1`), '1');
      assert.equal(fetched.manifest.kind, 'manifest');
      assert.equal(calls, 2);
      assert.deepEqual(slept, [2000]);
    } finally {
      await server.close();
    }
  });

  test('429 with a one-second Retry-After waits for it (the wait asked of sleep, not the clock)', async () => {
    let calls = 0;
    const server = await stubServer((_request, response) => {
      calls++;
      if (calls === 1) {
        response.writeHead(429, { 'Retry-After': '1' });
        response.end();
        return;
      }
      answerManifest(response);
    });
    const slept: number[] = [];
    try {
      const client = new RegistryClient({ retry: FAST_RETRY, sleep: async (ms) => void slept.push(ms) });
      await client.getManifest(parseImageReference(`${server.host}/x/y:1`), '1');
      assert.equal(calls, 2);
      assert.deepEqual(slept, [1000]);
    } finally {
      await server.close();
    }
  });

  test('5xx is retried with exponential backoff, then succeeds', async () => {
    let calls = 0;
    const server = await stubServer((_request, response) => {
      calls++;
      if (calls <= 2) {
        response.writeHead(calls === 1 ? 503 : 502);
        response.end('busy');
        return;
      }
      answerManifest(response);
    });
    const slept: number[] = [];
    try {
      const client = new RegistryClient({ retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 10_000 }, sleep: async (ms) => void slept.push(ms) });
      await client.getManifest(parseImageReference(`${server.host}/x/y:1`), '1');
      assert.equal(calls, 3);
      assert.equal(slept.length, 2);
      assert.ok(slept[0] >= 50 && slept[0] <= 100, `first backoff ${slept[0]}`);
      assert.ok(slept[1] >= 100 && slept[1] <= 200, `second backoff ${slept[1]}`);
    } finally {
      await server.close();
    }
  });

  test('5xx beyond the retries is a server error naming the reference', async () => {
    const server = await stubServer((_request, response) => {
      response.writeHead(500, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ code: 'UNKNOWN', message: 'storage down' }] }));
    });
    try {
      const client = new RegistryClient({ retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
      const reference = `${server.host}/x/y:1`;
      const error = await client.getManifest(parseImageReference(reference), '1').catch((e: unknown) => e);
      assert.ok(error instanceof RegistryError);
      assert.equal(error.kind, 'server');
      assert.equal(error.status, 500);
      assert.equal(server.hits(), 3);
      assert.match(error.message, new RegExp(`^${reference.replace(/[.]/g, '\\.')}: .*500.*storage down.*3 attempt`));
    } finally {
      await server.close();
    }
  });

  test('a Retry-After longer than we accept fails at once as rate-limited', async () => {
    const server = await stubServer((_request, response) => {
      response.writeHead(429, { 'Retry-After': '3600' });
      response.end();
    });
    try {
      const client = new RegistryClient({ retry: FAST_RETRY });
      const error = await client.getManifest(parseImageReference(`${server.host}/x/y:1`), '1').catch((e: unknown) => e);
      assert.ok(error instanceof RegistryError);
      assert.equal(error.kind, 'rate-limited');
      assert.match(error.message, /retry after 3600 s/);
      assert.equal(server.hits(), 1);
    } finally {
      await server.close();
    }
  });

  test('a registry that never answers times out', async () => {
    const server = await stubServer(() => {
      /* never answer */
    });
    try {
      const client = new RegistryClient({ timeoutMs: 200, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
      const error = await client.getManifest(parseImageReference(`${server.host}/x/y:1`), '1').catch((e: unknown) => e);
      assert.ok(error instanceof RegistryError, String(error));
      assert.equal(error.kind, 'timeout');
      assert.equal(server.hits(), 2, 'the timed-out request is retried once, then given up');
      assert.match(error.message, /no answer from http:\/\/127\.0\.0\.1:\d+ within/);
    } finally {
      await server.close();
    }
  });

  test('a manifest whose bytes do not match Docker-Content-Digest is malformed', async () => {
    const server = await stubServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': MEDIA_TYPE.ociManifest, 'Docker-Content-Digest': `sha256:${'b'.repeat(64)}` });
      response.end(OCI_MANIFEST);
    });
    try {
      const error = await new RegistryClient({ retry: FAST_RETRY })
        .getManifest(parseImageReference(`${server.host}/x/y:1`), '1')
        .catch((e: unknown) => e);
      assert.ok(error instanceof RegistryError);
      assert.equal(error.kind, 'malformed');
    } finally {
      await server.close();
    }
  });

  test('schema 1 manifests are unsupported, garbage is malformed', async () => {
    let body = JSON.stringify({ schemaVersion: 1, name: 'x/y', tag: '1', fsLayers: [] });
    let type: string = MEDIA_TYPE.dockerSchema1Signed;
    const server = await stubServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': type });
      response.end(body);
    });
    try {
      const client = new RegistryClient({ retry: FAST_RETRY });
      const image = parseImageReference(`${server.host}/x/y:1`);
      const unsupported = await client.getManifest(image, '1').catch((e: unknown) => e);
      assert.ok(unsupported instanceof RegistryError && unsupported.kind === 'unsupported', String(unsupported));
      body = '<html>';
      type = MEDIA_TYPE.ociManifest;
      const malformed = await client.getManifest(image, '1').catch((e: unknown) => e);
      assert.ok(malformed instanceof RegistryError && malformed.kind === 'malformed', String(malformed));
    } finally {
      await server.close();
    }
  });

  test('connection refused is a network error', async () => {
    const server = await stubServer(() => undefined);
    const host = server.host;
    await server.close();
    const error = await new RegistryClient({ retry: FAST_RETRY }).getManifest(parseImageReference(`${host}/x/y:1`), '1').catch((e: unknown) => e);
    assert.ok(error instanceof RegistryError);
    assert.equal(error.kind, 'network');
    assert.match(error.message, /ECONNREFUSED/);
  });

  test('an untrusted certificate is a TLS error that suggests the fixes', async () => {
    const identity = createSigningIdentity('localhost');
    const server = createHttpsServer({ key: identity.privateKey.export({ type: 'pkcs8', format: 'pem' }), cert: identity.certificatePem }, (_q, r) => answerManifest(r));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const client = new RegistryClient({ retry: FAST_RETRY, plainHttpLoopback: false });
      const error = await client.getManifest(parseImageReference(`127.0.0.1:${port}/x/y:1`), '1').catch((e: unknown) => e);
      assert.ok(error instanceof RegistryError, String(error));
      assert.equal(error.kind, 'tls');
      assert.match(error.message, /--plain-http|NODE_EXTRA_CA_CERTS/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('concurrency is bounded across references and platforms', async () => {
    let active = 0;
    let peak = 0;
    const server = await stubServer((_request, response) => {
      active++;
      peak = Math.max(peak, active);
      setTimeout(() => {
        active--;
        answerManifest(response);
      }, 30);
    });
    try {
      const client = new RegistryClient({ concurrency: 2, retry: FAST_RETRY });
      await Promise.all(Array.from({ length: 8 }, (_, i) => client.getManifest(parseImageReference(`${server.host}/x/y:${i}`), String(i))));
      assert.equal(peak, 2);
    } finally {
      await server.close();
    }
  });

  test('plain HTTP: loopback by default, other hosts only when named', () => {
    const client = new RegistryClient({ plainHttpHosts: ['registry.internal:5000', 'builds.example'] });
    assert.equal(client.baseUrl('localhost:5000'), 'http://localhost:5000');
    assert.equal(client.baseUrl('127.0.0.2'), 'http://127.0.0.2');
    assert.equal(client.baseUrl('[::1]:5000'), 'http://[::1]:5000');
    assert.equal(client.baseUrl('registry.internal:5000'), 'http://registry.internal:5000');
    assert.equal(client.baseUrl('builds.example:8443'), 'http://builds.example:8443');
    assert.equal(client.baseUrl('registry.internal:6000'), 'https://registry.internal:6000');
    assert.equal(client.baseUrl('docker.io'), 'https://registry-1.docker.io');
    assert.equal(client.baseUrl('mcr.microsoft.com'), 'https://mcr.microsoft.com');
  });
});
