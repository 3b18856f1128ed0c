// Loads manifests from files, folders and stdin: multi-document YAML, JSON, `*List` kinds and Helm
// output. Problems are collected, never thrown: a broken document does not hide the others.
import { statSync } from 'node:fs';
import jsyaml from 'js-yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { KubeObject } from '../kube/types.js';
import { isRecord } from '../util/guards.js';
import { BlockDocumentLocator } from './block-locator.js';
import { NOT_HANDLED, readBlockDocument } from './block-reader.js';
import type { BlockPositions } from './block-reader.js';
import { lineStartsOf, positionFinder, positionOfOffset } from './positions.js';
import { MAX_EXPANDED_NODES, SelfReferencingAliasError, aliasGrowthOf, expandAliases, isAliasBomb } from './alias-expansion.js';
import { KUBECTL_SCHEMA } from './schema.js';
import { yamlLibrary } from './yaml-library.js';
import { DEFAULT_READ_LIMITS, describeFsError, formatBytes, manifestFilesIn as listManifestFiles, readBoundedFile, readBoundedStdin } from './read.js';
import type { ReadLimits } from './read.js';
import { isBlankDocument, mayHoldAnchors, positionInChunk, splitYamlDocuments } from './split.js';
import type { DocumentChunk } from './split.js';
import type { LoadProblem, LoadResult, ManifestObject, SourceFile, SourcePosition } from './types.js';
import { workloadOf } from './workloads.js';

export const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
export const STDIN_PATH = '-';

/**
 * Aliases one document may expand. kubectl (sigs.k8s.io/yaml, go-yaml v2) refuses documents whose
 * alias expansion explodes; we refuse far earlier than any real manifest would need.
 */
const MAX_ALIAS_COUNT = 1000;

export interface LoadOptions {
  /** Reads stdin for the `-` path, at most `maxBytes` (throws past it). Default: the process's stdin. */
  readStdin?: (maxBytes: number) => string;
  /** Size limits checked while reading (src/manifests/read.ts); defaults in DEFAULT_READ_LIMITS. */
  limits?: Partial<ReadLimits>;
}

/** Files below a folder with a manifest extension, in a stable order (entries it could not read are dropped: see loadManifests). */
export function manifestFilesIn(folder: string): string[] {
  return listManifestFiles(folder, MANIFEST_EXTENSIONS).files;
}

/**
 * One input in the order `check` reads them: a file on disk, standard input, or what stopped a path
 * from being read (a missing file, an unreadable folder entry), kept in place so that problems come
 * out in the order of the paths given.
 */
export type ManifestSource = { kind: 'file'; path: string } | { kind: 'stdin' } | { kind: 'problem'; problem: LoadProblem };

/** The inputs named by `paths`: folders listed (recursively, stable order), files and `-` as given. */
export function manifestSourcesOf(paths: readonly string[]): ManifestSource[] {
  const sources: ManifestSource[] = [];
  for (const path of paths) {
    if (path === STDIN_PATH) {
      sources.push({ kind: 'stdin' });
      continue;
    }
    try {
      if (statSync(path).isDirectory()) {
        const listing = listManifestFiles(path, MANIFEST_EXTENSIONS);
        for (const problem of listing.problems) sources.push({ kind: 'problem', problem: { severity: 'error', file: problem.path, message: problem.message } });
        for (const file of listing.files) sources.push({ kind: 'file', path: file });
      } else {
        sources.push({ kind: 'file', path });
      }
    } catch (error) {
      sources.push({ kind: 'problem', problem: { severity: 'error', file: path, message: `cannot read ${path}: ${describeFsError(error)}` } });
    }
  }
  return sources;
}

/** A source's text, or the problem that stopped reading it. */
export function readManifestSource(source: ManifestSource, options: LoadOptions = {}): { path: string; text: string } | { problem: LoadProblem } {
  const limits: ReadLimits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  if (source.kind === 'problem') return { problem: source.problem };
  if (source.kind === 'stdin') {
    try {
      return { path: '<stdin>', text: options.readStdin ? options.readStdin(limits.maxFileBytes) : readBoundedStdin(limits.maxFileBytes) };
    } catch (error) {
      return { problem: { severity: 'error', file: '<stdin>', message: `cannot read standard input: ${describeFsError(error)}` } };
    }
  }
  try {
    return { path: source.path, text: readBoundedFile(source.path, limits.maxFileBytes) };
  } catch (error) {
    return { problem: { severity: 'error', file: source.path, message: `cannot read ${source.path}: ${describeFsError(error)}` } };
  }
}

