// What a new version changed, end to end in Chromium over the web host: a
// councillor reads the sample's raadsvoorstel, the sample's revised package of
// the meeting comes in, and the app shows exactly the changes made (the
// badge's count in the agenda, the meeting list and search, the meeting's list
// of changed documents, a saved search's alert as changed, the reader's list
// and marks on the page, next/previous by key), nothing more; the annotation
// on a changed passage says so, the one on an unchanged passage stays where it
// was; once opened, the badge is gone. A second revision takes a sentence out:
// the caret where it was, and what it said under the pointer. Axe in both themes.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/index.ts';
import { repo } from '../support/chromium.ts';
import { expectAccessibleInBothThemes, screenshots, setupE2E } from '../support/e2e.ts';
import { samplePackageSpec, writePackage, type TestPackage } from '../support/make-package.ts';

const e2e = setupE2E();
const DRAWN = { timeout: 20_000 };
const SAMPLE = path.join(repo, 'resources', 'sample');
const RAADSVOORSTEL = 'Raadsvoorstel Ontwikkelagenda passend onderwijs en jeugdhulp';
const BESLISPUNT_1 = '6. In te stemmen met een jaarlijkse voortgangsrapportage over de proeftuinen aan de raad, voor het eerst in het voorjaar van 2018.';
const BESLISPUNT_2 = '6 In te stemmen met een jaarlijkse voortgangsrapportage over de proeftuinen aan de raad, voor het eerst in het voorjaar van 2018.';
const COMMUNICATIE =
  'Communicatie Na vaststellen van deze ontwikkelagenda zullen Bloz en gemeente de betrokken scholen en onze jeugdhulppartners informeren. Vervolgens gaan we samen met betrokkenen de proeftuinen verder invullen in concrete projectplannen. Daarnaast gaan we ook de overige acties uit deel 2 samen oppakken.';

/**
 * The revision's edits (scripts/sample/meetings/2017-01-23-raadsplein-besluitvormend-herzien.ts), as the
 * reader lists them: kind, page, what stood there and what stands there now.
 */
const SAMPLE_CHANGES: { kind: string; page: string; old: string; now: string }[] = [
  { kind: 'Gewijzigd', page: 'blz. 1', old: '3', now: '4' },
  { kind: 'Toegevoegd', page: 'blz. 1', old: '', now: BESLISPUNT_1 },
  { kind: 'Gewijzigd', page: 'blz. 2', old: '3', now: '4' },
  { kind: 'Toegevoegd', page: 'blz. 2', old: '', now: BESLISPUNT_2 },
  { kind: 'Verplaatst', page: 'blz. 5 · verplaatst van blz. 6', old: '', now: COMMUNICATIE },
  { kind: 'Gewijzigd', page: 'blz. 6', old: '5', now: '4' },
  { kind: 'Gewijzigd', page: 'blz. 6', old: 'of pas op termijn lukt, zullen wij tijdig', now: 'lukt, leggen wij vóór 1 oktober 2017' },
  { kind: 'Gewijzigd', page: 'blz. 6', old: 'voorleggen.', now: 'voor.' },
  { kind: 'Gewijzigd', page: 'blz. 6', old: 'worden vastgesteld bij verdere uitwerking van de proeftuinen in een', now: 'wordt vastgesteld op € 1,4 mln per jaar en per proeftuin uitgewerkt in' },
];

const documentIdOf = (core: Core, title: string) =>
  core
    .getMeeting({ meetingId: core.listMeetings({})[0]!.id })
    .agenda.flatMap((item) => [item, ...item.children])
    .flatMap((item) => item.documents)
    .find((d) => d.title === title)!.id;

const squeeze = (text: string) => text.replace(/\s+/g, '');

