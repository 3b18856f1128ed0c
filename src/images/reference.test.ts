// Normalisation as docker/distribution's reference.ParseNormalizedNamed does it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalReference, familiarReference, InvalidReferenceError, isLoopbackDomain, manifestReference, parseImageReference, registryApiHost } from './reference.js';

const D = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('parseImageReference normalises like docker', () => {
  const valid: [string, { domain: string; path: string; tag?: string; digest?: string }][] = [
    ['ubuntu', { domain: 'docker.io', path: 'library/ubuntu' }],
    ['ubuntu:22.04', { domain: 'docker.io', path: 'library/ubuntu', tag: '22.04' }],
    ['bitnami/redis:7', { domain: 'docker.io', path: 'bitnami/redis', tag: '7' }],
    ['docker.io/ubuntu', { domain: 'docker.io', path: 'library/ubuntu' }],
    ['index.docker.io/ubuntu', { domain: 'docker.io', path: 'library/ubuntu' }],
    ['index.docker.io/user/app:1', { domain: 'docker.io', path: 'user/app', tag: '1' }],
    ['docker.io/library/ubuntu:latest', { domain: 'docker.io', path: 'library/ubuntu', tag: 'latest' }],
    ['mcr.microsoft.com/windows/servercore:ltsc2022', { domain: 'mcr.microsoft.com', path: 'windows/servercore', tag: 'ltsc2022' }],
    ['localhost/app', { domain: 'localhost', path: 'app' }],
    ['localhost:5000/team/app:v1', { domain: 'localhost:5000', path: 'team/app', tag: 'v1' }],
    ['localhost:5000', { domain: 'docker.io', path: 'library/localhost', tag: '5000' }],
    ['127.0.0.1:5000/app', { domain: '127.0.0.1:5000', path: 'app' }],
    ['[::1]:5000/app', { domain: '[::1]:5000', path: 'app' }],
    ['registry:5000/app', { domain: 'registry:5000', path: 'app' }],
    ['Registry/app', { domain: 'Registry', path: 'app' }],
    ['ubuntu@' + D, { domain: 'docker.io', path: 'library/ubuntu', digest: D }],
    ['ubuntu:22.04@' + D, { domain: 'docker.io', path: 'library/ubuntu', tag: '22.04', digest: D }],
    ['a/b/c/d:tag_1.0-x', { domain: 'docker.io', path: 'a/b/c/d', tag: 'tag_1.0-x' }],
    ['foo__bar/x--y.z', { domain: 'docker.io', path: 'foo__bar/x--y.z' }],
  ];
  for (const [input, expected] of valid) {
    test(`${input} → ${expected.domain}/${expected.path}`, () => {
      const { original, ...parsed } = parseImageReference(input);
      assert.equal(original, input);
      assert.deepEqual(parsed, expected);
    });
  }

  const invalid: [string, string, RegExp][] = [
    ['', 'empty', /at least one component/],
    ['Ubuntu', 'uppercase', /repository name \(library\/Ubuntu\) must be lowercase/],
    ['docker.io/Library/ubuntu', 'uppercase', /must be lowercase/],
    ['ubuntu:', 'invalid-format', /invalid reference format/],
    ['ubuntu:-bad', 'invalid-format', /invalid reference format/],
    ['-ubuntu', 'invalid-format', /invalid reference format/],
    ['ubuntu//x', 'invalid-format', /invalid reference format/],
    ['0123456789abcdef'.repeat(4), 'hex-identifier', /64-byte hexadecimal/],
    ['ubuntu@sha256:abc', 'invalid-format', /invalid reference format/],
    [`ubuntu@sha256:${'A'.repeat(64)}`, 'invalid-digest', /lowercase hex/],
    [`ubuntu@sha256:${'a'.repeat(63)}0a`, 'invalid-digest', /digest length/],
    [`ubuntu@md5:${'a'.repeat(32)}`, 'unsupported-digest', /unsupported digest algorithm "md5"/],
    [`x/${'a'.repeat(256)}`, 'name-too-long', /not be more than 255/],
    [`ubuntu:${'t'.repeat(129)}`, 'invalid-format', /invalid reference format/],
  ];
  for (const [input, problem, message] of invalid) {
    test(`rejects ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)} (${problem})`, () => {
      assert.throws(
        () => parseImageReference(input),
        (error: unknown) => {
          assert.ok(error instanceof InvalidReferenceError);
          assert.equal(error.problem, problem);
          assert.equal(error.reference, input);
          assert.ok(error.message.includes(`"${input}"`), 'the message names the reference');
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});

describe('reference helpers', () => {
  test('canonical and familiar forms', () => {
    assert.equal(canonicalReference(parseImageReference('ubuntu')), 'docker.io/library/ubuntu:latest');
    assert.equal(canonicalReference(parseImageReference(`ubuntu:1@${D}`)), `docker.io/library/ubuntu:1@${D}`);
    assert.equal(familiarReference(parseImageReference('docker.io/library/ubuntu:1')), 'ubuntu:1');
    assert.equal(familiarReference(parseImageReference('index.docker.io/me/app')), 'me/app');
  });
  test('what to ask the registry for: digest, else tag, else latest', () => {
    assert.equal(manifestReference(parseImageReference(`ubuntu:1@${D}`)), D);
    assert.equal(manifestReference(parseImageReference('ubuntu:1')), '1');
    assert.equal(manifestReference(parseImageReference('ubuntu')), 'latest');
  });
  test('Docker Hub is served by registry-1.docker.io', () => {
    assert.equal(registryApiHost('docker.io'), 'registry-1.docker.io');
    assert.equal(registryApiHost('ghcr.io'), 'ghcr.io');
  });
  test('loopback: localhost, 127.0.0.0/8, ::1', () => {
    for (const d of ['localhost', 'localhost:5000', '127.0.0.1', '127.1.2.3:80', '[::1]:5000']) assert.ok(isLoopbackDomain(d), d);
    for (const d of ['128.0.0.1', 'localhost.example', '127.0.0.1.nip.io', '[::2]', 'docker.io']) assert.ok(!isLoopbackDomain(d), d);
  });
});