export function loadManifests(paths: readonly string[], options: LoadOptions = {}): LoadResult {
  const result: LoadResult = { objects: [], problems: [], files: [] };
  const limits: ReadLimits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  for (const source of manifestSourcesOf(paths)) {
    const read = readManifestSource(source, options);
    if ('problem' in read) result.problems.push(read.problem);
    else addSource(result, read.path, read.text, limits);
  }
  return result;
}

/** A load in progress: objects go to `onObject` when it is set (a streaming caller), else to `objects`. */
interface LoadSink extends LoadResult {
  onObject?: (object: ManifestObject) => void;
}

/**
 * Parses one file's text and hands each object to `onObject` as soon as it is read, so that a caller
 * that lets objects go after visiting them keeps only one document alive at a time (they die young,
 * in the cheap scavenges, instead of being promoted with the rest of their file). Returns the file's
 * problems and the file.
 */
export function streamText(path: string, text: string, limits: Partial<ReadLimits>, onObject: (object: ManifestObject) => void): { problems: LoadProblem[]; file: SourceFile } {
  const result: LoadSink = { objects: [], problems: [], files: [], onObject };
  addSource(result, path, text, { ...DEFAULT_READ_LIMITS, ...limits });
  return { problems: result.problems, file: result.files[0] };
}

/** Parses one file's text into objects; exported for the webhook and tests. */
export function loadText(path: string, text: string, limits: Partial<ReadLimits> = {}): LoadResult {
  const result: LoadResult = { objects: [], problems: [], files: [] };
  addSource(result, path, text, { ...DEFAULT_READ_LIMITS, ...limits });
  return result;
}


/** A file as read; the table of its line starts is made only when a problem or a code frame needs it. */
export function sourceFileOf(path: string, text: string): SourceFile {
  let lineStarts: number[] | undefined;
  return {
    path,
    text,
    get lineStarts() {
      return (lineStarts ??= lineStartsOf(text));
    },
  };
}

function addSource(result: LoadSink, path: string, text: string, limits: ReadLimits): void {
  const file = sourceFileOf(path, text);
  result.files.push(file);
  const chunks = splitYamlDocuments(text);
  let documentIndex = 0;
  for (const chunk of chunks) {
    if (isBlankDocument(chunk.text)) continue;
    const index = documentIndex++;
    // Length in UTF-16 units bounds the bytes from below; only a document near the limit is measured.
    if (chunk.text.length > limits.maxDocumentBytes / 3 && Buffer.byteLength(chunk.text, 'utf8') > limits.maxDocumentBytes) {
      const pos = positionOfOffset(file.lineStarts, chunk.start);
      result.problems.push({
        severity: 'error',
        file: file.path,
        ...pos,
        message: `refused document ${index + 1}: it is larger than ${formatBytes(limits.maxDocumentBytes)}, the limit for one document (the API server takes at most 3 MiB per request; raise it with --max-document-size)`,
      });
      continue;
    }
    addChunk(result, file, chunk, index);
  }
}

const HELM_SOURCE = /^#\s*Source:\s*(\S.*?)\s*$/m;

/** Helm's `# Source:` comment among the comment lines that open the document. */
function helmSourceIn(chunkText: string): string | undefined {
  const head = chunkText.slice(0, 600);
  // Most documents are not Helm output: a plain search rules them out before the regex runs.
  if (!head.includes('Source:')) return undefined;
  return HELM_SOURCE.exec(head)?.[1];
}

/**
 * Values come from the block reader (block-reader.ts) or, for documents outside its subset, js-yaml
 * (an order of magnitude faster than the `yaml` library here, docs/performance.md); positions from
 * the `yaml` library, parsed only when a finding asks for one. Documents with anchors take the
 * `yaml` path for values too, because it bounds alias expansion.
 */
function addChunk(result: LoadSink, file: SourceFile, chunk: DocumentChunk, documentIndex: number): void {
  const helmSource = helmSourceIn(chunk.text);
  if (mayHoldAnchors(chunk.text)) {
    addParsedDocument(result, file, chunk, documentIndex, helmSource);
    return;
  }
  // Block-style documents (nearly all manifests) by the fast reader; any other by js-yaml, whole.
  const fast = readBlockDocument(chunk.text);
  if (fast !== NOT_HANDLED) {
    addLoadedValue(result, file, chunk, documentIndex, helmSource, fast.value, fast.positions);
    return;
  }
  const loaded = loadWithJsYaml(result, file, chunk);
  if (loaded.failed) return;
  addLoadedValue(result, file, chunk, documentIndex, helmSource, loaded.value);
}

