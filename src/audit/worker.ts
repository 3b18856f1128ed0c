// Runs runAudit in a worker thread with a bounded heap (`--max-heap`, default 4 GiB): reaching the
// bound is one line naming it (AuditOutOfMemoryError), not a V8 crash dump; the report comes back as
// plain data.
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

export const DEFAULT_MAX_HEAP_MB = 4096;
const YOUNG_GENERATION_MB = 64;

/** The worker reached its heap bound. */
export class AuditOutOfMemoryError extends Error {}

/** runAudit in a worker; a ClusterSourceError in the worker is rethrown as one here. */
export async function runAuditInWorker(options: RunAuditOptions, limits: WorkerLimits = { maxOldGenerationSizeMb: DEFAULT_MAX_HEAP_MB }): Promise<AuditReport> {
  const { ClusterSourceError } = await import('../live/cluster-source.js');
  const { rules, severityOverrides, ...rest } = options;
  const input: WorkerInput = { options: { ...rest, ...(severityOverrides ? { severityOverrides: [...severityOverrides] } : {}) }, ruleIds: rules.map((r) => r.id) };
  // A larger young generation (V8's default semi-space is 16 MiB): the analysis allocates many
  // short-lived objects per pod and per node, and scavenges were a sixth of the run at 150,000 pods.
  const worker = new Worker(new URL(import.meta.url), { workerData: input, resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  const output = await new Promise<WorkerOutput>((resolve, reject) => {
    worker.once('message', (message: WorkerOutput) => resolve(message));
    worker.once('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') reject(new AuditOutOfMemoryError(`the analysis needed more than ${limits.maxOldGenerationSizeMb} MiB of heap: raise it with --max-heap MiB, or audit one namespace at a time (-n)`));
      else reject(error);
    });
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
