import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guessImageOs, splitImageName } from './image-name.js';

const cases: { image: string; os?: string; build?: number }[] = [
  { image: 'mcr.microsoft.com/windows/servercore:ltsc2019', os: 'windows', build: 17763 },
  { image: 'mcr.microsoft.com/windows/servercore:ltsc2022', os: 'windows', build: 20348 },
  { image: 'mcr.microsoft.com/windows/servercore:ltsc2025', os: 'windows', build: 26100 },
  { image: 'mcr.microsoft.com/windows/servercore:ltsc2016', os: 'windows', build: 14393 },
  { image: 'mcr.microsoft.com/windows/nanoserver:1809', os: 'windows', build: 17763 },
  { image: 'mcr.microsoft.com/windows/servercore:20H2', os: 'windows', build: 19042 },
  { image: 'mcr.microsoft.com/windows/servercore:1809-KB5020438', os: 'windows', build: 17763 },
  { image: 'mcr.microsoft.com/windows/servercore:ltsc2022-KB5031364', os: 'windows', build: 20348 },
  { image: 'mcr.microsoft.com/windows/servercore:10.0.17763.5830', os: 'windows', build: 17763 },
  { image: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022', os: 'windows', build: 20348 },
  { image: 'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022', os: 'windows', build: 20348 },
  { image: 'mcr.microsoft.com/dotnet/framework/runtime:4.8', os: 'windows' },
  { image: 'mcr.microsoft.com/windows/servercore/iis', os: 'windows' },
  { image: 'contoso.azurecr.io/app:1.2-windowsservercore', os: 'windows' },
  { image: 'contoso.azurecr.io/app:1.2-nanoserver', os: 'windows' },
  { image: 'nginx:1.27', os: 'linux' },
  { image: 'docker.io/library/redis:7.4', os: 'linux' },
  { image: 'postgres@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', os: 'linux' },
  { image: 'golang:1.23' }, // publishes windowsservercore and nanoserver variants: unknown from the name
  { image: 'ghcr.io/example/nginx:1.0' }, // not the official image
  { image: 'microsoft/iis', os: 'windows' },
  { image: 'microsoft/windowsservercore:1709', os: 'windows', build: 16299 },
  { image: 'microsoft/nanoserver:1803', os: 'windows', build: 17134 },
  { image: 'mcr.microsoft.com/windows/servercore:1709', os: 'windows', build: 16299 },
  { image: 'mcr.microsoft.com/dotnet/aspnet:8.0' },
  { image: 'registry.k8s.io/pause:3.10' },
  { image: 'localhost:5000/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' },
];

describe('guessing an image OS and build from its name', () => {
  for (const c of cases) {
    it(`${c.image} → ${c.os ?? 'unknown'}${c.build ? ` ${c.build}` : ''}`, () => {
      const guess = guessImageOs(c.image);
      assert.equal(guess.os, c.os);
      assert.equal(guess.build, c.build);
      if (c.os) assert.ok(guess.evidence, 'a guess says why');
    });
  }
  it('splits a reference with a registry port, a tag and a digest', () => {
    assert.deepEqual(splitImageName('localhost:5000/a/b:1.0@sha256:abc'), { repository: 'localhost:5000/a/b', tag: '1.0', digest: 'sha256:abc' });
    assert.deepEqual(splitImageName('localhost:5000/a/b'), { repository: 'localhost:5000/a/b', tag: undefined, digest: undefined });
  });
});
