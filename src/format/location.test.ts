// Where a finding is: file:line:column, or — without a position — the object and where it came from.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locationOf } from './text.js';

describe('locationOf', () => {
  const cases: { name: string; finding: Parameters<typeof locationOf>[0]; expected: string }[] = [
    { name: 'a manifest finding: file:line:column', finding: { file: 'app.yaml', line: 14, column: 11, object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'iis' } }, expected: 'app.yaml:14:11' },
    { name: 'a live Node: kubectl\'s kind/name, marked live', finding: { file: '', line: 0, column: 0, object: { apiVersion: 'v1', kind: 'Node', name: 'aks-win22-0' } }, expected: 'node/aks-win22-0 (live)' },
    { name: 'a live namespaced object: with -n', finding: { file: '', line: 0, column: 0, object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'iis' } }, expected: 'deployment/iis -n web (live)' },
    { name: 'a node of a built-in profile: the profile', finding: { file: 'builtin:aks', line: 0, column: 0, object: { apiVersion: 'v1', kind: 'Node', name: 'win22-0' } }, expected: 'node/win22-0 (builtin:aks)' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(locationOf(c.finding), c.expected));
  }
});
