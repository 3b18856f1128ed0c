// Authentication against real registries: docker-registry with `auth: token` (our own token server
// on 127.0.0.1 signing ES256 JWTs whose certificate is the registry's rootcertbundle) and with
// `auth: htpasswd` (bcrypt). Also WWW-Authenticate parsing, Docker config lookup and redaction.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { parseAuthChallenges } from './auth.js';
import { credentialsFromDockerConfig, explicitCredentials } from './credentials.js';
import type { Credentials } from './credentials.js';
import { RegistryError } from './errors.js';
import { parseImageReference } from './reference.js';
import { RegistryClient } from './registry-client.js';
import { resolveImageFacts } from './resolve.js';
import { pushImage } from './testing/images.js';
import type { PushedImage } from './testing/images.js';
import { RegistryPusher, startRegistry } from './testing/registry.js';
import type { TestRegistry } from './testing/registry.js';
import { startTokenServer } from './testing/token-server.js';
import type { TestTokenServer } from './testing/token-server.js';

const FAST_RETRY = { retries: 1, baseDelayMs: 1, maxDelayMs: 2 };
const SERVICE = 'kube-hybrid-test-registry';
const ISSUER = 'kube-hybrid-test-issuer';
const PASSWORD = 'correct horse battery';
const IDENTITY_TOKEN = 'refresh-me-0123456789abcdef';
/**
 * bcrypt of PASSWORD, cost 5, made once with `perl -e 'print crypt("correct horse battery",
 * "$2b$05$kubehybridtestsaltsalt")'` (libxcrypt). distribution 2.8 verifies htpasswd entries with
 * golang.org/x/crypto/bcrypt, which accepts $2a$, $2b$ and $2y$ hashes.
 */
const HTPASSWD = 'tester:$2b$05$kubehybridtestsaltsalejAXcc1pogLPpBrojLLGV.8E4oIBgzp6\n';

const password = (username: string, secret: string): Credentials => ({ kind: 'password', username, password: secret });

describe('WWW-Authenticate parsing', () => {
  test('a bearer challenge with quoted parameters', () => {
    assert.deepEqual(parseAuthChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull"'), [
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/ubuntu:pull' } },
    ]);
  });
  test('several challenges, unquoted values, escapes and odd spacing', () => {
    assert.deepEqual(parseAuthChallenges('Basic realm="Registry \\"x\\"" , Bearer realm=https://a/token, service=svc,error="insufficient_scope"'), [
      { scheme: 'basic', params: { realm: 'Registry "x"' } },
      { scheme: 'bearer', params: { realm: 'https://a/token', service: 'svc', error: 'insufficient_scope' } },
    ]);
  });
});

describe('Docker config credentials', () => {
  const helperCalls: string[] = [];
  const helper = async (name: string, server: string) => {
    helperCalls.push(`${name} ${server}`);
    return name === 'ecr-login' ? password('AWS', 'from-helper') : undefined;
  };
  const lookup = credentialsFromDockerConfig(
    {
      auths: {
        'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hubpass').toString('base64') },
        'registry.example.com:5000': { username: 'u', password: 'p:with:colons' },
        'https://ghcr.io/v1/': { auth: Buffer.from('gh:token').toString('base64') },
        'token.example': { auth: Buffer.from('someone:').toString('base64'), identitytoken: IDENTITY_TOKEN },
      },
      credHelpers: { '123.dkr.ecr.us-east-1.amazonaws.com': 'ecr-login' },
    },
    helper,
  );
  test('Docker Hub under its legacy key, for docker.io and registry-1.docker.io', async () => {
    assert.deepEqual(await lookup('docker.io'), password('hubuser', 'hubpass'));
    assert.deepEqual(await lookup('registry-1.docker.io'), password('hubuser', 'hubpass'));
  });
  test('username/password fields, hostname match of keys with scheme and path', async () => {
    assert.deepEqual(await lookup('registry.example.com:5000'), password('u', 'p:with:colons'));
    assert.deepEqual(await lookup('ghcr.io'), password('gh', 'token'));
    assert.equal(await lookup('registry.example.com'), undefined);
  });
  test('identitytoken wins over auth', async () => {
    assert.deepEqual(await lookup('token.example'), { kind: 'identity-token', identityToken: IDENTITY_TOKEN, username: 'someone' });
  });
  test('credHelpers run docker-credential-<helper>', async () => {
    assert.deepEqual(await lookup('123.dkr.ecr.us-east-1.amazonaws.com'), password('AWS', 'from-helper'));
    assert.deepEqual(helperCalls, ['ecr-login 123.dkr.ecr.us-east-1.amazonaws.com']);
  });
  test('explicit credentials apply to their registry only', async () => {
    const only = explicitCredentials('docker.io', password('me', 'pw'), lookup);
    assert.deepEqual(await only('index.docker.io'), password('me', 'pw'));
    assert.deepEqual(await only('ghcr.io'), password('gh', 'token'));
  });
});

