// The report page in a real browser (Debian's Chromium via playwright-core): no console errors, the
// counts shown equal the model's, filters change the rows, the keyboard works, it prints; screenshots
// are saved for a person to look at. Skips without Chromium unless KUBE_HYBRID_BROWSER_REQUIRED=1.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildReportModel } from '../../report/model.js';
import type { ReportModel } from '../../report/model.js';
import { repoPath } from '../../testing/paths.js';
import { renderReportHtml } from './html.js';
import { BROWSER_REQUIRED, browserMissing, launchChromium, openReport, screenshotDir } from './testing/browser.js';

const TEST_DAY = '2026-11-30';
const missing = browserMissing();
// Without a browser the suite is skipped; with KUBE_HYBRID_BROWSER_REQUIRED=1 one test fails and says why.
const skip = missing ?? false;

if (missing !== undefined && BROWSER_REQUIRED) {
  it('has a browser for the report tests (KUBE_HYBRID_BROWSER_REQUIRED=1)', () => assert.fail(missing));
}

/** A larger fixture: 240 workloads over 8 namespaces, Linux and Windows, some without OS selectors. */
function writeLargeFixture(dir: string): void {
  const docs: string[] = [];
  for (let i = 0; i < 240; i++) {
    const windows = i % 3 === 0;
    const image = windows ? (i % 2 ? 'mcr.microsoft.com/windows/servercore:ltsc2022' : 'mcr.microsoft.com/windows/nanoserver:ltsc2019') : 'nginx:1.27.2';
    const selector = i % 4 === 0 ? '' : `      nodeSelector: {kubernetes.io/os: ${windows ? 'windows' : 'linux'}}\n`;
    const toleration = windows && i % 5 !== 0 ? '      tolerations: [{key: os, value: windows, effect: NoSchedule}]\n' : '';
    docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-${i}, namespace: team-${i % 8}}\nspec:\n  replicas: ${1 + (i % 2)}\n  selector: {matchLabels: {app: app-${i}}}\n  template:\n    metadata: {labels: {app: app-${i}}}\n    spec:\n${selector}${toleration}      containers:\n        - name: main\n          image: ${image}\n          resources: {requests: {cpu: 50m, memory: 64Mi}, limits: {memory: 64Mi}}\n`);
  }
  writeFileSync(join(dir, 'apps.yaml'), docs.join('---\n'));
}

/**
 * Runs in the page: every visible element with text of its own, its colour against the first opaque
 * background behind it (WCAG 2 relative luminance). Disabled controls are exempt, as in WCAG.
 */
const CONTRAST_SCRIPT = `(() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    if (el.closest('[disabled], noscript, script, style, .skip') || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    const fg = lum(rgb(style.color)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) failures.push(el.tagName + '.' + el.className + ' "' + el.textContent.trim().slice(0, 40) + '": ' + ratio.toFixed(2));
  }
  return failures;
})()`;

async function rowCount(page: Page, table: string): Promise<number> {
  return page.locator(`${table} tbody tr[data-workload]`).count();
}

async function countAttr(page: Page, id: string, name: string): Promise<number> {
  return Number(await page.getAttribute(`#${id}`, name));
}

