import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineStartsOf } from '../manifests/positions.js';
import { codeFrame, formatProblem } from './text.js';

const plain = (text: string) => text;

describe('text output', () => {
  const text = 'apiVersion: v1\nkind: Pod\nspec:\n  hostPID: true\n';
  const file = { path: 'p.yaml', text, lineStarts: lineStartsOf(text) };

  it('frames the line with the one before it and a caret under the column', () => {
    assert.equal(codeFrame(file, 4, 3, plain), '  3 | spec:\n> 4 |   hostPID: true\n    |   ^');
  });
  it('frames the first line without a line before it', () => {
    assert.equal(codeFrame(file, 1, 1, plain), '> 1 | apiVersion: v1\n    | ^');
  });
  it('prints nothing for an object without source text (admission)', () => {
    assert.equal(codeFrame({ path: 'x', text: '', lineStarts: [0] }, 1, 1, plain), '');
  });
  it('prints input problems as file:line:column: severity: message', () => {
    assert.equal(formatProblem({ severity: 'error', file: 'a.yaml', line: 3, column: 7, message: 'malformed YAML: x' }), 'a.yaml:3:7: error: malformed YAML: x\n');
    assert.equal(formatProblem({ severity: 'error', file: 'a.yaml', message: 'cannot read' }), 'a.yaml: error: cannot read\n');
  });
});
