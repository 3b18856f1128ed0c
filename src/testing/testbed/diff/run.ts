// Runs the differential suites against a started control plane and gathers one report.
import type { Node } from '../../../kube/types.js';
import type { ControlPlane } from '../controlplane.js';
import { providerNode } from '../nodes.js';
import { caseSeed } from './random.js';
import { schedulingCase } from './scheduling-cases.js';
import type { Disagreement, SchedulingArea } from './scheduling-compare.js';
import { compareSchedulingCase } from './scheduling-compare.js';
import { runSchedulingCase } from './scheduling-run.js';
import type { ValidationDisagreement } from './validation.js';
import { compareValidation, dryRun, validationPod } from './validation.js';

export interface DiffOptions {
  seed: number;
  schedulingCases: number;
  validationCases: number;
  onProgress?: (line: string) => void;
}

export interface DiffReport {
  seed: number;
  kubernetesVersion: string;
  scheduling: { cases: number; compared: Record<SchedulingArea, number>; skippedRacy: number; disagreements: Disagreement[]; errors: string[] };
  validation: { cases: number; accepted: number; rejected: number; disagreements: ValidationDisagreement[] };
  seconds: number;
}

const NS = 'diff';

/** Cases per area that agreed, e.g. `best-node 310/312`. */
export function agreementLines(report: DiffReport): string[] {
  const lines: string[] = [];
  for (const [area, n] of Object.entries(report.scheduling.compared)) {
    const bad = report.scheduling.disagreements.filter((d) => d.area === area).length;
    lines.push(`scheduling ${area}: ${n - bad}/${n} agree`);
  }
  const v = report.validation;
  const badAccepted = v.disagreements.filter((d) => d.upstream.length === 0).length;
  const badRejected = v.disagreements.length - badAccepted;
  lines.push(`validation accepted by the server: ${v.accepted - badAccepted}/${v.accepted} agree`);
  lines.push(`validation rejected by the server: ${v.rejected - badRejected}/${v.rejected} agree`);
  return lines;
}

export async function runDifferential(plane: ControlPlane, options: DiffOptions): Promise<DiffReport> {
  const started = Date.now();
  const client = plane.admin;
  const version = await client.must<{ gitVersion: string }>('GET', '/version');
  if ((await client.get(`/api/v1/namespaces/${NS}`)).status === 404) {
    await client.must('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  }
  // Pods are admitted only once the namespace's default ServiceAccount exists.
  for (let i = 0; i < 600 && (await client.get(`/api/v1/namespaces/${NS}/serviceaccounts/default`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));

  const report: DiffReport = {
    seed: options.seed,
    kubernetesVersion: version.gitVersion,
    scheduling: { cases: 0, compared: { 'bind-or-pending': 0, 'failed-scheduling-text': 0, 'best-node': 0, 'daemonset-nodes': 0, 'daemonset-outcome': 0 }, skippedRacy: 0, disagreements: [], errors: [] },
    validation: { cases: 0, accepted: 0, rejected: 0, disagreements: [] },
    seconds: 0,
  };

  for (let i = 0; i < options.schedulingCases; i++) {
    const seed = caseSeed(options.seed, i);
    const c = schedulingCase(seed, i);
    try {
      const upstream = await runSchedulingCase(client, NS, c);
      const comparison = compareSchedulingCase(c, upstream);
      for (const [area, n] of Object.entries(comparison.compared)) report.scheduling.compared[area as SchedulingArea] += n;
      report.scheduling.skippedRacy += comparison.skippedRacy;
      report.scheduling.disagreements.push(...comparison.disagreements);
    } catch (error) {
      report.scheduling.errors.push(`case ${i} (seed ${seed}): ${(error as Error).message}`);
    }
    report.scheduling.cases++;
    if ((i + 1) % 25 === 0) options.onProgress?.(`scheduling: ${i + 1}/${options.schedulingCases} cases, ${report.scheduling.disagreements.length} disagreements, ${Math.round((Date.now() - started) / 1000)} s`);
  }

  // Validation does not depend on nodes; `check` gets a Windows and a Linux node as context.
  const nodes: Node[] = [providerNode('aks', 'linux', 'v-linux'), providerNode('aks', 'windows', 'v-windows')];
  for (let i = 0; i < options.validationCases; i++) {
    const seed = caseSeed(options.seed ^ 0x5a5a5a5a, i);
    const pod = validationPod(seed, i);
    const observed = await dryRun(client, NS, pod);
    if (observed.accepted) report.validation.accepted++;
    else report.validation.rejected++;
    const d = compareValidation(i, seed, pod, observed, nodes);
    if (d) report.validation.disagreements.push(d);
    report.validation.cases++;
    if ((i + 1) % 100 === 0) options.onProgress?.(`validation: ${i + 1}/${options.validationCases} cases, ${report.validation.disagreements.length} disagreements`);
  }
  report.seconds = Math.round((Date.now() - started) / 1000);
  return report;
}
