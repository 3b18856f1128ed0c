import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editYamlDocument } from './yaml-edit.js';
import type { JsonPatchOperation } from './json-patch.js';

function edited(text: string, operations: JsonPatchOperation[], base = ''): string {
  const result = editYamlDocument(text, base, operations);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.text;
}

function refusal(text: string, operations: JsonPatchOperation[]): string {
  const result = editYamlDocument(text, '', operations);
  assert.equal(result.ok, false, 'the edit should be refused');
  return result.ok ? '' : result.reason;
}

const DEPLOYMENT = [
  '# the web tier',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  "  name: 'web'   # quoted name",
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '      - name: web',
  '        image: "mcr.microsoft.com/windows/servercore:ltsc2022"',
  '        resources:',
  '          requests: {cpu: 100m, memory: 1Gi}',
  '          limits:',
  '            memory: "2Gi"  # hard cap',
  '      # keep tolerations last',
  '      tolerations:',
  '      - {key: a, operator: Exists}',
  '',
].join('\n');

describe('format-preserving YAML edits', () => {
  it('adds a map member at the end of a block map, at its indentation, keeping every other byte', () => {
    const out = edited(DEPLOYMENT, [{ op: 'add', path: '/spec/template/spec/nodeSelector', value: { 'kubernetes.io/os': 'windows' } }]);
    assert.equal(out, DEPLOYMENT + '      nodeSelector:\n        kubernetes.io/os: windows\n');
  });

  it('appends a toleration to a block sequence in the style of its items (kubectl-style unindented dashes)', () => {
    const out = edited(DEPLOYMENT, [{ op: 'add', path: '/spec/template/spec/tolerations/-', value: { key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' } }]);
    assert.equal(out, DEPLOYMENT + '      - key: os\n        operator: Equal\n        value: windows\n        effect: NoSchedule\n');
  });

  it('replaces a scalar in a flow map, keeping the flow style', () => {
    const out = edited(DEPLOYMENT, [{ op: 'replace', path: '/spec/template/spec/containers/0/resources/requests/memory', value: '2Gi' }]);
    assert.equal(out, DEPLOYMENT.replace('{cpu: 100m, memory: 1Gi}', '{cpu: 100m, memory: 2Gi}'));
  });

  it('keeps the quoting of a replaced scalar', () => {
    const out = edited(DEPLOYMENT, [{ op: 'replace', path: '/spec/template/spec/containers/0/resources/limits/memory', value: '4Gi' }]);
    assert.equal(out, DEPLOYMENT.replace('memory: "2Gi"  # hard cap', 'memory: "4Gi"  # hard cap'));
  });

  it('adds to a flow map and inserts into a flow sequence, quoting like the neighbours', () => {
    const text = 'spec:\n  nodeSelector: {agentpool: win22}\n  command: ["healthcheck.bat"]\n';
    const out = edited(text, [
      { op: 'add', path: '/spec/nodeSelector/kubernetes.io~1os', value: 'windows' },
      { op: 'add', path: '/spec/command/0', value: 'cmd' },
      { op: 'add', path: '/spec/command/1', value: '/c' },
    ]);
    assert.equal(out, 'spec:\n  nodeSelector: {agentpool: win22, kubernetes.io/os: windows}\n  command: ["cmd", "/c", "healthcheck.bat"]\n');
  });

  it('fills an empty flow map and a null value', () => {
    assert.equal(edited('spec:\n  nodeSelector: {}\n', [{ op: 'add', path: '/spec/nodeSelector/kubernetes.io~1os', value: 'linux' }]), 'spec:\n  nodeSelector: {kubernetes.io/os: linux}\n');
    assert.equal(edited('spec:\n  nodeSelector:\n  hostname: x\n', [{ op: 'add', path: '/spec/nodeSelector', value: { 'kubernetes.io/os': 'linux' } }]), 'spec:\n  nodeSelector: {kubernetes.io/os: linux}\n  hostname: x\n');
  });

  it('inserts before an item of a block sequence', () => {
    const text = 'command:\n  - healthcheck.bat\n  - --quiet\n';
    assert.equal(edited(text, [{ op: 'add', path: '/command/0', value: 'cmd' }, { op: 'add', path: '/command/1', value: '/c' }]), 'command:\n  - cmd\n  - /c\n  - healthcheck.bat\n  - --quiet\n');
  });

  it('removes a member with the comment lines directly above it, and nothing else', () => {
    const text = 'securityContext:\n  windowsOptions: {runAsUserName: ContainerUser}\n  # Linux only\n  runAsUser: 1000\n  # kept\n  fsGroup: 2000\n';
    assert.equal(edited(text, [{ op: 'remove', path: '/securityContext/runAsUser' }]), 'securityContext:\n  windowsOptions: {runAsUserName: ContainerUser}\n  # kept\n  fsGroup: 2000\n');
    assert.equal(edited('sc: {a: 1, runAsUser: 0, b: 2}\n', [{ op: 'remove', path: '/sc/runAsUser' }]), 'sc: {a: 1, b: 2}\n');
    assert.equal(edited('sc: {a: 1, runAsUser: 0}\n', [{ op: 'remove', path: '/sc/runAsUser' }]), 'sc: {a: 1}\n');
  });

  it('keeps CRLF line endings, also in the lines it adds', () => {
    const crlf = DEPLOYMENT.replace(/\n/g, '\r\n');
    const out = edited(crlf, [
      { op: 'add', path: '/spec/template/spec/nodeSelector', value: { 'kubernetes.io/os': 'windows' } },
      { op: 'add', path: '/spec/template/spec/tolerations/-', value: { key: 'os', operator: 'Exists' } },
    ]);
    assert.doesNotMatch(out, /[^\r]\n/);
    assert.ok(out.startsWith(crlf), 'the original text is a prefix of the result');
  });

  it('indents with the document\'s step (4 spaces) and indents sequences like the document', () => {
    const text = 'spec:\n    containers:\n        -   name: a\n    tolerations:\n        - key: x\n';
    assert.equal(edited(text, [{ op: 'add', path: '/spec/nodeSelector', value: { 'kubernetes.io/os': 'windows' } }]), text + '    nodeSelector:\n        kubernetes.io/os: windows\n');
  });

  it('takes the indentation step from block maps, not from flow continuation lines or block scalars', () => {
    const text = 'spec:\n  args: [a,\n   b]\n  script: |\n     odd\n  b:\n    c: 1\n';
    assert.equal(edited(text, [{ op: 'add', path: '/spec/d', value: { e: 1 } }]), text + '  d:\n    e: 1\n');
  });

  it('adds a field at the end of a document without a final newline', () => {
    assert.equal(edited('spec:\n  a: 1', [{ op: 'add', path: '/spec/b', value: 2 }]), 'spec:\n  a: 1\n  b: 2\n');
  });

  it('quotes a new string that YAML 1.1 would read as another type', () => {
    assert.equal(edited('m:\n  a: x\n', [{ op: 'add', path: '/m/b', value: 'yes' }, { op: 'add', path: '/m/c', value: '10.0.20348' }]), 'm:\n  a: x\n  b: "yes"\n  c: 10.0.20348\n');
  });

  it('edits a document that has anchors elsewhere, and refuses to edit through an alias', () => {
    const text = 'base: &probe {httpGet: {path: /, port: 80}}\nspec:\n  livenessProbe: *probe\n  name: x\n';
    assert.equal(edited(text, [{ op: 'add', path: '/spec/os', value: { name: 'windows' } }]), text + '  os:\n    name: windows\n');
    assert.match(refusal(text, [{ op: 'add', path: '/spec/livenessProbe/timeoutSeconds', value: 5 }]), /alias/);
  });

  it('refuses to edit a field supplied by a merge key, and a block scalar', () => {
    const merged = 'defaults: &d {memory: 1Gi}\nrequests:\n  <<: *d\n  cpu: 1\n';
    assert.match(refusal(merged, [{ op: 'replace', path: '/requests/memory', value: '2Gi' }]), /merge key|not written/);
    assert.match(refusal('cmd: |\n  dir\n', [{ op: 'replace', path: '/cmd', value: 'x' }]), /block scalar/);
  });
});
