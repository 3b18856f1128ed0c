// Manifests as loaded: every object keeps its file and can say where any of its fields was written.
import type { KubeObject } from '../kube/types.js';

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface SourceFile {
  /** As the user named it (relative paths stay relative), or `<stdin>`. */
  path: string;
  text: string;
  /** Offsets where each line starts, for code frames. */
  lineStarts: readonly number[];
}

export interface ManifestObject {
  object: KubeObject;
  file: SourceFile;
  /** 0-based index of the YAML document in its file. */
  documentIndex: number;
  /** Pointer of this object inside its document: '' normally, `/items/3` for an item of a List. */
  basePointer: string;
  /** Template named by Helm's `# Source:` comment, when the input is `helm template` output. */
  helmSource?: string;
  /**
   * Where the field at `pointer` (relative to the object) was written; for a field that is not in
   * the source (merge keys, a field a fix would add) the nearest written ancestor.
   */
  positionOf(pointer: string): SourcePosition;
}

export type LoadProblemSeverity = 'error' | 'info';

/** Something wrong with the input itself (not a finding about the workload). */
export interface LoadProblem {
  severity: LoadProblemSeverity;
  file: string;
  line?: number;
  column?: number;
  /** JSON pointer of the offending field, when there is one. */
  path?: string;
  message: string;
}

export interface LoadResult {
  objects: ManifestObject[];
  problems: LoadProblem[];
  files: SourceFile[];
}
