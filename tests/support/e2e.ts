// End to end: the built renderer in Debian's Chromium, against the web host
// running the real core on a temporary data dir. Electron cannot be
// installed here; the renderer, the contract and the core are the same.
// A test file calls setupE2E() once; each test opens a fresh app with it.
import { AxeBuilder } from '@axe-core/playwright';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Core } from '../../electron/core/index.ts';
import { openSession, type Session } from '../../electron/core/open-session.ts';
import { startWebHost, type WebHost } from '../../electron/web/server.ts';
import { buildRenderer, CHROMIUM, CHROMIUM_FLAGS, repo } from './chromium.ts';

export const screenshots = path.join(repo, 'test-results');
export { CHROMIUM, CHROMIUM_FLAGS };

export interface E2EApp {
  page: Page;
  core: Core;
  /** Console errors, page errors, CSP violations and failed requests. */
  problems: string[];
  close(): Promise<void>;
}

export interface E2E {
  /** A temp dir for this file's packages and downloads, removed afterwards. */
  readonly workDir: string;
  /** The app on a fresh core; `prepare` runs before the host starts. */
  openApp(prepare?: (core: Core) => Promise<void>): Promise<E2EApp>;
  /** The app as it starts for a user: a session on the data dir (fresh when not given): first run, lock screen, …. */
  openSessionApp(dataDir?: string): Promise<Omit<E2EApp, 'core'> & { session: Session }>;
}

export function setupE2E(): E2E {
  let workDir = '';
  let staticDir = '';
  let browser: Browser | undefined;

  beforeAll(async () => {
    // Fail, never skip: CI installs chromium (.ci/run), and a silent skip would hide a broken renderer.
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (as .ci/run does) or set RAADSMAP_CHROMIUM.`);
    }
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-e2e-'));
    staticDir = path.join(workDir, 'renderer');
    // Always a fresh build of the current source, into a temp dir so a running `npm run web` keeps its files.
    await buildRenderer(staticDir);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    fs.mkdirSync(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  return {
    get workDir() {
      return workDir;
    },
    async openApp(prepare) {
      // As the app runs: a session, here on an unencrypted store (the vault e2e covers the other states).
      const app = await openOn(undefined, async (session) => {
        await session.setupVault({ encrypt: false });
        await prepare?.(session.core());
      });
      return { ...app, core: app.session.core() };
    },
    openSessionApp: (dataDir) => openOn(dataDir),
  };

  /** A session on the data dir (fresh when not given), `before` run on it, then the host and a page on it. */
  async function openOn(dataDir: string | undefined, before?: (session: Session) => Promise<void>) {
    const session = openSession({ dataDir: dataDir ?? fs.mkdtempSync(path.join(workDir, 'data-')), extractionThreads: 1, recordVisit: true });
    let host: WebHost;
    try {
      await before?.(session);
      host = await startWebHost({ session, staticDir });
    } catch (error) {
      await session.close();
      throw error;
    }
    const { page, problems, context } = await openPage(host);
    return {
      page,
      session,
      problems,
      async close() {
        await context.close();
        await host.close();
        await session.close();
      },
    };
  }

  async function openPage(host: WebHost) {
    // A context of its own (axe needs one): no storage shared between tests.
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    // Every CSP violation of the page (Chromium also logs them as console errors; this names the directive).
    await page.exposeFunction('raadsmapCspViolation', (text: string) => problems.push(`CSP violation: ${text}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { raadsmapCspViolation(text: string): void }).raadsmapCspViolation(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
    });
    await page.goto(host.appUrl);
    return { page, problems, context };
  }
}

/** Axe in the light and in the dark colour scheme (the app follows the system by default). */
export async function expectAccessibleInBothThemes(page: Page): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  await expectNoAxeViolations(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoAxeViolations(page);
  await page.emulateMedia({ colorScheme: 'light' });
}

export async function expectNoAxeViolations(page: Page): Promise<void> {
  // A tooltip that shows at that moment (a button focused again after a dialog) is transient text
  // its trigger is described by (aria-describedby), not page content for a landmark: left out.
  // A tooltip can also appear while axe runs (its delay ends on a loaded machine): then the run is
  // repeated once, with that tooltip marked (or gone); a real violation is found again.
  const markTooltips = () => page.evaluate(() => document.querySelectorAll('.rm-tooltip').forEach((tip) => (tip.closest('[data-overlay-container]') ?? tip).setAttribute('data-axe-transient', '')));
  const analyze = async () => (await new AxeBuilder({ page }).exclude('[data-axe-transient]').analyze()).violations;
  await markTooltips();
  let violations = await analyze();
  if (violations.length > 0) {
    await markTooltips();
    violations = await analyze();
  }
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => `${n.target.join(' ')}  ${n.html.slice(0, 160)}`).join('\n  ')}`);
  expect(summary).toEqual([]);
}
