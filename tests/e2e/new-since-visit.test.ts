// "Nieuw sinds uw laatste bezoek" on the home meeting, end to end in Chromium:
// a second import shows up in the list (newest first, with its count), a
// document opens the reader, a meeting opens the meeting; axe in both themes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/index.ts';
import { expectAccessibleInBothThemes, setupE2E } from '../support/e2e.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';

const e2e = setupE2E();

describe('new since the last visit, on the home meeting', () => {
  it('lists what a second import brought, opens a document and a meeting from it', async () => {
    // Yesterday: the sample meeting came in (through the CLI), then the app was used.
    const dataDir = fs.mkdtempSync(path.join(e2e.workDir, 'data-'));
    const yesterday = Date.now() - 26 * 60 * 60 * 1000;
    const cli = createCore({ dataDir, clock: () => new Date(yesterday), extractionThreads: 1 });
    await cli.importPackages({ paths: [(await writePackage(path.join(e2e.workDir, 'a'), samplePackageSpec())).dir] });
    await cli.close();
    await createCore({ dataDir, clock: () => new Date(yesterday + 60_000), recordVisit: true }).close();

    const app = await e2e.openSessionApp(dataDir);
    try {
      const { page, session } = app;
      const core = session.core();
      // Not the meeting's own "Gewijzigd sinds uw laatste bezoek" list, which shares its look.
      const list = page.locator('section[aria-labelledby="new-since-heading"]');
      await expect.poll(() => page.locator('#meeting-heading').textContent(), { timeout: 20_000 }).toBe('Raadsplein info/debat');
      // Nothing arrived since yesterday's visit.
      await expect.poll(() => list.locator('p').textContent(), { timeout: 20_000 }).toMatch(/^Niets nieuws sinds uw laatste bezoek op [a-z]{2} \d{1,2} [a-z]{3,4}\.$/);
      await expectAccessibleInBothThemes(page);

      // A second import: an earlier meeting (the home meeting stays), and a new version of a document.
      const earlier = samplePackageSpec();
      earlier.meetingId = 'zwolle/2016-12-12';
      earlier.title = 'Raadsplein besluitvormend december';
      earlier.start = '2016-12-12T19:00:00+01:00';
      earlier.documents = earlier.documents.map((d) => ({ ...d, id: `${d.id}-dec` }));
      earlier.agenda = [{ id: '9', number: '9', title: 'Besluit', documents: earlier.documents.map((d) => d.id) }];
      const changed = samplePackageSpec();
      changed.documents[2]!.pages = [['Rekenkamerrapport, herziene versie', 'Nazorg is beperkt.'], ['Aanbevelingen']];
      await core.importPackages({ paths: [(await writePackage(`${e2e.workDir}/b`, earlier)).dir] });
      await core.importPackages({ paths: [(await writePackage(`${e2e.workDir}/c`, changed)).dir] });

      await expect.poll(() => list.locator('li').count(), { timeout: 20_000 }).toBe(2);
      expect(await list.locator('h3').textContent()).toBe('Nieuw sinds uw laatste bezoek 2 nieuw');
      // Newest first: the new version, then the new meeting (which stands for its documents).
      const rows = await list.locator('li').allTextContents();
      expect(rows[0]).toContain('Rekenkamerrapport Schulddienstverlening');
      expect(rows[0]).toContain('nieuwe versie');
      expect(rows[1]).toContain('Raadsplein besluitvormend december');
      expect(rows[1]).toContain('Nieuwe vergadering');
      await expectAccessibleInBothThemes(page);

      // A document opens the reader, where it was left.
      await list.getByRole('button', { name: 'Rekenkamerrapport Schulddienstverlening' }).click();
      await expect.poll(() => page.locator('#reader-title').textContent(), { timeout: 20_000 }).toBe('Rekenkamerrapport Schulddienstverlening');
      await page.locator('.reader-bar button').first().click();
      await expect.poll(() => page.locator('#meeting-heading').textContent(), { timeout: 20_000 }).toBe('Raadsplein info/debat');

      // A meeting opens the meeting.
      await list.getByRole('button', { name: /Raadsplein besluitvormend december/ }).click();
      await expect.poll(() => page.locator('#meeting-heading').textContent(), { timeout: 20_000 }).toBe('Raadsplein besluitvormend december');
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  }, 120_000);
});
