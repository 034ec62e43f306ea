// `doctor` hashes every stored PDF again, names the documents a damaged or
// missing one belongs to, and repairs it from the package it was imported
// from; a file whose package is gone is set aside, and importing the package
// again puts it back. Real SQLite, real files, plain and encrypted stores.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { openSession, type Session } from '../../electron/core/open-session.ts';
import type { Progress } from '../../shared/errors.ts';
import { makePdf, samplePackageSpec, writePackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const cores: Core[] = [];
const sessions: Session[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  for (const session of sessions.splice(0)) await session.close();
});

function openCore(dataDir = tempDir()): Core {
  const core = createCore({ dataDir, clock: () => NOW, extractionThreads: 1 });
  cores.push(core);
  return core;
}

const storedPath = (dataDir: string, sha: string) => path.join(dataDir, 'files', sha.slice(0, 2), `${sha}.pdf`);
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/** Flips one byte in the middle of a file, as a bad disk sector or a stray write would. */
function flipByte(file: string): void {
  const bytes = fs.readFileSync(file);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = bytes[at]! ^ 0xff;
  fs.writeFileSync(file, bytes);
}

/** The package on disk and the document "Beslisnota Ontwikkelagenda" of it, imported into `core`. */
async function importSample(core: Core, packageDir = path.join(tempDir(), 'pakket')) {
  const { dir } = await writePackage(packageDir, samplePackageSpec());
  await core.importPackages({ paths: [dir] });
  const meeting = core.getMeeting({ meetingId: core.listMeetings({})[0]!.id });
  const document = meeting.agenda.flatMap((i) => i.children).flatMap((i) => i.documents).find((d) => d.title === 'Beslisnota Ontwikkelagenda')!;
  return { dir, meeting, document };
}

