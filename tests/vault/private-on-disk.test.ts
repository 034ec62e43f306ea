// Private work stays private on disk: the data dir is the user's alone
// (0700, files 0600), no file name in it says anything of my work, and an
// encrypted store holds a marker written into notes, drafts and annotations
// in no file's name or bytes: after exports and backups, and after
// encrypting a store that had plain backups, exports and other leftovers.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Progress } from '../../shared/errors.ts';
import type { Core } from '../../electron/core/index.ts';
import { createCore } from '../../electron/core/index.ts';
import { openSession, type Session } from '../../electron/core/open-session.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

const MARKER = 'PRIVE-MARKER-3e91d0';
const TITLE = `${MARKER} Wethouder trekt voorstel in`;
const PASSPHRASE = 'correct paard batterij niet';

const sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

function open(dataDir: string): Session {
  const session = openSession({ dataDir, extractionThreads: 1 });
  sessions.push(session);
  return session;
}

async function closeAll(): Promise<void> {
  for (const s of sessions.splice(0)) await s.close();
}

/** The marker in an annotation's note, an agenda note and a draft (its title too); a backup; every kind of export. */
async function writePrivateWork(core: Core): Promise<void> {
  await core.importPackages({ paths: [(await writePackage(tempDir(), samplePackageSpec())).dir] });
  const meeting = core.listMeetings({})[0]!;
  const item = core.getMeeting({ meetingId: meeting.id }).agenda.flatMap((i) => i.children).find((i) => i.documents.length > 0)!;
  const documentId = item.documents[0]!.id;
  await core.createAnnotation({ kind: 'note', documentId, page: 1, point: { x: 40, y: 40 }, note: `${MARKER} navragen` });
  core.saveAgendaNote({ agendaItemId: item.id, body: `- [ ] ${MARKER}`, stance: 'tegen' });
  const draft = core.createMotionDraft({ kind: 'motie', meetingId: meeting.id, agendaItemId: item.id });
  core.saveMotionDraft({ draftId: draft.id, content: { ...draft.content, title: TITLE } as typeof draft.content, checkpoint: true });
  core.createBackup({});
  core.exportPersonal({});
  for (const format of ['pdf', 'docx'] as const) {
    const made = await core.exportMotion({ draftId: draft.id, format });
    // The user's own name for it is in the answer (what the host offers to save it as), not on disk.
    expect(made.fileName).toBe(`Motie ${TITLE}.${format}`);
    expect(core.exportFile(made.exportId).fileName).toBe(`Motie ${TITLE}.${format}`);
  }
  await core.exportAnnotatedPdf({ documentId, summary: true });
  await core.exportBundle({ meetingId: meeting.id });
}

/** Every file and folder under dir, relative. */
const everything = (dir: string) => (fs.readdirSync(dir, { recursive: true }) as string[]).sort();

/** Files under the data dir whose name or bytes hold the marker (as UTF-8 or UTF-16). */
function marked(dir: string): string[] {
  const needles = [Buffer.from(MARKER, 'utf8'), Buffer.from(MARKER, 'utf16le')];
  return everything(dir).filter((rel) => {
    if (rel.includes(MARKER)) return true;
    const file = path.join(dir, rel);
    return fs.statSync(file).isFile() && needles.some((n) => fs.readFileSync(file).includes(n));
  });
}

/**
 * Each file and folder under dir whose mode lets anyone but the user in. Not
 * the working folders of imports and syncs (staging/, uploads/, downloads/:
 * made anew by the import code at each start, and inside the 0700 data dir).
 */
function openToOthers(dir: string): string[] {
  return ['.', ...everything(dir)]
    .filter((rel) => !/^(staging|uploads|downloads)$/.test(rel) && (fs.statSync(path.join(dir, rel)).mode & 0o077) !== 0)
    .map((rel) => `${rel} ${(fs.statSync(path.join(dir, rel)).mode & 0o777).toString(8)}`);
}

