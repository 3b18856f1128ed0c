// Output of `plan lifecycle` and `plan upgrade`: text / Markdown for people, JSON for tools, and the
// files `--out DIR` writes. Pure: strings in, strings out.
import { stringify } from 'yaml';
import type { KubeObject } from '../kube/types.js';
import { nameOf } from '../manifests/workloads.js';
import { formatDuration } from '../scheduler/time-to-ready.js';
import { LIFECYCLE_FACTS, formatDay, lifecycleHistory } from '../windows/lifecycle.js';
import type { LifecycleFact } from '../windows/lifecycle.js';
import { PLATFORM_NAMES, endFactOf } from './pool-lifecycle.js';
import type { PoolLifecycle } from './pool-lifecycle.js';
import type { UpgradePlan } from './upgrade.js';

// --- plan lifecycle ----------------------------------------------------------------------------------

export interface LifecycleReport {
  cluster: string;
  today: string;
  platform: string;
  pools: PoolLifecycle[];
}

function statusWord(entry: PoolLifecycle): string {
  const { lifecycle } = entry;
  if (!entry.minor.supported) return `${lifecycle.status}, unsupported on ${entry.kubernetesVersion}`;
  return lifecycle.status;
}

function padTable(rows: string[][]): string {
  const widths = rows[0].map((_, i) => rows.reduce((widest, r) => Math.max(widest, r[i].length), 0));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}

export function renderLifecycleText(report: LifecycleReport): string {
  const lines = [`Cluster ${report.cluster} on ${PLATFORM_NAMES[report.pools[0]?.platform ?? 'upstream']}, today ${report.today}`, ''];
  if (report.pools.length === 0) return `${lines.join('\n')}No Windows pool.\n`;
  const rows = [['POOL', 'BUILD', 'RELEASE', 'KUBERNETES', 'STATUS', 'ENDS', 'DAYS LEFT', 'IMAGES REMOVED']];
  for (const e of report.pools) {
    rows.push([
      e.pool.name,
      `10.0.${e.build}`,
      e.release.replace(/ \(10\.0\.\d+\)$/, ''),
      e.kubernetesVersion ?? '-',
      statusWord(e),
      e.lifecycle.endDate ? formatDay(e.lifecycle.endDate) : '-',
      e.lifecycle.daysLeft !== undefined ? String(e.lifecycle.daysLeft) : '-',
      e.lifecycle.imagesRemoved ? formatDay(e.lifecycle.imagesRemoved) : '-',
    ]);
  }
  const sources = new Map<string, string>();
  for (const e of report.pools) {
    const end = endFactOf(e.lifecycle);
    if (end) sources.set(`${e.pool.name}`, `${end.source.url} (read ${end.source.read})`);
    if (!e.minor.supported) sources.set(`${e.pool.name} (Kubernetes)`, `${e.minor.fact.source.url} (read ${e.minor.fact.source.read})`);
  }
  const out = [...lines, padTable(rows).trimEnd(), ''];
  if (sources.size > 0) {
    out.push('Sources:');
    for (const [pool, source] of sources) out.push(`  ${pool}: ${source}`);
    out.push('');
  }
  return out.join('\n');
}

function factJson(f: LifecycleFact): Record<string, unknown> {
  return { ...f };
}

export function renderLifecycleJson(report: LifecycleReport): string {
  return (
    JSON.stringify(
      {
        cluster: report.cluster,
        today: report.today,
        platform: report.pools[0]?.platform ?? 'upstream',
        pools: report.pools.map((e) => ({
          pool: e.pool.name,
          build: `10.0.${e.build}`,
          release: e.release,
          platform: e.platform,
          status: e.lifecycle.status,
          endDate: e.lifecycle.endDate ?? null,
          daysLeft: e.lifecycle.daysLeft ?? null,
          imagesRemoved: e.lifecycle.imagesRemoved ?? null,
          mainstreamEnd: e.lifecycle.mainstreamEnd ?? null,
          maxMinor: e.lifecycle.maxMinor ?? null,
          minMinor: e.lifecycle.minMinor ?? null,
          kubernetesVersion: e.kubernetesVersion ?? null,
          kubernetesVersionSupported: e.minor.supported,
          facts: e.lifecycle.facts.map(factJson),
        })),
        catalogue: { facts: LIFECYCLE_FACTS.length, history: lifecycleHistory().map(factJson) },
      },
      null,
      2,
    ) + '\n'
  );
}

