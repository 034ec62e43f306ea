// Screenshots of every main screen in both themes, for the README:
// `node --import tsx scripts/screenshots.ts` (npm run screenshots). The built
// renderer in Debian's Chromium against the web host on a fresh data dir with
// the bundled sample meetings, as the e2e tests run it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { openSession } from '../electron/core/vault/session.ts';
import { startWebHost } from '../electron/web/server.ts';
import { buildRenderer, CHROMIUM, CHROMIUM_FLAGS, repo } from '../tests/support/chromium.ts';

const out = path.join(repo, 'docs', 'screenshots');
const [width, height] = (process.env.SCREENSHOT_SIZE ?? '1440x900').split('x').map(Number) as [number, number];

/** The main screens, each reached from the one before by what a user does. */
const screens: { name: string; show: (page: Page) => Promise<void> }[] = [
  {
    name: 'home',
    show: async (page) => {
      await page.getByRole('link', { name: 'Vergaderingen', exact: true }).click();
      await page.locator('#meeting-heading').waitFor();
    },
  },
  {
    name: 'preparation',
    show: async (page) => {
      await page.getByRole('button', { name: 'Mijn voorbereiding', exact: true, pressed: false }).click();
      await page.locator('.overview, .empty-overview').first().waitFor();
    },
  },
  {
    name: 'search',
    show: async (page) => {
      await page.getByRole('combobox', { name: 'Zoek in alle stukken' }).fill('schuldhulpverlening');
      await page.getByRole('combobox', { name: 'Zoek in alle stukken' }).press('Enter');
      await page.locator('.result').first().waitFor();
    },
  },
  {
    name: 'reader',
    show: async (page) => {
      await page.locator('.result .hit').first().click();
      await page.waitForSelector('.page[data-state="drawn"]', { timeout: 30_000 });
    },
  },
  {
    name: 'motions',
    show: async (page) => {
      await page.getByRole('link', { name: 'Moties', exact: true }).click();
      await page.locator('#motions-heading').waitFor();
    },
  },
  {
    name: 'settings',
    show: async (page) => {
      await page.keyboard.press('Control+,');
      await page.locator('#settings-general').waitFor();
    },
  },
  {
    name: 'palette',
    show: async (page) => {
      await page.getByRole('link', { name: 'Vergaderingen', exact: true }).click();
      await page.locator('#meeting-heading').waitFor();
      await page.keyboard.press('Control+k');
      await page.keyboard.type('raads');
    },
  },
];

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-screens-'));
  const staticDir = path.join(work, 'renderer');
  await buildRenderer(staticDir);
  const session = openSession({ dataDir: path.join(work, 'data'), sampleDir: path.join(repo, 'resources', 'sample'), extractionThreads: 2 });
  await session.setupVault({ encrypt: false });
  const core = session.core();
  await core.ensureSampleData({});
  await core.searchIndexReady();
  const host = await startWebHost({ session, staticDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  fs.mkdirSync(out, { recursive: true });
  try {
    for (const theme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: theme });
      const page = await context.newPage();
      await page.goto(host.appUrl);
      await page.locator('#meeting-heading').waitFor({ timeout: 30_000 });
      for (const screen of screens) {
        await screen.show(page);
        await page.waitForTimeout(400);
        const file = path.join(out, `${screen.name}-${theme}${width === 1440 ? '' : `-${width}`}.png`);
        await page.screenshot({ path: file });
        process.stdout.write(`${path.relative(repo, file)}\n`);
        if (screen.name === 'palette') await page.keyboard.press('Escape');
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await host.close();
    await session.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
