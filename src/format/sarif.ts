// SARIF 2.1.0 (OASIS), the shape GitHub code scanning reads: rules in tool.driver.rules with helpUri,
// results with physical locations (file, line, column) and the object as a logical location.
import { createHash } from 'node:crypto';
import type { Finding, Rule, Severity } from '../engine/types.js';
import type { ConfigWarning, FormattableReport, Write } from './report.js';
import { collected, mapped, ruleDocsUrl, runComplete, writeJsonWithArray } from './report.js';
import type { LoadProblem } from '../manifests/types.js';
import { hasNoPosition, locationOf } from './text.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_VERSION = '2.1.0';

type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'info' ? 'note' : severity;
}

/** A relative, forward-slash URI for the file, as code scanning resolves it against the checkout. */
function artifactUri(file: string): string {
  return encodeURI(file.replace(/\\/g, '/').replace(/^\.\//, ''));
}

function logicalName(f: Finding): string {
  const ns = f.object.namespace ? `${f.object.namespace}/` : '';
  return `${f.object.kind}/${ns}${f.object.name}`;
}

/** The `tool` of a run: kube-hybrid and its rules, with help and docs links (check and audit alike). */
export function sarifTool(rules: readonly Rule[], toolVersion: string) {
  return {
    driver: {
      name: 'kube-hybrid',
      version: toolVersion,
      informationUri: 'https://github.com/kube-hybrid/kube-hybrid',
      rules: rules.map((rule) => ({
        id: rule.id,
        name: rule.id,
        shortDescription: { text: rule.meta.description },
        helpUri: ruleDocsUrl(rule.id),
        help: { text: `${rule.meta.description} Source: ${rule.meta.source}. See ${ruleDocsUrl(rule.id)}` },
        defaultConfiguration: { level: sarifLevel(rule.meta.defaultSeverity) },
        properties: { category: rule.meta.category, tags: [rule.meta.category, 'kubernetes', 'windows'] },
      })),
    },
  };
}

/** An input problem as a SARIF notification, located at its file (and line) when it has one. */
function notificationOf(problem: LoadProblem) {
  const region = problem.line !== undefined ? { region: { startLine: problem.line, startColumn: problem.column ?? 1 } } : {};
  return {
    level: sarifLevel(problem.severity),
    message: { text: problem.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(problem.file) }, ...region } }],
  };
}

/**
 * A setting that does nothing (a rule id no rule has) as a notification of the tool's configuration:
 * SARIF 2.1.0 §3.20 keeps those in `invocation.toolConfigurationNotifications`, apart from problems
 * while running (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html, read 2026-11-30).
 */
export function configurationNotificationOf(warning: ConfigWarning) {
  const region = warning.line !== undefined ? { region: { startLine: warning.line, startColumn: warning.column ?? 1 } } : {};
  return {
    level: 'warning' as const,
    message: { text: warning.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(warning.file) }, ...region } }],
  };
}

/**
 * A fingerprint of what the finding is about, not where it sits: rule, object identity, the field's
 * JSON pointer and the file (the Helm template when there is one). Lines and columns are left out,
 * so reformatting a file or adding documents above keeps the same alert open in code scanning.
 * (SARIF 2.1.0 §3.27.17 partialFingerprints: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html, read 2026-11-30.)
 */
export const FINGERPRINT_KEY = 'kubeHybridFinding/v1';

export function findingFingerprint(f: Finding): string {
  const file = artifactUri(f.helmSource ?? f.file);
  const identity = [f.ruleId, f.object.apiVersion, f.object.kind, f.object.namespace ?? '', f.object.name, f.path, file].join('\u0000');
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

/**
 * Where a finding is shown: the Helm template named by `# Source:` when the manifests are `helm
 * template` output (the file people edit), with the rendered position kept as a related location;
 * otherwise the file, line and column of the field.
 */
function locationsOf(f: Finding) {
  const logicalLocations = [{ fullyQualifiedName: logicalName(f), kind: 'object' }];
  // An object read from the API server or made from a profile has no position: a logical location
  // only (SARIF 3.28.3; startLine must be ≥ 1).
  if (hasNoPosition(f)) return { locations: [{ logicalLocations, message: { text: locationOf(f) } }] };
  const rendered = { artifactLocation: { uri: artifactUri(f.file) }, region: { startLine: f.line, startColumn: f.column } };
  if (f.helmSource) {
    return {
      locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(f.helmSource) } }, logicalLocations }],
      relatedLocations: [{ id: 1, physicalLocation: rendered, message: { text: 'rendered by helm template here' } }],
    };
  }
  return { locations: [{ physicalLocation: rendered, logicalLocations }] };
}

/** The SARIF log written piece by piece, one result at a time (the same text as formatSarif). */
export function writeSarif(report: FormattableReport, toolVersion: string, write: Write): void {
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.id, index]));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: sarifTool(report.rules, toolVersion),
        // A run that could not read its input must not look like a clean scan: code scanning would
        // close every open alert on upload.
        invocations: [
          {
            executionSuccessful: runComplete(report),
            toolExecutionNotifications: report.problems.map(notificationOf),
            ...(report.warnings && report.warnings.length > 0 ? { toolConfigurationNotifications: report.warnings.map(configurationNotificationOf) } : {}),
          },
        ],
        results: [],
      },
    ],
  };
  const results = mapped(report.findings, (f) => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
    level: sarifLevel(f.severity),
    message: { text: f.message },
    ...locationsOf(f),
    partialFingerprints: { [FINGERPRINT_KEY]: findingFingerprint(f) },
    properties: { category: f.category, jsonPointer: f.path, ...(f.helmSource ? { helmSource: f.helmSource } : {}) },
  }));
  writeJsonWithArray(sarif, 'results', results, write);
  write('\n');
}

export function formatSarif(report: FormattableReport, toolVersion: string): string {
  return collected((write) => writeSarif(report, toolVersion, write));
}
