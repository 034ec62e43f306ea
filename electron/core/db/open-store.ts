import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import path from 'node:path';
import { RaadsmapError } from '../../../shared/errors.ts';
import { diskProblemOf } from '../../../shared/error-mapping.ts';
import { diskError } from '../files/disk-errors.ts';
import { fileStartsWith } from '../files/file-head.ts';
import { LIBRARY_MIGRATIONS, PERSONAL_MIGRATIONS, migrate, schemaVersion } from './migrations/index.ts';

export const LIBRARY_FILE = 'library.db';
export const PERSONAL_FILE = 'personal.db';

export interface Store {
  /** One connection: the library as `main`, private data attached as `personal`. */
  db: Database.Database;
  dataDir: string;
  close(): void;
  /**
   * Puts the content of another personal database (a checked backup, at this
   * version's schema) in place of personal.db's, in one write transaction on
   * the live file. `beforeReplace` runs inside it, while no process can write:
   * a copy it makes with snapshotPersonal is exactly what is replaced.
   */
  replacePersonal(file: string, beforeReplace?: () => void): void;
  /** VACUUM INTO of personal.db through a connection of its own, so it also works inside a write transaction of `db`. */
  snapshotPersonal(target: string): void;
}

/**
 * Opens (creating if needed) the two database files of a data dir.
 *
 * Why two files: synced data may be rewritten wholesale by import and sync,
 * private data never is. Separate files make that boundary physical, let each
 * have its own durability (private data: synchronous=FULL) and let backups of
 * private data stay small.
 */
