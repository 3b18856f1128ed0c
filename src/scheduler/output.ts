// Text renderings of a simulation: the per-pool summary, workloads not fully Running grouped by
// reason, ready-time estimates, and (wide) every pod. JSON is the result itself (DESIGN.md contract).
import type { LoadProblem } from '../manifests/types.js';
import { formatBytes, formatCpu } from '../kube/quantity.js';
import type { NodeSummary, SimulatedPod, SimulationResult } from './simulate.js';
import { formatDuration, formatSize } from './time-to-ready.js';

function table(rows: string[][]): string {
  // A loop, not Math.max(...column): `-o wide` has a row per pod, and 160k arguments overflow the stack.
  const widths = rows[0].map(() => 0);
  for (const r of rows) for (let c = 0; c < widths.length; c++) if (r[c].length > widths[c]) widths[c] = r[c].length;
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd()).join('\n') + '\n';
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '-';
}

function poolRows(nodes: readonly NodeSummary[]): string[][] {
  const pools = new Map<string, NodeSummary[]>();
  for (const n of nodes) pools.set(n.pool, [...(pools.get(n.pool) ?? []), n]);
  const rows = [['POOL', 'OS', 'NODES', 'PODS', 'CPU REQUESTED/ALLOCATABLE', 'MEMORY REQUESTED/ALLOCATABLE']];
  for (const [pool, members] of pools) {
    const sum = (f: (n: NodeSummary) => number) => members.reduce((a, n) => a + f(n), 0);
    const cpuReq = sum((n) => n.requested.cpu);
    const cpuAll = sum((n) => n.allocatable.cpu);
    const memReq = sum((n) => n.requested.memory);
    const memAll = sum((n) => n.allocatable.memory);
    const cordoned = members.filter((n) => n.unschedulable).length;
    const first = members[0];
    rows.push([
      pool,
      first.windowsBuild ? `${first.os} ${first.windowsBuild}` : first.os,
      cordoned > 0 ? `${members.length} (${cordoned} cordoned)` : String(members.length),
      `${sum((n) => n.pods)}/${sum((n) => n.allocatable.pods)}`,
      `${formatCpu(cpuReq)}/${formatCpu(cpuAll)} (${percent(cpuReq, cpuAll)})`,
      `${formatBytes(memReq)}/${formatBytes(memAll)} (${percent(memReq, memAll)})`,
    ]);
  }
  return rows;
}

/** Pods not Running, grouped by workload then by (status, message, pool). */
function problems(result: SimulationResult, poolOfNode: ReadonlyMap<string, string>): string {
  const byWorkload = new Map<string, SimulatedPod[]>();
  const owners = new Map<string, string>();
  for (const pod of result.pods) {
    if (pod.status === 'Running') continue;
    const key = `${pod.workload.kind}/${pod.namespace}/${pod.workload.name}`;
    byWorkload.set(key, [...(byWorkload.get(key) ?? []), pod]);
    owners.set(key, `${pod.workload.kind} ${pod.namespace}/${pod.workload.name}`);
  }
  if (byWorkload.size === 0) return '';
  const totals = new Map<string, { pods: number; running: number }>();
  for (const pod of result.pods) {
    const key = `${pod.workload.kind}/${pod.namespace}/${pod.workload.name}`;
    const t = totals.get(key) ?? { pods: 0, running: 0 };
    t.pods++;
    if (pod.status === 'Running') t.running++;
    totals.set(key, t);
  }
  let out = '\nNot fully running:\n';
  for (const [key, pods] of byWorkload) {
    const t = totals.get(key)!;
    out += `  ${owners.get(key)}: ${t.running}/${t.pods} Running\n`;
    const groups = new Map<string, { status: string; message: string; pools: Map<string, number>; count: number }>();
    for (const pod of pods) {
      const g = `${pod.status}\u0000${pod.message ?? ''}`;
      let group = groups.get(g);
      if (!group) groups.set(g, (group = { status: pod.status, message: pod.message ?? '', pools: new Map(), count: 0 }));
      group.count++;
      if (pod.node) {
        const pool = poolOfNode.get(pod.node) ?? '?';
        group.pools.set(pool, (group.pools.get(pool) ?? 0) + 1);
      }
    }
    for (const g of groups.values()) {
      const where = g.pools.size > 0 ? ` on ${[...g.pools].map(([p, n]) => `${p} (${n})`).join(', ')}` : '';
      out += `    ${g.count} ${g.status}${where}${g.message ? `: ${g.message}` : ''}\n`;
    }
  }
  return out;
}

