// Loads manifests from files, folders and stdin: multi-document YAML, JSON, `*List` kinds and Helm
// output. Problems are collected, never thrown: a broken document does not hide the others.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Document, Node as YamlNode } from 'yaml';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../kube/types.js';
import { isRecord } from '../util/guards.js';
import { lineStartsOf, positionFinder, positionOfOffset } from './positions.js';
import type { LoadProblem, LoadResult, ManifestObject, SourceFile } from './types.js';

export const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
export const STDIN_PATH = '-';

/**
 * Aliases one document may expand. kubectl (sigs.k8s.io/yaml, go-yaml v2) refuses documents whose
 * alias expansion explodes; we refuse far earlier than any real manifest would need.
 */
const MAX_ALIAS_COUNT = 1000;

export interface LoadOptions {
  /** Reads stdin for the `-` path. */
  readStdin?: () => string;
}

/** Files below a folder with a manifest extension, in a stable order. */
export function manifestFilesIn(folder: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...manifestFilesIn(full));
    else if (entry.isFile() && MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(full);
  }
  return out;
}

export function loadManifests(paths: readonly string[], options: LoadOptions = {}): LoadResult {
  const result: LoadResult = { objects: [], problems: [], files: [] };
  for (const path of paths) {
    if (path === STDIN_PATH) {
      const text = options.readStdin ? options.readStdin() : readFileSync(0, 'utf8');
      addSource(result, '<stdin>', text);
      continue;
    }
    let files: string[];
    try {
      files = statSync(path).isDirectory() ? manifestFilesIn(path) : [path];
    } catch (error) {
      result.problems.push({ severity: 'error', file: path, message: `cannot read ${path}: ${describeFsError(error)}` });
      continue;
    }
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        result.problems.push({ severity: 'error', file, message: `cannot read ${file}: ${describeFsError(error)}` });
        continue;
      }
      addSource(result, file, text);
    }
  }
  return result;
}

/** Parses one file's text into objects; exported for the webhook and tests. */
export function loadText(path: string, text: string): LoadResult {
  const result: LoadResult = { objects: [], problems: [], files: [] };
  addSource(result, path, text);
  return result;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

function addSource(result: LoadResult, path: string, text: string): void {
  const file: SourceFile = { path, text, lineStarts: lineStartsOf(text) };
  result.files.push(file);
  // sigs.k8s.io/yaml reads YAML 1.1 (go-yaml v2): `yes`/`on` are booleans and `<<` merges.
  const documents = parseAllDocuments(text, { version: '1.1', merge: true, prettyErrors: false });
  const docs: Document[] = Array.isArray(documents) ? documents : [];
  let previousEnd = 0;
  docs.forEach((doc, documentIndex) => {
    const contentStart = (doc.contents as YamlNode | null)?.range?.[0] ?? (doc.range?.[1] ?? 0);
    const helmSource = helmSourceIn(text.slice(previousEnd, contentStart));
    previousEnd = doc.range?.[2] ?? previousEnd;
    addDocument(result, file, doc, documentIndex, helmSource);
  });
}

const HELM_SOURCE = /^#\s*Source:\s*(\S.*?)\s*$/m;

function helmSourceIn(leadingText: string): string | undefined {
  return HELM_SOURCE.exec(leadingText)?.[1];
}

function addDocument(result: LoadResult, file: SourceFile, doc: Document, documentIndex: number, helmSource: string | undefined): void {
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const pos = positionOfOffset(file.lineStarts, error.pos[0]);
      result.problems.push({ severity: 'error', file: file.path, ...pos, message: `malformed YAML: ${firstLine(error.message)}` });
    }
    return;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const pos = positionOfOffset(file.lineStarts, (doc.range?.[0] ?? 0));
    const reason = error instanceof Error ? error.message : String(error);
    result.problems.push({ severity: 'error', file: file.path, ...pos, message: `refused document ${documentIndex + 1}: ${firstLine(reason)}` });
    return;
  }
  if (value === null || value === undefined) return; // an empty document, e.g. a trailing `---`
  const root = doc.contents as YamlNode | null;
  const docPosition = positionOfOffset(file.lineStarts, root?.range?.[0] ?? (doc.range?.[0] ?? 0));
  if (!isRecord(value)) {
    result.problems.push({ severity: 'error', file: file.path, ...docPosition, message: `document ${documentIndex + 1} is not an object (found ${Array.isArray(value) ? 'a list' : typeof value})` });
    return;
  }
  const push = (object: Record<string, unknown>, basePointer: string) => {
    const apiVersion = object.apiVersion;
    const kind = object.kind;
    const where = positionFinder(doc, root, file.lineStarts, basePointer)('');
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '') {
      result.problems.push({ severity: 'info', file: file.path, ...where, path: basePointer, message: 'skipped a document without apiVersion and kind' });
      return;
    }
    const manifest: ManifestObject = {
      object: object as KubeObject,
      file,
      documentIndex,
      basePointer,
      positionOf: positionFinder(doc, root, file.lineStarts, basePointer),
    };
    if (helmSource !== undefined) manifest.helmSource = helmSource;
    result.objects.push(manifest);
  };
  if (isListKind(value)) {
    const items = value.items;
    if (Array.isArray(items)) {
      items.forEach((item, index) => {
        if (isRecord(item)) push(item, `/items/${index}`);
      });
    }
    return;
  }
  push(value, '');
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
