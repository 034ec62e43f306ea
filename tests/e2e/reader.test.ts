// The reader as a councillor uses it, in Chromium over the web host: every
// edge of a zoomed page reachable, one toolbar row, find that counts hits,
// Esc that never leaves the reader, and highlighting from the keyboard.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/index.ts';
import { writePackage } from '../support/make-package.ts';
import { expectAccessibleInBothThemes, screenshots, setupE2E } from '../support/e2e.ts';

const e2e = setupE2E();
const DRAWN = { timeout: 20_000 };

const filler = 'Dit is een gewone regel tekst van het rapport over de uitvoering van het beleid in de stad.';
/** A report with the word "nazorg" five times on three pages, once broken at a line end. */
async function withReport(core: Core): Promise<void> {
  const pkg = await writePackage(path.join(e2e.workDir, `pkg-${Math.random().toString(36).slice(2)}`), {
    agenda: [{ id: '1', number: '1', title: 'Rekenkameronderzoek nazorg', documents: ['doc/rapport'] }],
    documents: [
      {
        id: 'doc/rapport',
        title: 'Rapport nazorg schuldhulp',
        type: 'rekenkamerrapport',
        pages: [
          ['Rapport nazorg schuldhulp', filler, 'De Nazorg na een schuldregeling is beperkt.', filler, 'Aanbevelingen volgen.'],
          [filler, 'Bij de na-', 'zorg valt het gat.', filler, filler],
          ['Bijlage', filler, 'Nazorg en nog eens nazorg.', filler],
        ],
      },
    ],
  });
  await core.importPackages({ paths: [pkg.dir] });
}

async function openReport(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Rekenkameronderzoek nazorg/ }).first().waitFor();
  await page.getByRole('button', { name: 'Rapport nazorg schuldhulp', exact: true }).click();
  await page.waitForSelector('.page[data-page="1"][data-state="drawn"] .textLayer span[data-offset]', DRAWN);
}

const findStatus = (page: Page) => page.locator('.find-status').textContent();

