// npm run bench:reader — the document reader, in Debian's Chromium against the
// web host (the same renderer as Electron's).
//
// For each long document (BENCH_PAGES, a comma list, default "300,1000"; each
// in its own unencrypted store, web host and browser context):
//   - first page: from the click on the document to its first page drawn;
//   - scrolling through the whole document two screens at a time (every
//     100 ms): how long pages in view stay blank after each step (p50, p95,
//     max), pages in view still blank at the end, and how many pages hold a
//     canvas at the end;
//   - the renderer's memory after the scroll: JS heap (CDP Performance
//     metrics, before and after a forced GC), performance.memory, the pixels
//     held by canvases (width × height × 4 bytes) and the largest Chromium
//     renderer process's resident memory.
// Then, over the bundled sample meetings (resources/sample, all imported into
// a fresh store): the first screen (navigation start to the meeting list
// shown, over 10 fresh page loads; target under 1000 ms), and for each of the queries below, typed into the global search
// box, the time from the click on the first hit to that hit's page drawn with
// the words marked (p50, p95, max; target under 1000 ms).
//
// Times from a click are taken in the page (performance.now() at the click's
// capture, to the DOM change that shows the result), so they hold no
// Playwright round trips.
//
//   npm run bench:reader
//   BENCH_PAGES=300 npm run bench:reader
//   BENCH_QUERIES='nazorg|armoedepact' npm run bench:reader
//   BENCH_REDUCED_MOTION=1 BENCH_SCROLL_STEPS=60 npm run bench:reader
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { openSession } from '../electron/core/open-session.ts';
import { startWebHost } from '../electron/web/server.ts';
import { writeLongPackage } from './lib/long-package.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PAGES = (process.env.BENCH_PAGES ?? '300,1000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
if (PAGES.length === 0) throw new Error(`BENCH_PAGES must be a comma list of page counts, not "${process.env.BENCH_PAGES}"`);
const CHROMIUM = process.env.RAADSMAP_CHROMIUM ?? '/usr/bin/chromium';
/** BENCH_REDUCED_MOTION=1: the pages ask for reduced motion (no skeleton pulse), to compare. */
const REDUCED_MOTION = process.env.BENCH_REDUCED_MOTION === '1';
/** BENCH_SCROLL_STEPS=n: stop the scroll after n steps (a quick comparison); the whole document by default. */
const SCROLL_STEPS = Number(process.env.BENCH_SCROLL_STEPS ?? Infinity);
const CONTEXT = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 2, reducedMotion: REDUCED_MOTION ? 'reduce' : 'no-preference' } as const;
// What a councillor types: words from the sample meetings' subjects (debt help, education, youth care, the social domain).
const QUERIES = process.env.BENCH_QUERIES?.split('|').map((q) => q.trim()).filter(Boolean) ?? [
  'schuldhulpverlening nazorg',
  'passend onderwijs thuiszitters',
  'wachttijden schulddienstverlening',
  'populatiebekostiging',
  'sociaal wijkteam huisarts',
  'budgetbeheer bereikbaarheid',
  'saneringskrediet',
  'zorgaanbieders inkoop jeugdhulp',
  'rekenkamer aanbevelingen jeugdhulp',
  'preventie schulden jongeren',
  'vroegsignalering betalingsachterstanden huur',
];
const HIT_TARGET_MS = 1000;
/** The first screen: fresh page loads of the app with the sample meetings, and its target. */
const FIRST_SCREEN_LOADS = 10;
const FIRST_SCREEN_TARGET_MS = 1000;
/** Filled by searchHits: ms from navigation start to the meeting list shown, per load. */
const firstScreen: number[] = [];
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? 0;
const mb = (bytes: number | null | undefined) => (bytes == null ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

interface ReaderCase {
  pages: number;
  pagesInReader: number;
  firstPageMs: number;
  steps: number;
  scrollSeconds: number;
  blank: number[];
  /** Steps after which some page in view was still not drawn 30 s later. */
  stuckSteps: number;
  blankInViewAtEnd: number;
  failedPages: number;
  pageCanvases: number;
  pageCanvasBytes: number;
  otherCanvases: number;
  otherCanvasBytes: number;
  jsHeap: number;
  jsHeapAfterGc: number;
  perfMemory: number | null;
  rendererRss: number | null;
  rendererRssAfterGc: number | null;
}

interface HitResult {
  query: string;
  document: string;
  page: number;
  ms: number | null;
  problem?: string;
}


// Functions run in the page hold no named inner functions: tsx wraps those in
// __name(), which the page does not have.
// Which pages are in view is read from the frames' inline top and height and one read of the
// scroll box, not from getBoundingClientRect per page: that forces a layout of every page and its
// text layer at each poll, and in a 1,000-page document the measuring then costs the renderer more
// than the drawing it measures.
/** How many pages in the scroll box's view are not drawn (-1 without a scroll box). */
const blankInView = () => {
  const el = document.querySelector<HTMLElement>('.pages');
  if (!el) return -1;
  const top = el.scrollTop;
  const bottom = top + el.clientHeight;
  return [...el.querySelectorAll<HTMLElement>('.page')].filter((p) => {
    const y = parseFloat(p.style.top);
    return y + parseFloat(p.style.height) > top && y < bottom && p.dataset.state !== 'drawn';
  }).length;
};
/** The same, as a condition (waitForFunction cannot call another function of this file). */
const allInViewDrawn = () => {
  const el = document.querySelector<HTMLElement>('.pages');
  if (!el) return false;
  const top = el.scrollTop;
  const bottom = top + el.clientHeight;
  return [...el.querySelectorAll<HTMLElement>('.page')].every((p) => {
    const y = parseFloat(p.style.top);
    return !(y + parseFloat(p.style.height) > top && y < bottom) || p.dataset.state === 'drawn';
  });
};

/**
 * Runs `click` and returns the milliseconds, measured in the page, from the
 * click (its capture on the document) to the first DOM change after which
 * `selector` matches; null when it does not within `timeoutMs`.
 */
async function clickUntil(page: Page, click: () => Promise<void>, selector: string, timeoutMs: number): Promise<number | null> {
  await page.evaluate(
    ({ selector, timeoutMs }) => {
      const w = window as unknown as { __bench?: Promise<number | null> };
      w.__bench = new Promise<number | null>((resolve) => {
        let clickedAt = -1;
        document.addEventListener('click', () => (clickedAt = performance.now()), { capture: true, once: true });
        const observer = new MutationObserver(() => {
          if (clickedAt < 0 || !document.querySelector(selector)) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve(performance.now() - clickedAt);
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true });
        const timer = setTimeout(() => {
          observer.disconnect();
          resolve(null);
        }, timeoutMs);
      });
    },
    { selector, timeoutMs },
  );
  await click();
  const ms = await page.evaluate(() => (window as unknown as { __bench: Promise<number | null> }).__bench);
  return ms === null ? null : Math.round(ms);
}

/** Resident memory of the largest Chromium renderer process below this process (Linux /proc), or null. */
function largestRendererRss(): number | null {
  try {
    const parent = new Map<number, number>();
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // gone meanwhile
      }
    }
    const ours = (pid: number): boolean => {
      for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
      return false;
    };
    let largest: number | null = null;
    for (const pid of parent.keys()) {
      try {
        if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer') || !ours(pid)) continue;
        const rss = Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
        if (largest === null || rss > largest) largest = rss;
      } catch {
        // gone meanwhile
      }
    }
    return largest;
  } catch {
    return null;
  }
}

