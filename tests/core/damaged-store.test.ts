// Damage is detected and said (issue 24): a personal.db that is empty,
// missing, foreign or unreadable while the library holds meetings is never
// opened as a new, empty one: the newest backup that checks out is put back
// (the damaged file kept aside) with a notice, or the store refuses to open
// and says what to do. A library.db that is not SQLite is called damaged,
// not encrypted. Real stores, real files, the real CLI.
import Database from 'better-sqlite3-multiple-ciphers';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// Each case builds a store and runs the real CLI: minutes on a loaded 2-core machine.
vi.setConfig({ testTimeout: 180_000 });
import { createCore, type Core } from '../../electron/core/index.ts';
import { openSession } from '../../electron/core/open-session.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';
import { raadsmapIn } from '../support/spawn-cli.ts';
import { tempDir } from '../support/temp-dir.ts';

const NOTE = 'Vraag wethouder naar wachtlijst schuldhulp';

/** A store with a meeting, an agenda note, and a backup made after the note. */
async function storeWithWork(): Promise<{ dataDir: string; agendaItemId: number }> {
  const dataDir = tempDir();
  const core = createCore({ dataDir, extractionThreads: 1 });
  try {
    await core.importPackages({ paths: [(await writePackage(tempDir(), samplePackageSpec())).dir] });
    const agendaItemId = firstItem(core);
    core.saveAgendaNote({ agendaItemId, body: NOTE });
    core.createBackup({});
    return { dataDir, agendaItemId };
  } finally {
    await core.close();
  }
}
const firstItem = (core: Core) => core.getMeeting({ meetingId: core.listMeetings({})[0]!.id }).agenda.flatMap((i) => [i, ...i.children])[0]!.id;

function damagePersonal(dataDir: string, how: 'empty' | 'foreign' | 'random' | 'missing'): void {
  const file = path.join(dataDir, 'personal.db');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  if (how === 'empty') fs.writeFileSync(file, '');
  if (how === 'random') fs.writeFileSync(file, crypto.randomBytes(20_000));
  if (how === 'foreign') {
    const other = new Database(file);
    other.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('niet van Raadsmap')");
    other.close();
  }
}

describe('a damaged store is detected and said', () => {
  for (const how of ['empty', 'foreign', 'random'] as const) {
    it(`personal.db ${how}: the newest good backup is put back, the damaged file kept aside, and the user is told`, async () => {
      const { dataDir, agendaItemId } = await storeWithWork();
      damagePersonal(dataDir, how);
      const damagedBytes = fs.readFileSync(path.join(dataDir, 'personal.db'));
      const core = createCore({ dataDir, extractionThreads: 1 });
      try {
        expect(core.getAgendaNote({ agendaItemId }).body).toBe(NOTE);
        const [notice] = core.storeNotices({});
        expect(notice?.nl).toMatch(/personal\.db\) (is leeg \(0 bytes\)|is geen Raadsmap-bestand|is beschadigd).*reservekopie van .* is teruggezet/);
        expect(notice?.en).toMatch(/The backup of .* was put back/);
        const aside = fs.readdirSync(dataDir).filter((n) => n.startsWith('personal.db.beschadigd-') && !/-(wal|shm)$/.test(n));
        expect(aside).toHaveLength(1);
        expect(fs.readFileSync(path.join(dataDir, aside[0]!))).toEqual(damagedBytes);
      } finally {
        await core.close();
      }
      // Said once: the next start finds a whole personal.db.
      const again = createCore({ dataDir, extractionThreads: 1 });
      expect(again.storeNotices({})).toEqual([]);
      await again.close();
    });
  }

  it('without a usable backup the store refuses to open and touches nothing', async () => {
    const { dataDir } = await storeWithWork();
    fs.rmSync(path.join(dataDir, 'backups'), { recursive: true });
    damagePersonal(dataDir, 'empty');
    expect(() => createCore({ dataDir, extractionThreads: 1 })).toThrow(expect.objectContaining({ code: 'store.personal-damaged', nl: expect.stringContaining('is leeg (0 bytes), en er is geen bruikbare reservekopie') }));
    expect(fs.statSync(path.join(dataDir, 'personal.db')).size).toBe(0);
    const cli = await raadsmapIn(dataDir, ['--lang', 'en', 'meetings']);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain('is empty (0 bytes), and there is no usable backup');
    expect(fs.statSync(path.join(dataDir, 'personal.db')).size).toBe(0);
  });

  it('a missing personal.db with no backup starts empty and says so; the command line prints the notice', async () => {
    const { dataDir } = await storeWithWork();
    fs.rmSync(path.join(dataDir, 'backups'), { recursive: true });
    damagePersonal(dataDir, 'missing');
    const cli = await raadsmapIn(dataDir, ['meetings']);
    expect(cli.code).toBe(0);
    expect(cli.stderr).toContain('ontbraken en er is geen reservekopie');
  });

  it('an encrypted store: a zero-byte personal.db is restored from its encrypted backup', async () => {
    const dataDir = tempDir();
    const first = openSession({ dataDir, extractionThreads: 1 });
    await first.setupVault({ encrypt: true, passphrase: 'raadsvergadering dinsdag' });
    const core = first.core();
    await core.importPackages({ paths: [(await writePackage(tempDir(), samplePackageSpec())).dir] });
    const agendaItemId = firstItem(core);
    core.saveAgendaNote({ agendaItemId, body: NOTE });
    core.createBackup({});
    await first.close();
    damagePersonal(dataDir, 'empty');
    const next = openSession({ dataDir, extractionThreads: 1 });
    await next.unlockVault({ passphrase: 'raadsvergadering dinsdag' });
    expect(next.core().getAgendaNote({ agendaItemId }).body).toBe(NOTE);
    expect(next.core().storeNotices({})).toHaveLength(1);
    await next.close();
  });

  it('a library.db of random bytes beside a plain personal.db is called damaged, not encrypted', async () => {
    const { dataDir } = await storeWithWork();
    for (const suffix of ['-wal', '-shm']) fs.rmSync(path.join(dataDir, 'library.db' + suffix), { force: true });
    fs.writeFileSync(path.join(dataDir, 'library.db'), crypto.randomBytes(12_345));
    const cli = await raadsmapIn(dataDir, ['meetings']);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain('library.db is beschadigd: het is geen SQLite-database');
    expect(cli.stderr).not.toMatch(/versleuteld terwijl|key\.json ontbreekt/);
    const status = await raadsmapIn(dataDir, ['--lang', 'en', 'vault']);
    expect(status.stdout).not.toContain('key file');
  });

  it('with every database unreadable and no key file, a torn file is called damaged', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'library.db'), crypto.randomBytes(10_001));
    fs.writeFileSync(path.join(dataDir, 'personal.db'), crypto.randomBytes(4_096));
    const session = openSession({ dataDir });
    expect(session.status().state).toBe('key-lost');
    expect(session.status().problem?.nl).toMatch(/library\.db is beschadigd: geen SQLite-database en ook geen versleutelde/);
    await session.close();
  });
});
