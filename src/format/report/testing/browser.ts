// Debian's Chromium driven by playwright-core for the report's browser tests. playwright-core never
// downloads a browser: it only starts the executable named here. Without one the tests skip, unless
// KUBE_HYBRID_BROWSER_REQUIRED=1 (CI), when they fail instead.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.KUBE_HYBRID_CHROMIUM ?? '/usr/bin/chromium';
export const BROWSER_REQUIRED = process.env.KUBE_HYBRID_BROWSER_REQUIRED === '1';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserMissing(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  return `no Chromium at ${CHROMIUM_PATH}: run \`bash scripts/setup.sh\` (installs Debian's chromium) or set KUBE_HYBRID_CHROMIUM; set KUBE_HYBRID_BROWSER_REQUIRED=1 to fail instead of skipping`;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // Root in a container has no user namespace sandbox; the page is our own file.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** Where screenshots go: KUBE_HYBRID_SCREENSHOT_DIR, or a fresh temporary folder. */
export function screenshotDir(): string {
  const dir = process.env.KUBE_HYBRID_SCREENSHOT_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  return mkdtempSync(join(tmpdir(), 'kube-hybrid-report-screens-'));
}

export interface OpenedPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
}

/** Opens a report file and waits until it has drawn itself. */
export async function openReport(browser: Browser, path: string, width = 1400): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) errors.push(`network request: ${request.url()}`);
  });
  await page.goto(`file://${path}`);
  await page.waitForSelector('[data-report-ready]', { timeout: 30_000 });
  return { page, errors };
}