describe('doctor checks every stored PDF against its sha256', () => {
  it('finds a flipped byte, names the document, its meeting and date in Dutch and English, with progress', async () => {
    const dataDir = tempDir();
    const core = openCore(dataDir);
    const { meeting, document } = await importSample(core);
    expect(await core.doctor({})).toMatchObject({ ok: true, files: [], problems: [] });

    flipByte(storedPath(dataDir, document.sha256));
    const progress: Progress[] = [];
    const report = await core.doctor({}, { onProgress: (p) => progress.push(p) });
    expect(report.ok).toBe(false);
    expect(report.files).toEqual([
      {
        sha256: document.sha256,
        state: 'damaged',
        documents: [{ documentId: document.id, title: 'Beslisnota Ontwikkelagenda', current: true, meetings: [{ meetingId: meeting.id, title: 'Raadsplein info/debat', startsAt: meeting.startsAt }] }],
        repair: null,
      },
    ]);
    expect(report.problems).toEqual([
      {
        nl: `PDF beschadigd (de inhoud klopt niet meer met sha256 ${document.sha256.slice(0, 12)}…): "Beslisnota Ontwikkelagenda" (Raadsplein info/debat, 9 jan 2017).`,
        en: `PDF damaged (its content no longer matches sha256 ${document.sha256.slice(0, 12)}…): "Beslisnota Ontwikkelagenda" (Raadsplein info/debat, 9 Jan 2017).`,
      },
    ]);
    expect(progress.map((p) => p.nl)).toEqual(['Bestanden controleren (0/3)', 'Bestanden controleren (1/3)', 'Bestanden controleren (2/3)', 'Bestanden controleren (3/3)']);
    expect(progress.at(-1)).toMatchObject({ phase: 'verify-files', done: 3, total: 3, en: 'Checking files (3/3)' });

    // A file that is gone altogether is named the same way.
    const advice = meeting.agenda.flatMap((i) => i.children).flatMap((i) => i.documents).find((d) => d.title === 'Advies Participatieraad')!;
    fs.rmSync(storedPath(dataDir, advice.sha256));
    const both = await core.doctor({});
    expect(both.files.map((f) => [f.documents[0]!.title, f.state]).sort()).toEqual([
      ['Advies Participatieraad', 'missing'],
      ['Beslisnota Ontwikkelagenda', 'damaged'],
    ]);
    expect(both.problems.map((p) => p.nl)).toContain(`PDF ontbreekt in de bestandsopslag (sha256 ${advice.sha256.slice(0, 12)}…): "Advies Participatieraad" (Raadsplein info/debat, 9 jan 2017).`);
  });

  it('repairs from the package it was imported from: the damaged file is set aside, the good one back under its name', async () => {
    const dataDir = tempDir();
    const core = openCore(dataDir);
    const { dir, document } = await importSample(core);
    const file = storedPath(dataDir, document.sha256);
    const good = fs.readFileSync(file);
    flipByte(file);
    const damaged = fs.readFileSync(file);

    const progress: Progress[] = [];
    const report = await core.doctor({ repair: true }, { onProgress: (p) => progress.push(p) });
    const setAside = `files/quarantine/${document.sha256}.2026-11-22T12-00-00.pdf`;
    expect(report).toMatchObject({ ok: true, problems: [] });
    expect(report.files).toHaveLength(1);
    expect(report.files[0]!.repair).toEqual({
      outcome: 'package',
      setAsidePath: setAside,
      nl: `Hersteld: opnieuw gekopieerd uit het pakket ${dir}. Het beschadigde bestand staat apart in ${setAside}.`,
      en: `Repaired: copied again from the package ${dir}. The damaged file was moved to ${setAside}.`,
    });
    expect(progress.some((p) => p.nl === 'Bestand 1/1 herstellen: Beslisnota Ontwikkelagenda')).toBe(true);
    expect(fs.readFileSync(file).equals(good)).toBe(true);
    expect(fs.readFileSync(path.join(dataDir, setAside)).equals(damaged)).toBe(true);
    expect(sha256(core.documentFile(document.id).read())).toBe(document.sha256);
    expect(await core.doctor({})).toMatchObject({ ok: true, files: [] });
  });

  it('sets a damaged file no document uses aside, and stops between files when cancelled', async () => {
    const dataDir = tempDir();
    const core = openCore(dataDir);
    await importSample(core);
    // As a sync killed between its download and its commit leaves one, then damaged.
    const stray = Buffer.from(await makePdf([['Niet gebruikt']]));
    const straySha = sha256(stray);
    fs.mkdirSync(path.dirname(storedPath(dataDir, straySha)), { recursive: true });
    fs.writeFileSync(storedPath(dataDir, straySha), Buffer.concat([stray, Buffer.from('rommel')]));

    const checked = await core.doctor({});
    expect(checked.files).toEqual([{ sha256: straySha, state: 'damaged', documents: [], repair: null }]);
    expect(checked.problems[0]!.en).toMatch(/: no document uses this file\.$/);

    const abort = new AbortController();
    const cancelled = core.doctor({}, { signal: abort.signal, onProgress: (p) => p.done === 1 && abort.abort() });
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });

    const repaired = await core.doctor({ repair: true });
    expect(repaired.ok).toBe(true);
    expect(repaired.files[0]!.repair).toMatchObject({ outcome: 'set-aside', nl: expect.stringMatching(/^Apart gezet: geen document gebruikt dit bestand\. Het beschadigde bestand staat apart in files\/quarantine\//) });
    expect(fs.existsSync(storedPath(dataDir, straySha))).toBe(false);
  });

  it('a file whose package is gone: a clear message, and importing the package again puts it back', async () => {
    const dataDir = tempDir();
    const core = openCore(dataDir);
    const { dir, document } = await importSample(core);
    const moved = path.join(tempDir(), 'elders');
    fs.renameSync(dir, moved);
    const good = fs.readFileSync(storedPath(dataDir, document.sha256));
    flipByte(storedPath(dataDir, document.sha256));

    const report = await core.doctor({ repair: true });
    expect(report.ok).toBe(false);
    const setAside = `files/quarantine/${document.sha256}.2026-11-22T12-00-00.pdf`;
    expect(report.files[0]!.repair).toEqual({
      outcome: 'not-repaired',
      setAsidePath: setAside,
      nl: `Niet hersteld (het pakket ${dir} is er niet meer): importeer het pakket ${dir} opnieuw; dat zet het bestand terug. Het beschadigde bestand staat apart in ${setAside}.`,
      en: `Not repaired (the package ${dir} is no longer there): import the package ${dir} again; that puts the file back. The damaged file was moved to ${setAside}.`,
    });
    expect(report.problems[0]!.nl).toMatch(/^PDF beschadigd .*"Beslisnota Ontwikkelagenda" \(Raadsplein info\/debat, 9 jan 2017\)\. Niet hersteld .*importeer het pakket/);

    // Now the file is missing, not damaged: the same package (wherever it is now) is no longer "unchanged".
    expect((await core.doctor({})).files).toMatchObject([{ sha256: document.sha256, state: 'missing' }]);
    const [again] = await core.importPackages({ paths: [moved] });
    expect(again).toMatchObject({ outcome: 'updated', counts: { filesRestored: 1, documentsAdded: 0, versionsAdded: 0 } });
    expect(fs.readFileSync(storedPath(dataDir, document.sha256)).equals(good)).toBe(true);
    expect(await core.doctor({})).toMatchObject({ ok: true, files: [] });
    // And once whole, the next import of it is a no-op again.
    expect((await core.importPackages({ paths: [moved] }))[0]!.outcome).toBe('unchanged');
  });

  it('in an encrypted store: a damaged sealed file is found, set aside still sealed, and restored sealed from the package', async () => {
    const dataDir = tempDir();
    const session = openSession({ dataDir, clock: () => NOW, extractionThreads: 1 });
    sessions.push(session);
    await session.setupVault({ encrypt: true, passphrase: 'een lang wachtwoord' });
    const core = session.core();
    const { dir, document } = await importSample(core);
    const file = storedPath(dataDir, document.sha256);
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).not.toBe('%PDF-');
    flipByte(file);

    const report = await core.doctor({});
    expect(report.ok).toBe(false);
    expect(report.files).toMatchObject([{ sha256: document.sha256, state: 'damaged', documents: [{ title: 'Beslisnota Ontwikkelagenda' }] }]);
    expect(report.problems[0]!.en).toContain('"Beslisnota Ontwikkelagenda" (Raadsplein info/debat, 9 Jan 2017)');

    const repaired = await core.doctor({ repair: true });
    expect(repaired.ok).toBe(true);
    expect(repaired.files[0]!.repair).toMatchObject({ outcome: 'package', en: expect.stringContaining(`copied again from the package ${dir}`) });
    // Both the good copy and the one set aside are encrypted on disk: no PDF in the clear.
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).not.toBe('%PDF-');
    const aside = path.join(dataDir, repaired.files[0]!.repair!.setAsidePath!);
    expect(fs.readFileSync(aside).subarray(0, 5).toString('latin1')).not.toBe('%PDF-');
    expect(sha256(core.documentFile(document.id).read())).toBe(document.sha256);
    expect(await core.doctor({})).toMatchObject({ ok: true, files: [] });
  });
});