/** Running pods whose image platform nothing told (a Running pod's message is only ever that note). */
function unknownPlatforms(result: SimulationResult): string {
  const byWorkload = new Map<string, { count: number; note: string }>();
  for (const pod of result.pods) {
    if (pod.status !== 'Running' || pod.message === null) continue;
    const key = `${pod.workload.kind} ${pod.namespace}/${pod.workload.name}`;
    const entry = byWorkload.get(key) ?? { count: 0, note: pod.message };
    entry.count++;
    byWorkload.set(key, entry);
  }
  if (byWorkload.size === 0) return '';
  let out = '\nRunning on Windows nodes with an image of unknown platform (assumed to run):\n';
  for (const [key, { count, note }] of byWorkload) out += `  ${key}: ${count} pod${count === 1 ? '' : 's'}: ${note}\n`;
  return out;
}

export function renderText(result: SimulationResult, header: string, wide: boolean): string {
  const poolOfNode = new Map(result.nodes.map((n) => [n.name, n.pool]));
  const running = result.pods.filter((p) => p.status === 'Running').length;
  let out = `${header}\n${result.nodes.length} nodes; ${result.pods.length} pods from ${result.workloads.length} workloads; ${running} Running\n\n`;
  out += table(poolRows(result.nodes));
  out += problems(result, poolOfNode);
  out += unknownPlatforms(result);
  const slow = result.workloads.filter((w) => w.readyAfterSeconds !== undefined);
  if (slow.length > 0) {
    out += '\nTime to ready (estimated):\n';
    const rows = slow
      .sort((a, b) => (b.readyAfterSeconds ?? 0) - (a.readyAfterSeconds ?? 0))
      .slice(0, wide ? slow.length : 20)
      .map((w) => [`  ${w.kind} ${w.namespace}/${w.name}`, `ready after ${formatDuration(w.readyAfterSeconds!)}${w.pullBytes ? `: ${formatSize(w.pullBytes)} pull` : ''}`]);
    out += table(rows);
    if (!wide && slow.length > 20) out += `  … ${slow.length - 20} more (-o wide lists all)\n`;
  }
  if (wide) {
    out += '\n';
    const rows = [['NAMESPACE', 'NAME', 'STATUS', 'NODE', 'READY AFTER', 'MESSAGE']];
    for (const p of result.pods) {
      rows.push([p.namespace, p.name, p.status, p.node ?? '<none>', p.readyAfterSeconds !== undefined ? formatDuration(p.readyAfterSeconds) : '-', p.message ?? '']);
    }
    out += table(rows);
  }
  return out;
}

/** The `-o json` document: pods and nodes as DESIGN.md promises, plus workload summaries. */
export function renderJson(result: SimulationResult, inputProblems: readonly LoadProblem[] = []): string {
  const pods = result.pods.map((p) =>
    p.readyAfterSeconds !== undefined
      ? { namespace: p.namespace, name: p.name, owner: p.owner, node: p.node, status: p.status, message: p.message, readyAfterSeconds: p.readyAfterSeconds }
      : { namespace: p.namespace, name: p.name, owner: p.owner, node: p.node, status: p.status, message: p.message },
  );
  // `complete: false` when input could not be read: the pods listed are then only part of the story.
  const complete = !inputProblems.some((p) => p.severity === 'error');
  return JSON.stringify({ pods, nodes: result.nodes, workloads: result.workloads, problems: inputProblems, complete }) + '\n';
}

/** The closing line of the text output when part of the input could not be read. */
export function incompleteNotice(inputProblems: readonly LoadProblem[]): string {
  const failures = inputProblems.filter((p) => p.severity === 'error').length;
  if (failures === 0) return '';
  return `\n✖ incomplete: ${failures} input problem${failures === 1 ? '' : 's'} (on stderr); the pods above are only those of the input that could be read\n`;
}