/**
 * A value read from the chunk; positions come from the places the block reader recorded (`places`),
 * else are found lazily by the block locator or the `yaml` library, when a finding asks.
 */
function addLoadedValue(result: LoadSink, file: SourceFile, chunk: DocumentChunk, documentIndex: number, helmSource: string | undefined, value: unknown, places?: BlockPositions): void {
  let parsed: { doc: Document; root: YamlNode | null } | undefined;
  // One locator per document (the objects of a List share it): lines split and walks remembered once.
  let locator: BlockDocumentLocator | undefined;
  const chunkLines: { lineStarts?: number[] } = {};
  const lazyDocument = () => {
    if (!parsed) {
      const doc = yamlLibrary().parseDocument(chunk.text, { version: '1.1', merge: true, prettyErrors: false });
      parsed = { doc, root: doc.contents as YamlNode | null };
    }
    return parsed;
  };
  const finderFor = (basePointer: string) => {
    let finder: ((pointer: string) => SourcePosition) | undefined;
    return (pointer: string) => {
      // Block-style YAML: read the field's place off the indentation; anything else (or a pointer
      // parsePointer refuses: neither empty nor starting with "/"): full parse.
      if (pointer === '' || pointer.startsWith('/')) {
        if (places) {
          const place = places.placeOf(basePointer + pointer);
          return { line: chunk.line + place.line + 1, column: place.column + 1 };
        }
        const fast = (locator ??= new BlockDocumentLocator(chunk.text)).offsetOf(basePointer + pointer);
        if (fast !== undefined) return positionInChunk(chunk, fast, chunkLines);
      }
      if (!finder) {
        const { doc, root } = lazyDocument();
        finder = positionFinder(doc, root, file.lineStarts, basePointer, chunk.start);
      }
      return finder(pointer);
    };
  };
  addValue(result, file, value, documentIndex, helmSource, finderFor, chunk.start);
}

type JsYamlLoad = { failed: true } | { failed: false; value: unknown };

/** The chunk's value by js-yaml; a syntax error becomes a problem at its file:line:column. */
function loadWithJsYaml(result: LoadSink, file: SourceFile, chunk: DocumentChunk): JsYamlLoad {
  try {
    return { failed: false, value: jsyaml.load(chunk.text, { schema: KUBECTL_SCHEMA, filename: file.path }) };
  } catch (error) {
    if (!(error instanceof jsyaml.YAMLException)) throw error;
    // js-yaml's marks are 0-based and relative to the chunk.
    const offset = chunk.start + (error.mark?.position ?? 0);
    const pos = positionOfOffset(file.lineStarts, Math.min(offset, file.text.length));
    result.problems.push({ severity: 'error', file: file.path, ...pos, message: `malformed YAML: ${error.reason}` });
    return { failed: true };
  }
}

function addParsedDocument(result: LoadSink, file: SourceFile, chunk: DocumentChunk, documentIndex: number, helmSource: string | undefined): void {
  // js-yaml first: it keeps an alias as a second reference to its anchor, so the growth of the
  // document can be measured in linear time before the `yaml` library expands anything.
  const graph = loadWithJsYaml(result, file, chunk);
  if (graph.failed) return;
  const growth = aliasGrowthOf(graph.value);
  if (isAliasBomb(growth)) {
    const pos = positionOfOffset(file.lineStarts, chunk.start);
    result.problems.push({
      severity: 'error',
      file: file.path,
      ...pos,
      message: `refused document ${documentIndex + 1}: its aliases and merge keys would add more than ${MAX_EXPANDED_NODES.toLocaleString('en')} nodes once expanded (an alias bomb?)`,
    });
    return;
  }
  if (growth.mergeKeys === 0) {
    let value: unknown;
    try {
      value = expandAliases(graph.value);
    } catch (error) {
      if (!(error instanceof SelfReferencingAliasError)) throw error;
      result.problems.push({ severity: 'error', file: file.path, ...positionOfOffset(file.lineStarts, chunk.start), message: `refused document ${documentIndex + 1}: ${error.message}` });
      return;
    }
    addLoadedValue(result, file, chunk, documentIndex, helmSource, value);
    return;
  }
  // Merge keys are merged by the `yaml` library, as YAML 1.1 defines them. js-yaml has already
  // refused duplicate keys, and the `yaml` library's own check is quadratic in the size of a map
  // (a 20,000-key anchored map took 11 s), so it is off here.
  const doc = yamlLibrary().parseDocument(chunk.text, { version: '1.1', merge: true, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const pos = positionOfOffset(file.lineStarts, chunk.start + error.pos[0]);
      result.problems.push({ severity: 'error', file: file.path, ...pos, message: `malformed YAML: ${firstLine(error.message)}` });
    }
    return;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const pos = positionOfOffset(file.lineStarts, chunk.start);
    const reason = error instanceof Error ? error.message : String(error);
    result.problems.push({ severity: 'error', file: file.path, ...pos, message: `refused document ${documentIndex + 1}: ${firstLine(reason)}` });
    return;
  }
  const root = doc.contents as YamlNode | null;
  addValue(result, file, value, documentIndex, helmSource, (basePointer) => positionFinder(doc, root, file.lineStarts, basePointer, chunk.start), chunk.start);
}

