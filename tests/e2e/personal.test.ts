// End to end, my own work: highlights and notes in the reader that stay where
// they belong, a motie drafted from an agenda item with a quoted passage and
// exported to Word, the meeting overview with its tag filter, and a personal
// export imported again. Chromium over the web host (tests/support/e2e.ts).
import mammoth from 'mammoth';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/index.ts';
import { expectAccessibleInBothThemes, expectNoAxeViolations, screenshots, setupE2E } from '../support/e2e.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';

const e2e = setupE2E();
const DRAWN = { timeout: 20_000 };

async function withSample(core: Core, name: string): Promise<void> {
  await core.importPackages({ paths: [(await writePackage(path.join(e2e.workDir, name), samplePackageSpec())).dir] });
}

async function openMeeting(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Raadsplein info\/debat/ }).click();
  await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Raadsplein info/debat' }).isVisible()).toBe(true);
}

/** Chooses an agenda item in the meeting's agenda: its panel (position, notes, moties, documents) opens beside it. */
async function openItem(page: Page, number: string) {
  await page.locator('.agenda-tree').getByRole('button', { name: new RegExp(`^${number.replace(/\./g, '\\.')} `) }).click();
  const panel = page.getByRole('complementary', { name: `Agendapunt ${number}` });
  await expect.poll(() => panel.isVisible()).toBe(true);
  return panel;
}

async function openDocument(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: title, exact: true }).click();
  await page.waitForSelector('.page[data-page="1"][data-state="drawn"] .textLayer span[data-offset]', DRAWN);
}

/** Selects `text` in the text layer of a page, as a user dragging over it would. */
async function selectText(page: Page, pageNumber: number, text: string): Promise<void> {
  const found = await page.evaluate(
    ([n, wanted]) => {
      const spans = [...document.querySelectorAll<HTMLElement>(`.page[data-page="${n}"] .textLayer span[data-offset]`)];
      const span = spans.find((s) => s.textContent?.includes(wanted));
      const node = span?.firstChild;
      if (!node || node.nodeType !== Node.TEXT_NODE) return false;
      const at = node.textContent!.indexOf(wanted);
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    },
    [pageNumber, text] as const,
  );
  expect(found, `"${text}" on page ${pageNumber}`).toBe(true);
  await expect.poll(() => page.getByRole('toolbar', { name: 'Geselecteerde tekst' }).isVisible()).toBe(true);
}

/** How much of the passage's text and of the highlight lie on each other (0–1, the smaller of both shares). */
function overlapOf(page: Page, pageNumber: number, text: string): Promise<number> {
  return page.evaluate(
    ([n, wanted]) => {
      const pageEl = document.querySelector(`.page[data-page="${n}"]`)!;
      const span = [...pageEl.querySelectorAll<HTMLElement>('.textLayer span[data-offset]')].find((s) => s.textContent?.includes(wanted));
      const highlight = pageEl.querySelector<HTMLElement>('.annotation-layer .highlight[data-annotation]');
      if (!span?.firstChild || !highlight) return 0;
      const at = span.firstChild.textContent!.indexOf(wanted);
      const range = document.createRange();
      range.setStart(span.firstChild, at);
      range.setEnd(span.firstChild, at + wanted.length);
      const a = range.getBoundingClientRect();
      const b = highlight.getBoundingClientRect();
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w <= 0 || h <= 0) return 0;
      return Math.min((w * h) / (a.width * a.height), (w * h) / (b.width * b.height));
    },
    [pageNumber, text] as const,
  );
}

const zoomLevel = async (page: Page) => Number((await page.getByRole('button', { name: /^Zoom: / }).getAttribute('aria-label'))!.replace(/\D/g, ''));