describe('the reader', () => {
  it('keeps every edge of a page reachable at 300 %, in one toolbar row, and the window never scrolls', async () => {
    const app = await e2e.openApp(withReport);
    try {
      const { page } = app;
      await openReport(page);
      // The keyboard is on the pages at once.
      expect(await page.evaluate(() => document.activeElement?.classList.contains('pages'))).toBe(true);
      const bar = await page.getByRole('toolbar', { name: 'Documentweergave' }).boundingBox();
      expect(bar!.height).toBeLessThanOrEqual(48);

      await page.getByRole('button', { name: /^Zoom: / }).click();
      await page.getByRole('menuitem', { name: '300 %' }).click();
      await page.waitForSelector('.page[data-page="1"][data-state="drawn"]', DRAWN);
      const pages = page.locator('.pages');
      const box = (await pages.boundingBox())!;
      const scroll = await pages.evaluate((el) => ({ width: el.scrollWidth, client: el.clientWidth }));
      expect(scroll.width).toBeGreaterThan(scroll.client);
      // Scrolled all the way left, the page's left edge is in view; all the way right, its right edge.
      await pages.evaluate((el) => (el.scrollLeft = 0));
      const left = (await page.locator('.page[data-page="1"]').boundingBox())!;
      expect(left.x).toBeGreaterThanOrEqual(box.x);
      await pages.evaluate((el) => (el.scrollLeft = el.scrollWidth));
      const right = (await page.locator('.page[data-page="1"]').boundingBox())!;
      expect(right.x + right.width).toBeLessThanOrEqual(box.x + box.width);
      expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight && document.scrollingElement!.scrollTop === 0)).toBe(true);
      await page.screenshot({ path: path.join(screenshots, 'e2e-reader-300.png') });

      // Ctrl+0 fits the width again; Ctrl+= zooms in.
      await page.locator('.pages').focus();
      await page.keyboard.press('Control+0');
      await expect.poll(() => pages.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      await page.keyboard.press('Control+=');
      await expect.poll(() => pages.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('finds and counts every hit, also across a line break, and steps through them with Enter and Shift+Enter', async () => {
    const app = await e2e.openApp(withReport);
    try {
      const { page } = app;
      await openReport(page);
      await page.keyboard.press('Control+f');
      const field = page.getByRole('searchbox', { name: 'Zoek in document' });
      await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
      await field.fill('nazorg');
      await expect.poll(() => findStatus(page)).toBe('1 van 5');
      await page.waitForSelector('.page[data-page="1"] mark.search-mark.current', DRAWN);
      // The title on page 1 first, then "Nazorg" below it, case and all.
      expect(await page.locator('.page[data-page="1"] mark.search-mark.current').textContent()).toBe('nazorg');
      await field.press('Enter');
      await expect.poll(() => findStatus(page)).toBe('2 van 5');
      expect(await page.locator('.page[data-page="1"] mark.search-mark.current').textContent()).toBe('Nazorg');
      await field.press('Enter');
      await expect.poll(() => findStatus(page)).toBe('3 van 5');
      // "na-" + "zorg" on the next line is found as one word, marked on both lines.
      await page.waitForSelector('.page[data-page="2"][data-state="drawn"] mark.search-mark.current', DRAWN);
      expect(await page.locator('.page[data-page="2"] mark.search-mark.current').allTextContents()).toEqual(['na-', 'zorg']);
      await field.press('Shift+Enter');
      await expect.poll(() => findStatus(page)).toBe('2 van 5');
      await field.fill('bestaatniet');
      await expect.poll(() => findStatus(page)).toBe('Niet gevonden');
      await expectAccessibleInBothThemes(page);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('keeps the find marks on the page when it is zoomed and drawn again', async () => {
    const app = await e2e.openApp(withReport);
    try {
      const { page } = app;
      await openReport(page);
      await page.keyboard.press('Control+f');
      await page.getByRole('searchbox', { name: 'Zoek in document' }).fill('nazorg');
      await expect.poll(() => findStatus(page)).toBe('1 van 5');
      const marks = () => page.locator('.page[data-page="1"] mark.search-mark').count();
      await expect.poll(marks, DRAWN).toBe(2);
      const width = () => page.locator('.page[data-page="1"]').evaluate((el) => (el as HTMLElement).offsetWidth);
      const before = await width();
      await page.locator('.pages').focus();
      await page.keyboard.press('Control+=');
      await expect.poll(width, DRAWN).toBeGreaterThan(before);
      await page.waitForSelector('.page[data-page="1"][data-state="drawn"]', DRAWN);
      await expect.poll(marks, DRAWN).toBe(2);
    } finally {
      await app.close();
    }
  });

  it('Esc clears the selection, then closes find, and never leaves the reader; Alt+← goes back', async () => {
    const app = await e2e.openApp(withReport);
    try {
      const { page } = app;
      await openReport(page);
      await page.evaluate(() => {
        const span = [...document.querySelectorAll('.page[data-page="1"] .textLayer span[data-offset]')].find((s) => s.textContent?.includes('schuldregeling'))!;
        const range = document.createRange();
        range.selectNodeContents(span);
        window.getSelection()!.removeAllRanges();
        window.getSelection()!.addRange(range);
      });
      await expect.poll(() => page.getByRole('toolbar', { name: 'Geselecteerde tekst' }).isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.evaluate(() => window.getSelection()!.isCollapsed)).toBe(true);
      expect(await page.locator('#reader-title').isVisible()).toBe(true);

      await page.keyboard.press('Control+f');
      await page.getByRole('searchbox', { name: 'Zoek in document' }).fill('nazorg');
      await expect.poll(() => findStatus(page)).toBe('1 van 5');
      // Esc in the field: back to the pages, the hits kept; Esc again closes the bar, the reader stays.
      await page.keyboard.press('Escape');
      expect(await page.locator('.find-bar').isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('.find-bar').count()).toBe(0);
      await page.keyboard.press('Escape');
      expect(await page.locator('#reader-title').isVisible()).toBe(true);

      // "?" lists every shortcut; Esc closes only that.
      await page.keyboard.press('Shift+?');
      const keys = page.getByRole('dialog', { name: 'Sneltoetsen' });
      await expect.poll(() => keys.isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => keys.count()).toBe(0);
      expect(await page.locator('#reader-title').isVisible()).toBe(true);

      await page.keyboard.press('Alt+ArrowLeft');
      await expect.poll(() => page.locator('#reader-title').count()).toBe(0);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('highlights the current find hit with 1 or 3, without the mouse', async () => {
    const app = await e2e.openApp(withReport);
    try {
      const { page, core } = app;
      await openReport(page);
      await page.keyboard.press('Control+f');
      await page.keyboard.type('schuldregeling');
      await expect.poll(() => findStatus(page)).toBe('1 van 1');
      await page.keyboard.press('Escape'); // to the pages, the hit kept
      await page.keyboard.press('1');
      await expect.poll(() => core.listAnnotations({}).map((a) => [a.quote?.exact, a.color, a.page])).toEqual([['schuldregeling', 'yellow', 1]]);
      await page.waitForSelector('.page[data-page="1"] .highlight[data-annotation]', DRAWN);
      const mark = (await page.locator('.page[data-page="1"] mark.search-mark.current').boundingBox())!;
      const highlight = (await page.locator('.page[data-page="1"] .highlight[data-annotation]').first().boundingBox())!;
      // The highlight lies on the word's glyphs (the core places it from the text's positions).
      const overlap = Math.min(mark.x + mark.width, highlight.x + highlight.width) - Math.max(mark.x, highlight.x);
      expect(overlap / mark.width).toBeGreaterThan(0.8);
      expect(Math.abs(highlight.y - mark.y)).toBeLessThan(4);

      await page.getByRole('button', { name: 'Volgende treffer' }).waitFor();
      await page.locator('.pages').focus();
      await page.keyboard.press('Control+f');
      await page.keyboard.type('Aanbevelingen');
      await expect.poll(() => findStatus(page)).toBe('1 van 1');
      await expect.poll(() => page.locator('mark.search-mark.current').textContent()).toBe('Aanbevelingen');
      await page.keyboard.press('Escape');
      await page.keyboard.press('3');
      await expect.poll(() => core.listAnnotations({}).map((a) => [a.quote?.exact, a.color])).toEqual([['schuldregeling', 'yellow'], ['Aanbevelingen', 'blue']]);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe('the reader in a long document', () => {
  it('draws only the pages near the view: far pages are still frames, with no waiting animation', async () => {
    const app = await e2e.openApp(async (core) => {
      const pages = Array.from({ length: 150 }, (_, i) => [`Hoofdstuk ${i + 1}`, filler, filler, filler]);
      const pkg = await writePackage(path.join(e2e.workDir, 'pkg-long'), {
        agenda: [{ id: '1', number: '1', title: 'Jaarrekening', documents: ['doc/jaarverslag'] }],
        documents: [{ id: 'doc/jaarverslag', title: 'Jaarverslag', type: 'rapport', pages }],
      });
      await core.importPackages({ paths: [pkg.dir] });
    });
    try {
      const { page } = app;
      await page.getByRole('button', { name: /Jaarrekening/ }).first().waitFor();
      await page.getByRole('button', { name: 'Jaarverslag', exact: true }).click();
      await page.waitForSelector('.page[data-page="1"][data-state="drawn"]', DRAWN);
      const pages = page.locator('.pages');
      for (const at of [0.5, 0.25, 1]) {
        await pages.evaluate((el, f) => (el.scrollTop = f * (el.scrollHeight - el.clientHeight)), at);
        // Every page in view gets drawn; a handful around it wait with a skeleton, the other frames are empty.
        await expect
          .poll(() =>
            pages.evaluate((el) =>
              [...el.querySelectorAll<HTMLElement>('.page')].every((p) => {
                const y = parseFloat(p.style.top);
                return !(y + parseFloat(p.style.height) > el.scrollTop && y < el.scrollTop + el.clientHeight) || p.dataset.state === 'drawn';
              }),
            ),
            DRAWN,
          )
          .toBe(true);
        const busy = await page.evaluate(() => ({ skeletons: document.querySelectorAll('.page-skeleton').length, animations: document.getAnimations().length, canvases: [...document.querySelectorAll('.page canvas')].filter((c) => (c as HTMLCanvasElement).width > 0).length }));
        expect(busy.skeletons).toBeLessThanOrEqual(12);
        expect(busy.animations).toBeLessThanOrEqual(12 * 12);
        expect(busy.canvases).toBeLessThanOrEqual(12);
      }
      expect(await page.locator('.page').count()).toBe(150);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe('the reader after a document that cannot be opened', () => {
  it('says so, and the next document opens as usual (its pdf.js worker is started afresh)', async () => {
    let damagedTitle = '';
    const app = await e2e.openApp(async (core) => {
      await withReport(core);
      const other = await writePackage(path.join(e2e.workDir, 'pkg-damaged'), {
        agenda: [{ id: '2', number: '2', title: 'Beschadigd stuk', documents: ['doc/kapot'] }],
        documents: [{ id: 'doc/kapot', title: 'Kapotte bijlage', type: 'bijlage', pages: [['Bijlage', filler]] }],
      });
      await core.importPackages({ paths: [other.dir] });
      // The stored file is overwritten on disk with bytes that are no PDF (a failing disk, a hand edit).
      const id = core.listMeetings({}).flatMap((m) => core.getMeeting({ meetingId: m.id }).agenda.flatMap(function all(i): { id: number; title: string }[] {
        return [...i.documents, ...i.children.flatMap(all)];
      })).find((d) => d.title === 'Kapotte bijlage')!.id;
      const sha = core.getDocument({ documentId: id }).versions[0]!.sha256;
      fs.writeFileSync(path.join(core.dataDir, 'files', sha.slice(0, 2), `${sha}.pdf`), 'dit is geen pdf');
      damagedTitle = 'Kapotte bijlage';
    });
    try {
      const { page } = app;
      await page.getByRole('button', { name: /Beschadigd stuk/ }).first().click();
      await page.getByRole('button', { name: damagedTitle, exact: true }).click();
      await expect.poll(() => page.getByText(/Het document kan niet worden geopend/).isVisible(), DRAWN).toBe(true);
      await page.keyboard.press('Alt+ArrowLeft');
      await page.getByRole('button', { name: /Rekenkameronderzoek nazorg/ }).first().click();
      await openReport(page);
      expect(await page.locator('.page[data-page="1"] canvas').evaluate((c) => (c as HTMLCanvasElement).width)).toBeGreaterThan(500);
    } finally {
      await app.close();
    }
  });
});
