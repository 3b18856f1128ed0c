// `check` as one function, shared by the CLI and tests: load, build the cluster, (optionally) resolve
// images, run the rules.
import type { Cluster } from '../cluster/model.js';
import { loadCluster } from '../cluster/profiles.js';
import type { ImageFactsByReference } from '../images/types.js';
import { loadManifests } from '../manifests/load.js';
import type { LoadProblem, ManifestObject } from '../manifests/types.js';
import type { ReadLimits } from '../manifests/read.js';
import { RULES } from '../rules/index.js';
import type { CheckReport } from '../format/report.js';
import { imageReferencesOf } from './images.js';
import { collectInputs, runRules } from './run.js';
import type { RunOptions } from './run.js';
import type { AnalysisInputs, Rule, Severity } from './types.js';

export interface CheckOptions {
  paths: readonly string[];
  /** `--cluster` value; undefined = the default built-in profile. */
  cluster?: string;
  readStdin?: (maxBytes: number) => string;
  /** Input size limits (`--max-file-size`, `--max-document-size`). */
  limits?: Partial<ReadLimits>;
  rules?: readonly Rule[];
  severityOverrides?: ReadonlyMap<string, Severity | 'off'>;
  /** Called with every image reference the workloads use; returns registry facts (`--resolve-images`). */
  resolveImages?: (references: string[]) => Promise<{ facts: ImageFactsByReference; problems: LoadProblem[] }>;
  /** Called with every finding and the object it is about (`--fix` acts per object). */
  onFinding?: RunOptions['onFinding'];
  /** The day lifecycle rules compare dates with (YYYY-MM-DD); default: the real date. */
  today?: string;
}

export interface CheckResult extends CheckReport {
  cluster?: Cluster;
  /** The loaded objects and what the rules consulted, for callers that act on them (`--fix`). */
  objects?: ManifestObject[];
  inputs?: AnalysisInputs;
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const rules = options.rules ?? RULES;
  const loaded = loadManifests(options.paths, { readStdin: options.readStdin, limits: options.limits });
  const clusterLoad = loadCluster(options.cluster);
  const problems = [...loaded.problems, ...clusterLoad.problems];
  const base = { problems, files: loaded.files, objectCount: loaded.objects.length, rules };
  if (!clusterLoad.cluster) return { ...base, findings: [], clusterName: options.cluster ?? 'default', analysed: false };
  let imageFacts: ImageFactsByReference | undefined;
  if (options.resolveImages) {
    const resolved = await options.resolveImages(imageReferencesOf(loaded.objects).sort());
    imageFacts = resolved.facts;
    problems.push(...resolved.problems);
  }
  const inputs = collectInputs(loaded.objects, clusterLoad.cluster, imageFacts);
  if (options.today !== undefined) inputs.today = options.today;
  const findings = runRules(loaded.objects, inputs, rules, {
    severityOverrides: options.severityOverrides,
    onFinding: options.onFinding,
    // A rule that throws on one object is a problem on that object; the run goes on (issue 9).
    onProblem: (problem) => problems.push(problem),
  });
  return { ...base, findings, cluster: clusterLoad.cluster, clusterName: clusterLoad.cluster.name, objects: loaded.objects, inputs };
}