export function openStore(dataDir: string, key?: Buffer, options: { allowNewPersonal?: boolean } = {}): Store {
  fs.mkdirSync(dataDir, { recursive: true });
  const libraryPath = path.join(dataDir, LIBRARY_FILE);
  const personalPath = path.join(dataDir, PERSONAL_FILE);
  // Refused before SQLite touches them: a plain file opened with a key (or the other way round) would read as damaged.
  // In a plain store (one of its files is plain SQLite) a file that is not is damaged, not encrypted.
  const plainStore = !key && [libraryPath, personalPath].some((f) => fs.existsSync(f) && fs.statSync(f).size > 0 && isPlainSqliteFile(f));
  assertEncryption(libraryPath, key !== undefined, plainStore);
  const personalMissing = !fs.existsSync(personalPath);
  let db: Database.Database;
  try {
    db = new Database(libraryPath);
    if (key) applyKey(db, key);
  } catch (cause) {
    throw diskError(cause, dataDir) ?? new RaadsmapError(
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
    assertSqliteFile(db, 'main', libraryPath, key !== undefined);
    db.pragma('busy_timeout = 10000');
    immediateTransactions(db);
    // Private work can only have existed once the library holds meetings: only then is an unusable personal.db a loss.
    const mayHoldWork = !options.allowNewPersonal && hasMeetings(db);
    try {
      assertEncryption(personalPath, key !== undefined, plainStore);
      attachPersonal(db, personalPath, key);
      assertSqliteFile(db, 'personal', personalPath, key !== undefined);
    } catch (cause) {
      // A disk that fails (full, read-only, gone) says so; only a file that reads as garbage is unusable.
      if (mayHoldWork && !diskProblemOf(cause)) throw personalUnusable(personalPath, 'unreadable', cause);
      throw cause;
    }
    const state = personalMissing ? 'missing' : personalContent(db);
    if (state !== 'ok' && mayHoldWork) {
      // Never opened as a new, empty one: db/personal-guard.ts puts a backup back first.
      db.exec('DETACH DATABASE personal');
      if (personalMissing) fs.rmSync(personalPath, { force: true }); // made just now by ATTACH
      throw personalUnusable(personalPath, state);
    }
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
    replacePersonal(file, beforeReplace) {
      assertEncryption(file, key !== undefined);
      // The content, not the file: other processes have personal.db open (the app while the CLI
      // restores). Renaming over it would leave them writing to a file that is gone, losing what they
      // write; a transaction is serialised with their writes, and they read its result.
      attachDatabase(db, file, 'restoring', key);
      try {
        if (schemaVersion(db, 'restoring') !== schemaVersion(db, 'personal')) throw new Error(`${file}: not at the schema of ${personalPath}`);
        db.transaction(() => {
          beforeReplace?.();
          copyContent(db, 'restoring', 'personal');
        })();
      } finally {
        db.exec('DETACH DATABASE restoring');
      }
    },
    snapshotPersonal(target) {
      const own = new Database(personalPath, { fileMustExist: true });
      try {
        if (key) applyKey(own, key);
        own.pragma('busy_timeout = 10000');
        own.prepare('VACUUM main INTO ?').run(target);
      } finally {
        own.close();
      }
    },
  };
}

/** Every table of `to` gets the rows of the same table in `from` (same schema), in the caller's transaction. */
function copyContent(db: Database.Database, from: string, to: string): void {
  const tables = db.prepare(`SELECT name FROM ${to}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
  // References are checked at commit: rows go in table by table, in any order.
  db.pragma('defer_foreign_keys = ON');
  // All out first: a cascading delete must not take rows already copied in.
  for (const table of tables) db.prepare(`DELETE FROM ${to}."${table}"`).run();
  for (const table of tables) {
    const columns = (db.pragma(`${to}.table_info("${table}")`) as { name: string }[]).map((c) => `"${c.name}"`).join(', ');
    db.prepare(`INSERT INTO ${to}."${table}" (${columns}) SELECT ${columns} FROM ${from}."${table}"`).run();
  }
}

/**
 * Makes `db.transaction(fn)()` begin IMMEDIATE: it takes the write lock at
 * BEGIN, waiting up to busy_timeout while another process writes. A deferred
 * transaction reads first and asks for the lock at its first write; when
 * another process committed in between, WAL refuses it at once ("database is
 * locked", SQLITE_BUSY_SNAPSHOT), however long busy_timeout is. Other
 * processes (the app, the web host, CLI commands) write the same files.
 * `.deferred` stays available for a transaction that only reads.
 */
function immediateTransactions(db: Database.Database): void {
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: Parameters<typeof transaction>[0]) => transaction(fn).immediate) as typeof db.transaction;
}

export type PersonalState = 'missing' | 'empty' | 'foreign' | 'unreadable';

function hasMeetings(db: Database.Database): boolean {
  const table = db.prepare("SELECT count(*) FROM main.sqlite_master WHERE type = 'table' AND name = 'meetings'").pluck().get() as number;
  return table > 0 && (db.prepare('SELECT count(*) FROM main.meetings').pluck().get() as number) > 0;
}

/** Ours (migrated at least once), empty (0 bytes or no tables), or another program's database. */
function personalContent(db: Database.Database): 'ok' | 'empty' | 'foreign' {
  if ((db.pragma('personal.user_version', { simple: true }) as number) > 0) return 'ok';
  const tables = db.prepare("SELECT count(*) FROM personal.sqlite_master WHERE type = 'table'").pluck().get() as number;
  return tables > 0 ? 'foreign' : 'empty';
}

function personalUnusable(file: string, state: PersonalState, cause?: unknown): RaadsmapError {
  return new RaadsmapError(
    {
      code: 'store.personal-unusable',
      nl: `Uw eigen gegevens in ${file} zijn niet bruikbaar (${state}).`,
      en: `Your own data in ${file} is not usable (${state}).`,
      subject: state,
    },
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Encryption at rest: SQLCipher 4's format (so standard tools can open a
 * store with its key), with the data key given raw (`x'…'`): it is 256
 * random bits already, so no key derivation runs at each open.
 */
export function applyKey(db: Database.Database, key: Buffer): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

function attachPersonal(db: Database.Database, personalPath: string, key: Buffer | undefined): void {
  attachDatabase(db, personalPath, 'personal', key);
}

function attachDatabase(db: Database.Database, file: string, schema: string, key: Buffer | undefined): void {
  if (key) db.prepare(`ATTACH DATABASE ? AS ${schema} KEY ?`).run(file, `x'${key.toString('hex')}'`);
  else db.prepare(`ATTACH DATABASE ? AS ${schema}`).run(file);
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** True when the file starts as every unencrypted SQLite database does (an encrypted one starts with random salt). */
export function isPlainSqliteFile(file: string): boolean {
  return fileStartsWith(file, SQLITE_MAGIC);
}

/** An existing, non-empty database file must be encrypted exactly when a key is given. */
function assertEncryption(file: string, withKey: boolean, plainStore = false): void {
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return;
  const plain = isPlainSqliteFile(file);
  if (withKey && plain) {
    throw new RaadsmapError({
      code: 'store.not-encrypted',
      nl: `${file} is niet versleuteld, maar de gegevens horen versleuteld te zijn. Het bestand is niet aangeraakt.`,
      en: `${file} is not encrypted, but the data should be. The file was not touched.`,
      subject: file,
    });
  }
  if (!withKey && !plain && plainStore) {
    throw new RaadsmapError({
      code: 'store.damaged',
      nl: `${file} is beschadigd: het is geen SQLite-database (de andere database van deze gegevens is dat wel, onversleuteld). Het bestand is niet aangeraakt. Zet het terug uit een reservekopie van de computer${path.basename(file) === LIBRARY_FILE ? '; of verplaats het naar een andere map en importeer de vergaderpakketten opnieuw (uw eigen gegevens staan in ' + PERSONAL_FILE + ')' : ''}.`,
      en: `${file} is damaged: it is not an SQLite database (the other database of this data is, unencrypted). The file was not touched. Put it back from a backup of the computer${path.basename(file) === LIBRARY_FILE ? '; or move it to another folder and import the meeting packages again (your own data is in ' + PERSONAL_FILE + ')' : ''}.`,
      subject: file,
    });
  }
  if (!withKey && !plain) {
    throw new RaadsmapError({
      code: 'store.not-a-database',
      nl: `${file} is geen leesbare Raadsmap-database: versleuteld terwijl er geen sleutel is, of beschadigd. Het bestand is niet aangeraakt.`,
      en: `${file} is not a readable Raadsmap database: encrypted while there is no key, or damaged. The file was not touched.`,
      subject: file,
    });
  }
}

/** Turns SQLite's "file is not a database" into a message that names the file. */
function assertSqliteFile(db: Database.Database, schema: string, file: string, withKey = false): void {
  try {
    db.prepare(`SELECT count(*) FROM ${schema}.sqlite_master`).get();
  } catch (cause) {
    // A full, read-only or vanished disk is not a damaged database: never call a healthy store invalid.
    const disk = diskError(cause, path.dirname(file));
    if (disk) throw disk;
    if (withKey) {
      throw new RaadsmapError(
        {
          code: 'store.key-mismatch',
          nl: `De sleutel opent ${file} niet (verkeerde sleutel, of het bestand is beschadigd). Het bestand is niet aangeraakt.`,
          en: `The key does not open ${file} (a wrong key, or the file is damaged). The file was not touched.`,
          subject: file,
        },
        { cause },
      );
    }
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
