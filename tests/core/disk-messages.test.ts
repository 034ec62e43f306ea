// A full disk, a read-only folder, a missing folder and a permission error
// each get one Dutch and English message that says what is wrong and what to
// do, in the CLI and through the hosts' dispatch (web host, app), and a
// healthy store is never called invalid (issue 24). On a real small file
// system (tmpfs) where the machine allows mounting one, as root does here and
// in CI; elsewhere the cases that need it say why they did not run.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatchCall } from '../../electron/core/dispatch.ts';
import { createCore } from '../../electron/core/index.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';
import { mountSmallDisk, type SmallDisk } from '../support/small-disk.ts';
import { raadsmapIn } from '../support/spawn-cli.ts';
import { tempDir } from '../support/temp-dir.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../bin/raadsmap.mjs');
const NEVER_INVALID = /geen geldige Raadsmap-database|not a valid Raadsmap database|disk I\/O error|unable to open database file|database or disk is full|ENOSPC|EROFS|EACCES|Er ging iets mis|Something went wrong/;

let disk: SmallDisk | null = null;
let dataDir = '';
let meetingId = 0;
let itemNumber = '';

/** A store with the sample meeting, on the small disk when there is one. */
async function makeStore(root: string): Promise<void> {
  dataDir = path.join(root, 'raadsmap');
  const core = createCore({ dataDir, extractionThreads: 1 });
  try {
    await core.importPackages({ paths: [(await writePackage(tempDir(), samplePackageSpec())).dir] });
    meetingId = core.listMeetings({})[0]!.id;
    const item = core.getMeeting({ meetingId }).agenda.flatMap((i) => [i, ...i.children]).find((i) => i.number)!;
    itemNumber = item.number!;
  } finally {
    await core.close();
  }
}

const setNote = (text: string, lang = 'nl') => raadsmapIn(dataDir, ['--lang', lang, 'notes', 'set', '--meeting', String(meetingId), '--item', itemNumber, '--text', text]);

describe('disk and permission messages', () => {
  beforeAll(async () => {
    disk = mountSmallDisk(40);
    await makeStore(disk?.dir ?? tempDir());
  });
  afterAll(() => disk?.unmount());

  it('a full disk: one clear message in Dutch and English, in the CLI and through dispatch; the store is whole afterwards', async (ctx) => {
    if (!disk) return ctx.skip('this machine does not allow mounting a small file system (not root)');
    // The app or web host has the store open when the disk fills up.
    const core = createCore({ dataDir, extractionThreads: 1 });
    const free = disk.fill();
    try {
      const nl = await setNote('Vragen over de wachtlijst');
      expect(nl.code).toBe(1);
      expect(nl.stderr).toMatch(/De schijf is vol/);
      expect(nl.stderr).toContain('Maak ruimte vrij');
      expect(nl.stderr).not.toMatch(NEVER_INVALID);
      const en = await setNote('Questions about the waiting list', 'en');
      expect(en.stderr).toMatch(/The disk is full/);
      expect(en.stderr).not.toMatch(NEVER_INVALID);
      // What the web host and the app answer: the same message through dispatch.
      const result = await dispatchCall(core, 'createBackup', {});
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toMatch(/^disk\.(full|io)$/);
        expect(result.error.nl).toContain('Maak ruimte vrij');
      }
    } finally {
      free();
      await core.close().catch(() => {});
    }
    const after = await setNote('Vragen over de wachtlijst');
    expect(after.code).toBe(0);
    const doctor = await raadsmapIn(dataDir, ['doctor']);
    expect(doctor.code).toBe(0);
  });

  it('a read-only folder: said as such, never as an invalid database', async (ctx) => {
    if (!disk) return ctx.skip('this machine does not allow mounting a small file system (not root)');
    disk.readOnly(true);
    try {
      for (const lang of ['nl', 'en']) {
        const run = await setNote('Nog een vraag', lang);
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(lang === 'nl' ? /alleen-lezen/ : /read-only/);
        expect(run.stderr).not.toMatch(NEVER_INVALID);
      }
      const listing = await raadsmapIn(dataDir, ['meetings']);
      if (listing.code !== 0) expect(listing.stderr).toMatch(/alleen-lezen/);
      expect(listing.stderr).not.toMatch(NEVER_INVALID);
    } finally {
      disk.readOnly(false);
    }
    expect((await setNote('Nog een vraag')).code).toBe(0);
  });

  it('a missing folder for an export: says which and what to do', async () => {
    const missing = path.join(tempDir(), 'bestaat-niet', 'sub', 'stukken.pdf');
    for (const lang of ['nl', 'en']) {
      const run = await raadsmapIn(dataDir, ['--lang', lang, 'export-pdf', '--document', '1', '--out', missing]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(lang === 'nl' ? /bestaat niet \(meer\)/ : /does not exist \(any more\)/);
      expect(run.stderr).not.toMatch(/ENOENT/);
    }
  });

  it('no permission on the data folder: says so, for another user than its owner', async (ctx) => {
    if (process.getuid?.() !== 0) return ctx.skip('needs root to run the CLI as another user');
    const owned = tempDir();
    fs.chmodSync(owned, 0o700);
    fs.mkdirSync(path.join(owned, 'raadsmap'));
    for (const lang of ['nl', 'en']) {
      const run = await promisify(execFile)(process.execPath, [cli, '--lang', lang, '--data-dir', path.join(owned, 'raadsmap'), 'meetings'], { uid: 65534, gid: 65534, env: { ...process.env, HOME: '/tmp' } }).then(
        (r) => ({ code: 0, stderr: r.stderr }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(lang === 'nl' ? /geen toestemming/ : /no permission/);
      expect(run.stderr).not.toMatch(NEVER_INVALID);
    }
  });
});
