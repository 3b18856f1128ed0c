// The differential suites, bounded for CI: KUBE_HYBRID_DIFF_CASES scheduling cases (default 500) and
// KUBE_HYBRID_DIFF_VALIDATION_CASES validation pods (default 300) against the test bed's real
// control plane, seeded by KUBE_HYBRID_DIFF_SEED. The report is written to
// .cache/diff-upstream/ci-report.json. `npm run diff:upstream -- --cases N` is the long mode.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { repoPath } from '../../paths.js';
import { ControlPlane } from '../controlplane.js';
import { testbedAvailability } from '../require.js';
import { KNOWN_SCHEDULING, unknownOf, unknownValidation } from './known.js';
import { formatReport } from './report.js';
import type { DiffReport } from './run.js';
import { agreementLines, runDifferential } from './run.js';

const availability = testbedAvailability(false);
const count = (name: string, fallback: number) => {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number`);
  return n;
};

describe('upstream as the oracle: scheduling and validation differential', { skip: availability.skip }, () => {
  let plane: ControlPlane;
  let report: DiffReport;

  before(async () => {
    plane = await ControlPlane.start({ binDir: availability.binDir! });
    report = await runDifferential(plane, {
      seed: count('KUBE_HYBRID_DIFF_SEED', 20261130),
      schedulingCases: count('KUBE_HYBRID_DIFF_CASES', 500),
      validationCases: count('KUBE_HYBRID_DIFF_VALIDATION_CASES', 300),
      onProgress: (line) => process.stderr.write(`diff: ${line}\n`),
    });
    const dir = repoPath('.cache/diff-upstream');
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/ci-report.json`, JSON.stringify(report, null, 2));
    process.stderr.write(formatReport(report));
    process.stderr.write(`${agreementLines(report).join('\n')}\n`);
  });

  after(async () => {
    await plane?.stop();
  });

  test('every scheduling case ran to the end (no infrastructure error)', () => {
    assert.equal(report.scheduling.cases, count('KUBE_HYBRID_DIFF_CASES', 500));
    assert.deepEqual(report.scheduling.errors, []);
  });

  test('scheduling: every disagreement with kube-scheduler and the DaemonSet controller is a known one', () => {
    const compared = Object.values(report.scheduling.compared).reduce((a, b) => a + b, 0);
    assert.ok(compared > 0 || report.scheduling.cases === 0, 'decisions were compared');
    const unknown = unknownOf(report.scheduling.disagreements, KNOWN_SCHEDULING);
    assert.deepEqual(unknown, []);
  });

  test('validation: every rejection and acceptance of the real API server matches check (or a known disagreement)', () => {
    assert.equal(report.validation.cases, count('KUBE_HYBRID_DIFF_VALIDATION_CASES', 300));
    const unknown = unknownValidation(report.validation.disagreements);
    assert.deepEqual(unknown.map((d) => ({ case: d.caseIndex, missed: d.missed, extra: d.extra, upstream: d.upstream, ours: d.ours })), []);
  });
});