// --- plan upgrade ------------------------------------------------------------------------------------

function mdEscape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

const VERDICT_WORDS: Record<string, string> = {
  runs: 'runs on the target',
  rebuild: 'rebuild',
  unknown: 'unknown build — verify',
  'host-process': 'HostProcess (no build requirement)',
  linux: 'Linux image (check reports it)',
};

export function renderUpgradeMarkdown(plan: UpgradePlan): string {
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  push(`# Windows node upgrade: ${plan.source.release} → ${plan.target.release}`, '');
  push(`Cluster \`${plan.cluster}\` on ${PLATFORM_NAMES[plan.platform]}, planned ${plan.today} by \`kube-hybrid plan upgrade\`. Every step below was simulated with kube-hybrid's scheduler (placement, kubelet admission, image/host build rule, time to ready); the simulation is an estimate, not a dry run against the cluster.`, '');
  push(`- From: ${plan.source.pools.map((p) => `\`${p}\``).join(', ')} (${plan.source.release})`);
  push(`- To: new pool \`${plan.target.pool.name}\` (${plan.target.pool.count} node${plan.target.pool.count === 1 ? '' : 's'}, ${plan.target.release}) — ${plan.target.lifecycle}`);
  push(`- Outcome: ${plan.failed ? '**a step leaves pods not running that run today** (see below)' : 'no step leaves pods not running that run today'}`, '');

  push('## Blocking problems', '');
  if (plan.blocking.length === 0) push('None found.', '');
  else push(...plan.blocking.map((b) => `- ${b}`), '');

  push('## Inventory', '');
  push('| Workload | Container | Image | Builds offered | On the target | Change |', '|---|---|---|---|---|---|');
  for (const entry of plan.inventory) {
    for (const image of entry.images) {
      const builds = image.builds.length > 0 ? image.builds.map((b) => `10.0.${b}`).join(', ') : '?';
      const change = image.retag ? `re-tag → \`${image.retag}\`` : image.verdict === 'rebuild' ? '**rebuild for the target**' : entry.onSource ? 'pin to the target build' : 'not on the source pool';
      push(`| ${mdEscape(entry.ref)}${entry.gmsaCredentialSpecs.length > 0 ? ` (gMSA ${entry.gmsaCredentialSpecs.join(', ')})` : ''} | ${mdEscape(image.container)} | \`${mdEscape(image.image)}\` | ${builds} (${mdEscape(image.evidence)}) | ${VERDICT_WORDS[image.verdict]} | ${change} |`);
    }
  }
  push('');

  push('## Changes', '');
  if (plan.changes.patched.length === 0) push('No workload to change.', '');
  for (const p of plan.changes.patched) {
    push(`- \`${p.object.kind} ${p.object.metadata?.namespace ? `${p.object.metadata.namespace}/` : ''}${nameOf(p.object)}\` (${p.original.file.path}): ${p.changes.join('; ')}`);
  }
  for (const rc of plan.changes.runtimeClasses) push(`- new RuntimeClass \`${nameOf(rc)}\``);
  push(`- new pool \`${plan.target.pool.name}\` (\`pool.yaml\`, profile format; \`kube-hybrid simulate --add-pool pool.yaml\` replays it)`);
  if (plan.prepull.length > 0) push(`- pre-pull DaemonSet \`${plan.prepull.map((d) => nameOf(d)).join(', ')}\` (\`prepull.yaml\`)`);
  push('');

  push('## Steps', '');
  plan.steps.forEach((step, index) => {
    const ready = step.readyAfterSeconds !== undefined ? `; Ready after ${formatDuration(step.readyAfterSeconds)}` : '';
    push(`### ${index}. ${step.title} — ${step.ok ? 'OK' : '**problem**'}`, '');
    push(`${step.action}.`, '');
    push(`Simulated: ${step.pods.running}/${step.pods.total} pods Running${ready}.`, '');
    for (const problem of step.problems) push(`- ❌ ${problem}`);
    for (const note of step.notes) push(`- ${note}`);
    if (step.problems.length + step.notes.length > 0) push('');
  });

  if (plan.preexisting.length > 0) {
    push('## Already not running before the upgrade', '');
    push('Not caused by the upgrade; `kube-hybrid check` and `kube-hybrid simulate` explain them.', '');
    for (const p of plan.preexisting) push(`- ${p.workload} pod ${p.name}${p.node ? ` on ${p.node}` : ''}: ${p.status}${p.message ? ` — ${mdEscape(p.message)}` : ''}`);
    push('');
  }

  push('## Rollback', '');
  push(...plan.rollback.map((r) => `- ${r}`), '');
  return out.join('\n');
}

