// Runs runAudit in a worker thread whose heap is bounded: the analysis of a large cluster allocates
// gigabytes of short-lived objects (pages of JSON, scheduling cycles) while what it keeps is small,
// and an unbounded V8 heap lets the process grow to several GiB before collecting. The worker's old
// generation is capped (default 1 GiB); the report comes back as plain data.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { RULES_BY_ID } from '../rules/index.js';
import type { AuditReport } from './analyse.js';
import type { RunAuditOptions } from './run.js';
import { runAudit } from './run.js';

/** What crosses to the worker: the options without the rule objects (rules go by id). */
interface WorkerInput {
  options: Omit<RunAuditOptions, 'rules' | 'severityOverrides'> & { severityOverrides?: [string, string][] };
  ruleIds: string[];
}

type WorkerOutput = { ok: true; report: AuditReport } | { ok: false; sourceError: boolean; message: string };

export interface WorkerLimits {
  /** Old generation cap (MiB). */
  maxOldGenerationSizeMb: number;
}

/** runAudit in a worker; a ClusterSourceError in the worker is rethrown as one here. */
export async function runAuditInWorker(options: RunAuditOptions, limits: WorkerLimits = { maxOldGenerationSizeMb: 1024 }): Promise<AuditReport> {
  const { ClusterSourceError } = await import('../live/cluster-source.js');
  const { rules, severityOverrides, ...rest } = options;
  const input: WorkerInput = { options: { ...rest, ...(severityOverrides ? { severityOverrides: [...severityOverrides] } : {}) }, ruleIds: rules.map((r) => r.id) };
  const worker = new Worker(new URL(import.meta.url), { workerData: input, resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb } });
  const output = await new Promise<WorkerOutput>((resolve, reject) => {
    worker.once('message', (message: WorkerOutput) => resolve(message));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the audit worker exited (${code}) before answering`)));
  });
  await worker.terminate();
  if (output.ok) return output.report;
  if (output.sourceError) throw new ClusterSourceError(output.message);
  throw new Error(output.message);
}

async function workerMain(): Promise<void> {
  const { ClusterSourceError } = await import('../live/cluster-source.js');
  const input = workerData as WorkerInput;
  const rules = input.ruleIds.map((id) => RULES_BY_ID.get(id)).filter((r) => r !== undefined);
  const { severityOverrides, ...rest } = input.options;
  try {
    const report = await runAudit({ ...rest, rules, ...(severityOverrides ? { severityOverrides: new Map(severityOverrides) as RunAuditOptions['severityOverrides'] } : {}) });
    parentPort?.postMessage({ ok: true, report } satisfies WorkerOutput);
  } catch (error) {
    parentPort?.postMessage({ ok: false, sourceError: error instanceof ClusterSourceError, message: error instanceof Error ? (error instanceof ClusterSourceError ? error.message : error.stack ?? error.message) : String(error) } satisfies WorkerOutput);
  }
}

if (!isMainThread && parentPort && (workerData as WorkerInput | undefined)?.ruleIds) await workerMain();