describe('report page in Chromium', { skip }, () => {
  let browser: Browser;
  const shots = screenshotDir();
  const work = mkdtempSync(join(tmpdir(), 'kh-report-browser-'));

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  describe('the bundled example on multi-build, with an upgrade plan', () => {
    let model: ReportModel;
    let path: string;
    before(async () => {
      ({ model } = await buildReportModel({ paths: [repoPath('examples/hybrid-app')], cluster: 'multi-build', today: TEST_DAY, planTo: 26100 }));
      path = join(work, 'example.html');
      writeFileSync(path, renderReportHtml(model));
    });

    it('draws without console errors or network requests, and shows the model\'s counts', async (t) => {
      const { page, errors } = await openReport(browser, path);
      const shot = join(shots, 'example.png');
      await page.screenshot({ path: shot, fullPage: true });
      t.diagnostic(`screenshot: ${shot}`);
      assert.deepEqual(errors, []);
      const s = model.summary;
      assert.equal((await page.textContent('#summary-pods .num'))?.trim(), `${s.podsRunning} / ${s.pods}`);
      assert.equal((await page.textContent('#summary-errors .num'))?.trim(), String(s.findings.errors));
      assert.equal((await page.textContent('#summary-workloads .num'))?.trim(), `${s.workloadsFullyRunning} / ${s.workloads}`);
      assert.equal(await page.locator('.pool').count(), model.cluster.pools.length);
      assert.equal(await countAttr(page, 'matrix-count', 'data-total'), model.workloads.length);
      assert.equal(await rowCount(page, '#matrix-table'), model.workloads.length);
      assert.equal(await page.locator('#matrix-table tbody tr[data-workload] td.cell').count(), model.workloads.length * model.cluster.pools.length);
      assert.equal(await countAttr(page, 'findings-count', 'data-findings'), model.check.findings.length);
      assert.equal(await page.locator('#findings-list .finding').count(), model.check.findings.length);
      const plan = model.plan as { steps: unknown[] };
      assert.equal(await page.locator('#plan-steps > li').count(), plan.steps.length);
      const lifecycle = model.lifecycle as { pools: unknown[] };
      assert.equal(await page.locator('#lifecycle-table tbody tr').count(), lifecycle.pools.length);
      await page.close();
    });

    it('filters the placement matrix by namespace, OS, verdict and text', async () => {
      const { page, errors } = await openReport(browser, path);
      await page.selectOption('#matrix-namespace', 'lob');
      assert.equal(await rowCount(page, '#matrix-table'), model.workloads.filter((w) => w.namespace === 'lob').length);
      await page.selectOption('#matrix-namespace', '');
      await page.selectOption('#matrix-os', 'windows');
      assert.equal(await rowCount(page, '#matrix-table'), model.workloads.filter((w) => w.os === 'windows').length);
      await page.selectOption('#matrix-os', '');
      await page.selectOption('#matrix-verdict', 'fails');
      const failing = model.workloads.filter((w) => w.cells.some((c) => c.verdict === 'fails'));
      assert.ok(failing.length > 0 && failing.length < model.workloads.length);
      assert.equal(await rowCount(page, '#matrix-table'), failing.length);
      assert.equal(await countAttr(page, 'matrix-count', 'data-shown'), failing.length);
      assert.equal(await page.locator('#matrix-table tbody tr[data-workload] .v-fails').count() > 0, true);
      await page.selectOption('#matrix-verdict', '');
      await page.fill('#matrix-search', 'storefront');
      assert.equal(await rowCount(page, '#matrix-table'), 1);
      assert.equal(await page.getAttribute('#matrix-table tbody tr[data-workload]', 'data-workload'), 'Deployment/shop/storefront');
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('filters findings by severity and regroups them by workload', async () => {
      const { page, errors } = await openReport(browser, path);
      await page.selectOption('#findings-severity', 'error');
      assert.equal(await countAttr(page, 'findings-count', 'data-findings'), model.check.findings.filter((f) => f.severity === 'error').length);
      assert.equal(await page.locator('#findings-list .finding[data-severity="warning"]').count(), 0);
      await page.selectOption('#findings-severity', '');
      await page.selectOption('#findings-group', 'workload');
      const objects = new Set(model.check.findings.map((f) => `${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}`));
      assert.equal(await page.locator('#findings-list .group').count(), objects.size);
      // Each finding links to its rule's docs page and shows its source line.
      const firstRule = model.check.findings[0].ruleId;
      assert.equal(await page.locator(`#findings-list a[href$="/docs/rules/${firstRule}.md"]`).count() > 0, true);
      // A code frame for every finding with a position; profile nodes (line 0) are named with their origin instead.
      assert.equal(await page.locator('#findings-list pre.frame .hit').count(), model.check.findings.filter((f) => f.line > 0).length);
      for (const f of model.check.findings.filter((x) => x.line === 0)) {
        assert.equal(await page.getByText(`${f.object.kind.toLowerCase()}/${f.object.name} (${f.file})`, { exact: true }).count() > 0, true, f.object.name);
      }
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('works with the keyboard: skip link, a row\'s reasons, the fix-first links', async () => {
      const { page, errors } = await openReport(browser, path);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate('document.activeElement && document.activeElement.className'), 'skip');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'report');
      // Type in the matrix search, then Tab to a row's "Why" and open it with Enter, close it with Space.
      await page.focus('#matrix-search');
      await page.keyboard.type('lob-web');
      assert.equal(await rowCount(page, '#matrix-table'), 1);
      const why = page.locator('#matrix-table tbody tr[data-workload] button.why-toggle');
      await why.focus();
      await page.keyboard.press('Enter');
      assert.equal(await why.getAttribute('aria-expanded'), 'true');
      assert.equal(await page.locator('#matrix-table tr.detail:not([hidden])').count(), 1);
      assert.match((await page.textContent('#matrix-table tr.detail')) ?? '', /untolerated taint \{os: windows\}/);
      await page.keyboard.press('Space');
      assert.equal(await why.getAttribute('aria-expanded'), 'false');
      // Keyboard on a select: ArrowDown picks the next option and the list follows.
      await page.focus('#findings-severity');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.inputValue('#findings-severity'), 'error');
      assert.equal(await page.locator('#findings-list .finding[data-severity="warning"]').count(), 0);
      // A "Fix first" link narrows the findings to its rule.
      const link = page.locator('#summary a[data-rule]').first();
      const rule = await link.getAttribute('data-rule');
      await link.focus();
      await page.keyboard.press('Enter');
      assert.equal(await page.inputValue('#findings-rule'), rule);
      assert.equal(await countAttr(page, 'findings-count', 'data-findings'), model.check.findings.filter((f) => f.ruleId === rule).length);
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('has text at least 4.5:1 against its background everywhere (WCAG AA)', async () => {
      const { page, errors } = await openReport(browser, path);
      await page.locator('#matrix-table button.why-toggle').first().click();
      const failures = (await page.evaluate(CONTRAST_SCRIPT)) as string[];
      assert.deepEqual(failures, []);
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('prints: navigation and filters hidden, a PDF comes out', async (t) => {
      const { page, errors } = await openReport(browser, path);
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('nav.toc').isVisible(), false);
      assert.equal(await page.locator('#placement .controls').isVisible(), false);
      assert.equal(await page.locator('#summary').isVisible(), true);
      const pdf = join(shots, 'example.pdf');
      await page.pdf({ path: pdf, format: 'A4', printBackground: true });
      t.diagnostic(`pdf: ${pdf}`);
      assert.deepEqual(errors, []);
      await page.close();
    });
  });

  describe('a larger fixture, embedded compressed', () => {
    let model: ReportModel;
    let path: string;
    before(async () => {
      const dir = join(work, 'large');
      mkdirSync(dir);
      writeLargeFixture(dir);
      ({ model } = await buildReportModel({ paths: [dir], cluster: 'multi-build', today: TEST_DAY }));
      path = join(work, 'large.html');
      const html = renderReportHtml(model, { plainLimit: 0 });
      assert.match(html, /data-encoding="gzip\+base64"/);
      writeFileSync(path, html);
    });

    it('pages the matrix and the simulation, with counts equal to the model\'s', async (t) => {
      const { page, errors } = await openReport(browser, path);
      const shot = join(shots, 'large.png');
      await page.screenshot({ path: shot, fullPage: true });
      t.diagnostic(`screenshot: ${shot}`);
      assert.deepEqual(errors, []);
      assert.equal(model.workloads.length, 240);
      assert.equal(await countAttr(page, 'matrix-count', 'data-total'), 240);
      assert.equal(await rowCount(page, '#matrix-table'), 50);
      assert.match((await page.textContent('#matrix-count')) ?? '', /Showing 1–50 of 240 workloads/);
      const s = model.summary;
      assert.equal((await page.textContent('#summary-pods .num'))?.trim(), `${s.podsRunning.toLocaleString('en-US')} / ${s.pods.toLocaleString('en-US')}`);
      const notRunning = model.workloads.filter((w) => w.running < w.pods).length;
      assert.equal(await countAttr(page, 'sim-count', 'data-shown'), notRunning, 'the simulation list starts with the workloads not fully running');
      await page.uncheck('#sim-not-running');
      assert.equal(await countAttr(page, 'sim-count', 'data-shown'), 240);
      await page.close();
    });

    it('moves between pages with the keyboard and keeps filters and paging in step', async () => {
      const { page, errors } = await openReport(browser, path);
      const next = page.getByRole('button', { name: 'Next page of workloads' }).first();
      await next.focus();
      await page.keyboard.press('Enter');
      assert.match((await page.textContent('#matrix-count')) ?? '', /Showing 51–100 of 240/);
      const first = await page.getAttribute('#matrix-table tbody tr[data-workload]', 'data-workload');
      assert.equal(first, `Deployment/${model.workloads[50].namespace}/${model.workloads[50].name}`);
      await page.selectOption('#matrix-namespace', 'team-3');
      assert.equal(await countAttr(page, 'matrix-count', 'data-shown'), 30);
      assert.equal(await rowCount(page, '#matrix-table'), 30);
      await page.selectOption('#matrix-pool', String(model.cluster.pools.findIndex((p) => p.name === 'win2022')));
      await page.selectOption('#matrix-verdict', 'runs');
      const expected = model.workloads.filter((w) => w.namespace === 'team-3' && w.cells[model.cluster.pools.findIndex((p) => p.name === 'win2022')].verdict === 'runs').length;
      assert.equal(await countAttr(page, 'matrix-count', 'data-shown'), expected);
      assert.deepEqual(errors, []);
      await page.close();
    });
  });
});
