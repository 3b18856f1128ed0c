// `check` as one function, shared by the CLI and tests: load, build the cluster, (optionally) resolve
// images, run the rules.
import type { ClusterInput } from '../cluster/input.js';
import { CLUSTER_STDIN, loadClusterInput } from '../cluster/input.js';
import type { Cluster } from '../cluster/model.js';
import type { ImageFactsByReference } from '../model/image-facts.js';
import { loadManifests } from '../manifests/load.js';
import type { LoadProblem, ManifestObject } from '../manifests/types.js';
import type { ReadLimits } from '../manifests/read.js';
import { DEFAULT_READ_LIMITS } from '../manifests/read.js';
import { RULES } from '../rules/index.js';
import type { CheckReport } from '../format/report.js';
import { imageReferencesOf } from './images.js';
import { collectInputs, runRules, withClusterInput } from './run.js';
import { answerGmsaUse, gmsaUseQuestions } from '../gmsa/live-use.js';
import type { RunOptions } from './run.js';
import type { AnalysisInputs, Rule, Severity } from './types.js';

export interface CheckOptions {
  paths: readonly string[];
  /** `--cluster` value; undefined = the default built-in profile; `-` = a NodeList on stdin. */
  cluster?: string;
  /** The cluster already read (a live cluster); wins over `cluster`. */
  clusterInput?: ClusterInput;
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
  // `--cluster -` reads a NodeList from stdin, bounded like any other input.
  const readStdin = options.readStdin;
  const maxFileBytes = options.limits?.maxFileBytes ?? DEFAULT_READ_LIMITS.maxFileBytes;
  const clusterLoad = options.clusterInput ?? loadClusterInput(options.cluster, readStdin ? () => readStdin(maxFileBytes) : undefined);
  const problems = [...loaded.problems, ...clusterLoad.problems];
  if (options.cluster === CLUSTER_STDIN && options.paths.includes('-')) {
    problems.push({ severity: 'error', file: '<stdin>', message: '--cluster - and the manifest path - both read standard input: name one of them as a file' });
  }
  const base = { problems, files: loaded.files, objectCount: loaded.objects.length, rules };
  if (!clusterLoad.cluster) return { ...base, findings: [], clusterName: options.cluster ?? 'default', analysed: false };
  let imageFacts: ImageFactsByReference | undefined;
  if (options.resolveImages) {
    const resolved = await options.resolveImages(imageReferencesOf(loaded.objects).sort());
    imageFacts = resolved.facts;
    problems.push(...resolved.problems);
  }
  const inputs = withClusterInput(collectInputs(loaded.objects, clusterLoad.cluster, imageFacts), clusterLoad);
  if (options.today !== undefined) inputs.today = options.today;
  if (clusterLoad.authorizeGmsaUse) inputs.gmsaUse = await answerGmsaUse(gmsaUseQuestions(loaded.objects), clusterLoad.authorizeGmsaUse);
  const findings = runRules(loaded.objects, inputs, rules, {
    severityOverrides: options.severityOverrides,
    onFinding: options.onFinding,
    // A rule that throws on one object is a problem on that object; the run goes on (issue 9).
    onProblem: (problem) => problems.push(problem),
  });
  return { ...base, findings, cluster: clusterLoad.cluster, clusterName: clusterLoad.cluster.name, objects: loaded.objects, inputs };
}
