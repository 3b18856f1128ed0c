// A RuleTester in the typescript-eslint manner: tables of valid and invalid YAML, each invalid case
// listing the findings it must produce (message id, line, pointer).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cluster } from '../../cluster/model.js';
import { builtinCluster } from '../../cluster/profiles.js';
import { collectInputs, runRules, withClusterInput } from '../../engine/run.js';
import { clusterInputFromObjects } from '../../cluster/input.js';
import type { Finding, Rule, Severity } from '../../engine/types.js';
import type { ImageFactsByReference } from '../../model/image-facts.js';
import { loadText } from '../../manifests/load.js';

/** The day rule tables are judged on when a case names none. */
export const RULE_TEST_DAY = '2026-11-30';

export interface ValidCase {
  name: string;
  /** One or more YAML documents. */
  yaml: string;
  /** Built-in profile name or a Cluster; default: the default hybrid profile. */
  cluster?: string | Cluster;
  imageFacts?: ImageFactsByReference;
  /** The day lifecycle rules compare with (YYYY-MM-DD); default: RULE_TEST_DAY. */
  today?: string;
  /**
   * The Node (and Namespace, RuntimeClass) objects in the YAML are the cluster, as a NodeList given to
   * `--cluster` is: cluster rules run. `serverVersion` is kube-apiserver's, as a live cluster reports it.
   */
  clusterFromYaml?: boolean | { serverVersion?: string };
}

export interface ExpectedFinding {
  messageId: string;
  line?: number;
  path?: string;
  severity?: Severity;
  /** Substring the message must contain. */
  message?: string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
}

function findingsOf(rule: Rule, testCase: ValidCase): Finding[] {
  const loaded = loadText('test.yaml', testCase.yaml);
  // YAML that does not parse is a broken test; a field of the wrong type is what "odd shapes" cases
  // are written for: the loader reports it at its field (it has a path) and decodes it as the API
  // server would (src/manifests/decode.ts) before the rule sees it.
  assert.deepEqual(loaded.problems.filter((p) => p.severity === 'error' && p.path === undefined), [], 'the test YAML must load cleanly');
  if (testCase.clusterFromYaml) {
    const input = clusterInputFromObjects(loaded.objects, 'test.yaml');
    assert.ok(input.cluster && input.clusterObjects, `the test YAML must hold Node objects: ${input.problems.map((p) => p.message).join('; ')}`);
    const serverVersion = typeof testCase.clusterFromYaml === 'object' ? testCase.clusterFromYaml.serverVersion : undefined;
    const clusterObjects = serverVersion ? { ...input.clusterObjects, serverVersion } : input.clusterObjects;
    const inputs = withClusterInput(collectInputs(loaded.objects, input.cluster, testCase.imageFacts), { ...input, clusterObjects });
    inputs.today = testCase.today ?? RULE_TEST_DAY;
    return runRules(loaded.objects, inputs, [rule]);
  }
  const cluster = typeof testCase.cluster === 'object' ? testCase.cluster : builtinCluster(testCase.cluster ?? 'default');
  const inputs = collectInputs(loaded.objects, cluster, testCase.imageFacts);
  // One fixed day unless the case names one: lifecycle verdicts must not change with the calendar.
  inputs.today = testCase.today ?? RULE_TEST_DAY;
  return runRules(loaded.objects, inputs, [rule]);
}

export function ruleTester(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(`rule ${rule.id}`, () => {
    for (const testCase of cases.valid) {
      it(`accepts: ${testCase.name}`, () => {
        const findings = findingsOf(rule, testCase);
        assert.deepEqual(findings.map((f) => `${f.messageId}@${f.line} ${f.message}`), []);
      });
    }
    for (const testCase of cases.invalid) {
      it(`reports: ${testCase.name}`, () => {
        const findings = findingsOf(rule, testCase);
        assert.equal(findings.length, testCase.errors.length, `expected ${testCase.errors.length} finding(s), got: ${findings.map((f) => `${f.messageId}@${f.line}:${f.path} ${f.message}`).join(' | ')}`);
        testCase.errors.forEach((expected, i) => {
          const actual = findings[i];
          assert.equal(actual.messageId, expected.messageId);
          if (expected.line !== undefined) assert.equal(actual.line, expected.line, `line of finding ${i}`);
          if (expected.path !== undefined) assert.equal(actual.path, expected.path, `path of finding ${i}`);
          if (expected.severity !== undefined) assert.equal(actual.severity, expected.severity, `severity of finding ${i}`);
          if (expected.message !== undefined) assert.ok(actual.message.includes(expected.message), `message "${actual.message}" should contain "${expected.message}"`);
        });
      });
    }
  });
}
