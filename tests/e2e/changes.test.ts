// What a new version changed, end to end in Chromium over the web host: a
// councillor reads a beslisnota, a revised package of the meeting comes in,
// and the app shows exactly the changes made (the badge's count in the
// agenda, the meeting list and search, the meeting's list of changed
// documents, the reader's list and marks on the page, next/previous by key),
// nothing more; the annotation on a changed passage says so, the one on an
// unchanged passage does not; once opened, the badge is gone. Axe in both themes.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/index.ts';
import { expectAccessibleInBothThemes, screenshots, setupE2E } from '../support/e2e.ts';
import { samplePackageSpec, writePackage, type TestPackage } from '../support/make-package.ts';

const e2e = setupE2E();
const DRAWN = { timeout: 20_000 };
const TITLE = 'Beslisnota Ontwikkelagenda';
const MOVED = 'De schoolbesturen hebben gevraagd om een vast aanspreekpunt voor jeugdhulp in elke wijk.';
const ADDED = '3. De wethouder rapporteert elk halfjaar over de voortgang.';
const DELETED = 'Het onderhoud wordt uitbesteed aan een externe partij.';

/** The meeting with its beslisnota, and the same package revised: an amount, a beslispunt added, a paragraph moved, a sentence taken out. */
function packages(): { first: TestPackage; revised: TestPackage } {
  const first = samplePackageSpec();
  first.documents[0]!.pages = [
    [TITLE, 'Het college stelt de raad voor een krediet van € 1,1 mln beschikbaar te stellen.', 'De uitvoering start in het voorjaar van 2017.', 'Beslispunten', '1. Het krediet beschikbaar stellen.', '2. De begroting wijzigen.'],
    ['Toelichting', MOVED, DELETED, 'De gemeente draagt de kosten van het beheer.'],
  ];
  const revised = structuredClone(first);
  revised.documents[0]!.pages = [
    [TITLE, 'Het college stelt de raad voor een krediet van € 1,4 mln beschikbaar te stellen.', 'De uitvoering start in het voorjaar van 2017.', 'Beslispunten', '1. Het krediet beschikbaar stellen.', '2. De begroting wijzigen.', ADDED, MOVED],
    ['Toelichting', 'De gemeente draagt de kosten van het beheer.'],
  ];
  return { first, revised };
}

const documentIdOf = (core: Core, title: string) =>
  core
    .getMeeting({ meetingId: core.listMeetings({})[0]!.id })
    .agenda.flatMap((item) => [item, ...item.children])
    .flatMap((item) => item.documents)
    .find((d) => d.title === title)!.id;

/** Which changes are marked on a page, with the text each marks (deletions mark none). */
const marksOn = (page: Page, pageNumber: number) =>
  page.locator(`.page[data-page="${pageNumber}"] .textLayer`).evaluate((layer) => {
    const byChange = new Map<string, { kind: string; text: string }>();
    for (const mark of layer.querySelectorAll<HTMLElement>('mark.change-mark')) {
      const known = byChange.get(mark.dataset.change!) ?? { kind: [...mark.classList].find((c) => /^change-(inserted|deleted|replaced|moved)$/.test(c))!, text: '' };
      known.text += mark.textContent ?? '';
      byChange.set(mark.dataset.change!, known);
    }
    return Object.fromEntries([...byChange].map(([index, mark]) => [index, { kind: mark.kind, text: mark.text.replace(/\s+/g, ' ').trim() }]));
  });

