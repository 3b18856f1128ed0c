import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jsonpatch from 'fast-json-patch';
import { parse } from 'yaml';
import { builtinCluster } from '../cluster/profiles.js';
import { loadManifests } from '../manifests/load.js';
import { repoPath } from '../testing/paths.js';
import { diffOperations, overlayFiles } from './overlay.js';
import { planUpgrade } from './upgrade.js';

describe('plan upgrade: the kustomize overlay', () => {
  const loaded = loadManifests([repoPath('examples/hybrid-app')]);
  const plan = planUpgrade(loaded.objects, builtinCluster('aks'), { target: 26100, today: '2026-11-30', pinMode: 'runtime-class' });
  const files = overlayFiles(plan);

  it('patches each object as written into exactly the patched copy', () => {
    assert.ok(plan.changes.patched.length > 0);
    for (const p of plan.changes.patched) {
      const ops = diffOperations(p.original.object, p.object);
      const applied = jsonpatch.applyPatch(structuredClone(p.original.object), ops as jsonpatch.Operation[], true, false).newDocument;
      assert.deepEqual(applied, p.object, `${p.object.kind}/${p.object.metadata?.name}`);
    }
  });

  it('is self-contained: the changed objects as bases, the new RuntimeClass, one targeted patch per object', () => {
    const kustomization = parse(files.get('overlay/kustomization.yaml')!) as { resources: string[]; patches: { target: { kind: string; name: string }; patch: string }[] };
    assert.deepEqual(kustomization.resources, ['base/20-iis-app.yaml', 'base/40-monitoring.yaml', 'base/50-cronjob.yaml', 'runtimeclasses.yaml']);
    for (const resource of kustomization.resources) assert.ok(files.has(`overlay/${resource}`), resource);
    assert.deepEqual(kustomization.patches.map((p) => `${p.target.kind}/${p.target.name}`), plan.changes.patched.map((p) => `${p.object.kind}/${p.object.metadata?.name}`));
    assert.match(kustomization.patches[0].patch, /path: \/spec\/template\/spec\/runtimeClassName\n\s+value: windows-2025/);
  });

  it('diffs members added, removed and replaced, and arrays of another length whole', () => {
    assert.deepEqual(diffOperations({ a: 1, b: { c: 2 }, l: [1, 2] }, { a: 1, b: { d: 3 }, l: [1, 2, 3], n: 'x' }), [
      { op: 'remove', path: '/b/c' },
      { op: 'add', path: '/b/d', value: 3 },
      { op: 'replace', path: '/l', value: [1, 2, 3] },
      { op: 'add', path: '/n', value: 'x' },
    ]);
  });
});
