// End to end, encryption at rest as a councillor meets it: the first-run
// choice (this host has no OS keyring, so encrypting means an app password),
// the recovery code, "Nu vergrendelen" and unlocking, and a restart opened
// with the recovery code. Chromium over the web host with a real session
// (tests/support/e2e.ts) on a real data dir.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openSession } from '../../electron/core/open-session.ts';
import { expectAccessibleInBothThemes, screenshots, setupE2E } from '../support/e2e.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';

const e2e = setupE2E();
const PASSWORD = 'gemeenteraad zwolle 2026';
const MARKER = 'VERTROUWELIJK-e2e-4b1d';

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });
const visible = (locator: { isVisible(): Promise<boolean> }) => expect.poll(() => locator.isVisible(), { timeout: 20_000 }).toBe(true);

/** Every file under the data dir that holds the marker. */
function filesWithMarker(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile() && fs.readFileSync(path.join(e.parentPath, e.name)).includes(MARKER))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('encryption at rest, in the app', () => {
  it('first run: encrypt with an app password, keep the recovery code, lock, unlock, and open again with the code', async () => {
    const app = await e2e.openSessionApp();
    const { page, session } = app;
    const dataDir = session.dataDir;
    let recoveryCode = '';
    try {
      await visible(heading(page, 'Welkom bij Raadsmap'));
      // No OS keyring on this host: not preselected, and the screen says why.
      expect(await page.getByRole('radio', { name: 'Niet versleutelen' }).isChecked()).toBe(true);
      await visible(page.getByText(/sleutelbos van het systeem/).first());
      await expectAccessibleInBothThemes(page);
      await page.screenshot({ path: path.join(screenshots, 'e2e-vault-first-run.png'), fullPage: true });

      await page.getByRole('radio', { name: 'Versleutel mijn gegevens (aanbevolen)' }).check();
      const lock = page.getByRole('checkbox', { name: 'Vergrendel de app met een wachtwoord' });
      expect(await lock.isChecked()).toBe(true);
      expect(await lock.isDisabled()).toBe(true);
      await page.getByLabel('Wachtwoord', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Herhaal wachtwoord').fill('iets anders');
      await page.getByRole('button', { name: 'Beginnen' }).click();
      await visible(page.getByText('De twee wachtwoorden zijn niet gelijk.'));
      expect(session.status().state).toBe('new');
      await page.getByLabel('Herhaal wachtwoord').fill(PASSWORD);
      await page.getByLabel('Herhaal wachtwoord').press('Enter');

      await visible(page.getByRole('heading', { name: 'Uw herstelcode' }));
      recoveryCode = (await page.getByRole('figure', { name: 'Herstelcode' }).locator('code').textContent())!.trim();
      expect(recoveryCode).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
      expect(session.status()).toMatchObject({ state: 'open', encrypted: true });
      const next = page.getByRole('button', { name: 'Verder' });
      expect(await next.isDisabled()).toBe(true);
      await expectAccessibleInBothThemes(page);
      await page.getByRole('checkbox', { name: 'Ik heb de herstelcode bewaard' }).check();
      expect(session.status().recoveryCodeUnconfirmed).toBe(true);
      await next.click();
      // "Verder" confirms the code: from now on it is not shown again at a start.
      await expect.poll(() => session.status().recoveryCodeUnconfirmed).toBe(false);

      // The app, on the encrypted store: a meeting comes in, and a note with the marker is written.
      await session.core().importPackages({ paths: [(await writePackage(path.join(e2e.workDir, 'vault-sample'), samplePackageSpec())).dir] });
      const meetingButton = page.getByRole('button', { name: /Raadsplein info\/debat/ });
      await visible(meetingButton);
      const item = session.core().getMeeting({ meetingId: session.core().listMeetings({})[0]!.id }).agenda.flatMap((i) => i.children).find((i) => i.documents.length)!;
      session.core().saveAgendaNote({ agendaItemId: item.id, body: MARKER });

      await page.keyboard.press('Control+,');
      await page.getByRole('navigation', { name: 'Onderdelen van de instellingen' }).getByRole('button', { name: 'Beveiliging' }).click();
      await visible(page.getByRole('heading', { level: 2, name: 'Beveiliging' }));
      await visible(page.getByText(/Versleuteld met app-wachtwoord/));
      await expectAccessibleInBothThemes(page);
      await page.getByRole('button', { name: 'Nu vergrendelen' }).click();

      await visible(heading(page, 'Raadsmap is vergrendeld'));
      expect(session.status().state).toBe('locked');
      expect(filesWithMarker(dataDir)).toEqual([]);
      await expectAccessibleInBothThemes(page);
      await page.screenshot({ path: path.join(screenshots, 'e2e-vault-locked.png'), fullPage: true });
      const password = page.getByLabel('Wachtwoord', { exact: true });
      expect(await password.evaluate((el) => el === document.activeElement)).toBe(true);
      await password.fill('verkeerd wachtwoord');
      await password.press('Enter');
      await visible(page.getByText('Dat wachtwoord klopt niet.'));
      expect(await password.evaluate((el) => el === document.activeElement)).toBe(true);
      await password.fill(PASSWORD);
      await page.getByRole('button', { name: 'Ontgrendelen', exact: true }).click();
      await visible(meetingButton);
      expect(session.core().getAgendaNote({ agendaItemId: item.id }).body).toBe(MARKER);
      // The one refused unlock is the only failed request.
      expect(app.problems.filter((p) => !/HTTP 422 .*\/api\/unlockVault$/.test(p) && !/status of 422/.test(p))).toEqual([]);
    } finally {
      await app.close();
    }

    // A restart: the lock screen again; this time the recovery code, typed as from paper.
    const again = await e2e.openSessionApp(dataDir);
    try {
      await visible(heading(again.page, 'Raadsmap is vergrendeld'));
      await again.page.getByRole('button', { name: 'Wachtwoord vergeten? Herstelcode gebruiken' }).click();
      await again.page.getByLabel('Herstelcode').fill(recoveryCode.toLowerCase().replace(/-/g, ' '));
      await again.page.getByRole('button', { name: 'Openen met herstelcode' }).click();
      await visible(heading(again.page, 'Ontgrendeld met de herstelcode'));
      await expectAccessibleInBothThemes(again.page);
      await again.page.getByRole('button', { name: 'Verder' }).click();
      await visible(again.page.getByRole('button', { name: /Raadsplein info\/debat/ }));
      expect(again.problems).toEqual([]);
    } finally {
      await again.close();
    }
    expect(filesWithMarker(dataDir)).toEqual([]);
  }, 180_000);

  it('a recovery code never confirmed (the app stopped first) is shown before anything else at the next start', async () => {
    const dataDir = fs.mkdtempSync(path.join(e2e.workDir, 'unconfirmed-'));
    const first = openSession({ dataDir, extractionThreads: 1 });
    const { recoveryCode } = await first.setupVault({ encrypt: true, passphrase: PASSWORD });
    await first.close();

    const app = await e2e.openSessionApp(dataDir);
    try {
      const { page, session } = app;
      await visible(heading(page, 'Raadsmap is vergrendeld'));
      await page.getByLabel('Wachtwoord', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Ontgrendelen', exact: true }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Uw herstelcode' }));
      await visible(page.getByText(/nog niet bevestigd dat u hem hebt bewaard/));
      expect((await page.getByRole('figure', { name: 'Herstelcode' }).locator('code').textContent())!.trim()).toBe(recoveryCode);
      await expectAccessibleInBothThemes(page);
      await page.screenshot({ path: path.join(screenshots, 'e2e-vault-unconfirmed-code.png'), fullPage: true });
      await page.getByRole('checkbox', { name: 'Ik heb de herstelcode bewaard' }).check();
      await page.getByRole('button', { name: 'Verder' }).click();
      await expect.poll(() => session.status().recoveryCodeUnconfirmed).toBe(false);
      await visible(page.getByRole('navigation').first());
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('a store whose key is lost: the app explains, and starting over keeps the unreadable files', async () => {
    const first = await e2e.openSessionApp();
    const dataDir = first.session.dataDir;
    await first.session.setupVault({ encrypt: true, passphrase: PASSWORD });
    await first.close();
    fs.rmSync(path.join(dataDir, 'key.json'));

    const app = await e2e.openSessionApp(dataDir);
    try {
      await visible(heading(app.page, 'Raadsmap kan uw gegevens niet openen'));
      await visible(app.page.getByText(/key\.json ontbreekt/));
      await expectAccessibleInBothThemes(app.page);
      await app.page.getByRole('button', { name: 'Opnieuw beginnen…' }).click();
      const dialog = app.page.getByRole('dialog', { name: 'Opnieuw beginnen?' });
      await visible(dialog);
      await dialog.getByRole('button', { name: 'Ja, opnieuw beginnen' }).click();
      await visible(heading(app.page, 'Welkom bij Raadsmap'));
      const aside = fs.readdirSync(dataDir).filter((n) => n.startsWith('onleesbaar-'));
      expect(aside).toHaveLength(1);
      expect(fs.readdirSync(path.join(dataDir, aside[0]!))).toEqual(expect.arrayContaining(['library.db', 'personal.db']));
      // Not encrypting this time: straight into the (empty) app.
      await app.page.getByRole('button', { name: 'Beginnen' }).click();
      await visible(app.page.getByRole('link', { name: 'Instellingen' }));
      expect(app.session.status().state).toBe('plain');
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  }, 120_000);
});
