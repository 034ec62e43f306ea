// End to end, exports: the fractie bundle of a meeting, made from the
// meeting view with a choice of items and documents, and a document with my
// annotations from the reader. Both are downloads, read back with pdf.js.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPdf } from '../../electron/core/extraction/pdfjs.ts';
import { expectNoAxeViolations, setupE2E } from '../support/e2e.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';

const e2e = setupE2E();

describe('exports in the app, end to end', () => {
  it('makes a fractie bundle of the chosen items and an annotated PDF of a document, as downloads', async () => {
    const app = await e2e.openApp(async (core) => {
      await core.importPackages({ paths: [(await writePackage(path.join(e2e.workDir, 'pkg-export'), samplePackageSpec())).dir] });
      core.updateSettings({ userName: 'Anne de Vries', fractie: 'GroenLinks' });
      const report = core.getMeeting({ meetingId: 1 }).agenda[1]!.children[0]!.documents[0]!;
      await core.createAnnotation({ kind: 'highlight', documentId: report.id, page: 1, start: 0, end: 1, exact: 'Nazorg is beperkt.', color: 'yellow', note: 'Kern van het rapport' });
    });
    try {
      const { page } = app;
      await page.getByRole('button', { name: /Raadsplein info\/debat/ }).click();
      // Meeting actions are in the meeting's menu.
      await page.getByRole('button', { name: 'Vergadering' }).click();
      await page.getByRole('menuitem', { name: 'Fractiebundel maken…' }).click();
      const dialog = page.getByRole('dialog', { name: /Fractiebundel: Raadsplein info\/debat/ });
      await expect.poll(() => dialog.isVisible()).toBe(true);
      // Preselected: the items with my work (the annotated Rekenkamer report), with the page total.
      expect(await dialog.getByRole('checkbox', { name: /2\.3 Rekenkameronderzoek/ }).isChecked()).toBe(true);
      expect(await dialog.getByText(/Samen 3 blz\./).isVisible()).toBe(true);
      // Leave out the Ontwikkelagenda item: only the Rekenkamer item and its report go in.
      await dialog.getByRole('checkbox', { name: /1\.3\.a Ontwikkelagenda/ }).uncheck();
      await expectNoAxeViolations(page);
      const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Bundel maken' }).click()]);
      expect(download.suggestedFilename()).toBe('Fractiebundel Raadsplein info-debat 2017-01-09.pdf');
      const file = path.join(e2e.workDir, 'bundel.pdf');
      await download.saveAs(file);
      await expect.poll(() => dialog.getByRole('status').last().textContent()).toMatch(/Opgeslagen: .*blz\./);
      const bundle = await (await openPdf(new Uint8Array(fs.readFileSync(file)))).promise;
      const outline = (await bundle.getOutline()) as { title: string; items: { title: string }[] }[];
      expect(outline.map((o) => o.title)).toEqual(['Voorblad', 'Agenda en notities', '2.3 Rekenkameronderzoek Schulddienstverlening']);
      expect(bundle.numPages).toBe(2 + 3);
      await dialog.getByRole('button', { name: 'Sluiten' }).click();

      await page.getByRole('button', { name: 'Rekenkamerrapport Schulddienstverlening', exact: true }).click();
      await page.getByRole('button', { name: 'PDF met aantekeningen' }).click();
      const [single] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Opslaan als PDF' }).click()]);
      expect(single.suggestedFilename()).toBe('Rekenkamerrapport Schulddienstverlening (met aantekeningen).pdf');
      const singleFile = path.join(e2e.workDir, 'stuk.pdf');
      await single.saveAs(singleFile);
      const annotated = await (await openPdf(new Uint8Array(fs.readFileSync(singleFile)))).promise;
      expect(annotated.numPages).toBe(3 + 1); // with the summary page
      const annotations = (await (await annotated.getPage(1)).getAnnotations()) as { subtype: string; contentsObj: { str: string } }[];
      expect(annotations.find((a) => a.subtype === 'Highlight')?.contentsObj.str).toBe('Kern van het rapport');
      await expectNoAxeViolations(page);

      // A note is saved as it is typed, without leaving the field (Enter on the card's note opens it; the export options still lie over the panel).
      const panel = page.getByRole('complementary', { name: 'Aantekeningen' });
      await panel.getByRole('button', { name: 'Kern van het rapport' }).press('Enter');
      const note = panel.getByLabel('Notitie');
      await note.fill('Kern van het rapport; vragen over nazorg');
      await expect.poll(() => app.core.listAnnotations({}).map((a) => a.note), { timeout: 10_000 }).toEqual(['Kern van het rapport; vragen over nazorg']);
      expect(await note.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
