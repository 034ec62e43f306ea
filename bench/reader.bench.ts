// npm run bench:reader — the document reader on a 300-page document, in
// Debian's Chromium against the web host (the same renderer as Electron's).
//
// Prints: time from clicking the document to its first page drawn; then,
// scrolling through the whole document two screens at a time (every 100 ms),
// how long pages in view stay blank (p50, p95, max), and how many pages hold
// a canvas at the end (memory stays bounded).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { createCore } from '../electron/core/index.ts';
import { startWebHost } from '../electron/web/server.ts';
import { writeLongPackage } from './lib/long-package.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PAGES = Number(process.env.BENCH_PAGES ?? 300);
const CHROMIUM = process.env.RAADSMAP_CHROMIUM ?? '/usr/bin/chromium';
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? 0;

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-bench-reader-'));
  const core = createCore({ dataDir: path.join(work, 'data') });
  try {
    await writeLongPackage(path.join(work, 'pkg'), PAGES);
    await core.importPackages({ paths: [path.join(work, 'pkg')] });
    const staticDir = path.join(work, 'renderer');
    await build({ configFile: path.join(repo, 'renderer', 'vite.config.ts'), logLevel: 'error', build: { outDir: staticDir, emptyOutDir: true } });
    const host = await startWebHost({ core, staticDir });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 2 });
      await page.goto(host.appUrl);
      await page.getByRole('button', { name: /Raadsvergadering jaarrekening/ }).click();
      const open = page.getByRole('button', { name: 'Jaarverslag en jaarrekening' });
      await open.waitFor();
      const clicked = Date.now();
      await open.click();
      await page.waitForSelector('.page[data-page="1"][data-state="drawn"]', { timeout: 30_000 });
      const firstPageMs = Date.now() - clicked;

      // Scroll a screen at a time; after each step, wait until every page in view is drawn.
      const blank: number[] = [];
      const scrollStart = Date.now();
      for (;;) {
        const done = await page.evaluate(() => {
          const el = document.querySelector<HTMLElement>('.pages')!;
          const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
          el.scrollTop += 2 * el.clientHeight;
          return atEnd;
        });
        const stepStart = Date.now();
        await page.waitForFunction(
          () => {
            const el = document.querySelector<HTMLElement>('.pages')!;
            const view = el.getBoundingClientRect();
            return [...document.querySelectorAll<HTMLElement>('.page')]
              .filter((p) => {
                const r = p.getBoundingClientRect();
                return r.bottom > view.top && r.top < view.bottom;
              })
              .every((p) => p.dataset.state === 'drawn');
          },
          undefined,
          { timeout: 30_000, polling: 10 },
        );
        blank.push(Date.now() - stepStart);
        if (done) break;
        await page.waitForTimeout(100);
      }
      const scrollSeconds = (Date.now() - scrollStart) / 1000;
      const canvases = await page.evaluate(() => [...document.querySelectorAll('canvas')].filter((c) => c.width > 0 && c.closest('.page')).length);
      const pageCount = await page.locator('.page').count();
      console.log(`pages in the reader                ${pageCount}`);
      console.log(`first page drawn after click       ${firstPageMs} ms   (aim: under 1000 ms)`);
      console.log(`scroll through, 2 screens / 100 ms ${blank.length} steps in ${scrollSeconds.toFixed(1)} s`);
      console.log(`pages in view blank for            p50 ${percentile(blank, 50)} ms, p95 ${percentile(blank, 95)} ms, max ${Math.max(...blank)} ms`);
      console.log(`pages holding a canvas at the end  ${canvases} of ${pageCount}`);
    } finally {
      await browser.close();
      await host.close();
    }
  } finally {
    await core.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
