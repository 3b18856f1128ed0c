// `.kube-hybrid.yaml`: a project's settings for check (and audit), found from the working directory
// upward as eslint finds its config, or named with --config FILE. Validated against the JSON Schema the
// package publishes (schema/kube-hybrid-config.schema.json) with ajv; every problem points at
// file:line:column through the yaml library's source ranges.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as AjvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { LineCounter, isNode, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { FailOn } from '../engine/types.js';

export { CONFIG_FILE_NAMES, findConfigFile } from './find.js';
export { formatConfigProblem } from './format-problem.js';

export type RuleLevel = 'error' | 'warning' | 'info' | 'off';

export interface IgnoreEntry {
  rule?: string | string[];
  paths?: string[];
  namespace?: string;
  kind?: string;
  name?: string;
  reason: string;
}

export interface ProjectConfig {
  cluster?: string;
  'fail-on'?: FailOn;
  output?: string;
  rules?: Record<string, RuleLevel>;
  ignore?: IgnoreEntry[];
}

export interface ConfigProblem {
  severity: 'error' | 'warning';
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface LoadedConfig {
  /** Absent when the file could not be read or is invalid (the problems say why). */
  config?: ProjectConfig;
  /** The file read; paths in it (cluster, ignore globs) are relative to its folder. */
  file: string;
  problems: ConfigProblem[];
}

export const SCHEMA_URL = new URL('../../schema/kube-hybrid-config.schema.json', import.meta.url);

let validator: ValidateFunction | undefined;
function validate(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object;
    // ajv is loaded only when a config file is read (~60 ms that a run without one need not pay).
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof AjvModule;
    validator = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);
  }
  return validator;
}

/** JSON pointer `/ignore/0/rule` → path segments for yaml's getIn (array indexes as numbers). */
function segmentsOf(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function at(lines: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** The position of the node at `segments` (its key for a property name error), or the nearest ancestor. */
function positionOf(doc: Document, lines: LineCounter, segments: (string | number)[], atKey?: string): { line: number; column: number } {
  for (let n = segments.length; n >= 0; n--) {
    const node = doc.getIn(segments.slice(0, n), true);
    if (isNode(node) && node.range) {
      if (atKey !== undefined && n === segments.length) {
        const map = node as { items?: { key: unknown }[] };
        const pair = map.items?.find((item) => isNode(item.key) && (item.key as { value?: unknown }).value === atKey);
        if (pair && isNode(pair.key) && pair.key.range) return at(lines, pair.key.range[0]);
      }
      return at(lines, node.range[0]);
    }
  }
  return { line: 1, column: 1 };
}

/** One line per schema error, in the words of the schema. */
function describe(error: ErrorObject): { message: string; key?: string } {
  const where = error.instancePath === '' ? 'the file' : error.instancePath.slice(1).replace(/\//g, '.');
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      return { message: `${where}: unknown setting "${key}"`, key };
    }
    case 'enum':
      return { message: `${where}: must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` };
    case 'required':
      return { message: `${where}: needs "${(error.params as { missingProperty: string }).missingProperty}"` };
    case 'propertyNames':
      return { message: `${where}: "${String((error.params as { propertyName: string }).propertyName)}" is not a rule id` };
    case 'anyOf':
      if (/^\/ignore\/\d+$/.test(error.instancePath)) return { message: `${where}: say what to ignore: rule, paths, namespace, kind or name` };
      return { message: `${where}: ${error.message ?? 'invalid'}` };
    default:
      return { message: `${where}: ${error.message ?? 'invalid'}` };
  }
}

/** Reads and validates a config file; problems carry file:line:column. */
export function loadConfigFile(file: string, text?: string): LoadedConfig {
  let source: string;
  try {
    source = text ?? readFileSync(file, 'utf8');
  } catch (error) {
    return { file, problems: [{ severity: 'error', file, message: `cannot read the config file: ${(error as Error).message}` }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems: ConfigProblem[] = doc.errors.map((e) => ({ severity: 'error' as const, file, ...at(lines, e.pos[0]), message: e.message.split('\n')[0] }));
  if (problems.length > 0) return { file, problems };
  const value: unknown = doc.toJS() ?? {};
  const check = validate();
  if (!check(value)) {
    // anyOf/oneOf repeat their branches' errors: keep the summary of the union, drop the branches.
    const errors = (check.errors ?? []).filter((e, _, all) => !all.some((other) => other !== e && (other.keyword === 'anyOf' || other.keyword === 'oneOf') && e.schemaPath.startsWith(other.schemaPath.replace(/\/(anyOf|oneOf)$/, '/$1/'))));
    for (const error of errors) {
      const { message, key } = describe(error);
      problems.push({ severity: 'error', file, ...positionOf(doc, lines, segmentsOf(error.instancePath), key), message });
    }
    return { file, problems };
  }
  return { file, config: value as ProjectConfig, problems };
}

/** The rule ids a config names that no rule has: warnings, so a typo does not silently ignore nothing. */
export function unknownRuleWarnings(loaded: LoadedConfig, knownRuleIds: ReadonlySet<string>, text?: string): ConfigProblem[] {
  const config = loaded.config;
  if (!config) return [];
  const source = text ?? readFileSync(loaded.file, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines });
  const warnings: ConfigProblem[] = [];
  for (const id of Object.keys(config.rules ?? {})) {
    if (!knownRuleIds.has(id)) warnings.push({ severity: 'warning', file: loaded.file, ...positionOf(doc, lines, ['rules'], id), message: `rules: no rule "${id}" (kube-hybrid rules lists them)` });
  }
  (config.ignore ?? []).forEach((entry, index) => {
    const ids = entry.rule === undefined ? [] : Array.isArray(entry.rule) ? entry.rule : [entry.rule];
    ids.forEach((id, i) => {
      if (id === '*' || knownRuleIds.has(id)) return;
      const path = Array.isArray(entry.rule) ? ['ignore', index, 'rule', i] : ['ignore', index, 'rule'];
      warnings.push({ severity: 'warning', file: loaded.file, ...positionOf(doc, lines, path), message: `ignore[${index}].rule: no rule "${id}" (kube-hybrid rules lists them); this entry ignores nothing for it` });
    });
  });
  return warnings;
}