/** Which changes are marked on a page: their kind and the text they mark (spaces left out: a mark per text span; deletions mark none). */
const marksOn = (page: Page, pageNumber: number) =>
  page.locator(`.page[data-page="${pageNumber}"] .textLayer`).evaluate((layer) => {
    const byChange = new Map<string, { kind: string; text: string }>();
    for (const mark of layer.querySelectorAll<HTMLElement>('mark.change-mark')) {
      const known = byChange.get(mark.dataset.change!) ?? { kind: [...mark.classList].find((c) => /^change-(inserted|deleted|replaced|moved)$/.test(c))!, text: '' };
      known.text += (mark.textContent ?? '').replace(/\s+/g, '');
      byChange.set(mark.dataset.change!, known);
    }
    return Object.fromEntries(byChange);
  });

/** The page drawn with its text layer (scrolled to first). */
async function drawn(page: Page, pageNumber: number): Promise<void> {
  await page.locator('#reader-page').fill(String(pageNumber));
  await page.locator('#reader-page').press('Enter');
  await page.waitForSelector(`.page[data-page="${pageNumber}"][data-state="drawn"] .textLayer span[data-offset]`, DRAWN);
}

describe('what changed in a new version', () => {
  it('shows exactly the changes of the sample’s revised package, steps through them by key, and marks the annotation on a changed passage', async () => {
    let documentId = 0;
    const app = await e2e.openApp(async (core) => {
      await core.importPackages({ paths: [path.join(SAMPLE, '2017-01-23-raadsplein-besluitvormend')] });
      documentId = documentIdOf(core, RAADSVOORSTEL);
      // The councillor's highlights on the first version: one on a number the revision changes, one on a beslispunt it keeps.
      core.createAnnotation({ kind: 'highlight', documentId, page: 1, start: 0, end: 1, exact: 'uitwerking in 3 proeftuinen', color: 'yellow', note: 'Waarom drie?' });
      core.createAnnotation({ kind: 'highlight', documentId, page: 1, start: 0, end: 1, exact: 'Kennis te nemen van het advies van Participatieraad Zwolle', color: 'green' });
      // A saved search that only the revision's new beslispunt matches.
      core.saveSearch({ name: 'Voortgang', query: 'voortgangsrapportage' });
    });
    try {
      const { page, core } = app;
      const agenda = page.locator('.agenda-tree');
      const title = agenda.getByRole('button', { name: RAADSVOORSTEL });
      await title.waitFor(DRAWN);
      // Read once, before the revision: no badge anywhere.
      await title.click();
      await page.waitForSelector('.page[data-page="1"][data-state="drawn"] .textLayer span[data-offset]', DRAWN);
      expect(await page.locator('.changes-panel, .reader-changes-toggle').count()).toBe(0);
      await page.getByRole('button', { name: 'Terug' }).click();
      await agenda.waitFor();
      expect(await page.locator('.changes-badge, .changed-documents, .meeting-changed').count()).toBe(0);

      // The sample's revised package of the same meeting comes in while the app is open.
      await core.importPackages({ paths: [path.join(SAMPLE, '2017-01-23-raadsplein-besluitvormend-herzien')] });
      const badge = agenda.locator('.changes-badge');
      await expect.poll(() => badge.allTextContents(), DRAWN).toEqual(['Gewijzigd: 9 wijzigingen']);
      // On the changed document's row, read with it (the tree is one Tab stop); the other six documents have none.
      expect(await agenda.locator('li.document', { has: page.getByRole('button', { name: RAADSVOORSTEL }) }).locator('.changes-badge').count()).toBe(1);
      expect(await title.getAttribute('aria-describedby')).toBe(await badge.getAttribute('id'));
      // The meeting list counts the changed document; the meeting lists it.
      await expect.poll(() => page.locator('.meeting-row .meeting-changed').allTextContents()).toEqual(['1']);
      const changed = page.locator('section.changed-documents');
      expect(await changed.locator('h3').textContent()).toBe('Gewijzigd sinds uw laatste bezoek 1 stuk');
      expect(await changed.locator('li').count()).toBe(1);
      expect(await changed.locator('li').textContent()).toMatch(/^Raadsvoorstel Ontwikkelagenda passend onderwijs en jeugdhulp Gewijzigd: 9 wijzigingenRaadsvoorstel · 3 Ontwikkelagenda passend onderwijs en jeugdhulpnieuwe versie zojuist$/);
      // The saved search reports the document as changed, not as new.
      const alerts = page.locator('section.alerts');
      await expect.poll(() => alerts.textContent(), DRAWN).toContain('Voortgang: 1 gewijzigd stuk');
      expect(await alerts.locator('.alert-hit .rm-badge').allTextContents()).toEqual(['Gewijzigd: 9 wijzigingen']);
      await page.screenshot({ path: path.join(screenshots, 'e2e-changes-meeting.png') });
      await expectAccessibleInBothThemes(page);

      // Search results carry the badge too.
      const box = page.getByRole('combobox', { name: 'Zoek in alle stukken' });
      await box.fill('proeftuinen');
      await box.press('Enter');
      const result = page.locator('.result', { has: page.locator('.result-title', { hasText: RAADSVOORSTEL }) });
      await result.waitFor(DRAWN);
      expect(await result.locator('.changes-badge').textContent()).toBe('Gewijzigd: 9 wijzigingen');
      expect(await page.locator('.result').count()).toBeGreaterThan(1);
      expect(await page.locator('.result .changes-badge').count()).toBe(1);
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Vergaderingen', exact: true }).click();

      // The changed document opens at its first change, the changes listed beside the page: each edit once, nothing more.
      await changed.getByRole('button', { name: `${RAADSVOORSTEL} openen bij de eerste wijziging` }).click();
      const panel = page.getByRole('complementary', { name: /^Wijzigingen/ });
      await panel.waitFor(DRAWN);
      const rows = panel.locator('.change-row');
      const listed = await rows.evaluateAll((all) =>
        all.map((row) => ({
          kind: row.querySelector('.change-kind')!.textContent!,
          page: row.querySelector('.change-row__page')!.textContent!,
          text: row.textContent!,
        })),
      );
      expect(listed.map(({ kind, page }) => ({ kind, page }))).toEqual(SAMPLE_CHANGES.map(({ kind, page }) => ({ kind, page })));
      SAMPLE_CHANGES.forEach((change, i) => {
        expect(listed[i]!.text).toContain(change.now);
        expect(listed[i]!.text).toContain(change.old);
      });
      expect(await panel.locator('.change-row[aria-current="true"]').getAttribute('data-change')).toBe('0');
      expect(await panel.locator('.changes-position').textContent()).toBe('1 van 9');
      expect(await panel.locator('.changes-context').textContent()).toMatch(/^Versie 2 van .+, uit Lokale pakketten \(2017-01-23-raadsplein-besluitvormend-herzien\)Vergeleken met versie 1, die u opende op .+$/);

      // On the pages: each change marked where it is, nothing more.
      await page.waitForSelector('.page[data-page="1"] mark.change-mark.current', DRAWN);
      const onPages = { 1: [0, 1], 2: [2, 3], 3: [], 4: [], 5: [4], 6: [5, 6, 7, 8], 7: [] };
      const kinds = { Gewijzigd: 'change-replaced', Toegevoegd: 'change-inserted', Verplaatst: 'change-moved' } as Record<string, string>;
      for (const [pageNumber, indexes] of Object.entries(onPages)) {
        await drawn(page, Number(pageNumber));
        expect(await marksOn(page, Number(pageNumber))).toEqual(Object.fromEntries(indexes.map((i) => [String(i), { kind: kinds[SAMPLE_CHANGES[i]!.kind], text: squeeze(SAMPLE_CHANGES[i]!.now) }])));
      }
      // The pointer on a change shows what stood there.
      expect(await page.locator('.change-callout').count()).toBe(0);
      await page.locator('.page[data-page="6"] mark.change-mark[data-change="7"]').hover();
      expect(await page.locator('.change-callout').innerText()).toBe('Gewijzigd\nwas: voorleggen.');

      // Next and previous change from the keyboard (] and [), round the end; each in view, its row chosen (in the small window too).
      await page.setViewportSize({ width: 1024, height: 700 });
      const position = () => panel.locator('.changes-position').textContent();
      await page.locator('.pages').focus();
      await page.keyboard.press(']');
      await expect.poll(position).toBe('2 van 9');
      await page.keyboard.press('[');
      await expect.poll(position).toBe('1 van 9');
      await page.keyboard.press('[');
      await expect.poll(position).toBe('9 van 9');
      const current = page.locator('.page[data-page="6"] mark.change-mark.current').first();
      await current.waitFor(DRAWN);
      await expect.poll(() => current.evaluate((el) => el.getBoundingClientRect().top > 0 && el.getBoundingClientRect().bottom < innerHeight)).toBe(true);
      expect(await panel.locator('.change-row[aria-current="true"]').getAttribute('data-change')).toBe('8');
      // Only the pages scrolled: the toolbar stays where it is.
      expect(await page.locator('main').evaluate((el) => el.scrollTop)).toBe(0);
      // There the changes took the left panel's room; back in a wide window, it opens again.
      expect(await page.locator('.reader-side').count()).toBe(0);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.getByRole('button', { name: 'Zijpaneel', exact: true }).click();
      expect(await page.getByRole('status').filter({ hasText: 'Wijziging 9 van 9' }).textContent()).toBe('Wijziging 9 van 9, blz. 6: Gewijzigd');
      await page.keyboard.press(']');
      await expect.poll(position).toBe('1 van 9');
      // The list is one Tab stop: ↓ and Enter go to a change.
      await panel.locator('.change-row[aria-current="true"]').focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await expect.poll(position).toBe('3 van 9');
      // The buttons do the same, and the keys are in their tooltips and in the list of keys.
      await panel.getByRole('button', { name: 'Vorige wijziging' }).click();
      await expect.poll(position).toBe('2 van 9');
      await panel.getByRole('button', { name: 'Volgende wijziging' }).hover();
      await expect.poll(() => page.locator('.rm-tooltip').textContent()).toBe('Volgende wijziging (])');
      await page.locator('.pages').focus();
      await page.keyboard.press('?');
      expect(await page.getByRole('dialog', { name: 'Sneltoetsen' }).textContent()).toContain('] / [Volgende / vorige wijziging');
      await page.keyboard.press('Escape');

      // The annotation on the changed number says so; the one on the unchanged beslispunt does not, and stays where it was.
      const cards = page.locator('.ap-list .ap-card');
      await expect.poll(() => cards.count()).toBe(2);
      const onNumber = cards.filter({ hasText: 'proeftuinen' });
      const onAdvice = cards.filter({ hasText: 'Kennis te nemen' });
      expect(await onNumber.locator('.ap-changed').textContent()).toBe('Passage gewijzigd in nieuwe versie');
      expect(await onNumber.getAttribute('aria-label')).toContain('Passage gewijzigd in nieuwe versie');
      expect(await onAdvice.locator('.ap-changed').count()).toBe(0);
      expect(await onAdvice.locator('.ap-page').textContent()).toBe('blz. 1');
      expect(await onAdvice.locator('.ap-quote').textContent()).toBe('Kennis te nemen van het advies van Participatieraad Zwolle');
      await drawn(page, 1);
      await page.screenshot({ path: path.join(screenshots, 'e2e-changes-reader.png') });
      await expectAccessibleInBothThemes(page);

      // Opened: the badge is gone everywhere; the changes stay one click away in the reader, not marked unasked.
      await page.getByRole('button', { name: 'Terug' }).click();
      await agenda.waitFor();
      await expect.poll(() => page.locator('.changes-badge, .changed-documents, .meeting-changed').count()).toBe(0);
      await title.click();
      await page.waitForSelector('.page[data-page="1"][data-state="drawn"] .textLayer span[data-offset]', DRAWN);
      expect(await page.locator('.changes-panel').count()).toBe(0);
      expect(await page.locator('.textLayer mark.change-mark').count()).toBe(0);
      await page.getByRole('button', { name: 'Wijzigingen (9)' }).click();
      await expect.poll(() => panel.locator('.change-row').count()).toBe(9);
      expect(await panel.locator('.changes-context').textContent()).toMatch(/Vergeleken met versie 1 van /);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  }, 180_000);

  it('marks where a sentence was taken out, and says what it was under the pointer', async () => {
    const first = samplePackageSpec();
    const taken = 'Het onderhoud wordt uitbesteed aan een externe partij.';
    first.documents[0]!.pages = [
      ['Beslisnota Ontwikkelagenda', 'Het college stelt de raad voor een krediet van € 1,1 mln beschikbaar te stellen.', 'Beslispunten', '1. Het krediet beschikbaar stellen.'],
      ['Toelichting', 'De schoolbesturen vragen om een vast aanspreekpunt.', taken, 'De gemeente draagt de kosten van het beheer.'],
    ];
    const revised: TestPackage = structuredClone(first);
    revised.documents[0]!.pages[0]![1] = 'Het college stelt de raad voor een krediet van € 1,4 mln beschikbaar te stellen.';
    revised.documents[0]!.pages[1] = ['Toelichting', 'De schoolbesturen vragen om een vast aanspreekpunt.', 'De gemeente draagt de kosten van het beheer.'];
    const app = await e2e.openApp(async (core) => {
      await core.importPackages({ paths: [(await writePackage(path.join(e2e.workDir, 'first'), first)).dir] });
      core.markDocumentSeen({ documentId: documentIdOf(core, 'Beslisnota Ontwikkelagenda') });
      await core.importPackages({ paths: [(await writePackage(path.join(e2e.workDir, 'revised'), revised)).dir] });
    });
    try {
      const { page } = app;
      // The small window: the changes panel takes the left panel's room, the page keeps its own.
      await page.setViewportSize({ width: 1024, height: 700 });
      await page.locator('section.changed-documents').getByRole('button', { name: 'Beslisnota Ontwikkelagenda openen bij de eerste wijziging' }).click();
      const panel = page.getByRole('complementary', { name: /^Wijzigingen/ });
      await panel.waitFor(DRAWN);
      expect((await panel.locator('.change-row').allInnerTexts()).map((text) => text.replace(/\s+/g, ' '))).toEqual([
        'Gewijzigd Bedrag blz. 1 was: € 1,1 mln → nu: € 1,4 mln',
        `Verwijderd blz. 2 ${taken}`,
      ]);
      await page.locator('.pages').focus();
      await page.keyboard.press(']');
      await expect.poll(() => panel.locator('.changes-position').textContent()).toBe('2 van 2');
      // A caret where the sentence was, in view; nothing else marked on the page.
      const caret = page.locator('.page[data-page="2"] mark.change-deleted.current');
      await caret.waitFor({ state: 'attached', ...DRAWN });
      expect(await marksOn(page, 2)).toEqual({ 1: { kind: 'change-deleted', text: '' } });
      await expect.poll(() => caret.evaluate((el) => el.getBoundingClientRect().top > 0 && el.getBoundingClientRect().bottom < innerHeight)).toBe(true);
      const spot = await caret.evaluate((el) => {
        const box = el.getBoundingClientRect();
        return { x: box.left, y: box.top + box.height / 2 };
      });
      await page.mouse.move(spot.x, spot.y);
      await expect.poll(() => page.locator('.page[data-page="2"] .change-callout').innerText()).toBe(`Verwijderd\n${taken}`);
      expect(await page.locator('.reader-side').count()).toBe(0);
      expect(await page.locator('main').evaluate((el) => el.scrollTop)).toBe(0);
      expect(await page.locator('.pages').evaluate((el) => el.clientWidth)).toBeGreaterThan(500);
      await expectAccessibleInBothThemes(page);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  }, 120_000);
});
