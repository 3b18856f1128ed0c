// check and simulate must never disagree on where a pod may land: for every workload of the
// repository's examples, fixtures and rule docs, on every built-in cluster, each node simulate binds
// one of its pods to is among the nodes check's placement allows (the shared filters in
// src/engine/placement.ts and the scheduler's plugins, the DaemonSet controller, the kubelet's
// admission of pods that bypass the scheduler).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { BUILTIN_PROFILE_NAMES, loadCluster } from '../cluster/profiles.js';
import { loadManifests, loadText } from '../manifests/load.js';
import type { ManifestObject } from '../manifests/types.js';
import { workloadOf } from '../manifests/workloads.js';
import { simulate } from '../scheduler/simulate.js';
import { repoPath } from '../testing/paths.js';
import { analyseWorkload } from './analysis.js';
import { collectInputs } from './run.js';

/** Statuses of a pod the kubelet refused: it names its node but was never bound there. */
const REFUSED = /^(OutOf.*|NodeAffinity|NodeName|NodePorts|TaintToleration|PodOSNotSupported|PodOSSelectorNodeLabelDoesNotMatch|FailedCreate)$/;

/** The ```yaml blocks of the rule docs' ❌/✅ examples, each block one input. */
function docExamples(): { name: string; objects: ManifestObject[] }[] {
  const folder = repoPath('docs/rules');
  return readdirSync(folder)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .flatMap((file) => {
      const text = readFileSync(`${folder}/${file}`, 'utf8');
      return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m, i) => ({ name: `docs/rules/${file} #${i + 1}`, objects: loadText(`${file}#${i + 1}`, m[1]).objects }));
    });
}

const corpora = [
  { name: 'examples/hybrid-app', objects: loadManifests([repoPath('examples/hybrid-app')]).objects },
  { name: 'test/fixtures/workloads', objects: loadManifests([repoPath('test/fixtures/workloads')]).objects },
  ...docExamples(),
];

describe('check and simulate agree on where pods may land', () => {
  it('the corpus has workloads to compare (guard against an empty run)', () => {
    const workloads = corpora.flatMap((c) => c.objects.map(workloadOf).filter((w) => w !== undefined));
    assert.ok(workloads.length > 60, `${workloads.length} workloads`);
  });

  for (const profile of BUILTIN_PROFILE_NAMES) {
    it(`on the ${profile} cluster`, () => {
      const cluster = loadCluster(profile).cluster!;
      let compared = 0;
      for (const corpus of corpora) {
        const inputs = collectInputs(corpus.objects, cluster);
        const allowed = new Map<string, Set<string>>();
        for (const object of corpus.objects) {
          const workload = workloadOf(object);
          if (!workload) continue;
          const key = `${workload.kind}/${workload.namespace ?? 'default'}/${workload.name}`;
          allowed.set(key, new Set(analyseWorkload(workload, inputs).placement.eligible.map((n) => n.metadata.name)));
        }
        for (const pod of simulate(corpus.objects, cluster).pods) {
          if (pod.node === null || REFUSED.test(pod.status)) continue;
          const key = `${pod.workload.kind}/${pod.namespace}/${pod.workload.name}`;
          const eligible = allowed.get(key);
          assert.ok(eligible, `${corpus.name}: ${key} has a placement`);
          if (pod.status === 'Pending') continue; // waits for a node the cluster does not have
          assert.ok(eligible.has(pod.node), `${corpus.name}: simulate bound ${pod.name} (${key}) to ${pod.node}; check allows ${[...eligible].join(', ') || 'no node'}`);
          compared++;
        }
      }
      assert.ok(compared > 0, 'some pods were bound and compared');
    });
  }
});
