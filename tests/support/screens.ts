// The app's main screens, each reached as a user would from the one before:
// walked by the shell e2e test (tests/e2e/shell.test.ts) and by the
// screenshot script (scripts/screenshots.ts). Dutch interface, the sample meetings.
import type { Page } from 'playwright-core';

export interface Screen {
  name: string;
  show(page: Page): Promise<void>;
  /** Undo what only this screen opened (a dialog), before the next one. */
  leave?(page: Page): Promise<void>;
}

const rail = (page: Page, name: string) => page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name, exact: true });

/** The sample meeting whose raadsvoorstel came again, revised (Raadsplein besluitvormend, 23 januari 2017). */
async function openRevisedMeeting(page: Page): Promise<void> {
  await rail(page, 'Vergaderingen').click();
  await page.locator('.meeting-row', { hasText: '23 januari 2017' }).click();
  await page.locator('#meeting-heading', { hasText: 'Raadsplein besluitvormend' }).waitFor();
  await page.locator('.agenda-tree').waitFor();
}

export const SCREENS: readonly Screen[] = [
  {
    name: 'home',
    show: async (page) => {
      await rail(page, 'Vergaderingen').click();
      await page.locator('#meeting-heading').waitFor();
      await page.locator('.prep-status').waitFor();
    },
  },
  {
    name: 'agenda-item',
    show: async (page) => {
      await page.locator('.agenda-tree').getByRole('button', { name: /^1\.3 / }).click();
      await page.getByRole('complementary', { name: 'Agendapunt 1.3' }).waitFor();
    },
  },
  {
    name: 'preparation',
    show: async (page) => {
      await rail(page, 'Mijn voorbereiding').click();
      await page.locator('.overview, .empty-overview').first().waitFor();
    },
  },
  {
    // No page has both words: partial matches, the missing word struck through.
    name: 'search-partial',
    show: async (page) => {
      const box = page.getByRole('combobox', { name: 'Zoek in alle stukken' });
      await box.fill('nazorg ruimtevaartagentschap');
      await box.press('Enter');
      await page.locator('.partial-heading').waitFor({ timeout: 20_000 });
    },
  },
  {
    name: 'search',
    show: async (page) => {
      const box = page.getByRole('combobox', { name: 'Zoek in alle stukken' });
      await box.fill('schuldhulpverlening');
      await box.press('Enter');
      await page.locator('.result').first().waitFor({ timeout: 20_000 });
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
      await rail(page, 'Moties').click();
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
      await rail(page, 'Vergaderingen').click();
      await page.locator('#meeting-heading').waitFor();
      await page.keyboard.press('Control+k');
      await page.getByRole('dialog', { name: 'Opdrachten' }).waitFor();
      await page.keyboard.type('raads');
    },
    leave: async (page) => {
      await page.keyboard.press('Escape');
    },
  },
  {
    // The sample's raadsvoorstel of 23 januari 2017 came again, revised: "Gewijzigd sinds uw laatste bezoek" and its badge
    // (until it is opened: a second walk shows the meeting without them).
    name: 'meeting-changes',
    show: (page) => openRevisedMeeting(page),
  },
  {
    // The revised raadsvoorstel: its changes marked on the page and listed beside it.
    name: 'reader-changes',
    show: async (page) => {
      await openRevisedMeeting(page);
      await page.locator('.agenda-tree').getByRole('button', { name: 'Raadsvoorstel Ontwikkelagenda passend onderwijs en jeugdhulp' }).click();
      await page.locator('.reader-changes-toggle').waitFor({ timeout: 30_000 });
      // Opened before (a second walk): the changes one click away.
      if ((await page.locator('.changes-panel').count()) === 0) await page.locator('.reader-changes-toggle').click();
      await page.locator('.changes-panel .change-row').first().waitFor();
      await page.waitForSelector('.page[data-state="drawn"] mark.change-mark', { timeout: 30_000 });
    },
    // Back to the home meeting (the list's first), where the first screens start.
    leave: async (page) => {
      await page.getByRole('button', { name: 'Terug' }).click();
      await page.locator('.meeting-row').first().click();
      await page.locator('#meeting-heading').waitFor();
    },
  },
];
