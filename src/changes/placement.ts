// Safe placement changes, each implemented once: the webhook sends them as a JSON patch, `check --fix`
// writes them into the YAML. They add only what is missing and never change a value the user wrote.
import type { WorkloadAnalysis } from '../engine/analysis.js';
import { WINDOWS_TAINT_KEYS } from '../engine/os-intent.js';
import { osOfNode } from '../kube/nodes.js';
import { tolerationsTolerateTaint } from '../kube/taints.js';
import type { Node, OSName, RuntimeClass, Taint, Toleration } from '../kube/types.js';
import { LABEL_OS, LABEL_WINDOWS_BUILD } from '../kube/types.js';
import { asRecord, recordsIn } from '../util/guards.js';
import { buildLabelOf, parseWindowsVersion, windowsVersionOfNode } from '../windows/builds.js';
import { hostRunsImage } from '../windows/compat.js';
import type { JsonPatchBuilder } from './json-patch.js';

/** `nodeSelector: {kubernetes.io/os: <os>}` on the pod spec at `spec`, when that key is not set. */
export function pinOs(builder: JsonPatchBuilder, spec: readonly string[], os: OSName): boolean {
  return builder.addMember([...spec, 'nodeSelector', LABEL_OS], os);
}

/** `os: {name: <os>}` on the pod spec, when not set. */
export function setOsField(builder: JsonPatchBuilder, spec: readonly string[], os: OSName): boolean {
  return builder.addMember([...spec, 'os'], { name: os });
}

/** A Windows taint of any known convention (key `os` or `node.kubernetes.io/os`, value case-insensitively `windows`). */
export function isWindowsTaint(taint: Taint): boolean {
  return WINDOWS_TAINT_KEYS.includes(taint.key) && (taint.value ?? '').toLowerCase() === 'windows';
}

/** The Windows taints in use, in the order first seen, so the added toleration matches the nodes exactly. */
export function windowsTaintsOf(nodes: readonly Node[]): Taint[] {
  const seen = new Map<string, Taint>();
  for (const node of nodes) {
    if (osOfNode(node) !== 'windows') continue;
    for (const taint of node.spec?.taints ?? []) {
      if (taint.effect === 'PreferNoSchedule' || !isWindowsTaint(taint)) continue;
      const id = `${taint.key}\u0000${taint.value ?? ''}\u0000${taint.effect}`;
      if (!seen.has(id)) seen.set(id, { key: taint.key, value: taint.value, effect: taint.effect });
    }
  }
  return [...seen.values()];
}

/** `major.minor.build` of every Windows node, sorted and distinct. */
export function windowsBuildsOf(nodes: readonly Node[]): string[] {
  const builds = new Set<string>();
  for (const node of nodes) {
    if (osOfNode(node) !== 'windows') continue;
    const version = windowsVersionOfNode(node);
    if (version) builds.add(buildLabelOf(version));
  }
  return [...builds].sort();
}

/** The toleration that tolerates exactly this taint (key, operator Equal, value as written, effect). */
export function tolerationFor(taint: Taint): Toleration {
  return { key: taint.key, operator: 'Equal', value: taint.value ?? '', effect: taint.effect };
}

/**
 * Tolerations to add so that `have` (the pod's own plus its RuntimeClass's) tolerates each wanted taint;
 * a taint already tolerated adds nothing.
 */
export function missingTolerations(have: readonly Toleration[], wanted: readonly { taint: Taint; toleration: Toleration }[]): Toleration[] {
  const effective = [...have];
  const out: Toleration[] = [];
  for (const { taint, toleration } of wanted) {
    if (tolerationsTolerateTaint(effective, taint)) continue;
    out.push(toleration);
    effective.push(toleration);
  }
  return out;
}

/** Appends each toleration to the pod spec's tolerations (created when absent). */
export function addTolerations(builder: JsonPatchBuilder, spec: readonly string[], tolerations: readonly Toleration[]): boolean {
  let added = false;
  for (const toleration of tolerations) added = builder.appendTo([...spec, 'tolerations'], toleration) || added;
  return added;
}

/** Whether the pod (or its RuntimeClass) already selects a Windows build. */
export function pinsBuildAlready(analysis: WorkloadAnalysis): boolean {
  if (analysis.effectiveSpec.nodeSelector?.[LABEL_WINDOWS_BUILD] !== undefined) return true;
  const terms = recordsIn(asRecord(asRecord(asRecord(analysis.effectiveSpec.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution)?.nodeSelectorTerms);
  return terms.some(({ item }) => recordsIn(item.matchExpressions).some(({ item: req }) => req.key === LABEL_WINDOWS_BUILD));
}

/**
 * The one node build (`major.minor.build` label value) among `builds` that runs every Windows image the
 * pod names, by containerd's rule; undefined when the images name no build, or when none or several
 * builds fit (a nodeSelector holds one value: with several we would narrow the user's choice for no reason).
 */
export function buildForImages(analysis: WorkloadAnalysis, builds: readonly string[]): string | undefined {
  const images = analysis.images.filter((image) => image.os === 'windows' && image.windowsBuilds.length > 0);
  if (images.length === 0) return undefined;
  const fitting = builds.filter((label) => {
    const host = parseWindowsVersion(label);
    return images.every((image) => image.windowsBuilds.some((build) => hostRunsImage(host, { major: 10, minor: 0, build })));
  });
  return fitting.length === 1 ? fitting[0] : undefined;
}

/**
 * The build `check --fix` pins: the images' own build when every Windows image of the pod names the
 * same one and the cluster has nodes of it (that pairing always runs, and is what the tag asked for);
 * otherwise the one build that runs them all (`buildForImages`).
 */
export function buildToPin(analysis: WorkloadAnalysis, builds: readonly string[]): string | undefined {
  const images = analysis.images.filter((image) => image.os === 'windows' && image.windowsBuilds.length > 0);
  if (images.length === 0) return undefined;
  const shared = images[0].windowsBuilds.filter((build) => images.every((image) => image.windowsBuilds.includes(build)));
  const own = builds.filter((label) => {
    const version = parseWindowsVersion(label);
    return version !== undefined && shared.includes(version.build);
  });
  return own.length === 1 ? own[0] : buildForImages(analysis, builds);
}

/** `nodeSelector: {node.kubernetes.io/windows-build: <build>}`, when not set. */
export function pinWindowsBuild(builder: JsonPatchBuilder, spec: readonly string[], build: string): boolean {
  return builder.addMember([...spec, 'nodeSelector', LABEL_WINDOWS_BUILD], build);
}

/** `runtimeClassName: <name>`, when not set. */
export function setRuntimeClass(builder: JsonPatchBuilder, spec: readonly string[], name: string): boolean {
  return builder.addMember([...spec, 'runtimeClassName'], name);
}

/** The RuntimeClass among `runtimeClasses` whose scheduling selects exactly this Windows build, if one does. */
export function runtimeClassForBuild(runtimeClasses: ReadonlyMap<string, RuntimeClass>, build: string): string | undefined {
  const matching = [...runtimeClasses].filter(([, rc]) => rc.scheduling?.nodeSelector?.[LABEL_WINDOWS_BUILD] === build);
  return matching.length === 1 ? matching[0][0] : undefined;
}
