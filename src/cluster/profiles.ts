// Cluster inputs: built-in profiles (profiles/*.yaml), profile files, and `kubectl get nodes -o json|yaml`.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Node } from '../kube/types.js';
import { loadManifests, loadText } from '../manifests/load.js';
import type { LoadProblem, ManifestObject } from '../manifests/types.js';
import { asRecord, asString, isRecord } from '../util/guards.js';
import type { Cluster, Pool } from './model.js';
import { poolsOfNodes } from './pools.js';
import { PROFILE_KIND, clusterFromPoolSpecs, parsePoolSpecs } from './profile.js';
import type { ProfileProblem } from './profile.js';

/** Built-in profiles, in the order `kube-hybrid profiles` lists them. */
export const BUILTIN_PROFILE_NAMES = ['default', 'aks', 'gke', 'eks', 'kubeadm', 'multi-build'] as const;
export type BuiltinProfileName = (typeof BUILTIN_PROFILE_NAMES)[number];

export function isBuiltinProfileName(name: string): name is BuiltinProfileName {
  return (BUILTIN_PROFILE_NAMES as readonly string[]).includes(name);
}

export function builtinProfilePath(name: BuiltinProfileName): string {
  return fileURLToPath(new URL(`../../profiles/${name}.yaml`, import.meta.url));
}

export interface ClusterLoad {
  cluster?: Cluster;
  problems: LoadProblem[];
}

const cache = new Map<string, Cluster>();

/** A built-in profile by name; throws on an unknown name or a broken built-in (a bug of ours). */
export function builtinCluster(name: string): Cluster {
  if (!isBuiltinProfileName(name)) throw new Error(`unknown built-in cluster profile "${name}" (known: ${BUILTIN_PROFILE_NAMES.join(', ')})`);
  const cached = cache.get(name);
  if (cached) return cached;
  const path = builtinProfilePath(name);
  const loaded = clusterFromObjects(loadText(path, readFileSync(path, 'utf8')).objects, `builtin:${name}`);
  if (!loaded.cluster || loaded.problems.some((p) => p.severity === 'error')) {
    throw new Error(`built-in profile ${name} is broken: ${loaded.problems.map((p) => p.message).join('; ')}`);
  }
  cache.set(name, loaded.cluster);
  return loaded.cluster;
}

/** `--cluster VALUE`: an existing file wins over a built-in name of the same spelling. */
export function loadCluster(value: string | undefined): ClusterLoad {
  if (value === undefined) return { cluster: builtinCluster('default'), problems: [] };
  if (!existsSync(value) && isBuiltinProfileName(value)) return { cluster: builtinCluster(value), problems: [] };
  if (!existsSync(value)) {
    return {
      problems: [{ severity: 'error', file: value, message: `--cluster ${value}: neither a file nor a built-in profile (built-in: ${BUILTIN_PROFILE_NAMES.join(', ')})` }],
    };
  }
  const loaded = loadManifests([value]);
  const fromObjects = clusterFromObjects(loaded.objects, value);
  return { cluster: fromObjects.cluster, problems: [...loaded.problems.filter((p) => p.severity === 'error'), ...fromObjects.problems] };
}

function problemAt(object: ManifestObject, problem: ProfileProblem): LoadProblem {
  const position = object.positionOf(problem.path);
  return { severity: 'error', file: object.file.path, line: position.line, column: position.column, path: problem.path, message: problem.message };
}

/** A cluster from a ClusterProfile, or from Node objects (a NodeList is loaded item by item). */
export function clusterFromObjects(objects: readonly ManifestObject[], source: string): ClusterLoad {
  const profile = objects.find((o) => o.object.kind === PROFILE_KIND);
  if (profile) {
    const problems: ProfileProblem[] = [];
    const pools = parsePoolSpecs(profile.object, problems);
    const metadata = profile.object.metadata;
    const name = asString(metadata?.name) ?? source;
    const description = isRecord(metadata) ? asString(asRecord(metadata.annotations)?.['kube-hybrid.io/description']) : undefined;
    const cluster = clusterFromPoolSpecs(name, source, pools, description);
    return { cluster: problems.length === 0 ? cluster : undefined, problems: problems.map((p) => problemAt(profile, p)) };
  }
  const nodeObjects = objects.filter((o) => o.object.kind === 'Node');
  if (nodeObjects.length === 0) {
    return { problems: [{ severity: 'error', file: source, message: `${source}: no ClusterProfile and no Node objects (expected kubectl get nodes -o json|yaml output or a ClusterProfile)` }] };
  }
  const problems: LoadProblem[] = [];
  const nodes: Node[] = [];
  for (const o of nodeObjects) {
    const name = asString(o.object.metadata?.name);
    if (!name) {
      problems.push(problemAt(o, { path: '/metadata/name', message: 'a Node needs metadata.name' }));
      continue;
    }
    nodes.push(o.object as unknown as Node);
  }
  const pools: Pool[] = poolsOfNodes(nodes);
  return { cluster: { name: source, source, nodes, pools }, problems };
}
