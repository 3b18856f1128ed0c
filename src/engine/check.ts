// `check` as one function, shared by the CLI and tests: load, build the cluster, (optionally) resolve
// images, run the rules.
import type { ClusterInput } from '../cluster/input.js';
import { CLUSTER_STDIN, loadClusterInput } from '../cluster/input.js';
import type { Cluster } from '../cluster/model.js';
import type { ImageFactsByReference } from '../model/image-facts.js';
import { loadManifests, loadText, manifestSourcesOf, readManifestSource, sourceFileOf, streamText } from '../manifests/load.js';
import type { LoadProblem, ManifestObject, SourceFile } from '../manifests/types.js';
import type { ReadLimits } from '../manifests/read.js';
import type { ManifestSource } from '../manifests/load.js';
import { DEFAULT_READ_LIMITS, readBoundedFile } from '../manifests/read.js';
import { RULES } from '../rules/index.js';
import type { CheckReport } from '../format/report.js';
import { imageReferencesOf } from './images.js';
import { collectInputs, createGathered, gatherObject, inputsOfGathered, mayHoldGatheredKind, runRules, startRuleRun, withClusterInput } from './run.js';
import type { RuleRunSession, RunOptions } from './run.js';
import type { AnalysisInputs, Finding, InputService, Rule, Severity } from './types.js';
import { inputServiceReader } from '../rules/windows-service-unsupported.js';
import { isBlankDocument, mayHoldAnchors, splitYamlDocuments } from '../manifests/split.js';

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
  /** Keep every object in the result (`objects`, `inputs`): JUnit's passing cases and the report need them. */
  keepObjects?: boolean;
  /** Called with every object read, in input order (streamed runs keep none of them). */
  onObject?: (object: ManifestObject) => void;
  /**
   * Called with every finding as it is made, in the order rules make them (not sorted); the result's
   * `findings` is then empty. The CLI gives a FindingStore, so that a million findings need not be
   * held as objects until the report is written.
   */
  findingSink?: (finding: Finding) => void;
}

export interface CheckResult extends CheckReport {
  cluster?: Cluster;
  /** The loaded objects and what the rules consulted, for callers that act on them (`--fix`). */
  objects?: ManifestObject[];
  inputs?: AnalysisInputs;
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  // Resolving images needs every image reference before the rules run, and `--fix` acts on the
  // objects afterwards, and a live cluster answers the gMSA `use` question of every pod before the
  // rules run: these keep the whole input. Otherwise the input is streamed.
  if (options.resolveImages || options.onFinding || options.keepObjects || options.clusterInput?.authorizeGmsaUse) return runCheckInMemory(options);
  return runCheckStreaming(options);
}

/** The cluster the options name (read after the manifests: both may read standard input). */
function clusterOf(options: CheckOptions, problems: LoadProblem[]) {
  const readStdin = options.readStdin;
  const maxFileBytes = options.limits?.maxFileBytes ?? DEFAULT_READ_LIMITS.maxFileBytes;
  const clusterLoad = options.clusterInput ?? loadClusterInput(options.cluster, readStdin ? () => readStdin(maxFileBytes) : undefined);
  problems.push(...clusterLoad.problems);
  // `--cluster -` reads a NodeList from stdin, bounded like any other input.
  if (options.cluster === CLUSTER_STDIN && options.paths.includes('-')) {
    problems.push({ severity: 'error', file: '<stdin>', message: '--cluster - and the manifest path - both read standard input: name one of them as a file' });
  }
  return clusterLoad;
}

async function runCheckInMemory(options: CheckOptions): Promise<CheckResult> {
  const rules = options.rules ?? RULES;
  const loaded = loadManifests(options.paths, { readStdin: options.readStdin, limits: options.limits });
  const problems = [...loaded.problems];
  if (options.onObject) for (const object of loaded.objects) options.onObject(object);
  const clusterLoad = clusterOf(options, problems);
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
  if (clusterLoad.authorizeGmsaUse) {
    // Loaded only for a live cluster: it brings the API client, which a check of files does not need.
    const { answerGmsaUse, gmsaUseQuestions } = await import('../gmsa/live-use.js');
    inputs.gmsaUse = await answerGmsaUse(gmsaUseQuestions(loaded.objects), clusterLoad.authorizeGmsaUse);
  }
  const findings = runRules(loaded.objects, inputs, rules, {
    severityOverrides: options.severityOverrides,
    onFinding: options.onFinding,
    // A rule that throws on one object is a problem on that object; the run goes on (issue 9).
    onProblem: (problem) => problems.push(problem),
  });
  if (options.findingSink) for (const finding of findings) options.findingSink(finding);
  return { ...base, findings: options.findingSink ? [] : findings, cluster: clusterLoad.cluster, clusterName: clusterLoad.cluster.name, objects: loaded.objects, inputs };
}

/**
 * `check` over a stream of files, in memory flat in the number of documents: a first light pass
 * gathers what rules consult across objects (GATHERED_KINDS: RuntimeClasses, GMSACredentialSpecs, RBAC),
 * parsing only the files that name such a kind; the second reads one file at a time, runs the rules
 * on its objects and lets them go. Findings, problems and their order are those of the in-memory run.
 */
