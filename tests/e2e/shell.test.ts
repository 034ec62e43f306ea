// The finished face of the app (issue 21), end to end in Chromium: at
// 1440×900 and 1024×700, light and dark, on every main screen: no control in
// the browser's native look, no <input type="date">, the document itself
// never scrolls (only panes do), no axe violations; the app opens on the next
// (here: the latest) meeting; the shell works from the keyboard.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/index.ts';
import { repo } from '../support/chromium.ts';
import { expectNoAxeViolations, setupE2E } from '../support/e2e.ts';
import { SCREENS } from '../support/screens.ts';

const e2e = setupE2E();
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;

/** The bundled sample meetings, as on a first start. */
async function withSamples(core: Core): Promise<void> {
  const dir = path.join(repo, 'resources', 'sample');
  await core.importPackages({ paths: fs.readdirSync(dir).map((name) => path.join(dir, name)) });
  await core.searchIndexReady();
}

/** What the page shows that breaks the rules: native-looking controls, date inputs, a scrolling document. */
function problemsOf(page: Page) {
  return page.evaluate(() => {
    const visible = (el: Element) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // Visually hidden inputs under the kit's checkboxes and radios are 1×1 and clipped.
      return box.width > 1 && box.height > 1 && style.visibility !== 'hidden' && style.display !== 'none' && !(el as HTMLInputElement).hidden;
    };
    const native = [...document.querySelectorAll('button, select, input, textarea')]
      .filter(visible)
      .filter((el) => getComputedStyle(el).appearance !== 'none')
      .map((el) => el.outerHTML.slice(0, 120));
    const scroller = document.scrollingElement!;
    return {
      native,
      // react-aria's date fields keep an aria-hidden, unfocusable <input type="date"> for browser autofill only; any other is the browser's date UI.
      dateInputs: [...document.querySelectorAll('input[type="date"]')].filter((el) => (el as HTMLInputElement).tabIndex !== -1 || !el.closest('[aria-hidden="true"]')).length,
      documentScrolls: scroller.scrollHeight > window.innerHeight || scroller.scrollWidth > window.innerWidth,
    };
  });
}

