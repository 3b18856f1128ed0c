import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FindingStore } from './finding-store.js';
import { compareFindings } from './run.js';
import type { Finding, Severity } from './types.js';

const SEVERITY_OF: Severity[] = ['error', 'warning', 'info'];

/** Findings in a scrambled order with many equal sort keys (same file, line, column and rule). */
function findings(count: number): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < count; i++) {
    const finding: Finding = {
      ruleId: ['windows-image-tag', 'pod-os-unset', 'a-rule', 'z-rule'][(i * 7) % 4],
      category: 'placement',
      severity: SEVERITY_OF[i % 3],
      // Multi-byte text and line breaks: records are bytes in the file, not characters.
      message: `finding ${i}: ✖ "quoted" — 日本語 🚀\nsecond line`,
      object: { apiVersion: 'apps/v1', kind: 'Deployment', name: `app-${i % 13}`, ...(i % 2 === 0 ? { namespace: 'web' } : {}) },
      path: `/spec/template/spec/containers/${i % 3}`,
      file: ['b.yaml', 'a.yaml', 'dir/c.yaml', 'B.yaml', ''][(i * 3) % 5],
      line: (i * 31) % 17,
      column: (i * 5) % 3,
      messageId: 'm',
    };
    if (i % 5 === 0) finding.helmSource = 'chart/templates/deployment.yaml';
    if (i % 7 === 0) finding.stage = 'api-server';
    out.push(finding);
  }
  return out;
}

function emptyFolder(): string {
  return mkdtempSync(join(tmpdir(), 'kh-finding-store-test-'));
}

describe('FindingStore', () => {
  for (const [label, inMemory] of [['held as objects', 100_000], ['moved to a temporary file', 0], ['moved to a temporary file midway', 250]] as const) {
    it(`reads the findings back in compareFindings order, equal keys in the order added (${label})`, () => {
      const made = findings(1_000);
      const store = new FindingStore({ inMemory, directory: emptyFolder() });
      for (const finding of made) store.add({ ...finding });
      const expected = [...made].sort(compareFindings);
      assert.deepEqual([...store], expected);
      // Read twice: the same order again.
      assert.deepEqual([...store], expected);
      assert.equal(store.size, 1_000);
      assert.deepEqual(store.counts, { error: 334, warning: 333, info: 333 });
      store.close();
    });
  }

  it('keeps records longer than its write buffer and its read window whole', () => {
    const store = new FindingStore({ inMemory: 0, directory: emptyFolder() });
    const long = { ...findings(1)[0], message: 'é'.repeat(1_500_000) };
    const short = findings(3);
    store.add(short[0]);
    store.add(long);
    store.add(short[1]);
    assert.deepEqual([...store], [short[0], long, short[1]].sort(compareFindings));
    store.close();
  });

  it('leaves nothing in its folder once closed, and refuses findings after', () => {
    const folder = emptyFolder();
    const store = new FindingStore({ inMemory: 10, directory: folder });
    for (const finding of findings(50)) store.add(finding);
    store.close();
    assert.deepEqual(readdirSync(folder), []);
    assert.throws(() => store.add(findings(1)[0]), /after close/);
  });

  it('an empty store reads back nothing', () => {
    const store = new FindingStore({ directory: emptyFolder() });
    assert.deepEqual([...store], []);
    assert.deepEqual(store.counts, { error: 0, warning: 0, info: 0 });
    store.close();
  });
});