async function runCheckStreaming(options: CheckOptions): Promise<CheckResult> {
  const rules = options.rules ?? RULES;
  const loadOptions = { readStdin: options.readStdin, limits: options.limits };
  const sources = manifestSourcesOf(options.paths);
  // Standard input can be read only once: its text (each time `-` is named) is kept for the second pass.
  const stdinReads: ReturnType<typeof readManifestSource>[] = [];
  // Files read by the first pass are kept for the second, up to a budget: reading a file costs an
  // open, a stat and a decode, and most runs fit; past the budget they are read again (flat memory).
  const keptReads = new Map<ManifestSource, ReturnType<typeof readManifestSource>>();
  let keptCharacters = 0;
  const gathered = createGathered();
  // Services too, for windows-service-unsupported: it then pairs each workload as it is visited
  // instead of keeping every workload for the Services that may come later.
  const readService = inputServiceReader();
  const services: InputService[] = [];
  const limits = options.limits ?? {};
  for (const source of sources) {
    if (source.kind === 'problem') continue;
    const read = readManifestSource(source, loadOptions);
    if (source.kind === 'stdin') stdinReads.push(read);
    else if ('text' in read && keptCharacters + read.text.length <= KEPT_FIRST_PASS_CHARACTERS) {
      keptReads.set(source, read);
      keptCharacters += read.text.length;
    }
    if ('problem' in read) continue;
    if (mayHoldGatheredKind(read.text)) {
      for (const object of loadText(read.path, read.text, limits).objects) {
        gatherObject(gathered, object.object);
        const service = readService(object);
        if (service) services.push(service);
      }
    } else if (mayHoldService(read.text)) {
      services.push(...servicesIn(read.path, read.text, limits, readService));
    }
  }
  const loadProblems: LoadProblem[] = [];
  const afterLoad: LoadProblem[] = [];
  const clusterLoad = clusterOf(options, afterLoad);
  const ruleProblems: LoadProblem[] = [];
  let session: RuleRunSession | undefined;
  let inputs: AnalysisInputs | undefined;
  if (clusterLoad.cluster) {
    inputs = withClusterInput(inputsOfGathered(gathered, clusterLoad.cluster), clusterLoad);
    if (options.today !== undefined) inputs.today = options.today;
    inputs.services = services;
    const sink = options.findingSink;
    session = startRuleRun(inputs, rules, {
      severityOverrides: options.severityOverrides,
      // A rule that throws on one object is a problem on that object; the run goes on (issue 9).
      onProblem: (problem) => ruleProblems.push(problem),
      ...(sink ? { onFinding: (finding: Finding) => sink(finding), keepFindings: false } : {}),
    });
  }
  const files: SourceFile[] = [];
  const rereadable = rereadableFiles(options.limits?.maxFileBytes ?? DEFAULT_READ_LIMITS.maxFileBytes);
  let objectCount = 0;
  let stdinRead = 0;
  for (const source of sources) {
    const kept = keptReads.get(source);
    keptReads.delete(source);
    const read = source.kind === 'stdin' ? stdinReads[stdinRead++] : (kept ?? readManifestSource(source, loadOptions));
    if ('problem' in read) {
      loadProblems.push(read.problem);
      continue;
    }
    // Each object is visited as soon as it is read, then let go.
    const loaded = streamText(read.path, read.text, options.limits ?? {}, (object) => {
      objectCount++;
      options.onObject?.(object);
      session?.visit(object);
    });
    loadProblems.push(...loaded.problems);
    // The report keeps the file's path; its text is read again only if a code frame asks for it.
    files.push(source.kind === 'file' ? rereadable(read.path) : loaded.file);
  }
  const problems = [...loadProblems, ...afterLoad];
  const base = { problems, files, objectCount, rules };
  if (!clusterLoad.cluster || !session || !inputs) return { ...base, findings: [], clusterName: options.cluster ?? 'default', analysed: false };
  const findings = session.finish();
  problems.push(...ruleProblems);
  return { ...base, findings: options.findingSink ? [] : findings, cluster: clusterLoad.cluster, clusterName: clusterLoad.cluster.name, inputs };
}

/** How much of the first pass's file text (UTF-16 units) the second pass may reuse: 32 Mi characters. */
const KEPT_FIRST_PASS_CHARACTERS = 32 * 1024 * 1024;

/** False when the text cannot hold a Service (its kind written, escaped, or through an alias). */
function mayHoldService(text: string): boolean {
  return text.includes('Service') || text.includes('\\') || mayHoldAnchors(text);
}

/**
 * The Services of one file, parsing only the documents that may hold one (most documents are
 * workloads: the first pass stays light). Each is placed as the second pass will read it: its
 * document's index among the file's non-blank documents.
 */
function servicesIn(path: string, text: string, limits: Partial<ReadLimits>, readService: (object: ManifestObject) => InputService | undefined): InputService[] {
  const services: InputService[] = [];
  let documentIndex = 0;
  for (const chunk of splitYamlDocuments(text)) {
    if (isBlankDocument(chunk.text)) continue;
    const index = documentIndex++;
    if (!mayHoldService(chunk.text)) continue;
    for (const object of loadText(path, chunk.text, limits).objects) {
      const service = readService({ ...object, documentIndex: index });
      if (service) services.push(service);
    }
  }
  return services;
}

/**
 * Files of the report whose text is read from disk again when a formatter asks (code frames), the
 * last one read kept: formatters go file by file, so at most one file's text is held at a time.
 */
function rereadableFiles(maxBytes: number): (path: string) => SourceFile {
  let last: SourceFile | undefined;
  const load = (path: string) => {
    if (last?.path !== path) {
      let text = '';
      try {
        text = readBoundedFile(path, maxBytes);
      } catch {
        // gone or grown since it was checked: no code frame
      }
      last = sourceFileOf(path, text);
    }
    return last;
  };
  return (path) => ({
    path,
    get text() {
      return load(path).text;
    },
    get lineStarts() {
      return load(path).lineStarts;
    },
  });
}