describe('the app shell in Chromium', () => {
  for (const size of SIZES) {
    it(`at ${size.width}×${size.height}: opens on the latest meeting; every main screen in both themes without native controls, date inputs, document scroll or axe violations`, async () => {
      const app = await e2e.openApp(withSamples);
      try {
        const { page, core } = app;
        await page.setViewportSize(size);
        // None of the samples is upcoming: the app opens on the most recent one.
        const latest = [...core.listMeetings({})].sort((a, b) => b.startsAt.localeCompare(a.startsAt))[0]!;
        await expect.poll(() => page.locator('#meeting-heading').textContent(), { timeout: 20_000 }).toBe(latest.title);
        expect(await page.locator('.meeting-row[aria-current="true"]').textContent()).toContain('12 juni 2023');

        for (const theme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: theme });
          for (const screen of SCREENS) {
            await screen.show(page);
            const found = await problemsOf(page);
            expect({ screen: screen.name, theme, ...found }).toEqual({ screen: screen.name, theme, native: [], dateInputs: 0, documentScrolls: false });
            await expectNoAxeViolations(page);
            await screen.leave?.(page);
          }
        }
        expect(app.problems).toEqual([]);
      } finally {
        await app.close();
      }
    }, 180_000);
  }

  it('works from the keyboard: the rail, Instellingen (Ctrl+, and Escape), the meeting menu, the agenda tree and item panel, and a date field', async () => {
    const app = await e2e.openApp(withSamples);
    try {
      const { page } = app;
      await expect.poll(() => page.locator('#meeting-heading').isVisible(), { timeout: 20_000 }).toBe(true);
      // Ctrl+, opens Instellingen; Escape goes back to the meeting, focus on its heading.
      await page.keyboard.press('Control+,');
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Taal en weergave' }).isVisible()).toBe(true);
      await page.getByRole('navigation', { name: 'Onderdelen van de instellingen' }).getByRole('button', { name: 'Taal en weergave' }).focus();
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('#meeting-heading').isVisible()).toBe(true);
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('meeting-heading');
      await page.getByRole('link', { name: 'Instellingen' }).focus();
      // Up the rail with Shift+Tab to "Moties", Enter opens it.
      for (let i = 0; i < 8 && (await page.evaluate(() => document.activeElement?.getAttribute('href'))) !== '#motions'; i++) await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Moties' }).isVisible()).toBe(true);
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#meeting-heading').isVisible()).toBe(true);

      // The meeting's menu: Enter opens it, arrows choose, Enter runs; the bundle dialog closes with Escape.
      await page.getByRole('button', { name: 'Vergadering' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('menu').isVisible()).toBe(true);
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: /Fractiebundel/ });
      await expect.poll(() => dialog.isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);

      // The agenda is one Tab stop; arrows move through it, ← and → close and open, Enter opens the item panel.
      const focused = () => page.evaluate(() => ({ item: (document.activeElement as HTMLElement | null)?.dataset.item ?? null, text: document.activeElement?.textContent ?? '' }));
      await page.getByRole('button', { name: 'Mijn voorbereiding', exact: true }).focus();
      await page.keyboard.press('Tab');
      expect((await focused()).text).toContain('Raadzaal');
      const section = page.locator('.agenda-tree [data-row]').first();
      expect(await section.getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => section.getAttribute('aria-expanded')).toBe('false');
      expect(await page.locator('.agenda-tree [data-row]').count()).toBe(1);
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => section.getAttribute('aria-expanded')).toBe('true');
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
      expect((await focused()).text).toContain('1.3');
      await page.keyboard.press('ArrowDown');
      expect((await focused()).text).toContain('Reactie op rapport Sleutels');
      await page.keyboard.press('ArrowLeft');
      expect((await focused()).text).toContain('1.3');
      await page.keyboard.press('Enter');
      const panel = page.getByRole('complementary', { name: 'Agendapunt 1.3' });
      await expect.poll(() => panel.isVisible()).toBe(true);
      // The position as a segmented control, by keyboard too.
      await panel.getByRole('radio', { name: 'Tegen' }).focus();
      await page.keyboard.press('Space');
      await expect.poll(() => page.locator('.agenda-item', { hasText: '1.3' }).locator('.stance-badge').last().textContent()).toBe('Mijn standpunt: Tegen');
      await page.keyboard.press('Escape');
      await expect.poll(() => panel.count()).toBe(0);
      await expect.poll(async () => (await focused()).text).toContain('1.3');
      // Still one Tab stop: Tab leaves the agenda.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('.agenda-tree'))).toBe(false);

      // While searching, facets with counts replace the meeting list; one narrows the results; the search is saved with an undo.
      const search = page.getByRole('combobox', { name: 'Zoek in alle stukken' });
      await search.fill('schuldhulpverlening');
      await search.press('Enter');
      const facets = page.getByRole('complementary', { name: 'Verfijnen' });
      await expect.poll(() => facets.getByRole('region', { name: 'Soort stuk' }).getByRole('button').count(), { timeout: 20_000 }).toBeGreaterThan(1);
      expect(await page.getByRole('region', { name: 'Vergaderingen' }).count()).toBe(0);
      const report = facets.getByRole('button', { name: /^Rekenkamerrapport \d+$/ });
      const reports = Number((await report.textContent())!.replace(/\D/g, ''));
      await report.click();
      await expect.poll(() => report.getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => page.locator('.result').count()).toBe(reports);
      await facets.getByRole('button', { name: 'Zoekopdracht bewaren' }).click();
      await expect.poll(() => page.getByText('Zoekopdracht ‘schuldhulpverlening’ bewaard.', { exact: false }).isVisible()).toBe(true);
      await expect.poll(() => facets.getByRole('region', { name: 'Bewaarde zoekopdrachten' }).isVisible()).toBe(true);
      await page.getByRole('button', { name: 'Ongedaan maken' }).click();
      await expect.poll(() => app.core.listSavedSearches({}).length).toBe(0);
      await facets.getByRole('button', { name: 'Filters wissen' }).click();
      // Nothing found: an empty state that helps.
      await search.fill('xyzzyqwerty');
      await search.press('Enter');
      await expect.poll(() => page.getByText('Geen stukken gevonden voor ‘xyzzyqwerty’.').isVisible(), { timeout: 20_000 }).toBe(true);

      // A date in the search filters, typed as dd-mm-jjjj.
      const box = page.getByRole('combobox', { name: 'Zoek in alle stukken' });
      await box.fill('schuldhulpverlening');
      await box.press('Enter');
      await page.locator('.result').first().waitFor({ timeout: 20_000 });
      await page.getByRole('group', { name: 'Vergaderd vanaf' }).getByRole('spinbutton').first().focus();
      await page.keyboard.type('01022017');
      await expect.poll(() => page.getByRole('group', { name: 'Vergaderd vanaf' }).textContent().then((t) => t!.replace(/[^\d-]/g, ''))).toBe('01-02-2017');
      await expect.poll(() => page.locator('.result').count()).toBeGreaterThan(0);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  }, 120_000);
});