export function upgradeJson(plan: UpgradePlan): Record<string, unknown> {
  return {
    today: plan.today,
    platform: plan.platform,
    cluster: plan.cluster,
    source: plan.source,
    target: plan.target,
    failed: plan.failed,
    blocking: plan.blocking,
    inventory: plan.inventory.map((e) => ({
      workload: e.ref,
      onSource: e.onSource,
      needsRebuild: e.needsRebuild,
      unverified: e.unverified,
      hostProcess: e.hostProcess,
      gmsaCredentialSpecs: e.gmsaCredentialSpecs,
      images: e.images,
    })),
    changes: {
      patched: plan.changes.patched.map((p) => ({ file: p.original.file.path, kind: p.object.kind, namespace: p.object.metadata?.namespace ?? null, name: nameOf(p.object), changes: p.changes })),
      runtimeClasses: plan.changes.runtimeClasses.map((rc) => nameOf(rc)),
      pool: plan.target.pool,
      prepull: plan.prepull.map((d) => nameOf(d)),
    },
    steps: plan.steps,
    preexisting: plan.preexisting,
    rollback: plan.rollback,
  };
}

export function renderUpgradeJson(plan: UpgradePlan): string {
  return JSON.stringify(upgradeJson(plan), null, 2) + '\n';
}

function yamlDocuments(objects: readonly unknown[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}

function baseName(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? 'manifest.yaml';
  return /\.(ya?ml|json)$/i.test(name) ? name.replace(/\.json$/i, '.yaml') : `${name}.yaml`;
}

/** The files `--out DIR` writes, by relative path. */
export function upgradeFiles(plan: UpgradePlan): Map<string, string> {
  const files = new Map<string, string>();
  const byFile = new Map<string, KubeObject[]>();
  const originals = new Map<string, KubeObject[]>();
  for (const p of plan.changes.patched) {
    const name = baseName(p.original.file.path);
    byFile.set(name, [...(byFile.get(name) ?? []), p.object]);
    originals.set(name, [...(originals.get(name) ?? []), p.original.object]);
  }
  if (plan.changes.runtimeClasses.length > 0) files.set('manifests/00-runtimeclasses.yaml', yamlDocuments(plan.changes.runtimeClasses));
  for (const [name, objects] of byFile) files.set(`manifests/${name}`, yamlDocuments(objects));
  for (const [name, objects] of originals) files.set(`rollback/${name}`, yamlDocuments(objects));
  files.set('pool.yaml', stringify(plan.target.pool, { lineWidth: 0 }));
  if (plan.prepull.length > 0) files.set('prepull.yaml', yamlDocuments(plan.prepull));
  files.set('plan.md', renderUpgradeMarkdown(plan));
  files.set('plan.json', renderUpgradeJson(plan));
  return files;
}
