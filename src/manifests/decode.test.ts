import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePodTemplate } from './decode.js';

describe('decodePodTemplate issue order and pointers', () => {
  it('reports issues in the pod spec field order whatever order the fields are written in', () => {
    // Written: tolerations, nodeSelector, containers; the shape's order is containers, tolerations, nodeSelector.
    const spec = {
      tolerations: [null],
      nodeSelector: { 'a/b~c': 3 },
      containers: [{ name: 'app', image: 7 }, 'text'],
    };
    const { issues, spec: decoded } = decodePodTemplate(spec, '/spec/template/spec', {}, '/spec/template/metadata');
    assert.deepEqual(
      issues.map((issue) => issue.pointer),
      ['/spec/template/spec/containers/0/image', '/spec/template/spec/containers/1', '/spec/template/spec/tolerations/0', '/spec/template/spec/nodeSelector/a~1b~0c'],
    );
    assert.match(issues[0].message, /^spec\.template\.spec\.containers\[0\]\.image: expected a string, found an integer/);
    assert.deepEqual(decoded.nodeSelector, {});
    assert.deepEqual(decoded.tolerations, [{}]);
  });

  it('names the metadata pointer for metadata issues and builds nothing for a clean template', () => {
    const clean = { containers: [{ name: 'app', image: 'nginx' }] };
    const metadata = { labels: { app: 1 } };
    const result = decodePodTemplate(clean, '/spec', metadata, '/metadata');
    assert.equal(result.spec, clean);
    assert.deepEqual(result.issues.map((issue) => issue.pointer), ['/metadata/labels/app']);
  });
});