describe('my own work in the app, end to end', () => {
  it('highlights a passage, adds a note, and after a reload finds both again, in place at another zoom', async () => {
    const app = await e2e.openApp((core) => withSample(core, 'pkg-highlight'));
    try {
      const { page, core } = app;
      await openMeeting(page);
      await openDocument(page, 'Rekenkamerrapport Schulddienstverlening');
      await selectText(page, 1, 'Nazorg is beperkt.');
      await page.getByRole('button', { name: 'Markeer Groen' }).click();
      await page.waitForSelector('.page[data-page="1"] .highlight.highlight-green[data-annotation]');
      const panel = page.getByRole('complementary', { name: 'Aantekeningen' });
      expect(await panel.locator('.ap-quote').textContent()).toBe('Nazorg is beperkt.');
      // The note is text on the card until clicked; leaving the field saves it.
      await panel.getByRole('button', { name: 'Notitie toevoegen…' }).click();
      await panel.getByLabel('Notitie').fill('Vragen: waarom stopt de nazorg na drie maanden?');
      await panel.getByLabel('Notitie').blur();
      await expect.poll(() => core.listAnnotations({}).map((a) => a.note)).toEqual(['Vragen: waarom stopt de nazorg na drie maanden?']);
      expect(await overlapOf(page, 1, 'Nazorg is beperkt.')).toBeGreaterThan(0.6);
      await expectAccessibleInBothThemes(page);

      await page.reload();
      await openMeeting(page);
      await openDocument(page, 'Rekenkamerrapport Schulddienstverlening');
      const before = await zoomLevel(page);
      await page.getByRole('button', { name: 'Inzoomen' }).click();
      await page.getByRole('button', { name: 'Inzoomen' }).click();
      await expect.poll(() => zoomLevel(page)).toBeGreaterThan(before * 1.3);
      // The highlight lies on the passage's text at the new zoom (the text layer is drawn again first).
      await expect.poll(() => overlapOf(page, 1, 'Nazorg is beperkt.'), DRAWN).toBeGreaterThan(0.6);
      const box = await page.locator('.page[data-page="1"] .highlight[data-annotation]').boundingBox();
      expect(box!.width).toBeGreaterThan(60);
      await expect.poll(() => page.getByRole('complementary', { name: 'Aantekeningen' }).locator('.ap-note').textContent()).toBe('Vragen: waarom stopt de nazorg na drie maanden?');
      await page.screenshot({ path: path.join(screenshots, 'e2e-personal-highlight.png') });
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('edits a highlight on its card, deletes it from its "…" menu and gets it back with "Ongedaan maken", also after a reload', async () => {
    const app = await e2e.openApp((core) => withSample(core, 'pkg-cards'));
    try {
      const { page, core } = app;
      await openMeeting(page);
      await openDocument(page, 'Rekenkamerrapport Schulddienstverlening');
      await selectText(page, 1, 'Nazorg is beperkt.');
      await page.getByRole('button', { name: 'Markeer Roze' }).click();
      const panel = page.getByRole('complementary', { name: 'Aantekeningen' });
      const card = panel.getByRole('listitem', { name: 'Markering op blz. 1: Nazorg is beperkt.' });
      await expect.poll(() => card.isVisible()).toBe(true);

      // The note: a click makes it a field, Ctrl+Enter saves; Escape takes an edit back and leaves the reader open.
      await card.getByRole('button', { name: 'Notitie toevoegen…' }).click();
      await card.getByLabel('Notitie').fill('Vragen over de nazorg');
      await card.getByLabel('Notitie').press('Control+Enter');
      await expect.poll(() => card.locator('.ap-note').textContent()).toBe('Vragen over de nazorg');
      await card.getByRole('button', { name: 'Vragen over de nazorg' }).press('Enter');
      await card.getByLabel('Notitie').fill('Weg ermee');
      await card.getByLabel('Notitie').press('Escape');
      await expect.poll(() => card.locator('.ap-note').textContent()).toBe('Vragen over de nazorg');
      expect(await page.getByRole('heading', { level: 2, name: 'Rekenkamerrapport Schulddienstverlening' }).isVisible()).toBe(true);
      // A tag: typed in a small field, Enter adds it as a chip.
      await card.getByRole('button', { name: 'Label toevoegen' }).click();
      await card.getByLabel('Nieuw label').fill('#vragen');
      await card.getByLabel('Nieuw label').press('Enter');
      await card.getByLabel('Nieuw label').press('Escape');
      await expect.poll(() => core.listAnnotations({}).map((a) => ({ note: a.note, tags: a.tags, color: a.color }))).toEqual([{ note: 'Vragen over de nazorg', tags: ['vragen'], color: 'pink' }]);
      const saved = core.listAnnotations({})[0]!;
      // "Kopiëren als citaat": the quote with its source (the title once the reader passes it).
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await card.getByRole('button', { name: 'Meer acties voor aantekening op blz. 1' }).click();
      await page.getByRole('menuitem', { name: 'Kopiëren als citaat' }).click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/^“Nazorg is beperkt\.” \((Rekenkamerrapport Schulddienstverlening, )?blz\. 1\)$/);
      // A second highlight brings the order and the colour filter; axe finds nothing in either theme.
      await selectText(page, 1, 'Rekenkamerrapport');
      await page.getByRole('button', { name: 'Markeer Geel' }).click();
      await expect.poll(() => panel.getByRole('listitem').count()).toBe(2);
      await panel.getByRole('group', { name: 'Filter op kleur' }).getByRole('button', { name: 'Roze' }).click();
      await expect.poll(() => panel.getByRole('listitem').count()).toBe(1);
      await expectAccessibleInBothThemes(page);
      await panel.getByRole('button', { name: 'Filter wissen' }).click();
      // ↓ and ↑ go from card to card.
      const first = panel.getByRole('listitem', { name: 'Markering op blz. 1: Rekenkamerrapport' });
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      await first.focus();
      await page.keyboard.press('ArrowDown');
      expect(await focused()).toBe('Markering op blz. 1: Nazorg is beperkt.');

      // Deleted from the "…" menu without a question (the focus goes to the card beside it); the toast's "Ongedaan maken" brings back all of it.
      await card.getByRole('button', { name: 'Meer acties voor aantekening op blz. 1' }).click();
      await page.getByRole('menuitem', { name: 'Verwijderen' }).click();
      await expect.poll(() => card.count()).toBe(0);
      await expect.poll(focused).toBe('Markering op blz. 1: Rekenkamerrapport');
      await page.getByRole('button', { name: 'Ongedaan maken' }).click();
      await expect.poll(() => card.locator('.ap-note').textContent()).toBe('Vragen over de nazorg');
      expect(await card.getByText('#vragen').isVisible()).toBe(true);
      const same = (a: typeof saved) => ({ page: a.page, quote: a.quote, position: a.position, rects: a.rects, color: a.color, note: a.note, tags: a.tags });
      const back = () => core.listAnnotations({}).find((a) => a.quote?.exact === 'Nazorg is beperkt.');
      await expect.poll(() => back() && same(back()!)).toEqual(same(saved));

      await page.reload();
      await openMeeting(page);
      await openDocument(page, 'Rekenkamerrapport Schulddienstverlening');
      await expect.poll(() => card.locator('.ap-note').textContent()).toBe('Vragen over de nazorg');
      expect(await card.getByText('#vragen').isVisible()).toBe(true);
      expect(same(back()!)).toEqual(same(saved));

      // Without the undo the deletion stands once the toast has gone.
      await card.getByRole('button', { name: 'Meer acties voor aantekening op blz. 1' }).click();
      await page.getByRole('menuitem', { name: 'Verwijderen' }).click();
      await expect.poll(() => card.count()).toBe(0);
      await page.getByRole('alertdialog', { name: 'Aantekening verwijderd' }).getByRole('button', { name: 'Sluiten' }).click();
      await expect.poll(() => back()).toBeUndefined();
      expect(core.listAnnotations({}).map((a) => a.quote?.exact)).toEqual(['Rekenkamerrapport']);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('drafts a motie from an agenda item, quotes a passage into it and exports it as DOCX', async () => {
    const app = await e2e.openApp(async (core) => {
      await withSample(core, 'pkg-motie');
      core.updateSettings({ userName: 'Anne de Vries', fractie: 'Zwolle Vooruit' });
    });
    try {
      const { page } = app;
      await openMeeting(page);
      const notes = await openItem(page, '1.3.a');
      await notes.getByRole('button', { name: 'Nieuwe motie' }).click();

      const heading = page.getByRole('heading', { level: 2, name: 'Motie: Ontwikkelagenda passend onderwijs en jeugdhulp' });
      await expect.poll(() => heading.isVisible()).toBe(true);
      // Prefilled from the meeting, the item and "Mijn gegevens".
      expect(await page.getByLabel('Gemeente').inputValue()).toBe('Zwolle');
      expect(await page.locator('input[type="text"][name="meetingDate"]').inputValue()).toBe('2017-01-09');
      // Shown the Dutch way, dd-mm-jjjj, in the kit's date field (no <input type="date">).
      expect((await page.getByRole('group', { name: 'Datum van de vergadering' }).textContent())!.replace(/[^\d-]/g, '')).toBe('09-01-2017');
      // (react-aria keeps an aria-hidden, unfocusable date input for autofill only.)
      expect(await page.locator('input[type="date"]:not([tabindex="-1"])').count()).toBe(0);
      expect(await page.getByLabel('Naam indiener 1').inputValue()).toBe('Anne de Vries');
      await page.getByLabel('Verzoekt het college, punt 1').fill('de nazorg bij schuldhulp met een jaar te verlengen,');
      await expect.poll(() => page.locator('.save-status').textContent()).toBe('Opgeslagen');
      await page.getByRole('button', { name: '← Terug' }).click();

      await openDocument(page, 'Beslisnota Ontwikkelagenda');
      await selectText(page, 1, 'Ontwikkelagenda passend onderwijs');
      await page.getByRole('button', { name: 'Citeren in motie…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Citaat in een motie' });
      await expect.poll(() => dialog.isVisible()).toBe(true);
      await expectNoAxeViolations(page);
      await dialog.getByLabel('Onderdeel').selectOption('constaterende');
      await dialog.getByRole('button', { name: 'Toevoegen' }).click();
      await expect.poll(() => page.getByText('Citaat toegevoegd aan “Ontwikkelagenda passend onderwijs en jeugdhulp”.').count()).toBe(1);

      // The reader's agenda item panel (opened from 1.3.a) lists the draft.
      await page.getByRole('button', { name: 'Agendapunt', exact: true }).click();
      await page.getByRole('button', { name: 'Motie: Ontwikkelagenda passend onderwijs en jeugdhulp' }).click();
      await expect.poll(() => heading.isVisible()).toBe(true);
      await expect.poll(() => page.getByLabel('Constaterende dat, punt 1').inputValue()).toBe('“Ontwikkelagenda passend onderwijs”');
      expect((await page.locator('.point .citation').first().textContent())!.replace(/\u00a0/g, ' ')).toContain('(bron: Beslisnota Ontwikkelagenda, p. 1)');
      const preview = page.locator('.motion-preview');
      const previewText = (await preview.innerText()).replace(/\u00a0/g, ' ');
      expect(previewText).toContain('De raad van de gemeente Zwolle,');
      expect(previewText).toContain('constaterende dat');
      expect(previewText).toContain('“Ontwikkelagenda passend onderwijs” (bron: Beslisnota Ontwikkelagenda, p. 1)');
      expect(previewText).toContain('verzoekt het college');
      expect(previewText).toContain('de nazorg bij schuldhulp met een jaar te verlengen,');
      expect(previewText).toContain('en gaat over tot de orde van de dag.');
      expect(previewText).toContain('Anne de Vries, Zwolle Vooruit');
      await expectAccessibleInBothThemes(page);
      await page.screenshot({ path: path.join(screenshots, 'e2e-personal-motion.png'), fullPage: true });

      // The preview stays paper-white in the dark theme too.
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await preview.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)');
      await page.emulateMedia({ colorScheme: 'light' });
      await page.getByRole('button', { name: 'Exporteren' }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Word (DOCX)' }).click()]);
      expect(download.suggestedFilename()).toMatch(/\.docx$/);
      const file = path.join(e2e.workDir, 'motie.docx');
      await download.saveAs(file);
      const { value } = await mammoth.extractRawText({ path: file });
      const text = value.replace(/\u00a0/g, ' ');
      expect(text).toContain('De raad van de gemeente Zwolle');
      expect(text).toContain('Ontwikkelagenda passend onderwijs');
      expect(text).toContain('(bron: Beslisnota Ontwikkelagenda, p. 1)');
      expect(text).toContain('verzoekt het college');
      expect(text).toContain('de nazorg bij schuldhulp met een jaar te verlengen,');
      expect(text).toContain('en gaat over tot de orde van de dag');
      await expect.poll(() => page.getByText(`${download.suggestedFilename()} is gedownload.`).count()).toBe(1);

      // The citation leads back to the quoted page.
      await page.getByRole('button', { name: 'Open blz. 1' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Beslisnota Ontwikkelagenda' }).isVisible()).toBe(true);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('shows my stance, note and highlights per item in "Mijn voorbereiding", filtered by tag', async () => {
    const app = await e2e.openApp((core) => withSample(core, 'pkg-overview'));
    try {
      const { page, core } = app;
      await openMeeting(page);
      await page.getByRole('button', { name: 'Mijn voorbereiding', exact: true, pressed: false }).click();
      await expect.poll(() => page.getByText('U heeft voor deze vergadering nog niets voorbereid.').isVisible()).toBe(true);
      await expectAccessibleInBothThemes(page);
      await page.getByRole('button', { name: 'Agenda', exact: true, pressed: false }).click();

      // Stance and note from the agenda.
      const notes = await openItem(page, '1.3.a');
      // The position is a segmented control (radios underneath): a click on "Voor" chooses it.
      await notes.getByText('Voor', { exact: true }).click();
      expect(await notes.getByRole('radio', { name: 'Voor' }).isChecked()).toBe(true);
      await notes.getByLabel('Notities', { exact: true }).fill('Vragen over **passend onderwijs**\n\n- [ ] wethouder bellen');
      await expect.poll(() => notes.getByText('Opgeslagen.').isVisible()).toBe(true);
      await expect.poll(() => page.locator('.agenda-item', { hasText: '1.3.a' }).locator('.stance-badge').first().textContent()).toBe('Mijn standpunt: Voor');
      await expectAccessibleInBothThemes(page);

      // Two highlights on the item's document, one tagged.
      await openDocument(page, 'Beslisnota Ontwikkelagenda');
      await selectText(page, 1, 'Beslisnota voor de raad');
      await page.getByRole('button', { name: 'Markeer Geel' }).click();
      const panel = page.getByRole('complementary', { name: 'Aantekeningen' });
      await panel.getByRole('button', { name: 'Label toevoegen' }).first().click();
      await panel.getByLabel('Nieuw label').fill('#vragen');
      await panel.getByLabel('Nieuw label').blur();
      await expect.poll(() => core.listAnnotations({}).flatMap((a) => a.tags)).toEqual(['vragen']);
      await selectText(page, 1, 'Ontwikkelagenda passend onderwijs');
      await page.getByRole('button', { name: 'Markeer Blauw' }).click();
      await expect.poll(() => core.listAnnotations({}).length).toBe(2);
      await page.getByRole('button', { name: '← Terug' }).click();

      // Ctrl+K → "Mijn voorbereiding" for the open meeting.
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Raadsplein info/debat' }).isVisible()).toBe(true);
      await page.keyboard.press('Control+k');
      await page.keyboard.type('voorbereiding');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('button', { name: 'Mijn voorbereiding', exact: true, pressed: true }).isVisible()).toBe(true);
      const item = page.locator('.overview-item', { hasText: 'Ontwikkelagenda passend onderwijs en jeugdhulp' });
      await expect.poll(() => item.getByRole('heading', { level: 4 }).textContent()).toContain('Voor');
      expect(await item.locator('.overview-note strong').textContent()).toBe('passend onderwijs');
      expect(await item.locator('.quote').allTextContents()).toEqual(['“Beslisnota voor de raad”', '“Ontwikkelagenda passend onderwijs”']);
      expect(await item.locator('.tag').allTextContents()).toEqual(['#vragen']);
      await expectAccessibleInBothThemes(page);
      await page.screenshot({ path: path.join(screenshots, 'e2e-personal-overview.png'), fullPage: true });

      await page.getByLabel('Label', { exact: true }).selectOption('vragen');
      await expect.poll(() => item.locator('.quote').allTextContents()).toEqual(['“Beslisnota voor de raad”']);
      expect(await page.getByText('1 van 2 aantekeningen').isVisible()).toBe(true);
      await page.getByLabel('Label', { exact: true }).selectOption('');
      await expect.poll(() => item.locator('.quote').count()).toBe(2);

      // "blz. 1" opens the document at that page.
      await item.getByRole('button', { name: 'Beslisnota Ontwikkelagenda openen op blz. 1' }).first().click();
      // The reader loads the document first: on a loaded machine (a clean-clone CI run) that took over 5 s once.
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Beslisnota Ontwikkelagenda' }).isVisible(), DRAWN).toBe(true);
      await expect.poll(() => page.getByLabel('Pagina', { exact: true }).inputValue(), DRAWN).toBe('1');
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('exports my data, imports the same file again (nothing new), makes and restores a backup', async () => {
    const app = await e2e.openApp(async (core) => {
      await withSample(core, 'pkg-transfer');
      const meeting = core.listMeetings({})[0]!;
      const item = core.getMeeting({ meetingId: meeting.id }).agenda.flatMap((i) => i.children).find((i) => i.number === '1.3.a')!;
      core.saveAgendaNote({ agendaItemId: item.id, body: 'Steunen, mits er geld bij komt.', stance: 'voor' });
      core.createMotionDraft({ kind: 'motie', meetingId: meeting.id, agendaItemId: item.id });
    });
    try {
      const { page, core } = app;
      await openMeeting(page);
      await openDocument(page, 'Beslisnota Ontwikkelagenda');
      await selectText(page, 1, 'Beslisnota voor de raad');
      await page.getByRole('button', { name: 'Markeer Roze' }).click();
      await expect.poll(() => core.listAnnotations({}).length).toBe(1);

      await page.keyboard.press('Control+,');
      await page.getByRole('navigation', { name: 'Onderdelen van de instellingen' }).getByRole('button', { name: 'Mijn gegevens' }).click();
      const personal = page.getByRole('region', { name: 'Mijn aantekeningen en moties' });
      await expect.poll(() => personal.isVisible()).toBe(true);
      await expectAccessibleInBothThemes(page);
      await page.screenshot({ path: path.join(screenshots, 'e2e-personal-data.png'), fullPage: true });

      const [download] = await Promise.all([page.waitForEvent('download'), personal.getByRole('button', { name: 'Mijn gegevens exporteren' }).click()]);
      expect(download.suggestedFilename()).toMatch(/\.json$/);
      const file = path.join(e2e.workDir, download.suggestedFilename());
      await download.saveAs(file);

      await personal.getByLabel('Importeren…').setInputFiles(file);
      const summary = personal.getByRole('region', { name: 'Resultaat van de import' });
      await expect.poll(() => summary.isVisible()).toBe(true);
      const text = await summary.innerText();
      expect(text).toContain('Aantekeningen: 0 nieuw, 0 bijgewerkt, 1 overgeslagen');
      expect(text).toContain('Geplaatst: 0 op dezelfde plek, 0 verplaatst, 0 niet teruggevonden');
      expect(core.listAnnotations({}).length).toBe(1);

      // Backups (their own section): keep 30 days, make one now, put it back (after confirming).
      const backupSection = page.getByRole('region', { name: 'Reservekopieën' });
      await backupSection.getByLabel('Reservekopieën bewaren (dagen)').fill('30');
      await expect.poll(() => core.getSettings({}).backupDays).toBe(30);
      const backups = backupSection.locator('.backups li');
      const count = await backups.count();
      await backupSection.getByRole('button', { name: 'Nu een reservekopie maken' }).click();
      await expect.poll(() => backups.count()).toBe(count + 1);
      expect(await backups.first().innerText()).toMatch(/^\d{1,2} \w+\.? \d{4} \d{2}\.\d{2}\s+\d+ kB/);
      await backups.first().getByRole('button', { name: /^Reservekopie van .* terugzetten$/ }).click();
      await expect.poll(() => backupSection.getByRole('button', { name: 'Ja, terugzetten' }).isVisible()).toBe(true);
      await expectNoAxeViolations(page);
      await backupSection.getByRole('button', { name: 'Ja, terugzetten' }).click();
      await expect.poll(() => backupSection.getByRole('status').textContent()).toMatch(/^Reservekopie van .* teruggezet\.$/);
      expect(core.listAnnotations({}).length).toBe(1);
      // Keyboard: focus is back on the backup's button; Escape closes Instellingen, back in the reader, on its pages.
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')).toMatch(/^Reservekopie van .* terugzetten$/);
      await page.keyboard.press('Escape');
      await expect.poll(() => personal.isVisible()).toBe(false);
      await expect.poll(() => page.locator('#reader-title').isVisible()).toBe(true);
      await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('pages'))).toBe(true);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('edits an amendement (status, PDF export, restore a revision), reorders motie points and deletes a draft after confirming', async () => {
    const app = await e2e.openApp((core) => withSample(core, 'pkg-amendement'));
    try {
      const { page, core } = app;
      await openMeeting(page);
      await (await openItem(page, '1.3.a')).getByRole('button', { name: 'Nieuw amendement' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Amendement: Ontwikkelagenda passend onderwijs en jeugdhulp' }).isVisible()).toBe(true);
      await page.getByLabel('Welk onderdeel (beslispunt)').fill('beslispunt 2');
      await page.getByLabel('Te schrappen tekst').fill('binnen de bestaande budgetten');
      await page.getByLabel('Toe te voegen tekst').fill('met een extra budget van € 200.000');
      await page.getByLabel('Toelichting', { exact: true }).fill('Zonder geld geen passend onderwijs.');
      await expect.poll(() => page.locator('.save-status').textContent()).toBe('Opgeslagen');
      const preview = page.locator('.motion-preview');
      expect(await preview.innerText()).toContain('besluit het ontwerpbesluit (beslispunt 2) als volgt te wijzigen:');
      expect(await preview.innerText()).toContain('CONCEPT');

      // Submitted: the preview drops "Concept", and a revision is kept.
      await page.getByLabel('Status').selectOption('ingediend');
      await expect.poll(() => preview.innerText()).not.toContain('CONCEPT');
      await expect.poll(() => page.locator('.revisions summary').textContent()).toBe('Versiegeschiedenis (2)');
      await expectAccessibleInBothThemes(page);

      // Checked first: nobody signs it yet (no name under Instellingen).
      await page.getByRole('button', { name: 'Exporteren' }).click();
      await page.getByRole('menuitem', { name: 'PDF', exact: true }).click();
      const check = page.getByRole('dialog', { name: 'Eerst nog even controleren' });
      await expect.poll(() => check.getByText('Er staat geen indiener op.').isVisible()).toBe(true);
      const [download] = await Promise.all([page.waitForEvent('download'), check.getByRole('button', { name: 'Toch exporteren' }).click()]);
      const file = path.join(e2e.workDir, 'amendement.pdf');
      await download.saveAs(file);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Amendement');
      expect(text).toContain('te schrappen:');
      expect(text).toContain('binnen de bestaande budgetten');
      expect(text).toContain('met een extra budget van € 200.000');

      // Back to the draft as it was made: the fields empty again; what was there is a revision itself.
      await page.locator('.revisions summary').click();
      await page.locator('.revisions li').last().getByRole('button', { name: /^Versie van .* herstellen$/ }).click();
      await expect.poll(() => page.getByLabel('Te schrappen tekst').inputValue()).toBe('');
      expect(await page.getByRole('status').filter({ hasText: 'Eerdere versie teruggezet' }).count()).toBe(1);
      await page.getByRole('button', { name: '← Terug' }).click();

      // A motie: two points, the second moved up (keyboard focus moves with it).
      await (await openItem(page, '1.3.a')).getByRole('button', { name: 'Nieuwe motie' }).click();
      await page.getByLabel('Constaterende dat, punt 1').fill('de wachtlijsten groeien;');
      await page.getByRole('button', { name: 'Punt toevoegen aan Constaterende dat' }).click();
      await page.getByLabel('Constaterende dat, punt 2').fill('scholen om hulp vragen;');
      await page.getByRole('button', { name: 'Constaterende dat: punt 2 omhoog' }).click();
      expect(await page.getByLabel('Constaterende dat, punt 1').inputValue()).toBe('scholen om hulp vragen;');
      expect(await page.getByLabel('Constaterende dat, punt 2').inputValue()).toBe('de wachtlijsten groeien;');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Constaterende dat: punt 1 omlaag');
      // From the keyboard while typing: Alt+↓ moves the point down again, and the text keeps the focus.
      await page.getByLabel('Constaterende dat, punt 1').press('Alt+ArrowDown');
      await expect.poll(() => page.getByLabel('Constaterende dat, punt 2').inputValue()).toBe('scholen om hulp vragen;');
      expect(await page.getByLabel('Constaterende dat, punt 1').inputValue()).toBe('de wachtlijsten groeien;');
      await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.value)).toBe('scholen om hulp vragen;');
      await page.getByLabel('Constaterende dat, punt 2').press('Alt+ArrowUp');
      await expect.poll(() => page.getByLabel('Constaterende dat, punt 1').inputValue()).toBe('scholen om hulp vragen;');
      await expect.poll(() => page.locator('.save-status').textContent()).toBe('Opgeslagen');
      const motie = core.listMotionDrafts({}).find((d) => d.kind === 'motie')!;
      expect((core.getMotionDraft({ draftId: motie.id }).content as { constaterende: { text: string }[] }).constaterende.map((p) => p.text)).toEqual([
        'scholen om hulp vragen;',
        'de wachtlijsten groeien;',
      ]);

      // Deleting asks first; cancelling keeps it, confirming removes it.
      await page.getByRole('button', { name: 'Concept verwijderen…' }).click();
      await page.getByRole('button', { name: 'Annuleren' }).click();
      expect(core.listMotionDrafts({}).length).toBe(2);
      await page.getByRole('button', { name: 'Concept verwijderen…' }).click();
      await page.getByRole('button', { name: 'Ja, verwijderen' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Raadsplein info/debat' }).isVisible()).toBe(true);
      expect(core.listMotionDrafts({}).map((d) => d.kind)).toEqual(['amendement']);
      // Private work: "Ongedaan maken" brings the motie back, with its points.
      await page.getByRole('button', { name: 'Ongedaan maken' }).click();
      await expect.poll(() => core.listMotionDrafts({}).map((d) => d.kind).sort()).toEqual(['amendement', 'motie']);
      const back = core.listMotionDrafts({}).find((d) => d.kind === 'motie')!;
      await expect
        .poll(() => (core.getMotionDraft({ draftId: back.id }).content as { constaterende: { text: string }[] }).constaterende.map((p) => p.text))
        .toEqual(['scholen om hulp vragen;', 'de wachtlijsten groeien;']);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