async function readerCase(browser: Browser, staticDir: string, pages: number): Promise<ReaderCase> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-bench-reader-'));
  const session = openSession({ dataDir: path.join(work, 'data') });
  try {
    // As the app runs: a session, on an unencrypted store (a bare core leaves the app at its storage check).
    await session.setupVault({ encrypt: false });
    await writeLongPackage(path.join(work, 'pkg'), pages);
    await session.core().importPackages({ paths: [path.join(work, 'pkg')] });
    const host = await startWebHost({ session, staticDir });
    const context = await browser.newContext(CONTEXT);
    try {
      const page = await context.newPage();
      // A crashed renderer would otherwise surface only as "Target page, context or browser has been closed".
      page.on('crash', () => console.error(`${new Date().toISOString()} the renderer crashed (renderer RSS before: ${mb(largestRendererRss())})`));
      await page.goto(host.appUrl);
      await page.getByRole('button', { name: /Raadsvergadering jaarrekening/ }).click();
      const open = page.getByRole('button', { name: 'Jaarverslag en jaarrekening' });
      await open.waitFor();
      const firstPageMs = await clickUntil(page, () => open.click(), '.page[data-page="1"][data-state="drawn"]', 30_000);
      if (firstPageMs === null) throw new Error(`${pages} pages: the first page was not drawn within 30 s of the click`);

      // Scroll two screens at a time; after each step, wait until every page in view is drawn.
      const blank: number[] = [];
      let stuckSteps = 0;
      const scrollStart = Date.now();
      for (;;) {
        const done = await page.evaluate(() => {
          const el = document.querySelector<HTMLElement>('.pages')!;
          const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
          el.scrollTop += 2 * el.clientHeight;
          return atEnd;
        });
        const stepStart = Date.now();
        try {
          await page.waitForFunction(allInViewDrawn, undefined, { timeout: 30_000, polling: 10 });
        } catch {
          stuckSteps++;
        }
        blank.push(Date.now() - stepStart);
        if (done || blank.length >= SCROLL_STEPS) break;
        await page.waitForTimeout(100);
      }
      const scrollSeconds = (Date.now() - scrollStart) / 1000;

      // After the scroll, at rest (the reader frees pdf.js's document-wide caches after 30 s without
      // scrolling, as a councillor stops to read): what is left in view, and what the renderer holds.
      await page.waitForTimeout(32_000);
      const blankInViewAtEnd = await page.evaluate(blankInView);
      const dom = await page.evaluate(() => {
        const canvases = [...document.querySelectorAll('canvas')].filter((c) => c.width > 0);
        const onPages = canvases.filter((c) => c.closest('.page'));
        const others = canvases.filter((c) => !c.closest('.page'));
        return {
          pagesInReader: document.querySelectorAll('.page').length,
          failedPages: document.querySelectorAll('.page[data-state="failed"]').length,
          pageCanvases: onPages.length,
          pageCanvasBytes: onPages.reduce((sum, c) => sum + c.width * c.height * 4, 0),
          otherCanvases: others.length,
          otherCanvasBytes: others.reduce((sum, c) => sum + c.width * c.height * 4, 0),
          perfMemory: ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null) as number | null,
        };
      });
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const heap = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      const jsHeap = await heap();
      const rendererRss = largestRendererRss();
      await cdp.send('HeapProfiler.collectGarbage');
      const jsHeapAfterGc = await heap();
      const rendererRssAfterGc = largestRendererRss();
      await cdp.detach();
      return { pages, firstPageMs, steps: blank.length, scrollSeconds, blank, stuckSteps, blankInViewAtEnd, jsHeap, jsHeapAfterGc, rendererRss, rendererRssAfterGc, ...dom };
    } finally {
      // Never hides the error that ended the case (a crashed page makes this throw too).
      await context.close().catch(() => {});
      await host.close();
    }
  } finally {
    await session.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function searchHits(browser: Browser, staticDir: string): Promise<HitResult[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-bench-reader-search-'));
  const session = openSession({ dataDir: path.join(work, 'data'), extractionThreads: 2 });
  try {
    await session.setupVault({ encrypt: false });
    const core = session.core();
    const sampleDir = path.join(repo, 'resources', 'sample');
    await core.importPackages({ paths: fs.readdirSync(sampleDir).map((d) => path.join(sampleDir, d)) });
    await core.searchIndexReady();
    const host = await startWebHost({ session, staticDir });
    const context = await browser.newContext(CONTEXT);
    try {
      // The first screen: from the start of the page's navigation to the meeting list with its meetings
      // on screen (performance.now() is counted from the navigation's start), over fresh loads.
      for (let i = 0; i < FIRST_SCREEN_LOADS; i++) {
        const fresh = await context.newPage();
        await fresh.addInitScript(() => {
          const w = window as unknown as { __firstScreen: Promise<number> };
          w.__firstScreen = new Promise((resolve) => {
            const observer = new MutationObserver(() => {
              if (!document.querySelector('.meeting-list li')) return;
              observer.disconnect();
              resolve(performance.now());
            });
            observer.observe(document, { subtree: true, childList: true });
          });
        });
        await fresh.goto(host.appUrl);
        firstScreen.push(Math.round(await fresh.evaluate(() => (window as unknown as { __firstScreen: Promise<number> }).__firstScreen)));
        await fresh.close();
      }
      const page = await context.newPage();
      // A crashed renderer would otherwise surface only as "Target page, context or browser has been closed".
      page.on('crash', () => console.error(`${new Date().toISOString()} the renderer crashed (renderer RSS before: ${mb(largestRendererRss())})`));
      await page.goto(host.appUrl);
      const box = page.getByRole('combobox', { name: 'Zoek in alle stukken' });
      const results: HitResult[] = [];
      for (const query of QUERIES) {
        await box.fill(query);
        await box.press('Enter');
        const hit = page.locator('.result .hit').first();
        try {
          await hit.waitFor({ timeout: 20_000 });
        } catch {
          results.push({ query, document: '', page: 0, ms: null, problem: 'no hit listed within 20 s' });
          continue;
        }
        const pageText = (await hit.locator('.hit-page').textContent()) ?? '';
        const n = Number(/(\d+)/.exec(pageText)?.[1]);
        const document = ((await page.locator('.result').first().locator('.result-title').textContent()) ?? '').trim();
        if (!Number.isInteger(n)) {
          results.push({ query, document, page: 0, ms: null, problem: `no page number in "${pageText}"` });
          continue;
        }
        const ms = await clickUntil(page, () => hit.click(), `.page[data-page="${n}"][data-state="drawn"] mark.search-mark`, 15_000);
        let problem: string | undefined;
        if (ms === null) {
          const state = await page.locator(`.page[data-page="${n}"]`).getAttribute('data-state', { timeout: 1000 }).catch(() => 'absent');
          const marksElsewhere = await page.locator('.page mark.search-mark').count();
          problem = `page ${n} not drawn with words marked within 15 s (its state: ${state}; marks on other pages: ${marksElsewhere})`;
        }
        results.push({ query, document, page: n, ms, problem });
      }
      return results;
    } finally {
      // Never hides the error that ended the case (a crashed page makes this throw too).
      await context.close().catch(() => {});
      await host.close();
    }
  } finally {
    await session.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-bench-reader-build-'));
  try {
    const staticDir = path.join(work, 'renderer');
    await build({ configFile: path.join(repo, 'renderer', 'vite.config.ts'), logLevel: 'error', build: { outDir: staticDir, emptyOutDir: true } });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
    });
    browser.on('disconnected', () => console.error(`${new Date().toISOString()} the browser went away`));
    try {
      const cases: ReaderCase[] = [];
      for (const pages of PAGES) {
        const c = await readerCase(browser, staticDir, pages);
        cases.push(c);
        console.log(`\n== ${c.pages}-page document (viewport 1280×900, device scale 2${REDUCED_MOTION ? ', reduced motion' : ''}) ==`);
        console.log(`pages in the reader                     ${c.pagesInReader}`);
        console.log(`first page drawn after click            ${c.firstPageMs} ms   (aim: under 1000 ms)`);
        console.log(`scroll through, 2 screens / 100 ms      ${c.steps} steps in ${c.scrollSeconds.toFixed(1)} s`);
        console.log(`pages in view blank after a step        p50 ${percentile(c.blank, 50)} ms, p95 ${percentile(c.blank, 95)} ms, max ${Math.max(...c.blank)} ms`);
        console.log(`steps still blank after 30 s            ${c.stuckSteps}`);
        console.log(`pages in view blank at the end          ${c.blankInViewAtEnd}   (failed pages: ${c.failedPages})`);
        console.log(`pages holding a canvas at the end       ${c.pageCanvases} of ${c.pagesInReader}, ${mb(c.pageCanvasBytes)} of pixels`);
        console.log(`other canvases (thumbnails)             ${c.otherCanvases}, ${mb(c.otherCanvasBytes)} of pixels`);
        console.log(`renderer JS heap after the scroll       ${mb(c.jsHeap)} (CDP JSHeapUsedSize); ${mb(c.jsHeapAfterGc)} after a forced GC; performance.memory ${mb(c.perfMemory)}`);
        console.log(`largest renderer process RSS            ${mb(c.rendererRss)}; ${mb(c.rendererRssAfterGc)} after the forced GC`);
      }

      const hits = await searchHits(browser, staticDir);
      console.log(`\n== First screen (sample meetings, ${firstScreen.length} fresh page loads) ==`);
      console.log(`navigation start → meeting list shown     p50 ${percentile(firstScreen, 50)} ms, p95 ${percentile(firstScreen, 95)} ms, max ${Math.max(...firstScreen)} ms (target < ${FIRST_SCREEN_TARGET_MS} ms)`);
      console.log(`\n== Search hit to marked page (sample meetings, ${hits.length} queries) ==`);
      for (const h of hits) {
        const where = h.page ? `${h.document.slice(0, 60)}, blz. ${h.page}` : h.document.slice(0, 60);
        console.log(`  ${h.query.padEnd(46)} ${h.ms === null ? 'FAILED' : `${h.ms} ms`.padStart(8)}   ${where}${h.problem ? `   — ${h.problem}` : ''}`);
      }
      const hitMs = hits.flatMap((h) => (h.ms === null ? [] : [h.ms]));
      const failed = hits.length - hitMs.length;
      const hitSummary = hitMs.length
        ? `p50 ${percentile(hitMs, 50)} ms, p95 ${percentile(hitMs, 95)} ms, max ${Math.max(...hitMs)} ms (target < ${HIT_TARGET_MS} ms)${failed ? `; ${failed} of ${hits.length} FAILED` : ''}`
        : `all ${hits.length} FAILED`;
      console.log(`click on first hit → its page drawn with the words marked: ${hitSummary}`);

      // The compact table.
      const command = [
        `BENCH_PAGES=${PAGES.join(',')}`,
        ...(process.env.BENCH_QUERIES ? [`BENCH_QUERIES='${process.env.BENCH_QUERIES}'`] : []),
        ...(REDUCED_MOTION ? ['BENCH_REDUCED_MOTION=1'] : []),
        ...(Number.isFinite(SCROLL_STEPS) ? [`BENCH_SCROLL_STEPS=${SCROLL_STEPS}`] : []),
        'npm run bench:reader',
      ].join(' ');
      const col = (c: ReaderCase) => `${c.pages} pages`;
      const rows: [string, (c: ReaderCase) => string][] = [
        ['first page after click', (c) => `${c.firstPageMs} ms`],
        ['scroll: blank in view p50', (c) => `${percentile(c.blank, 50)} ms`],
        ['scroll: blank in view p95', (c) => `${percentile(c.blank, 95)} ms`],
        ['scroll: blank in view max', (c) => `${Math.max(...c.blank)} ms`],
        ['scroll: steps / stuck > 30 s', (c) => `${c.steps} / ${c.stuckSteps}`],
        ['blank pages in view at end', (c) => `${c.blankInViewAtEnd}`],
        ['pages holding a canvas', (c) => `${c.pageCanvases} of ${c.pagesInReader}`],
        ['page canvas pixels', (c) => mb(c.pageCanvasBytes)],
        ['all canvas pixels', (c) => mb(c.pageCanvasBytes + c.otherCanvasBytes)],
        ['JS heap used', (c) => mb(c.jsHeap)],
        ['JS heap used after GC', (c) => mb(c.jsHeapAfterGc)],
        ['performance.memory used', (c) => mb(c.perfMemory)],
        ['renderer process RSS', (c) => mb(c.rendererRss)],
        ['renderer process RSS after GC', (c) => mb(c.rendererRssAfterGc)],
      ];
      const w0 = 30;
      const w = 14;
      console.log(`\n== Summary: ${command} ==`);
      console.log(`${''.padEnd(w0)}${cases.map((c) => col(c).padStart(w)).join('')}`);
      for (const [label, value] of rows) console.log(`${label.padEnd(w0)}${cases.map((c) => value(c).padStart(w)).join('')}`);
      const base = cases[0]!;
      const delta = (x: number | null, y: number | null) => (x === null || y === null ? 'n/a' : `${Math.abs(x - y) < 50_000 ? '±' : x > y ? '+' : '−'}${mb(Math.abs(x - y))}`);
      for (const c of cases.slice(1)) {
        console.log(
          `${`${c.pages} vs ${base.pages} pages`.padEnd(w0)}JS heap after GC ${delta(c.jsHeapAfterGc, base.jsHeapAfterGc)}, RSS after GC ${delta(c.rendererRssAfterGc, base.rendererRssAfterGc)}, ` +
            `page canvas pixels ${delta(c.pageCanvasBytes, base.pageCanvasBytes)}; blank pages in view at end ${c.blankInViewAtEnd} (vs ${base.blankInViewAtEnd})`,
        );
      }
      console.log(`${'search hit → marked page'.padEnd(w0)}${hitSummary}`);
      console.log(`${'first screen (meeting list)'.padEnd(w0)}p50 ${percentile(firstScreen, 50)} ms, p95 ${percentile(firstScreen, 95)} ms over ${firstScreen.length} loads (target < ${FIRST_SCREEN_TARGET_MS} ms)`);
    } finally {
      await browser.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
