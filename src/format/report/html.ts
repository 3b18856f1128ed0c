// `kube-hybrid report` as one self-contained HTML file: the report model (src/report/model.ts) embedded
// as JSON, drawn by an inline script with an inline stylesheet. A Content-Security-Policy forbids every
// network request, so the page opens from disk and never loads anything.
import { gzipSync } from 'node:zlib';
import type { ReportModel } from '../../report/model.js';
import { REPORT_SCRIPT } from './client.js';
import { REPORT_CSS } from './style.js';

/**
 * Models larger than this are embedded gzip-compressed (base64) and inflated by the browser's
 * DecompressionStream: the 10,000-document corpus's JSON is far larger than its compressed form.
 * Smaller ones stay plain JSON, readable in the file itself.
 */
export const PLAIN_JSON_LIMIT = 512 * 1024;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that cannot end its <script> element early: every `<` becomes \u003c (still valid JSON). */
function scriptSafeJson(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export interface EmbeddedModel {
  encoding: 'json' | 'gzip+base64';
  text: string;
}

export function embedModel(model: ReportModel, plainLimit = PLAIN_JSON_LIMIT): EmbeddedModel {
  const json = JSON.stringify(model);
  if (Buffer.byteLength(json) <= plainLimit) return { encoding: 'json', text: scriptSafeJson(json) };
  const packed = gzipSync(json, { level: 9 }).toString('base64');
  return { encoding: 'gzip+base64', text: packed };
}

export function renderReportHtml(model: ReportModel, options: { plainLimit?: number } = {}): string {
  const embedded = embedModel(model, options.plainLimit);
  const title = `kube-hybrid report: ${model.cluster.name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="kube-hybrid report">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<a class="skip" href="#report">Skip to the report</a>
<header class="top">
<h1>${escapeHtml(title)}</h1>
<div class="meta" id="subtitle"></div>
</header>
<nav class="toc" id="toc" aria-label="Sections"></nav>
<main id="report" tabindex="-1"><p>Loading the report…</p>
<noscript><p>This report draws itself with JavaScript, which is turned off. Its data is in this file as JSON (element <code>report-data</code>); <code>kube-hybrid report -o json</code> prints the same.</p></noscript>
</main>
<footer>Made by <code>kube-hybrid report</code> from the same data <code>check</code>, <code>simulate</code> and <code>plan</code> print as JSON (<code>kube-hybrid report -o json</code>). The simulation is an estimate, not a dry run against the cluster.</footer>
<script type="application/json" id="report-data" data-encoding="${embedded.encoding}">${embedded.text}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
