// Keeps the registry, the rule modules, the docs pages and the tests in step (DESIGN: one docs page
// per rule, an explicit registry, ids equal to file names).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CATEGORIES, SEVERITIES } from '../engine/types.js';
import { repoPath } from '../testing/paths.js';
import { RULES } from './index.js';

// The sources, also when this test runs compiled from dist/.
const rulesDir = repoPath('src/rules');
const docsDir = repoPath('docs/rules');
/** Files in src/rules that are not rule modules. */
const NOT_RULES = new Set(['index.ts', 'helpers.ts']);

const ruleFiles = readdirSync(rulesDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NOT_RULES.has(f));
const testFiles = readdirSync(rulesDir).filter((f) => f.endsWith('.test.ts') && f !== 'registry.test.ts');

describe('rule registry', () => {
  it('has unique ids', () => {
    const ids = RULES.map((r) => r.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  });

  it('registers every rule module in src/rules, and each id is its file name', () => {
    const registered = new Set(RULES.map((r) => `${r.id}.ts`));
    assert.deepEqual(ruleFiles.filter((f) => !registered.has(f)), [], 'rule modules missing from RULES');
    assert.deepEqual([...registered].filter((f) => !ruleFiles.includes(f)), [], 'rule ids without a module of that name');
  });

  it('has well-formed meta for every rule', () => {
    for (const rule of RULES) {
      assert.ok(CATEGORIES.includes(rule.meta.category), `${rule.id}: category`);
      assert.ok(SEVERITIES.includes(rule.meta.defaultSeverity), `${rule.id}: severity`);
      assert.ok(rule.meta.description.length > 0 && rule.meta.source.length > 0, `${rule.id}: description and source`);
      assert.ok(Object.keys(rule.meta.messages).length > 0, `${rule.id}: messages`);
    }
  });

  it('has a docs page for every rule and no orphaned page', () => {
    const pages = readdirSync(docsDir).filter((f) => f.endsWith('.md') && f !== 'README.md');
    const ids = new Set(RULES.map((r) => r.id));
    assert.deepEqual(RULES.map((r) => r.id).filter((id) => !existsSync(join(docsDir, `${id}.md`))), [], 'rules without docs/rules/<id>.md');
    assert.deepEqual(pages.filter((p) => !ids.has(p.slice(0, -3))), [], 'docs pages without a rule');
  });

  it('lists every rule in docs/rules/README.md', () => {
    const index = readFileSync(join(docsDir, 'README.md'), 'utf8');
    assert.deepEqual(RULES.map((r) => r.id).filter((id) => !index.includes(`](${id}.md)`)), []);
  });

  it('has a test file for every rule, and tests use only message ids the rule defines', () => {
    for (const rule of RULES) {
      const testFile = `${rule.id}.test.ts`;
      assert.ok(testFiles.includes(testFile), `${rule.id}: no ${testFile}`);
      const text = readFileSync(join(rulesDir, testFile), 'utf8');
      for (const [, messageId] of text.matchAll(/messageId:\s*'([^']+)'/g)) {
        assert.ok(Object.hasOwn(rule.meta.messages, messageId), `${testFile} uses unknown messageId "${messageId}"`);
      }
    }
  });

  it('has a test for every message id', () => {
    for (const rule of RULES) {
      const text = readFileSync(join(rulesDir, `${rule.id}.test.ts`), 'utf8');
      for (const messageId of Object.keys(rule.meta.messages)) {
        assert.ok(text.includes(`messageId: '${messageId}'`), `${rule.id}: message "${messageId}" is never tested`);
      }
    }
  });
});
