import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectAccessibleInBothThemes, screenshots, setupE2E } from '../support/e2e.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';

// Search that finds what is meant, as a councillor sees it: partial matches
// under their own heading with the missing words struck through, and
// "Bedoelde u …?" for a typo, in Chromium against the web host.

const e2e = setupE2E();

describe('search in the app', () => {
  it('shows partial matches under "Gedeeltelijke overeenkomst" with the missing word struck through, and offers "Bedoelde u" for a typo', async () => {
    const app = await e2e.openApp(async (core) => {
      await core.importPackages({ paths: [(await writePackage(path.join(e2e.workDir, 'pkg-search'), samplePackageSpec())).dir] });
      await core.searchIndexReady();
    });
    try {
      const { page } = app;
      const box = page.getByRole('combobox', { name: 'Zoek in alle stukken' });
      // No page speaks of both: the report follows as a partial match.
      await box.fill('nazorg ruimtevaartagentschap');
      await box.press('Enter');
      await expect.poll(() => page.getByRole('heading', { name: 'Gedeeltelijke overeenkomst' }).isVisible(), { timeout: 20_000 }).toBe(true);
      const report = page.locator('.result', { hasText: 'Rekenkamerrapport Schulddienstverlening' });
      expect(await report.locator('del').allTextContents()).toEqual(['ruimtevaartagentschap']);
      expect(await report.locator('mark').first().textContent()).toBe('Nazorg');
      // Struck through, and said in words for a screen reader.
      expect(await report.locator('del').evaluate((el) => getComputedStyle(el).textDecorationLine)).toContain('line-through');
      expect(await report.textContent()).toContain('ontbreekt:');
      expect(await page.getByText('Geen stuk bevat alle zoekwoorden; 1 stuk bevat er een deel van.').isVisible()).toBe(true);
      await expectAccessibleInBothThemes(page);
      await page.screenshot({ path: path.join(screenshots, 'e2e-search-partial.png'), fullPage: true });

      // A typo: the results of what the library has, and the way to search that.
      await box.fill('partcipatieraad');
      await box.press('Enter');
      const suggestion = page.locator('.did-you-mean').getByRole('button', { name: 'participatieraad' });
      await expect.poll(() => suggestion.isVisible(), { timeout: 20_000 }).toBe(true);
      expect(await page.locator('.result', { hasText: 'Advies Participatieraad' }).count()).toBe(1);
      await suggestion.click();
      await expect.poll(() => box.inputValue(), { timeout: 20_000 }).toBe('participatieraad');
      await expect.poll(() => page.locator('.did-you-mean').count(), { timeout: 20_000 }).toBe(0);

      // Only common words: a notice instead of every page.
      await box.fill('de het een');
      await box.press('Enter');
      await expect.poll(() => page.getByText(/Alleen veelvoorkomende woorden/).isVisible(), { timeout: 20_000 }).toBe(true);
      // A synonym: "follow-up" finds nazorg, and the reader marks the word the page has.
      await box.fill('follow-up');
      await box.press('Enter');
      const hit = page.locator('.result', { hasText: 'Rekenkamerrapport Schulddienstverlening' });
      await expect.poll(() => hit.isVisible(), { timeout: 20_000 }).toBe(true);
      await hit.getByRole('button', { name: /blz\. 1/ }).click();
      await page.waitForSelector('.page[data-page="1"][data-state="drawn"] mark.search-mark', { timeout: 20_000 });
      expect(await page.locator('.page[data-page="1"] mark.search-mark').first().textContent()).toBe('Nazorg');

      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
