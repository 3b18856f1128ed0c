import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadManifests, loadText } from './load.js';

function tempTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kh-load-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

describe('loading manifests', () => {
  it('reads every document of a multi-document YAML file', () => {
    const result = loadText('a.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n---\n');
    assert.deepEqual(result.objects.map((o) => o.object.kind), ['Pod', 'Service']);
    assert.deepEqual(result.objects.map((o) => o.documentIndex), [0, 1]);
    assert.deepEqual(result.problems, []);
  });

  it('reads JSON', () => {
    const result = loadText('a.json', '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"containers":[{"name":"c","image":"x"}]}}');
    assert.equal(result.objects.length, 1);
    assert.deepEqual(result.objects[0].positionOf('/spec/containers/0/image'), { line: 1, column: 91 });
  });

  it('splits a List into its items, keeping positions inside the List', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: b}\n  spec:\n    replicas: 2\n';
    const result = loadText('list.yaml', text);
    assert.deepEqual(result.objects.map((o) => `${o.object.kind}/${o.object.metadata?.name}`), ['Pod/a', 'Deployment/b']);
    assert.equal(result.objects[1].basePointer, '/items/1');
    assert.deepEqual(result.objects[1].positionOf('/spec/replicas'), { line: 11, column: 5 });
  });

  it('keeps a %YAML directive with the document it precedes', () => {
    const result = loadText('d.yaml', '%YAML 1.2\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\n');
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.objects.map((o) => o.object.metadata?.name), ['a', 'b']);
    assert.deepEqual(result.objects[0].positionOf('/metadata/name'), { line: 6, column: 3 });
  });

  it('treats a *List kind such as DeploymentList like a List', () => {
    const result = loadText('l.yaml', 'apiVersion: apps/v1\nkind: DeploymentList\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: d}\n');
    assert.deepEqual(result.objects.map((o) => o.object.kind), ['Deployment']);
  });

  it('names the Helm template each document came from', () => {
    const text = '---\n# Source: shop/templates/web.yaml\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\n# Source: shop/templates/db.yaml\napiVersion: v1\nkind: Service\nmetadata: {name: db}\n';
    const result = loadText('helm.yaml', text);
    assert.deepEqual(result.objects.map((o) => o.helmSource), ['shop/templates/web.yaml', 'shop/templates/db.yaml']);
  });

  it('skips a document without apiVersion and kind with an info note at its line', () => {
    const result = loadText('a.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\nfoo: bar\n');
    assert.equal(result.objects.length, 1);
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0].severity, 'info');
    assert.equal(result.problems[0].line, 5);
  });

  it('points at the key of a field, and at the nearest written ancestor for an absent one', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: x\n';
    const [object] = loadText('d.yaml', text).objects;
    assert.deepEqual(object.positionOf('/spec/template/spec/containers/0/image'), { line: 10, column: 11 });
    assert.deepEqual(object.positionOf('/spec/template/spec/containers/0'), { line: 9, column: 11 });
    assert.deepEqual(object.positionOf('/spec/template/spec/nodeSelector'), { line: 7, column: 5 });
    assert.deepEqual(object.positionOf(''), { line: 1, column: 1 });
  });

  it('reports malformed YAML at file:line:column and still loads the other documents', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: [broken\n---\napiVersion: v1\nkind: Service\nmetadata: {name: after}\n';
    const result = loadText('bad.yaml', text);
    assert.deepEqual(result.objects.map((o) => o.object.metadata?.name), ['ok', 'after']);
    const errors = result.problems.filter((p) => p.severity === 'error');
    assert.ok(errors.length >= 1);
    assert.equal(errors[0].file, 'bad.yaml');
    assert.ok(errors[0].line !== undefined && errors[0].line >= 7 && errors[0].line <= 8, `line ${errors[0].line}`);
    assert.match(errors[0].message, /malformed YAML/);
  });

  it('refuses an alias bomb with a clear error', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  ${levels.join('\n  ')}\n`;
    const result = loadText('bomb.yaml', text);
    assert.equal(result.objects.length, 0);
    assert.equal(result.problems[0].severity, 'error');
    assert.match(result.problems[0].message, /alias/i);
  });

  it('refuses a huge merge key and still loads the next document', () => {
    // 50 anchored maps of 100 keys, merged into 200 maps: ~2 million nodes once expanded.
    const anchors = Array.from({ length: 50 }, (_, i) => `a${i}: &a${i} {${Array.from({ length: 100 }, (_, k) => `k${i}_${k}: ${k}`).join(', ')}}`).join('\n');
    const merges = Array.from({ length: 200 }, (_, j) => `  m${j}:\n    <<: [${Array.from({ length: 50 }, (_, i) => `*a${i}`).join(', ')}]`).join('\n');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: merges}\n${anchors}\ndata:\n${merges}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: next}\n`;
    const result = loadText('merge.yaml', text);
    assert.deepEqual(result.objects.map((o) => o.object.metadata?.name), ['next']);
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0].severity, 'error');
    assert.equal(result.problems[0].line, 1);
    assert.match(result.problems[0].message, /would add more than 100,000 nodes once expanded/);
  });

  it('loads a large anchored map that no alias repeats (size as written is not expansion)', () => {
    const keys = Array.from({ length: 60_000 }, (_, i) => `  k${i}: v${i}`).join('\n');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: &d\n${keys}\n`;
    const result = loadText('big.yaml', text);
    assert.deepEqual(result.problems, []);
    const data = result.objects[0].object.data as Record<string, string>;
    assert.equal(Object.keys(data).length, 60_000);
    assert.equal(data.k59999, 'v59999');
  });

  it('copies an alias without merge keys into a tree of its own, with positions from the text', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n      image: x\n      resources: &r\n        limits: {memory: 1Gi}\n    - name: b\n      image: y\n      resources: *r\n';
    const [object] = loadText('a.yaml', text).objects;
    const containers = (object.object.spec as { containers: { resources: { limits: Record<string, string> } }[] }).containers;
    assert.deepEqual(containers[1].resources, { limits: { memory: '1Gi' } });
    assert.notEqual(containers[0].resources, containers[1].resources);
    assert.deepEqual(object.positionOf('/spec/containers/1/image'), { line: 11, column: 7 });
  });

  it('refuses an anchor whose value holds an alias to itself', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: loop}\ndata: &d\n  self: *d\n';
    const result = loadText('loop.yaml', text);
    assert.equal(result.objects.length, 0);
    assert.match(result.problems[0].message, /refused document 1: an anchor holds an alias to itself/);
  });

  it('still refuses duplicate keys in a document that holds anchors', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dup}\nx: &x {a: 1}\ndata:\n  a: "1"\n  a: "2"\n';
    const result = loadText('dup.yaml', text);
    assert.equal(result.objects.length, 0);
    assert.match(result.problems[0].message, /malformed YAML: duplicated mapping key/);
    assert.equal(result.problems[0].line, 7);
  });

  it('accepts ordinary anchors and merges', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nx-res: &res {requests: {cpu: 100m}}\nspec:\n  template:\n    spec:\n      containers:\n        - {name: a, image: x, resources: *res}\n        - name: b\n          image: y\n          resources:\n            <<: *res\n';
    const [object] = loadText('ok.yaml', text).objects;
    const containers = (object.object.spec as { template: { spec: { containers: { resources: unknown }[] } } }).template.spec.containers;
    assert.deepEqual(containers.map((c) => c.resources), [{ requests: { cpu: '100m' } }, { requests: { cpu: '100m' } }]);
  });

  it('expands merge keys as kubectl does', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nx-base: &base {image: nginx}\nspec:\n  containers:\n    - <<: *base\n      name: c\n';
    const [object] = loadText('m.yaml', text).objects;
    const spec = object.object.spec as { containers: { image: string; name: string }[] };
    assert.equal(spec.containers[0].image, 'nginx');
  });

  it('reads YAML 1.1 booleans the way kubectl does, and keeps true/false and quoted words as they are', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  a: yes\n  b: Off\n  c: true\n  d: FALSE\n  e: "yes"\n  f: yesterday\n  g: 1\n';
    const [object] = loadText('b.yaml', text).objects;
    assert.deepEqual(object.object.spec, { a: true, b: false, c: true, d: false, e: 'yes', f: 'yesterday', g: 1 });
  });

  it('walks folders recursively for .yaml, .yml and .json only, in a stable order', () => {
    const root = tempTree({
      'b.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\n',
      'sub/a.yml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n',
      'sub/c.json': '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"c"}}',
      'notes.txt': 'apiVersion: v1\nkind: Pod\n',
    });
    const result = loadManifests([root]);
    assert.deepEqual(result.objects.map((o) => o.object.metadata?.name), ['b', 'a', 'c']);
  });

  it('reports a missing file and keeps loading the others', () => {
    const root = tempTree({ 'ok.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\n' });
    const result = loadManifests([join(root, 'missing.yaml'), join(root, 'ok.yaml')]);
    assert.equal(result.objects.length, 1);
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0].message, /no such file/);
  });

  it('reads stdin for -', () => {
    const result = loadManifests(['-'], { readStdin: () => 'apiVersion: v1\nkind: Pod\nmetadata: {name: s}\n' });
    assert.equal(result.objects[0].file.path, '<stdin>');
  });

  it('reports a document that is not a mapping', () => {
    const result = loadText('s.yaml', '- a\n- b\n');
    assert.equal(result.problems[0].severity, 'error');
    assert.match(result.problems[0].message, /not an object/);
  });
});