describe.skipIf(process.platform === 'win32')('the data dir is the user’s alone (POSIX modes)', () => {
  it('is made 0700 with its databases (-wal, -shm too), PDFs, backups, exports, settings and key file 0600', async () => {
    const dataDir = path.join(tempDir(), 'Raadsmap');
    const session = open(dataDir);
    await session.setupVault({ encrypt: true, passphrase: PASSPHRASE });
    const core = session.core();
    await writePrivateWork(core);
    core.updateSettings({ userName: 'Jan de Vries' });
    // While the app runs, with the WAL files there.
    const names = everything(dataDir);
    expect(names).toEqual(expect.arrayContaining(['library.db', 'library.db-wal', 'personal.db-wal', 'key.json', 'settings.json']));
    expect(names.filter((n) => n.startsWith('backups/') || n.startsWith('exports/')).length).toBeGreaterThanOrEqual(6);
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(openToOthers(dataDir)).toEqual([]);
    for (const name of ['library.db', 'personal.db-wal', 'backups', 'exports', 'files']) {
      expect(fs.statSync(path.join(dataDir, name)).mode & 0o777).toBe(fs.statSync(path.join(dataDir, name)).isDirectory() ? 0o700 : 0o600);
    }
  });

  it('tightens a store from before, world-readable throughout (or all but the folder, as Electron makes userData), when it opens', async () => {
    const dataDir = tempDir();
    const first = createCore({ dataDir, extractionThreads: 1 });
    await writePrivateWork(first);
    await first.close();
    for (const folderMode of [0o755, 0o700]) {
      for (const rel of ['.', ...everything(dataDir)]) {
        const file = path.join(dataDir, rel);
        fs.chmodSync(file, fs.statSync(file).isDirectory() ? 0o755 : 0o644);
      }
      fs.chmodSync(dataDir, folderMode);
      expect(openToOthers(dataDir).length).toBeGreaterThan(10);
      await createCore({ dataDir, extractionThreads: 1 }).close();
      expect(openToOthers(dataDir), folderMode.toString(8)).toEqual([]);
    }
  });
});

describe('no private text on disk in an encrypted store', () => {
  it('the marker is in no file name and no file’s bytes after exports and backups; the names under exports/ are ids', async () => {
    const dataDir = tempDir();
    const session = open(dataDir);
    await session.setupVault({ encrypt: true, passphrase: PASSPHRASE });
    await writePrivateWork(session.core());
    expect(fs.readdirSync(path.join(dataDir, 'exports')).every((n) => /^[0-9a-f]{32}$/.test(n))).toBe(true);
    expect(marked(dataDir)).toEqual([]);
    await closeAll();
    expect(marked(dataDir)).toEqual([]);
  });

  it('encrypting a store that had plain backups, exports and leftovers removes every plain copy, and says so', async () => {
    const dataDir = tempDir();
    const plain = open(dataDir);
    await plain.setupVault({ encrypt: false });
    await writePrivateWork(plain.core());
    // Leftovers of a bad day before encrypting: a backup killed while made (as before this version
    // and as now), a restore killed halfway, an export folder as they were named before, work files.
    // Each holds my work in the clear, as a copy of personal.db (and its WAL) would.
    const personal = Buffer.from(`SQLite format 3\0 … ${MARKER} navragen …`, 'utf8');
    const leftovers = {
      'backups/personal-2026-11-30T10-00-00Z.db.partial': personal,
      [`backups/.personal-2026-11-30T11-00-00Z.db.raadsmap-${process.pid}-0123456789ab.tmp`]: personal,
      'personal.db.restoring': personal,
      [`exports/${'e'.repeat(32)}/Motie ${TITLE}.pdf`]: personal,
      'uploads/4f2a-pakket.zip': personal,
      'staging/pkg-1/meeting.json': personal,
      [`downloads/.${'d'.repeat(64)}.part`]: personal,
    };
    for (const [rel, bytes] of Object.entries(leftovers)) {
      fs.mkdirSync(path.dirname(path.join(dataDir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dataDir, rel), bytes);
    }
    expect(marked(dataDir).length).toBeGreaterThan(Object.keys(leftovers).length);

    const progress: Progress[] = [];
    await plain.setupVault({ encrypt: true, passphrase: PASSPHRASE }, { onProgress: (p) => progress.push(p) });
    const said = progress.find((p) => p.phase === 'encrypt-leftovers');
    // Exports: the personal export, the motion as PDF and DOCX, the annotated PDF, the bundle, and the old folder.
    expect(said?.nl).toBe('Onversleutelde restanten verwijderd: 6 exportbestanden, 3 onvoltooide reservekopieën, 3 werkbestanden van importeren en synchroniseren.');
    expect(said?.en).toBe('Unencrypted leftovers removed: 6 export files, 3 unfinished backups, 3 working files of imports and syncs.');
    expect(marked(dataDir)).toEqual([]);
    await closeAll();
    expect(marked(dataDir)).toEqual([]);
    // What was private work is all still there, under the key.
    const reopened = open(dataDir);
    await reopened.unlockVault({ passphrase: PASSPHRASE });
    expect(reopened.core().listAnnotations({}).map((a) => a.note)).toEqual([`${MARKER} navragen`]);
    expect(reopened.core().listMotionDrafts({}).map((d) => d.title)).toEqual([TITLE]);
  });
});
