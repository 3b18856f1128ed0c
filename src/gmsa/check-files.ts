// `kube-hybrid gmsa check FILE…`: credential spec JSON (as New-CredentialSpec writes it) or YAML/JSON
// manifests holding GMSACredentialSpecs, each problem at file:line:column of its field.
import { LineCounter, isNode, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { crdSchemaProblems, credSpecProblems } from './credspec.js';
import type { CredSpecSeverity } from './credspec.js';
import { parsePointer } from '../util/pointer.js';

export interface FileProblem {
  file: string;
  line: number;
  column: number;
  severity: CredSpecSeverity;
  message: string;
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The deepest existing node along the pointer (a missing field is reported at its parent). */
function positionOf(doc: Document, lineCounter: LineCounter, pointer: string): { line: number; column: number } {
  const tokens = parsePointer(pointer);
  for (let depth = tokens.length; depth >= 0; depth--) {
    const path = tokens.slice(0, depth).map((t) => (/^\d+$/.test(t) ? Number(t) : t));
    const node: unknown = depth === 0 ? doc.contents : doc.getIn(path, true);
    if (isNode(node) && node.range) {
      const { line, col } = lineCounter.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return { line: 1, column: 1 };
}

/** Every problem of the credential specs in one file's text. */
export function checkCredSpecText(file: string, text: string): FileProblem[] {
  const lineCounter = new LineCounter();
  const problems: FileProblem[] = [];
  const docs = parseAllDocuments(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  let found = 0;
  for (const doc of list) {
    for (const error of doc.errors) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      problems.push({ file, line, column: col, severity: 'error', message: `malformed YAML/JSON: ${error.message.split('\n')[0]}` });
    }
    if (doc.errors.length > 0) continue;
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (!isRecord(value)) continue;
    const at = (pointer: string, severity: CredSpecSeverity, message: string) => problems.push({ file, ...positionOf(doc, lineCounter, pointer), severity, message });
    if (value.kind === 'GMSACredentialSpec') {
      found++;
      const name = isRecord(value.metadata) && typeof value.metadata.name === 'string' ? value.metadata.name : '<unnamed>';
      for (const p of crdSchemaProblems(value)) if (!p.path.startsWith('/credspec')) at(p.path, 'error', `GMSACredentialSpec "${name}": ${p.message} (the CRD refuses it)`);
      if (value.credspec === undefined || value.credspec === null) at('', 'error', `GMSACredentialSpec "${name}" has no credspec: pods naming it are refused with 417`);
      else for (const p of credSpecProblems(value.credspec)) at(`/credspec${p.path}`, p.severity, `GMSACredentialSpec "${name}": ${p.message}`);
    } else if ('CmsPlugins' in value || 'DomainJoinConfig' in value || 'ActiveDirectoryConfig' in value) {
      found++;
      for (const p of credSpecProblems(value)) at(p.path, p.severity, p.message);
    }
  }
  if (found === 0 && problems.length === 0) problems.push({ file, line: 1, column: 1, severity: 'error', message: 'no credential spec here (neither a GMSACredentialSpec nor a credential spec JSON with CmsPlugins/DomainJoinConfig)' });
  return problems;
}
