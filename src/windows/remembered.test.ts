import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rememberedByString } from './remembered.js';
import { splitImageName } from './image-name.js';
import { windowsBaseImageOf } from './base-image.js';

describe('rememberedByString', () => {
  it('works each answer out once per string, undefined answers included', () => {
    const asked: string[] = [];
    const lengthOf = rememberedByString((text) => {
      asked.push(text);
      return text === 'none' ? undefined : { length: text.length };
    });
    assert.deepEqual(lengthOf('abc'), { length: 3 });
    assert.equal(lengthOf('abc'), lengthOf('abc'));
    assert.equal(lengthOf('none'), undefined);
    assert.equal(lengthOf('none'), undefined);
    assert.deepEqual(asked, ['abc', 'none']);
  });

  it('shares its answers frozen, so a caller cannot change what the next one gets', () => {
    const parts = rememberedByString((text) => ({ text }));
    assert.ok(Object.isFrozen(parts('x')));
    assert.throws(() => {
      (parts('x') as { text: string }).text = 'y';
    }, TypeError);
  });

  it('starts afresh past its bound, with the same answers', () => {
    let computed = 0;
    const upper = rememberedByString((text) => {
      computed++;
      return text.toUpperCase();
    }, 2);
    for (const text of ['a', 'b', 'c', 'a', 'b', 'c']) assert.equal(upper(text), text.toUpperCase());
    assert.ok(computed > 3 && computed <= 6);
  });

  it('gives the image readers the answers they gave before they were remembered', () => {
    const images = ['mcr.microsoft.com/windows/nanoserver:ltsc2022', 'Contoso.io/App:1.0@sha256:abc', 'nginx', 'registry:5000/team/app', 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019', 'constructor'];
    for (const image of images) {
      for (let i = 0; i < 2; i++) {
        assert.deepEqual({ ...splitImageName(image) }, expectedSplit(image));
      }
    }
    assert.deepEqual(windowsBaseImageOf('mcr.microsoft.com/windows/nanoserver:ltsc2022'), { base: 'nanoserver', how: 'repository' });
    assert.deepEqual(windowsBaseImageOf('contoso.io/app:1.0-windowsservercore-ltsc2022'), { base: 'servercore', how: 'tag' });
    assert.equal(windowsBaseImageOf('nginx:1.27'), undefined);
    assert.equal(windowsBaseImageOf('nginx:1.27'), undefined);
  });
});

/** splitImageName's contract, written out: repository lower-cased, tag after the last colon past the last slash, digest after `@`. */
function expectedSplit(image: string): { repository: string; tag: string | undefined; digest: string | undefined } {
  const [rest, digest] = image.includes('@') ? [image.slice(0, image.indexOf('@')), image.slice(image.indexOf('@') + 1)] : [image, undefined];
  const colon = rest.lastIndexOf(':');
  const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : undefined;
  return { repository: (tag === undefined ? rest : rest.slice(0, colon)).toLowerCase(), tag, digest };
}