describe('what changed in a new version', () => {
  it('shows exactly the changes a revised package made, steps through them by key, and marks the annotation on a changed passage', async () => {
    const { first, revised } = packages();
    let documentId = 0;
    const app = await e2e.openApp(async (core) => {
      await core.importPackages({ paths: [(await writePackage(path.join(e2e.workDir, 'first'), first)).dir] });
      documentId = documentIdOf(core, TITLE);
      // The councillor's highlights on the first version: one on the amount that will change, one on a sentence that stays.
      core.createAnnotation({ kind: 'highlight', documentId, page: 1, start: 0, end: 1, exact: 'krediet van € 1,1 mln', color: 'yellow', note: 'Te laag?' });
      core.createAnnotation({ kind: 'highlight', documentId, page: 1, start: 0, end: 1, exact: 'De uitvoering start in het voorjaar van 2017.', color: 'green' });
      // A saved search that the revision's new beslispunt matches.
      core.saveSearch({ name: 'Voortgang', query: 'halfjaar voortgang' });
    });
    try {
      const { page, core } = app;
      const agenda = page.locator('.agenda-tree');
      await agenda.getByRole('button', { name: TITLE }).waitFor(DRAWN);
      // Read once, before the revision: no badge anywhere.
      await agenda.getByRole('button', { name: TITLE }).click();
      await page.waitForSelector('.page[data-page="1"][data-state="drawn"] .textLayer span[data-offset]', DRAWN);
      expect(await page.locator('.changes-panel, .reader-changes-toggle').count()).toBe(0);
      await page.getByRole('button', { name: 'Terug' }).click();
      await agenda.waitFor();
      expect(await page.locator('.changes-badge, .changed-documents, .meeting-changed').count()).toBe(0);

      // The revised package of the same meeting comes in while the app is open.
      await core.importPackages({ paths: [(await writePackage(path.join(e2e.workDir, 'revised'), revised)).dir] });
      const badge = agenda.locator('.changes-badge');
      await expect.poll(() => badge.allTextContents(), DRAWN).toEqual(['Gewijzigd: 4 wijzigingen']);
      // On the changed document's row, read with it; the other documents have none.
      const row = agenda.locator('li.document', { has: page.getByRole('button', { name: TITLE }) });
      expect(await row.locator('.changes-badge').count()).toBe(1);
      expect(await row.getByRole('button', { name: TITLE }).getAttribute('aria-describedby')).toBe(await badge.getAttribute('id'));
      // The meeting list counts the changed document; the meeting lists it.
      await expect.poll(() => page.locator('.meeting-row .meeting-changed').allTextContents()).toEqual(['1']);
      const changed = page.locator('section.changed-documents');
      expect(await changed.locator('h3').textContent()).toBe('Gewijzigd sinds uw laatste bezoek 1 stuk');
      expect(await changed.locator('li').count()).toBe(1);
      expect(await changed.locator('li').textContent()).toContain('Gewijzigd: 4 wijzigingen');
      expect(await changed.locator('li').textContent()).toContain('1.3.a Ontwikkelagenda passend onderwijs en jeugdhulp');
      // The saved search reports the document as changed, not as new.
      const alerts = page.locator('section.alerts');
      await expect.poll(() => alerts.textContent(), DRAWN).toContain('Voortgang: 1 gewijzigd stuk');
      expect(await alerts.locator('.alert-hit .rm-badge').allTextContents()).toEqual(['Gewijzigd: 4 wijzigingen']);
      await page.screenshot({ path: path.join(screenshots, 'e2e-changes-meeting.png') });
      await expectAccessibleInBothThemes(page);

      // Search results carry the badge too.
      const box = page.getByRole('combobox', { name: 'Zoek in alle stukken' });
      await box.fill('krediet');
      await box.press('Enter');
      const result = page.locator('.result', { has: page.locator('.result-title', { hasText: TITLE }) });
      await result.waitFor(DRAWN);
      expect(await result.locator('.changes-badge').textContent()).toBe('Gewijzigd: 4 wijzigingen');
      expect(await page.locator('.result .changes-badge').count()).toBe(1);
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Vergaderingen', exact: true }).click();

      // The changed document opens at its first change, the changes listed beside the page.
      await changed.getByRole('button', { name: `${TITLE} openen bij de eerste wijziging` }).click();
      const panel = page.getByRole('complementary', { name: /^Wijzigingen/ });
      await panel.waitFor(DRAWN);
      const rows = panel.locator('.change-row');
      expect(await rows.count()).toBe(4);
      const texts = (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
      expect(texts[0]).toBe('Gewijzigd Bedrag blz. 1 was: € 1,1 mln → nu: € 1,4 mln');
      expect(texts[1]).toBe(`Toegevoegd blz. 1 ${ADDED}`);
      expect(texts[2]).toBe(`Verplaatst blz. 1 · verplaatst van blz. 2 ${MOVED}`);
      expect(texts[3]).toBe(`Verwijderd blz. 2 ${DELETED}`);
      expect(await panel.locator('.change-row[aria-current="true"]').getAttribute('data-change')).toBe('0');
      expect(await panel.locator('.changes-position').textContent()).toBe('1 van 4');

      // On the pages: each change marked where it is, nothing more.
      await page.waitForSelector('.page[data-page="1"] mark.change-mark.current', DRAWN);
      expect(await marksOn(page, 1)).toEqual({
        0: { kind: 'change-replaced', text: '1,4' },
        1: { kind: 'change-inserted', text: ADDED },
        2: { kind: 'change-moved', text: MOVED },
      });
      // The pointer on a change shows what stood there.
      expect(await page.locator('.change-callout').count()).toBe(0);
      await page.locator('.page[data-page="1"] mark.change-mark[data-change="0"]').hover();
      expect(await page.locator('.change-callout').innerText()).toBe('Gewijzigd\n€ 1,1 mln → € 1,4 mln');
      await page.locator('.pages').focus();
      await page.keyboard.press('End');
      await page.waitForSelector('.page[data-page="2"][data-state="drawn"] .textLayer span[data-offset]', DRAWN);
      expect(await marksOn(page, 2)).toEqual({ 3: { kind: 'change-deleted', text: '' } });

      // Next and previous change from the keyboard (] and [), round the end.
      const position = () => panel.locator('.changes-position').textContent();
      await page.keyboard.press('Home');
      await page.keyboard.press(']');
      await expect.poll(position).toBe('2 van 4');
      await page.keyboard.press(']');
      await page.keyboard.press(']');
      await expect.poll(position).toBe('4 van 4');
      // The deletion is the current one, in view on page 2; the pointer on its caret shows what was taken out.
      const caret = page.locator('.page[data-page="2"] mark.change-deleted.current');
      await caret.waitFor({ state: 'attached', ...DRAWN });
      await expect.poll(() => caret.evaluate((el) => el.getBoundingClientRect().top > 0 && el.getBoundingClientRect().bottom < innerHeight)).toBe(true);
      const spot = (await caret.evaluate((el) => {
        const box = el.getBoundingClientRect();
        return { x: box.left, y: box.top + box.height / 2 };
      }))!;
      await page.mouse.move(spot.x, spot.y);
      await expect.poll(() => page.locator('.page[data-page="2"] .change-callout').innerText()).toBe(`Verwijderd\n${DELETED}`);
      await page.keyboard.press(']');
      await expect.poll(position).toBe('1 van 4');
      await page.keyboard.press('[');
      await expect.poll(position).toBe('4 van 4');
      expect(await page.getByRole('status').filter({ hasText: 'Wijziging 4 van 4' }).textContent()).toBe('Wijziging 4 van 4, blz. 2: Verwijderd');
      // The buttons do the same, and the keys are in their tooltips and in the list of keys.
      await panel.getByRole('button', { name: 'Vorige wijziging' }).click();
      await expect.poll(position).toBe('3 van 4');
      await panel.getByRole('button', { name: 'Volgende wijziging' }).hover();
      await expect.poll(() => page.locator('.rm-tooltip').textContent()).toBe('Volgende wijziging (])');
      await page.locator('.pages').focus();
      await page.keyboard.press('?');
      expect(await page.getByRole('dialog', { name: 'Sneltoetsen' }).textContent()).toContain('] / [Volgende / vorige wijziging');
      await page.keyboard.press('Escape');

      // The annotation on the changed amount says so; the one on the unchanged sentence does not.
      const cards = page.locator('.ap-list .ap-card');
      await expect.poll(() => cards.count()).toBe(2);
      const onAmount = cards.filter({ hasText: 'krediet van' });
      const onStart = cards.filter({ hasText: 'De uitvoering start' });
      expect(await onAmount.locator('.ap-changed').textContent()).toBe('Passage gewijzigd in nieuwe versie');
      expect(await onAmount.getAttribute('aria-label')).toContain('Passage gewijzigd in nieuwe versie');
      expect(await onStart.locator('.ap-changed').count()).toBe(0);
      await page.screenshot({ path: path.join(screenshots, 'e2e-changes-reader.png') });
      await expectAccessibleInBothThemes(page);

      // Opened: the badge is gone everywhere; the changes stay one click away in the reader.
      await page.getByRole('button', { name: 'Terug' }).click();
      await agenda.waitFor();
      await expect.poll(() => page.locator('.changes-badge, .changed-documents, .meeting-changed').count()).toBe(0);
      await agenda.getByRole('button', { name: TITLE }).click();
      await page.waitForSelector('.page[data-page="1"][data-state="drawn"] .textLayer span[data-offset]', DRAWN);
      expect(await page.locator('.changes-panel').count()).toBe(0);
      expect(await page.locator('.textLayer mark.change-mark').count()).toBe(0);
      await page.getByRole('button', { name: 'Wijzigingen (4)' }).click();
      await expect.poll(() => panel.locator('.change-row').count()).toBe(4);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  }, 180_000);
});
