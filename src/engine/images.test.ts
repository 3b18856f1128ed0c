import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ImageFacts } from '../model/image-facts.js';
import { containerImagesOf } from './images.js';

const IMAGE = 'mcr.microsoft.com/windows/servercore:ltsc2019';
const spec = { containers: [{ name: 'c', image: IMAGE }] };

function facts(source: ImageFacts['source']): Map<string, ImageFacts> {
  return new Map([[IMAGE, { reference: IMAGE, digest: source === 'tag' ? '' : 'sha256:abc', platforms: [{ os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.6414', digest: 'sha256:def', size: 1 }], source }]]);
}

describe('where an image fact came from', () => {
  const cases: { name: string; source: ImageFacts['source'] | undefined; evidence: RegExp; notEvidence?: RegExp }[] = [
    { name: 'no resolver: the tag', source: undefined, evidence: /ltsc2019/, notEvidence: /registry/ },
    { name: 'offline with an empty cache: still the tag, never "registry"', source: 'tag', evidence: /ltsc2019/, notEvidence: /registry/ },
    { name: 'from the on-disk cache', source: 'cache', evidence: /^registry \(cached\): windows\/amd64 10\.0\.17763\.6414$/ },
    { name: 'from the registry', source: 'registry', evidence: /^registry: windows\/amd64 10\.0\.17763\.6414$/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const [info] = containerImagesOf(spec, '/spec', c.source ? facts(c.source) : undefined);
      assert.match(info.evidence, c.evidence);
      if (c.notEvidence) assert.doesNotMatch(info.evidence, c.notEvidence);
      assert.equal(info.source, c.source ?? 'tag');
      assert.deepEqual(info.windowsBuilds, [17763]);
    });
  }
});
