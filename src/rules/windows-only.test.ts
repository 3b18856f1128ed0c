// Rules marked windowsWorkloadsOnly are not called for Linux workloads, and rules marked
// windowsOptionsOnly not for workloads without a windowsOptions, and rules marked windowsImagesOnly
// not for workloads whose images are all known Linux images: that must change nothing. Every rule
// runs over the repository's examples, fixtures and rule-doc examples on every built-in cluster, once
// as registered and once with the marks removed (called for every workload): the findings must be
// the same.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { BUILTIN_PROFILE_NAMES, loadCluster } from '../cluster/profiles.js';
import { collectInputs, runRules } from '../engine/run.js';
import { loadManifests, loadText } from '../manifests/load.js';
import type { ManifestObject } from '../manifests/types.js';
import { repoPath } from '../testing/paths.js';
import { RULES } from './index.js';

function docExamples(): ManifestObject[][] {
  const folder = repoPath('docs/rules');
  return readdirSync(folder)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .flatMap((file) => [...readFileSync(`${folder}/${file}`, 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m, i) => loadText(`${file}#${i + 1}`, m[1]).objects));
}

const corpora = [loadManifests([repoPath('examples/hybrid-app')]).objects, loadManifests([repoPath('test/fixtures/workloads')]).objects, ...docExamples()];

describe('Windows-only and windowsOptions-only rules', () => {
  const marked = RULES.filter((rule) => rule.windowsWorkloadsOnly || rule.windowsOptionsOnly || rule.windowsImagesOnly);
  const unmarked = RULES.map((rule) => ({ ...rule, windowsWorkloadsOnly: false, windowsOptionsOnly: false, windowsImagesOnly: false }));

  it('are a good part of the registry (guard against the marks being lost)', () => {
    assert.ok(RULES.filter((rule) => rule.windowsWorkloadsOnly).length >= 20, 'windowsWorkloadsOnly');
    assert.ok(RULES.filter((rule) => rule.windowsOptionsOnly).length >= 9, 'windowsOptionsOnly');
    assert.ok(RULES.filter((rule) => rule.windowsImagesOnly).length >= 3, 'windowsImagesOnly');
  });

  for (const profile of BUILTIN_PROFILE_NAMES) {
    it(`find what they found when called for every workload, on the ${profile} cluster`, () => {
      const cluster = loadCluster(profile).cluster!;
      let findings = 0;
      let windowsOptionsFindings = 0;
      let windowsImagesFindings = 0;
      for (const objects of corpora) {
        const inputs = collectInputs(objects, cluster);
        const expected = runRules(objects, inputs, unmarked, { onProblem: () => {} });
        assert.deepEqual(runRules(objects, inputs, RULES, { onProblem: () => {} }), expected);
        findings += expected.filter((f) => marked.some((rule) => rule.id === f.ruleId)).length;
        windowsOptionsFindings += expected.filter((f) => marked.some((rule) => rule.windowsOptionsOnly && rule.id === f.ruleId)).length;
        windowsImagesFindings += expected.filter((f) => marked.some((rule) => rule.windowsImagesOnly && rule.id === f.ruleId)).length;
      }
      assert.ok(findings > 0, 'the marked rules found something to compare');
      assert.ok(windowsOptionsFindings > 0, 'the windowsOptionsOnly rules found something to compare');
      assert.ok(windowsImagesFindings > 0, 'the windowsImagesOnly rules found something to compare');
    });
  }
});
