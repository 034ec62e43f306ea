import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import path from 'node:path';
import { RaadsmapError } from '../../../shared/errors.ts';
import { LIBRARY_MIGRATIONS, PERSONAL_MIGRATIONS, migrate } from './migrations/index.ts';

export const LIBRARY_FILE = 'library.db';
export const PERSONAL_FILE = 'personal.db';

export interface Store {
  /** One connection: the library as `main`, private data attached as `personal`. */
  db: Database.Database;
  dataDir: string;
  close(): void;
  /** Puts another personal database (a checked backup) in place of personal.db, on the open connection. */
  replacePersonal(file: string): void;
}

/**
 * Opens (creating if needed) the two database files of a data dir.
 *
 * Why two files: synced data may be rewritten wholesale by import and sync,
 * private data never is. Separate files make that boundary physical, let each
 * have its own durability (private data: synchronous=FULL) and let backups of
 * private data stay small.
 */
export function openStore(dataDir: string): Store {
  fs.mkdirSync(dataDir, { recursive: true });
  const libraryPath = path.join(dataDir, LIBRARY_FILE);
  const personalPath = path.join(dataDir, PERSONAL_FILE);
  let db: Database.Database;
  try {
    db = new Database(libraryPath);
  } catch (cause) {
    throw new RaadsmapError(
      {
        code: 'store.cannot-open',
        nl: `Kan de database ${libraryPath} niet openen: ${(cause as Error).message}`,
        en: `Cannot open the database ${libraryPath}: ${(cause as Error).message}`,
        subject: libraryPath,
      },
      { cause },
    );
  }
  try {
    assertSqliteFile(db, 'main', libraryPath);
    db.pragma('busy_timeout = 10000');
    db.prepare('ATTACH DATABASE ? AS personal').run(personalPath);
    assertSqliteFile(db, 'personal', personalPath);
    // WAL: readers (the UI) never block the importer, and a killed writer
    // leaves the last committed state. Import commits one transaction per
    // meeting, so NORMAL durability loses at most the last meeting on power
    // loss; private data gets FULL.
    db.pragma('main.journal_mode = WAL');
    db.pragma('personal.journal_mode = WAL');
    db.pragma('main.synchronous = NORMAL');
    db.pragma('personal.synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, 'main', LIBRARY_MIGRATIONS, libraryPath);
    migrate(db, 'personal', PERSONAL_MIGRATIONS, personalPath);
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    db,
    dataDir,
    close: () => db.close(),
    replacePersonal(file) {
      db.exec('DETACH DATABASE personal');
      try {
        // The WAL and shared-memory files belong to the file being replaced.
        for (const suffix of ['-wal', '-shm']) fs.rmSync(personalPath + suffix, { force: true });
        const temp = `${personalPath}.restoring`;
        fs.copyFileSync(file, temp);
        fs.renameSync(temp, personalPath);
      } finally {
        db.prepare('ATTACH DATABASE ? AS personal').run(personalPath);
        db.pragma('personal.journal_mode = WAL');
        db.pragma('personal.synchronous = FULL');
      }
      migrate(db, 'personal', PERSONAL_MIGRATIONS, personalPath);
    },
  };
}

/** Turns SQLite's "file is not a database" into a message that names the file. */
function assertSqliteFile(db: Database.Database, schema: string, file: string): void {
  try {
    db.prepare(`SELECT count(*) FROM ${schema}.sqlite_master`).get();
  } catch (cause) {
    throw new RaadsmapError(
      {
        code: 'store.not-a-database',
        nl: `${file} is geen geldige Raadsmap-database (${(cause as Error).message}). Het bestand is niet aangeraakt.`,
        en: `${file} is not a valid Raadsmap database (${(cause as Error).message}). The file was not touched.`,
        subject: file,
      },
      { cause },
    );
  }
}
