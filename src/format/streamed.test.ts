// The formatters write a report piece by piece, findings read once in order (from check's
// FindingStore): the text must be what the one-piece formatters made before, byte for byte.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FindingStore } from '../engine/finding-store.js';
import { compareFindings } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import { RULES } from '../rules/index.js';
import { formatGithub } from './github.js';
import { findingJson, formatJson } from './json.js';
import type { CheckReport, FormattableReport } from './report.js';
import { collected, runComplete, summarize, writeJsonWithArray } from './report.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';
import { jsonToYaml, writeCheckYaml } from './yaml.js';

// Strings YAML must quote or escape, and the shapes findings take (live objects, Helm templates).
const AWKWARD = ['plain', 'yes', 'null', '- dash', 'key: value', '# hash', "it's", '"double"', 'tab\there', 'line\nbreak', '日本語 ✖', '', '0123', '~', '@at', '  padded  '];

function findingsOf(count: number): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < count; i++) {
    const text = AWKWARD[i % AWKWARD.length];
    const finding: Finding = {
      ruleId: RULES[i % RULES.length].id,
      category: RULES[i % RULES.length].meta.category,
      severity: (['error', 'warning', 'info'] as const)[i % 3],
      message: `message ${i}: ${text}`,
      object: { apiVersion: 'apps/v1', kind: 'Deployment', name: text === '' ? 'x' : text, ...(i % 2 ? { namespace: text } : {}) },
      path: `/spec/${text.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      file: i % 11 === 0 ? '' : `dir/file-${i % 4}.yaml`,
      line: i % 11 === 0 ? 0 : 1 + (i % 9),
      column: 1 + (i % 5),
      messageId: 'm',
    };
    if (i % 6 === 0) finding.helmSource = `chart/templates/${text}.yaml`;
    out.push(finding);
  }
  return out.sort(compareFindings);
}

function reportOf(findings: Finding[]): CheckReport {
  return {
    findings,
    problems: [{ severity: 'error', file: 'broken.yaml', line: 3, column: 1, message: 'bad: "input"' }],
    files: [],
    objectCount: 42,
    rules: RULES,
    clusterName: 'default',
    warnings: [{ file: '.kube-hybrid.yaml', line: 2, column: 3, message: 'unknown rule "nope"' }],
  };
}

/** The same report with its findings read back from a store that moved them to a temporary file. */
function streamedOf(report: CheckReport): { report: FormattableReport; close(): void } {
  const store = new FindingStore({ inMemory: 3, directory: mkdtempSync(join(tmpdir(), 'kh-streamed-test-')) });
  // Added out of order: the store sorts them back.
  for (const finding of [...report.findings].reverse()) store.add(finding);
  return { report: { ...report, findings: store }, close: () => store.close() };
}

/** What `check -o json` printed before it was streamed: the whole document, stringified once. */
function jsonInOnePiece(report: CheckReport): string {
  const body = { findings: report.findings.map(findingJson), summary: summarize(report), problems: report.problems.map((p) => ({ ...p })), warnings: (report.warnings ?? []).map((w) => ({ ...w })), complete: runComplete(report) };
  return JSON.stringify(body, null, 2) + '\n';
}

describe('streamed formatters', () => {
  for (const count of [0, 1, 2, 57]) {
    it(`write the same text as before, whether the findings are an array or a store (${count} findings)`, () => {
      const report = reportOf(findingsOf(count));
      const streamed = streamedOf(report);
      try {
        const json = formatJson(report);
        assert.equal(json, jsonInOnePiece(report));
        assert.equal(formatJson(streamed.report), json);
        assert.equal(collected((write) => writeCheckYaml(report, write)), jsonToYaml(json));
        assert.equal(collected((write) => writeCheckYaml(streamed.report, write)), jsonToYaml(json));
        const sarif = formatSarif(report, '1.2.3');
        // The text is JSON.stringify's own indentation of the value it holds.
        assert.equal(sarif, JSON.stringify(JSON.parse(sarif), null, 2) + '\n');
        assert.equal(JSON.parse(sarif).runs[0].results.length, count);
        assert.equal(formatSarif(streamed.report, '1.2.3'), sarif);
        assert.equal(formatGithub(streamed.report), formatGithub(report));
        for (const color of [false, true]) assert.equal(formatText(streamed.report, { color }), formatText(report, { color }));
      } finally {
        streamed.close();
      }
    });
  }

  it('json writes findings of unusual shapes as JSON.stringify does (the field-by-field path steps aside)', () => {
    const base = findingsOf(1)[0];
    const odd: Finding[] = [
      { ...base, file: 'a.yaml', line: Number.NaN },
      { ...base, file: 'a.yaml', column: Number.POSITIVE_INFINITY },
      { ...base, file: 'a.yaml', object: { namespace: 'ns', name: 'n', kind: 'Pod', apiVersion: 'v1' } },
      { ...base, file: 'a.yaml', object: { apiVersion: 'v1', kind: 'Pod', name: 7 as unknown as string } },
      { ...base, file: 'a.yaml', object: { apiVersion: 'v1', kind: 'Pod', name: 'n', namespace: undefined } },
      { ...base, file: 'a.yaml', object: {} as Finding['object'] },
      { ...base, file: 'a.yaml', message: undefined as unknown as string },
      { ...base, file: 'a.yaml', helmSource: 5 as unknown as string },
      { ...base, file: 'a.yaml', helmSource: '' },
      { ...base, file: 'a.yaml', line: -0, column: 1e21, path: '' },
      { ...base, file: 'a.yaml', message: '\u2028 \u0000 \ud800 "quoted" \\' },
    ];
    const report = reportOf(odd);
    assert.equal(formatJson(report), jsonInOnePiece(report));
  });

  it('text groups an unsorted array by file, in the order files first appear, as it did', () => {
    const [a, b, c] = findingsOf(3).map((f, i) => ({ ...f, file: ['x.yaml', 'y.yaml', 'x.yaml'][i], line: i + 1 }));
    const out = formatText(reportOf([a, b, c]), { color: false });
    assert.ok(out.indexOf('x.yaml:3:') < out.indexOf('\ny.yaml\n'), out);
    assert.equal(out.match(/^x\.yaml$/gm)?.length, 1);
  });

  it('writeJsonWithArray writes what JSON.stringify writes, at any depth', () => {
    const items = [{ a: 1, b: [1, 2, { c: 'x\ny' }], d: {} }, [], 'text', 3, { e: [] }];
    for (const value of [{ list: [] }, { before: 1, list: [], after: { z: [] } }, { runs: [{ tool: { x: [] }, list: [] }] }]) {
      const filled = JSON.parse(JSON.stringify(value), (key, v) => (key === 'list' ? items : v));
      assert.equal(collected((write) => writeJsonWithArray(value, 'list', items, write)), JSON.stringify(filled, null, 2));
      assert.equal(collected((write) => writeJsonWithArray(value, 'list', [], write)), JSON.stringify(value, null, 2));
    }
  });
});
