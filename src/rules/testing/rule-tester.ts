// A RuleTester in the typescript-eslint manner: tables of valid and invalid YAML, each invalid case
// listing the findings it must produce (message id, line, pointer).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cluster } from '../../cluster/model.js';
import { builtinCluster } from '../../cluster/profiles.js';
import { collectInputs, runRules, withClusterInput } from '../../engine/run.js';
import { clusterInputFromObjects } from '../../cluster/input.js';
import type { Finding, Rule, Severity } from '../../engine/types.js';
import type { ImageFactsByReference } from '../../images/types.js';
import { loadText } from '../../manifests/load.js';

export interface ValidCase {
  name: string;
  /** One or more YAML documents. */
  yaml: string;
  /** Built-in profile name or a Cluster; default: the default hybrid profile. */
  cluster?: string | Cluster;
  imageFacts?: ImageFactsByReference;
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
  assert.deepEqual(loaded.problems.filter((p) => p.severity === 'error'), [], 'the test YAML must load cleanly');
  if (testCase.clusterFromYaml) {
    const input = clusterInputFromObjects(loaded.objects, 'test.yaml');
    assert.ok(input.cluster && input.clusterObjects, `the test YAML must hold Node objects: ${input.problems.map((p) => p.message).join('; ')}`);
    const serverVersion = typeof testCase.clusterFromYaml === 'object' ? testCase.clusterFromYaml.serverVersion : undefined;
    const clusterObjects = serverVersion ? { ...input.clusterObjects, serverVersion } : input.clusterObjects;
    const inputs = withClusterInput(collectInputs(loaded.objects, input.cluster, testCase.imageFacts), { ...input, clusterObjects });
    return runRules(loaded.objects, inputs, [rule]);
  }
  const cluster = typeof testCase.cluster === 'object' ? testCase.cluster : builtinCluster(testCase.cluster ?? 'default');
  const inputs = collectInputs(loaded.objects, cluster, testCase.imageFacts);
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
