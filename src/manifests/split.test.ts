import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineStartsOf, positionOfOffset } from './positions.js';
import { positionInChunk, splitYamlDocuments } from './split.js';

describe('splitYamlDocuments', () => {
  const cases: { name: string; text: string; chunks: { line: number; text: string }[] }[] = [
    { name: 'one document without markers', text: 'a: 1\n', chunks: [{ line: 0, text: 'a: 1\n' }] },
    { name: 'documents between markers', text: 'a: 1\n---\nb: 2\n---\nc: 3\n', chunks: [{ line: 0, text: 'a: 1\n' }, { line: 1, text: '---\nb: 2\n' }, { line: 3, text: '---\nc: 3\n' }] },
    { name: 'directives stay with the document their --- opens', text: '%YAML 1.1\n# note\n---\na: 1\n', chunks: [{ line: 0, text: '%YAML 1.1\n# note\n---\na: 1\n' }] },
    { name: 'indented directive-like text after content is content', text: 'a: 1\n  %b\n---\nc: 2\n', chunks: [{ line: 0, text: 'a: 1\n  %b\n' }, { line: 2, text: '---\nc: 2\n' }] },
    { name: 'comments only before a marker are a chunk of their own', text: '# head\n---\na: 1\n', chunks: [{ line: 0, text: '# head\n' }, { line: 1, text: '---\na: 1\n' }] },
    { name: '... ends a document and the next starts on the following line', text: 'a: 1\n...\nb: 2\n', chunks: [{ line: 0, text: 'a: 1\n' }, { line: 2, text: 'b: 2\n' }] },
    { name: 'CRLF line ends', text: 'a: 1\r\n---\r\nb: 2\r\n', chunks: [{ line: 0, text: 'a: 1\r\n' }, { line: 1, text: '---\r\nb: 2\r\n' }] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(splitYamlDocuments(c.text).map(({ line, text }) => ({ line, text })), c.chunks);
    });
  }
});

describe('positionInChunk', () => {
  it('gives the same line and column as the line table of the whole file, at every offset', () => {
    const text = '# lead\n%YAML 1.1\n---\napiVersion: v1\nkind: Service\n...\n\nmetadata:\n  name: x\r\n---\nb: [1, 2]\n';
    const starts = lineStartsOf(text);
    for (const chunk of splitYamlDocuments(text)) {
      const cache = {};
      for (let offset = 0; offset < chunk.text.length; offset++) {
        assert.deepEqual(positionInChunk(chunk, offset, cache), positionOfOffset(starts, chunk.start + offset), `chunk at ${chunk.start}, offset ${offset}`);
      }
    }
  });
});
