import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { builtinProfilePath } from '../cluster/profiles.js';
import { repoPath } from '../testing/paths.js';
import { escapePointerToken, parsePointer } from '../util/pointer.js';
import { BlockDocumentLocator, locateInBlockYaml } from './block-locator.js';
import { manifestFilesIn } from './load.js';
import { offsetOfPath } from './positions.js';
import { splitYamlDocuments } from './split.js';
import { readFileSync } from 'node:fs';

/** Every pointer into a value, plus one absent child under each object. */
function pointersOf(value: unknown, base = ''): string[] {
  const out = [base];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...pointersOf(item, `${base}/${i}`)));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...pointersOf(v, `${base}/${escapePointerToken(k)}`));
    out.push(`${base}/absent-field`);
  }
  return out;
}

function agreeOn(text: string): number {
  let compared = 0;
  for (const chunk of splitYamlDocuments(text)) {
    const doc = parseDocument(chunk.text, { version: '1.1', merge: true });
    if (doc.errors.length > 0 || doc.contents === null) continue;
    // One locator for the whole document, asked in field order (walks to prefixes remembered).
    const locator = new BlockDocumentLocator(chunk.text);
    for (const pointer of pointersOf(doc.toJS())) {
      const tokens = parsePointer(pointer);
      const fast = locateInBlockYaml(chunk.text, tokens);
      assert.equal(locator.offsetOf(pointer), fast, `the document's locator at ${pointer} in\n${chunk.text}`);
      if (fast === undefined) continue; // deferred to the full parser: always correct
      const full = offsetOfPath(doc, doc.contents as YamlNode, tokens);
      assert.equal(fast, full, `${pointer} in\n${chunk.text}`);
      compared++;
    }
  }
  return compared;
}

describe('the block-YAML locator agrees with the full parser', () => {
  it('on every field of the bundled example, test fixtures and built-in profiles', () => {
    const files = [...manifestFilesIn(repoPath('examples')), ...manifestFilesIn(repoPath('test/fixtures')), builtinProfilePath('default'), builtinProfilePath('multi-build')];
    let compared = 0;
    for (const file of files) compared += agreeOn(readFileSync(file, 'utf8'));
    assert.ok(compared > 300, `compared ${compared} pointers`);
  });

  it('on tricky block styles', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p   # a comment',
      '  "quoted.key/x": yes',
      "  'single': 2",
      'spec:',
      '  containers:',
      '  - name: a',
      '    args:',
      '    - |',
      '      line one',
      '      key: not a key',
      '    - >-',
      '      folded',
      '    image: x',
      '  -',
      '    name: b',
      '    image: y',
      '  - name: c',
      '    env: [{name: X, value: "1"}]',
      '  volumes:',
      '    - name: v',
      '      configMap:',
      '        name: cm',
      '',
    ].join('\n');
    assert.ok(agreeOn(text) > 20);
  });

  it('defers flow collections to the full parser', () => {
    assert.equal(locateInBlockYaml('a: {b: 1}\n', ['a', 'b']), undefined);
    assert.equal(locateInBlockYaml('a:\n  - [1, 2]\n', ['a', '0', '1']), undefined);
  });
});