type FinderFactory = (basePointer: string) => (pointer: string) => SourcePosition;

function addValue(
  result: LoadSink,
  file: SourceFile,
  value: unknown,
  documentIndex: number,
  helmSource: string | undefined,
  finderFor: FinderFactory,
  chunkStart: number,
): void {
  if (value === null || value === undefined) return; // an empty document, e.g. a trailing `---`
  if (!isRecord(value)) {
    const where = positionOfOffset(file.lineStarts, firstContentOffset(file.text, chunkStart));
    result.problems.push({ severity: 'error', file: file.path, ...where, message: `document ${documentIndex + 1} is not an object (found ${Array.isArray(value) ? 'a list' : typeof value})` });
    return;
  }
  const push = (object: Record<string, unknown>, basePointer: string) => {
    const positionOf = finderFor(basePointer);
    const apiVersion = object.apiVersion;
    const kind = object.kind;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '') {
      result.problems.push({ severity: 'info', file: file.path, ...positionOf(''), path: basePointer, message: 'skipped a document without apiVersion and kind' });
      return;
    }
    const manifest: ManifestObject = { object: object as KubeObject, file, documentIndex, basePointer, positionOf };
    if (helmSource !== undefined) manifest.helmSource = helmSource;
    result.problems.push(...decodeProblemsOf(manifest));
    if (result.onObject) result.onObject(manifest);
    else result.objects.push(manifest);
  };
  if (isListKind(value)) {
    (value.items as unknown[]).forEach((item, index) => {
      if (isRecord(item)) push(item, `/items/${index}`);
    });
    return;
  }
  push(value, '');
}

/**
 * What decoding the pod template found (null entries, wrongly typed values), at the field's own
 * file:line:column. The object stays in the run, analysed as the API server would have decoded it.
 */
function decodeProblemsOf(manifest: ManifestObject): LoadProblem[] {
  const workload = workloadOf(manifest);
  if (!workload) return [];
  return workload.decodeIssues.map((issue) => ({
    severity: issue.severity,
    file: manifest.file.path,
    ...manifest.positionOf(issue.pointer),
    path: issue.pointer,
    message: issue.message,
  }));
}

/** The first offset at or after `from` that is not blank, a comment or a marker line. */
function firstContentOffset(text: string, from: number): number {
  let offset = from;
  while (offset < text.length) {
    const newline = text.indexOf('\n', offset);
    const line = text.slice(offset, newline === -1 ? text.length : newline).trim();
    if (line !== '' && !line.startsWith('#') && line !== '---') return offset;
    if (newline === -1) break;
    offset = newline + 1;
  }
  return from;
}

/** `List`, `PodList`, `DeploymentList` … with an `items` array (kubectl's output shape). */
function isListKind(value: Record<string, unknown>): boolean {
  return typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items);
}

function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  return newline === -1 ? text : text.slice(0, newline);
}

/**
 * An object that arrived already parsed (an AdmissionReview, the API): it has no source text, so
 * every position is 1:1. Rules run on it exactly as on a file.
 */
export function manifestObjectFromValue(object: KubeObject, label: string): ManifestObject {
  const file: SourceFile = { path: label, text: '', lineStarts: [0] };
  return { object, file, documentIndex: 0, basePointer: '', positionOf: () => ({ line: 1, column: 1 }) };
}
