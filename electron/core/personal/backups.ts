// Rolling backups of the private database (annotations, notes, drafts):
// one a day at most, kept for a number of days, made with VACUUM INTO (a
// consistent copy while the app writes). Restoring first backs up what is
// there, so a restore never loses anything either; it replaces the content
// in one transaction on the live file, so other processes that have the
// store open (the app while the CLI restores) go on with the restored
// content, and nothing they write before or after is lost.
import Database from 'better-sqlite3-multiple-ciphers';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BackupInfo } from '../../../shared/api.ts';
import { RaadsmapError } from '../../../shared/errors.ts';
import { PERSONAL_MIGRATIONS, migrate } from '../db/migrations/index.ts';
import { applyKey, type Store } from '../db/open-store.ts';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, replaceFile } from '../files/atomic-write.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const NAME = /^personal-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:-\d{3})?Z)\.db$/;

export class BackupService {
  readonly dir: string;

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    /** An encrypted store's key: VACUUM INTO keeps the encryption, so backups need it to be checked. */
    private readonly key: Buffer | undefined,
    /** This core's own scratch folder (staging/<id>/): a backup is brought to this version's schema there before it is restored. */
    private readonly scratchDir: string,
  ) {
    this.dir = path.join(store.dataDir, 'backups');
  }

  list(): BackupInfo[] {
    return backupFiles(this.dir);
  }

  create(): BackupInfo {
    fs.mkdirSync(this.dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    let at = this.clock();
    let name = `personal-${stamp(at)}.db`;
    // Two backups in one second (a restore right after a backup): the later one gets milliseconds.
    if (fs.existsSync(path.join(this.dir, name))) name = `personal-${stamp(at, true)}.db`;
    const target = path.join(this.dir, name);
    // Into an empty temporary (VACUUM INTO takes an empty file), on disk, then under its name: never half a backup.
    // Through a connection of its own: a restore makes its safety copy inside its write transaction.
    replaceFile(target, (temp) => this.store.snapshotPersonal(temp), { mode: PRIVATE_FILE_MODE });
    at = new Date(fromStamp(NAME.exec(name)![1]!));
    return { name, createdAt: at.toISOString(), size: fs.statSync(target).size };
  }

  /** At start: a backup when the newest is older than a day, and those older than `keepDays` removed (the newest always stays). */
  rotate(keepDays: number): BackupInfo | null {
    const now = this.clock().getTime();
    const newest = this.list()[0];
    const made = !newest || now - Date.parse(newest.createdAt) >= DAY_MS ? this.create() : null;
    for (const [i, backup] of this.list().entries()) {
      if (i > 0 && now - Date.parse(backup.createdAt) > keepDays * DAY_MS) fs.rmSync(path.join(this.dir, backup.name), { force: true });
    }
    return made;
  }

  restore(name: string): { restored: string; safetyCopy: string } {
    const file = path.join(this.dir, path.basename(name));
    if (!NAME.test(path.basename(name)) || !fs.existsSync(file)) {
      throw new RaadsmapError({ code: 'not-found.backup', nl: `Reservekopie ${name} bestaat niet.`, en: `Backup ${name} does not exist.`, subject: name });
    }
    // A copy of the backup, checked and brought to this version's schema (an older backup), is what goes in.
    const copy = path.join(this.scratchDir, `restore-${crypto.randomBytes(4).toString('hex')}.db`);
    fs.copyFileSync(file, copy);
    try {
      checkBackup(copy, this.key, path.basename(file));
      upgrade(copy, this.key, path.basename(file));
      let safety: BackupInfo | undefined;
      // The safety copy is made inside the restore's transaction: every write acknowledged before it is in there.
      this.store.replacePersonal(copy, () => (safety = this.create()));
      return { restored: name, safetyCopy: safety!.name };
    } finally {
      fs.rmSync(copy, { force: true });
    }
  }
}

/** The backups in a folder, newest first. */
export function backupFiles(dir: string): BackupInfo[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((name) => ({ name, match: NAME.exec(name) }))
    .filter((e): e is { name: string; match: RegExpExecArray } => e.match !== null)
    .map(({ name, match }) => ({ name, createdAt: fromStamp(match[1]!), size: fs.statSync(path.join(dir, name)).size }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** A backup must be a readable SQLite file with our private tables before it replaces anything. */
export function checkBackup(file: string, key: Buffer | undefined, name = path.basename(file)): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    if (key) applyKey(db, key);
    const ok = db.pragma('quick_check', { simple: true });
    const tables = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('annotations', 'agenda_notes', 'motion_drafts')").pluck().get() as number;
    if (ok !== 'ok' || tables !== 3) throw new Error(ok !== 'ok' ? String(ok) : 'tables missing');
  } catch (cause) {
    throw new RaadsmapError(
      {
        code: 'backup.damaged',
        nl: `De reservekopie ${name} is beschadigd (${(cause as Error).message}); er is niets teruggezet.`,
        en: `The backup ${name} is damaged (${(cause as Error).message}); nothing was restored.`,
        subject: name,
      },
      { cause },
    );
  } finally {
    db?.close();
  }
}

/** Brings a (checked) copy of a backup to this version's personal schema; a backup of a newer Raadsmap is refused (store.too-new). */
function upgrade(file: string, key: Buffer | undefined, name: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    if (key) applyKey(db, key);
    migrate(db, 'main', PERSONAL_MIGRATIONS, name);
  } finally {
    db.close();
  }
}

const stamp = (d: Date, ms = false) => d.toISOString().replace(ms ? /\.(\d{3})Z$/ : /\.\d{3}Z$/, ms ? '-$1Z' : 'Z').replace(/:/g, '-');

function fromStamp(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})(?:-(\d{3}))?Z$/.exec(s)!;
  return `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5] ?? '000'}Z`;
}
