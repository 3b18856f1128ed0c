// The changes of a plan as a kustomize overlay: the changed objects as they are today (overlay/base/),
// and one RFC 6902 patch per changed object (kustomize `patches` with a target), so the change can be
// reviewed as a diff and applied with `kubectl apply -k overlay/`. Self-contained: kustomize's default
// load restrictor refuses resources outside the overlay's folder.
import { stringify } from 'yaml';
import type { KubeObject } from '../kube/types.js';
import { nameOf } from '../manifests/workloads.js';
import { isRecord } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import type { UpgradePlan } from './upgrade.js';

export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

/** The operations that turn `before` into `after`: members added, removed or replaced; arrays of another length replaced whole. */
export function diffOperations(before: unknown, after: unknown, path = ''): PatchOperation[] {
  if (isRecord(before) && isRecord(after)) {
    const ops: PatchOperation[] = [];
    for (const key of Object.keys(before)) if (!(key in after)) ops.push({ op: 'remove', path: joinPointer(path, key) });
    for (const [key, value] of Object.entries(after)) {
      if (!(key in before)) ops.push({ op: 'add', path: joinPointer(path, key), value });
      else ops.push(...diffOperations(before[key], value, joinPointer(path, key)));
    }
    return ops;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => diffOperations(item, after[i], joinPointer(path, i)));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ op: 'replace', path, value: after }];
}

function targetOf(object: KubeObject): Record<string, string> {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const target: Record<string, string> = { version, kind: object.kind, name: nameOf(object) };
  if (group) target.group = group;
  if (object.metadata?.namespace) target.namespace = object.metadata.namespace;
  return target;
}

function baseFileName(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? 'manifest.yaml';
  return /\.ya?ml$/i.test(name) ? name : `${name.replace(/\.json$/i, '')}.yaml`;
}

/** `overlay/kustomization.yaml`, `overlay/base/*.yaml` (the changed objects as written) and the RuntimeClasses it adds. */
export function overlayFiles(plan: UpgradePlan): Map<string, string> {
  const files = new Map<string, string>();
  const bases = new Map<string, KubeObject[]>();
  for (const p of plan.changes.patched) {
    const name = `base/${baseFileName(p.original.file.path)}`;
    bases.set(name, [...(bases.get(name) ?? []), p.original.object]);
  }
  for (const [name, objects] of bases) files.set(`overlay/${name}`, objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n'));
  const resources = [...bases.keys()];
  if (plan.changes.runtimeClasses.length > 0) {
    files.set('overlay/runtimeclasses.yaml', plan.changes.runtimeClasses.map((rc) => stringify(rc, { lineWidth: 0 })).join('---\n'));
    resources.push('runtimeclasses.yaml');
  }
  const patches = plan.changes.patched.map((p) => ({ target: targetOf(p.object), patch: stringify(diffOperations(p.original.object, p.object), { lineWidth: 0 }) }));
  files.set('overlay/kustomization.yaml', stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources, patches }, { lineWidth: 0 }));
  return files;
}
