import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addStartupProbe, memoryRequestEqualsLimit, removeIgnoredSecurityField, wrapExecInCmd } from './containers.js';
import { JsonPatchBuilder } from './json-patch.js';

const C = ['spec', 'containers', '0'];
const pod = (container: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({ spec: { ...spec, containers: [{ name: 'app', ...container }] } });

describe('container changes', () => {
  it('sets the memory request to the limit, only when both are set and differ', () => {
    const b = new JsonPatchBuilder(pod({ resources: { requests: { memory: '1Gi' }, limits: { memory: '2Gi' } } }));
    assert.equal(memoryRequestEqualsLimit(b, C), true);
    assert.deepEqual(b.operations, [{ op: 'replace', path: '/spec/containers/0/resources/requests/memory', value: '2Gi' }]);
    assert.equal(memoryRequestEqualsLimit(new JsonPatchBuilder(pod({ resources: { requests: { memory: '1024Mi' }, limits: { memory: '1Gi' } } })), C), false, 'equal quantities');
    assert.equal(memoryRequestEqualsLimit(new JsonPatchBuilder(pod({ resources: { requests: { memory: '1Gi' } } })), C), false, 'no limit: a human chooses it');
  });

  it('wraps an exec command in cmd /c, but not a Linux path or an executable', () => {
    const b = new JsonPatchBuilder(pod({ livenessProbe: { exec: { command: ['healthcheck.bat', '--quick'] } } }));
    assert.equal(wrapExecInCmd(b, [...C, 'livenessProbe']), true);
    assert.deepEqual(b.valueAt([...C, 'livenessProbe', 'exec', 'command']), ['cmd', '/c', 'healthcheck.bat', '--quick']);
    assert.deepEqual(b.operations.map((o) => o.path), ['/spec/containers/0/livenessProbe/exec/command/0', '/spec/containers/0/livenessProbe/exec/command/1']);
    for (const command of [['/bin/sh', '-c', 'true'], ['powershell', '-Command', 'exit 0'], ['C:\\tools\\probe.exe']]) {
      assert.equal(wrapExecInCmd(new JsonPatchBuilder(pod({ readinessProbe: { exec: { command } } })), [...C, 'readinessProbe']), false, command[0]);
    }
  });

  it('adds a startupProbe with the liveness handler, and not over an existing one or an exec Windows cannot run', () => {
    const b = new JsonPatchBuilder(pod({ livenessProbe: { httpGet: { path: '/', port: 80 }, timeoutSeconds: 3 } }));
    assert.equal(addStartupProbe(b, C), true);
    assert.deepEqual(b.valueAt([...C, 'startupProbe']), { httpGet: { path: '/', port: 80 }, timeoutSeconds: 3, periodSeconds: 10, failureThreshold: 30 });
    assert.equal(addStartupProbe(new JsonPatchBuilder(pod({ livenessProbe: { exec: { command: ['dir'] } } })), C), false);
    assert.equal(addStartupProbe(new JsonPatchBuilder(pod({ livenessProbe: { tcpSocket: { port: 80 } }, startupProbe: { tcpSocket: { port: 80 } } })), C), false);
  });

  it('removes ignored Linux-only fields, the securityContext with its last one, and leaves what a human must decide', () => {
    const b = new JsonPatchBuilder(pod({ securityContext: { runAsUser: 0, privileged: false, capabilities: { drop: ['ALL'] } } }, { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }));
    assert.equal(removeIgnoredSecurityField(b, ['spec', 'securityContext'], 'seccompProfile', 'pod'), true);
    assert.equal(b.valueAt(['spec', 'securityContext']), undefined, 'the emptied securityContext goes too');
    for (const field of ['runAsUser', 'privileged', 'capabilities']) assert.equal(removeIgnoredSecurityField(b, [...C, 'securityContext'], field, 'container'), true, field);
    assert.equal(b.valueAt([...C, 'securityContext']), undefined);
    const kept = new JsonPatchBuilder(pod({ securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'] } } }, { securityContext: { sysctls: [{ name: 'a', value: '1' }] } }));
    assert.equal(removeIgnoredSecurityField(kept, [...C, 'securityContext'], 'privileged', 'container'), false);
    assert.equal(removeIgnoredSecurityField(kept, [...C, 'securityContext'], 'capabilities', 'container'), false);
    assert.equal(removeIgnoredSecurityField(kept, ['spec', 'securityContext'], 'sysctls', 'pod'), false);
    assert.deepEqual(kept.operations, []);
  });
});
