import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { captureIO } from '../cli/io.js';
import { explain as explainVerb } from '../cli/explain.js';
import { explain, schedulingReasons } from './explain.js';
import { parseInput } from './input.js';

const FAILED_SCHEDULING = "0/5 nodes are available: 2 node(s) had untolerated taint {os: windows}, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.";

describe('FailedScheduling decomposition', () => {
  it('splits the histogram and the preemption part into reasons with their node counts', () => {
    assert.deepEqual(schedulingReasons(FAILED_SCHEDULING), [
      { count: 2, reason: 'node(s) had untolerated taint {os: windows}', preemption: false },
      { count: 3, reason: "node(s) didn't match Pod's node affinity/selector", preemption: false },
      { count: 5, reason: 'Preemption is not helpful for scheduling', preemption: true },
    ]);
  });

  it('reports a reason it has no entry for as recognised', () => {
    const report = explain('0/3 nodes are available: 3 node(s) had disk pressure.');
    assert.deepEqual(report.explained, []);
    assert.deepEqual(report.recognised, [{ kind: 'scheduler-reason', text: 'node(s) had disk pressure', detail: '3 node(s)' }]);
  });
});

describe('explain input', () => {
  it('reads kubectl get events -o json (an EventList)', () => {
    const events = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { kind: 'Event', reason: 'Scheduled', message: 'Successfully assigned web/iis to win-1' },
        { kind: 'Event', reason: 'Failed', message: 'Error: failed to create containerd task: failed to create shim task: hcs::CreateComputeSystem abc: The container operating system does not match the host operating system.: unknown' },
      ],
    };
    const input = parseInput(JSON.stringify(events));
    assert.equal(input.kind, 'events');
    const report = explain(JSON.stringify(events));
    assert.deepEqual(report.explained.map((e) => [e.id, e.eventReason]), [['hcs-os-mismatch', 'Failed']]);
  });

  it('reads kubectl get events -o yaml', () => {
    const yaml = ['apiVersion: v1', 'items:', '- kind: Event', '  reason: FailedScheduling', `  message: "${FAILED_SCHEDULING.replace(/"/g, '\\"')}"`, 'kind: List', ''].join('\n');
    assert.equal(parseInput(yaml).kind, 'events');
    assert.deepEqual(explain(yaml).explained.map((e) => e.id), ['scheduler-untolerated-taint', 'scheduler-node-affinity', 'scheduler-preemption']);
  });

  it('reads kubectl get pod -o json: container states and exit codes', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'iis' },
      status: {
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'iis',
            state: { waiting: { reason: 'CreateContainerError', message: 'hcs::CreateComputeSystem abc: The container operating system does not match the host operating system.: unknown' } },
            lastState: { terminated: { reason: 'Error', exitCode: -1073741510 } },
          },
        ],
      },
    };
    const report = explain(JSON.stringify(pod));
    assert.equal(report.input, 'pods');
    assert.deepEqual(report.explained.map((e) => [e.id, e.eventReason]), [['hcs-os-mismatch', 'CreateContainerError'], ['exit-code-control-c', 'Exit Code']]);
  });

  it('reads a pasted kubectl describe pod: event rows and container state fields', () => {
    const describe = [
      'Name:         iis-7d9c',
      'Namespace:    web',
      '    Last State:     Terminated',
      '      Exit Code:    -1073741510',
      'Events:',
      '  Type     Reason     Age                From     Message',
      '  ----     ------     ----               ----     -------',
      '  Warning  Unhealthy  1m (x3 over 2m)    kubelet  Liveness probe failed: container abc encountered an error during CreateProcess: failure in a Windows system call: The system cannot find the file specified. (0x2)',
    ].join('\n');
    const input = parseInput(describe);
    assert.equal(input.kind, 'describe');
    const report = explain(describe);
    assert.deepEqual(report.explained.map((e) => [e.id, e.eventReason]), [['exit-code-control-c', 'Exit Code'], ['exec-file-not-found', 'Unhealthy']]);
    assert.deepEqual(report.explained[1].rules, ['windows-exec-probe-command']);
  });
});

describe('kube-hybrid explain', () => {
  it('exits 0 and names the rule that predicts an explained error', async () => {
    const io = captureIO();
    const code = await explainVerb(['The container operating system does not match the host operating system.'], io);
    assert.equal(code, 0);
    assert.match(io.out, /`check` would have caught this: rule windows-image-build-mismatch/);
    assert.match(io.out, /source: https:\/\/github\.com\/microsoft\/navcontainerhelper\/issues\/1004 \(read 2026-11-30\)/);
  });

  it('exits 1 when nothing matches, and says what it recognised (a decoded HRESULT)', async () => {
    const io = captureIO();
    const code = await explainVerb(['something failed (0x80370102)'], io);
    assert.equal(code, 1);
    assert.match(io.out, /no catalogue entry matches/);
    assert.match(io.out, /status-code: 0x80370102 — .*HCS_E_HYPERV_NOT_INSTALLED/);
  });

  it('reads standard input with -, and prints JSON with -o json', async () => {
    const io = captureIO('pull QPS exceeded\n');
    const code = await explainVerb(['-', '-o', 'json'], io);
    assert.equal(code, 0);
    const body = JSON.parse(io.out) as { explained: { id: string }[] };
    assert.deepEqual(body.explained.map((e) => e.id), ['pull-qps-exceeded']);
  });

  it('exits 2 on empty input and on a live request without a pod name', async () => {
    assert.equal(await explainVerb([], captureIO('  \n')), 2);
    const io = captureIO();
    assert.equal(await explainVerb(['pod', '-n', 'web'], io), 2);
    assert.match(io.err, /explain pod takes one pod name/);
  });
});
