// The report page's stylesheet. Text colours are at least 4.5:1 against their backgrounds (WCAG AA);
// verdicts and severities never rely on colour alone (each has a word and a glyph).
export const REPORT_CSS = `
:root {
  --ink: #1b1f24; --muted: #505a64; --line: #d0d7de; --panel: #f6f8fa; --bg: #ffffff;
  --accent: #0b57d0; --focus: #0b57d0;
  --ok: #116329; --ok-bg: #dafbe1; --bad: #a40e26; --bad-bg: #ffebe9; --warn: #7d4e00; --warn-bg: #fff8c5;
  --info: #0a4ea3; --info-bg: #ddf4ff; --off: #505a64; --off-bg: #eaeef2;
  --linux: #3b5bdb; --linux-bg: #edf2ff; --w17763: #b35900; --w17763-bg: #fff4e6; --w20348: #0b7285; --w20348-bg: #e3fafc;
  --w26100: #6741d9; --w26100-bg: #f3f0ff; --wother: #5c6670; --wother-bg: #f1f3f5;
}
* { box-sizing: border-box; }
html { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: var(--bg); }
body { margin: 0; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, select:focus-visible, input:focus-visible, summary:focus-visible, [tabindex]:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px;
}
.skip { position: absolute; left: -999px; top: 0; background: var(--ink); color: #fff; padding: 8px 12px; z-index: 10; }
.skip:focus { left: 8px; }
header.top { padding: 18px 28px 10px; border-bottom: 1px solid var(--line); }
header.top h1 { margin: 0 0 2px; font-size: 22px; }
header.top .meta { color: var(--muted); font-size: 13px; }
nav.toc { position: sticky; top: 0; z-index: 5; background: var(--bg); border-bottom: 1px solid var(--line); padding: 6px 28px; display: flex; gap: 4px; flex-wrap: wrap; }
nav.toc a { text-decoration: none; padding: 4px 10px; border-radius: 6px; color: var(--ink); font-weight: 500; font-size: 14px; }
nav.toc a:hover { background: var(--panel); }
main { padding: 0 28px 40px; max-width: 1600px; }
section { margin-top: 26px; }
section > h2 { font-size: 19px; margin: 0 0 4px; }
section > h3 { font-size: 15px; margin: 16px 0 6px; }
.lead { color: var(--muted); margin: 0 0 12px; font-size: 14px; }
.verdict { border-radius: 10px; padding: 14px 18px; margin-top: 18px; border: 1px solid; }
.verdict.broken { background: var(--bad-bg); border-color: #ffcecb; }
.verdict.attention { background: var(--warn-bg); border-color: #eed888; }
.verdict.ok { background: var(--ok-bg); border-color: #aceebb; }
.verdict h2 { margin: 0 0 6px; font-size: 20px; }
.verdict ul { margin: 6px 0 0; padding-left: 20px; }
.verdict li { margin: 2px 0; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; margin-top: 14px; }
.tile { border: 1px solid var(--line); border-radius: 10px; padding: 10px 14px; background: var(--bg); }
.tile .num { font-size: 26px; font-weight: 650; }
.tile .label { color: var(--muted); font-size: 13px; }
.tile .sub { font-size: 13px; }
.pools { display: flex; flex-wrap: wrap; gap: 12px; align-items: stretch; }
.pool { border: 1px solid var(--line); border-left: 6px solid var(--c); background: var(--cbg); border-radius: 8px; padding: 10px 12px; min-width: 210px; max-width: 620px; }
.pool h3 { margin: 0; font-size: 16px; }
.pool .os { font-size: 13px; color: var(--ink); }
.pool .nodes { display: flex; flex-wrap: wrap; gap: 3px; margin: 8px 0; }
.pool .node { width: 14px; height: 14px; border-radius: 3px; background: var(--c); }
.pool .node.cordoned { background: repeating-linear-gradient(45deg, var(--c), var(--c) 2px, #fff 2px, #fff 4px); }
.pool .more { font-size: 12px; color: var(--muted); align-self: center; }
.c-linux { --c: var(--linux); --cbg: var(--linux-bg); } .c-17763 { --c: var(--w17763); --cbg: var(--w17763-bg); }
.c-20348 { --c: var(--w20348); --cbg: var(--w20348-bg); } .c-26100 { --c: var(--w26100); --cbg: var(--w26100-bg); }
.c-other { --c: var(--wother); --cbg: var(--wother-bg); }
.chip { display: inline-block; font-size: 12px; padding: 1px 7px; border-radius: 10px; background: var(--off-bg); color: var(--ink); margin: 2px 4px 2px 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.bar { display: grid; grid-template-columns: auto 1fr; column-gap: 8px; row-gap: 1px; align-items: baseline; font-size: 12px; margin: 4px 0; }
.bar > .mono { text-align: right; }
.bar svg { grid-column: 1 / -1; width: 100%; height: 10px; display: block; }
.bar.bare { grid-template-columns: 1fr; min-width: 170px; }
.bar.bare > .mono { text-align: left; }
.bar .track { fill: #ffffff; stroke: #8c959f; stroke-width: 1; }
.bar .fill { fill: var(--c); }
.bar .fill.over { fill: var(--bad); }
.life { font-size: 13px; margin-top: 6px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 13px; margin: 10px 0; color: var(--muted); }
.legend span.sw { display: inline-block; width: 12px; height: 12px; border-radius: 3px; vertical-align: -1px; margin-right: 5px; background: var(--c); }
.controls { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: end; margin: 10px 0; padding: 10px 12px; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; }
.controls label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
.controls label.inline { flex-direction: row; align-items: center; gap: 6px; font-size: 14px; color: var(--ink); }
.controls input[type=search], .controls select { font: inherit; font-size: 14px; padding: 4px 8px; border: 1px solid #8c959f; border-radius: 6px; background: #fff; color: var(--ink); min-width: 150px; }
.count { font-size: 13px; color: var(--muted); margin: 6px 0; }
.tablewrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--panel); position: sticky; top: 0; font-weight: 600; white-space: nowrap; }
tbody tr:hover { background: #f6f8fa; }
td.wl { min-width: 180px; max-width: 260px; }
#matrix-table td.wl, #matrix-table thead th:first-child { position: sticky; left: 0; z-index: 1; background: var(--bg); box-shadow: 1px 0 0 var(--line); }
#matrix-table thead th:first-child { z-index: 2; background: var(--panel); }
td.wl .name { font-weight: 600; overflow-wrap: anywhere; }
.small { font-size: 12px; color: var(--muted); }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.v { display: inline-flex; gap: 4px; align-items: baseline; border-radius: 6px; padding: 1px 7px; font-size: 12.5px; font-weight: 600; white-space: nowrap; }
.v-runs { background: var(--ok-bg); color: var(--ok); }
.v-fails { background: var(--bad-bg); color: var(--bad); }
.v-would-fail { background: var(--warn-bg); color: var(--warn); }
.v-may-land { background: var(--info-bg); color: var(--info); }
.v-blocked { background: var(--off-bg); color: var(--off); }
td.cell .why { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; font-size: 12px; color: var(--muted); max-width: 210px; overflow: hidden; margin-top: 2px; }
th.poolhead { border-top: 4px solid var(--c); min-width: 150px; }
thead th .small { white-space: normal; font-weight: 400; }
td.wl button { margin-top: 4px; padding: 1px 8px; font-size: 12px; }
tr.detail td { background: var(--panel); }
tr.detail ul { margin: 4px 0; padding-left: 18px; }
button { font: inherit; font-size: 13px; padding: 3px 10px; border-radius: 6px; border: 1px solid #8c959f; background: #fff; color: var(--ink); cursor: pointer; }
button:hover { background: var(--panel); }
button[disabled] { color: #6e7781; cursor: default; }
.pager { display: flex; gap: 8px; align-items: center; margin: 8px 0; font-size: 13px; }
.sev { display: inline-block; border-radius: 6px; padding: 0 7px; font-size: 12px; font-weight: 650; }
.sev-error { background: var(--bad-bg); color: var(--bad); } .sev-warning { background: var(--warn-bg); color: var(--warn); } .sev-info { background: var(--info-bg); color: var(--info); } .sev-ok { background: var(--ok-bg); color: var(--ok); }
.group { border: 1px solid var(--line); border-radius: 8px; margin: 10px 0; }
.group > h3 { margin: 0; padding: 8px 12px; background: var(--panel); font-size: 15px; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; border-radius: 8px 8px 0 0; }
.group > h3 .desc { font-weight: 400; color: var(--muted); font-size: 13px; }
.finding { padding: 8px 12px; border-bottom: 1px solid var(--line); }
.finding:last-child { border-bottom: 0; }
.finding .msg { margin: 2px 0; }
pre.frame { margin: 6px 0 0; padding: 6px 10px; background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; font-size: 12.5px; overflow-x: auto; line-height: 1.35; }
pre.frame .hit { background: #fff1c2; display: inline-block; min-width: 100%; font-weight: 600; }
.steps { list-style: none; padding: 0; margin: 0; counter-reset: step; }
.steps > li { border: 1px solid var(--line); border-left: 6px solid var(--ok); border-radius: 8px; padding: 8px 12px; margin: 8px 0; }
.steps > li.problem { border-left-color: var(--bad); }
.steps h3 { margin: 0; font-size: 15px; }
.steps ul { margin: 4px 0 0; padding-left: 20px; }
.steps strong { color: var(--bad); }
.empty { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: 12px; padding: 20px 28px; border-top: 1px solid var(--line); }
.print-note { display: none; }
@media print {
  nav.toc, .controls, .pager button, .skip, button.why-toggle { display: none !important; }
  .print-note { display: block; font-size: 12px; color: var(--muted); }
  header.top, main { padding-left: 0; padding-right: 0; }
  section { break-inside: auto; }
  .pool, .group > h3, .finding, .steps > li, tr { break-inside: avoid; }
  thead th, #matrix-table td.wl, #matrix-table thead th:first-child { position: static; box-shadow: none; }
  .tablewrap { overflow: visible; border: 0; }
  td.cell .why { display: block; max-width: none; }
  a { color: var(--ink); }
  html { font-size: 12px; }
}
`;