describe('bearer token flow against docker-registry (auth: token)', () => {
  let tokens: TestTokenServer;
  let registry: TestRegistry;
  let publicImage: PushedImage;
  let privateImage: PushedImage;

  before(async () => {
    tokens = await startTokenServer({
      service: SERVICE,
      issuer: ISSUER,
      users: { alice: PASSWORD, pusher: 'push-pw' },
      refreshTokens: { [IDENTITY_TOKEN]: 'alice' },
      // Anonymous may pull public/*; alice may pull everything; the test itself pushes.
      policy: (subject, repository) => {
        if (subject === 'pusher') return ['pull', 'push'];
        if (subject === 'alice' || repository.startsWith('public/')) return ['pull'];
        return [];
      },
    });
    registry = await startRegistry({ auth: { token: { realm: tokens.realm, service: SERVICE, issuer: ISSUER, rootCertificate: tokens.identity.certificatePem } } });
    const push = new RegistryPusher(registry.url, (repository) => `Bearer ${tokens.mint('pusher', [{ type: 'repository', name: repository, actions: ['pull', 'push'] }])}`);
    publicImage = await pushImage(push, 'public/app', { format: 'oci', os: 'linux', architecture: 'amd64', layers: [100] }, '1');
    privateImage = await pushImage(push, 'private/app', { format: 'docker', os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.1', layers: [200] }, '1');
  });

  after(async () => {
    await registry?.stop();
    await tokens?.stop();
  });

  test('anonymous: 401 challenge → token with service and scope → manifest; the token is reused per scope', async () => {
    tokens.requests.length = 0;
    const client = new RegistryClient({ retry: FAST_RETRY });
    const image = parseImageReference(`${registry.host}/public/app:1`);
    const first = await client.getManifest(image, '1');
    assert.equal(first.digest, publicImage.manifest.digest);
    await client.getManifest(image, first.digest);
    assert.equal(tokens.requests.length, 1, 'one token for two requests in the same scope');
    const [request] = tokens.requests;
    assert.equal(request.method, 'GET');
    assert.deepEqual(request.query.service, [SERVICE]);
    assert.deepEqual(request.query.scope, ['repository:public/app:pull']);
    assert.equal(request.basicUser, undefined);
  });

  test('anonymous access to a private repository is unauthorized, naming the reference', async () => {
    const reference = `${registry.host}/private/app:1`;
    const { errors } = await resolveImageFacts([reference], { cache: false, retry: FAST_RETRY });
    const error = errors.get(reference);
    assert.ok(error instanceof RegistryError, String(error));
    assert.equal(error.kind, 'unauthorized');
    assert.ok(error.message.startsWith(`${reference}: `));
    assert.match(error.message, /no credentials found/);
  });

  test('with a user and password: Basic to the token server, account=<user>', async () => {
    tokens.requests.length = 0;
    const reference = `${registry.host}/private/app:1`;
    const { facts, errors } = await resolveImageFacts([reference], {
      cache: false,
      retry: FAST_RETRY,
      credentials: explicitCredentials(registry.host, password('alice', PASSWORD)),
    });
    assert.equal(errors.size, 0, [...errors.values()].join('\n'));
    assert.equal(facts.get(reference)?.platforms[0].osVersion, '10.0.20348.1');
    assert.equal(facts.get(reference)?.digest, privateImage.manifest.digest);
    assert.equal(tokens.requests[0].basicUser, 'alice');
    assert.deepEqual(tokens.requests[0].query.account, ['alice']);
    assert.equal(tokens.requests.length, 1, 'manifest and config blob share the pull token');
  });

  test('with an identity token: POST grant_type=refresh_token, as docker does', async () => {
    tokens.requests.length = 0;
    const client = new RegistryClient({
      retry: FAST_RETRY,
      credentials: explicitCredentials(registry.host, { kind: 'identity-token', identityToken: IDENTITY_TOKEN }),
    });
    const fetched = await client.getManifest(parseImageReference(`${registry.host}/private/app:1`), '1');
    assert.equal(fetched.digest, privateImage.manifest.digest);
    assert.equal(tokens.requests.length, 1);
    const [request] = tokens.requests;
    assert.equal(request.method, 'POST');
    assert.deepEqual(request.form, {
      grant_type: 'refresh_token',
      refresh_token: '<redacted>',
      client_id: 'kube-hybrid',
      service: SERVICE,
      scope: 'repository:private/app:pull',
    });
  });

  test('wrong password: unauthorized, and the password appears nowhere', async () => {
    const secret = 'Wr0ng-Pa55word!';
    const reference = `${registry.host}/private/app:1`;
    const logs: string[] = [];
    const { errors } = await resolveImageFacts([reference], {
      cache: false,
      retry: FAST_RETRY,
      log: (line) => logs.push(line),
      credentials: explicitCredentials(registry.host, password('alice', secret)),
    });
    const error = errors.get(reference);
    assert.ok(error instanceof RegistryError);
    assert.equal(error.kind, 'unauthorized');
    assert.match(error.message, /refused the credentials/);
    const everything = [error.message, String(error.stack), JSON.stringify(error), ...logs].join('\n');
    assert.ok(!everything.includes(secret));
    assert.ok(!everything.includes(Buffer.from(`alice:${secret}`).toString('base64')));
  });
});

describe('the token server variants docker accepts', () => {
  test('access_token instead of token, and a JWT naming its key by kid (libtrust key ID)', async () => {
    const tokens = await startTokenServer({ service: SERVICE, issuer: ISSUER, tokenField: 'access_token', keyHeader: 'kid' });
    const registry = await startRegistry({ auth: { token: { realm: tokens.realm, service: SERVICE, issuer: ISSUER, rootCertificate: tokens.identity.certificatePem } } });
    try {
      const push = new RegistryPusher(registry.url, (repository) => `Bearer ${tokens.mint('pusher', [{ type: 'repository', name: repository, actions: ['pull', 'push'] }])}`);
      const image = await pushImage(push, 'x/y', { format: 'oci', os: 'linux', architecture: 'arm64', layers: [10] }, 'v');
      const fetched = await new RegistryClient({ retry: FAST_RETRY }).getManifest(parseImageReference(`${registry.host}/x/y:v`), 'v');
      assert.equal(fetched.digest, image.manifest.digest);
      // Sanity: the registry really checks signatures — a token from another key is refused.
      const stranger = await startTokenServer({ service: SERVICE, issuer: ISSUER, keyHeader: 'kid' });
      const forged = new RegistryPusher(registry.url, (repository) => `Bearer ${stranger.mint('pusher', [{ type: 'repository', name: repository, actions: ['pull', 'push'] }])}`);
      await assert.rejects(forged.pushBlob('x/y', Buffer.from('nope')), /answered 401/);
      await stranger.stop();
    } finally {
      await registry.stop();
      await tokens.stop();
    }
  });
});

describe('basic auth against docker-registry (auth: htpasswd, bcrypt)', () => {
  let registry: TestRegistry;
  let image: PushedImage;
  before(async () => {
    registry = await startRegistry({ auth: { htpasswd: { realm: 'kube-hybrid-test', contents: HTPASSWD } } });
    const basic = `Basic ${Buffer.from(`tester:${PASSWORD}`).toString('base64')}`;
    image = await pushImage(new RegistryPusher(registry.url, () => basic), 'team/app', { format: 'docker', os: 'linux', architecture: 'amd64', layers: [50] }, '2');
  });
  after(async () => {
    await registry?.stop();
  });

  test('the Basic challenge is answered with the credentials', async () => {
    const reference = `${registry.host}/team/app:2`;
    const { facts, errors } = await resolveImageFacts([reference], {
      cache: false,
      retry: FAST_RETRY,
      credentials: explicitCredentials(registry.host, password('tester', PASSWORD)),
    });
    assert.equal(errors.size, 0, [...errors.values()].join('\n'));
    assert.equal(facts.get(reference)?.digest, image.manifest.digest);
  });

  test('no credentials, or wrong ones: unauthorized without leaking them', async () => {
    const reference = `${registry.host}/team/app:2`;
    const none = await resolveImageFacts([reference], { cache: false, retry: FAST_RETRY });
    assert.equal((none.errors.get(reference) as RegistryError).kind, 'unauthorized');
    const secret = 'not-the-password-42';
    const wrong = await resolveImageFacts([reference], { cache: false, retry: FAST_RETRY, credentials: explicitCredentials(registry.host, password('tester', secret)) });
    const error = wrong.errors.get(reference) as RegistryError;
    assert.equal(error.kind, 'unauthorized');
    assert.match(error.message, /credentials for 127\.0\.0\.1:\d+ were rejected/);
    assert.ok(!error.message.includes(secret));
  });
});

describe('redaction', () => {
  test('a server that echoes the Authorization header back does not get it into our errors', async () => {
    const secret = 'echo-me-if-you-can-123';
    const server = createServer((request, response) => {
      response.writeHead(request.headers.authorization ? 403 : 401, {
        'WWW-Authenticate': 'Basic realm="echo"',
        'Content-Type': 'application/json',
      });
      const decoded = request.headers.authorization ? Buffer.from(request.headers.authorization.slice(6), 'base64').toString() : '';
      response.end(JSON.stringify({ errors: [{ code: 'DENIED', message: `you sent ${request.headers.authorization} = ${decoded}` }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const reference = `127.0.0.1:${port}/x/y:1`;
      const client = new RegistryClient({ retry: FAST_RETRY, credentials: explicitCredentials(`127.0.0.1:${port}`, password('bob', secret)) });
      const error = await client.getManifest(parseImageReference(reference), '1').catch((e: unknown) => e);
      assert.ok(error instanceof RegistryError);
      assert.equal(error.kind, 'denied');
      assert.ok(!error.message.includes(secret), error.message);
      assert.ok(!error.message.includes(Buffer.from(`bob:${secret}`).toString('base64')), error.message);
      assert.match(error.message, /\*\*\*/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
