// End to end: the reader's "Inhoud" panel for a PDF without bookmarks shows
// the outline derived from the headings in its text, nested per level, and a
// heading leads to its page. Chromium over the web host (tests/support/e2e.ts),
// on the largest sample report (69 pages).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repo } from '../support/chromium.ts';
import { expectNoAxeViolations, screenshots, setupE2E } from '../support/e2e.ts';

const e2e = setupE2E();
const DRAWN = { timeout: 20_000 };

describe('the outline of a document without bookmarks', () => {
  it('is derived from the headings in the text, nested per level, each leading to its page', async () => {
    const app = await e2e.openApp((core) => core.importPackages({ paths: [path.join(repo, 'resources', 'sample', '2017-02-13-raadsplein-info-debat')] }).then(() => undefined));
    try {
      const { page } = app;
      await page.getByRole('button', { name: /Raadsplein info\/debat/ }).click();
      await page.getByRole('button', { name: 'Handreiking integrale schuldhulpverlening', exact: true }).click();
      await page.waitForSelector('.page[data-page="1"][data-state="drawn"]', DRAWN);

      const started = Date.now();
      await page.locator('.reader-side__tabs label', { hasText: 'Inhoud' }).click();
      const outline = page.getByRole('navigation', { name: 'Inhoud van het document' });
      await expect.poll(() => outline.getByText('Afgeleid uit de koppen in de tekst').isVisible(), DRAWN).toBe(true);
      console.log(`handreiking (69 pages): derived outline shown ${Date.now() - started} ms after opening the panel`);

      const chapter = outline.getByRole('listitem').filter({ has: page.getByRole('button', { name: '3 De praktijkvoorbeelden, blz. 12', exact: true }) });
      await expect.poll(() => chapter.getByRole('button', { name: '3.13 Zwolle, blz. 65', exact: true }).isVisible()).toBe(true);
      expect(await outline.getByRole('button', { name: 'Bijlage 4 Deelnemers 2e expertmeeting, blz. 69', exact: true }).isVisible()).toBe(true);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: path.join(screenshots, 'e2e-reader-derived-outline.png') });

      await chapter.getByRole('button', { name: '3.13 Zwolle, blz. 65', exact: true }).click();
      await expect.poll(() => page.getByLabel('Pagina', { exact: true }).inputValue(), DRAWN).toBe('65');
      // The heading the reader is in is marked as the current place.
      await expect.poll(() => outline.locator('[aria-current="location"]').getAttribute('aria-label')).toBe('3.13 Zwolle, blz. 65');
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
