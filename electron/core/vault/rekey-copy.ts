// One database file copied under another key: what the rekey thread
// (rekey-worker.ts) runs for each file of a store. VACUUM INTO makes a
// consistent copy in the source's own encryption (what is still in the WAL
// included), then the copy is rekeyed and verified: it must open with the
// new key, pass quick_check and hold every row of every table.
import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import path from 'node:path';
import { RaadsmapError } from '../../../shared/errors.ts';
import { applyKey } from '../db/open-store.ts';

function open(file: string, key: Buffer | null, options?: Database.Options): Database.Database {
  const db = new Database(file, options);
  if (key) applyKey(db, key);
  return db;
}

export function rekeyCopy(file: string, copy: string, fromKey: Buffer | null, toKey: Buffer): void {
  fs.rmSync(copy, { force: true });
  let counts: Map<string, number>;
  const source = open(file, fromKey, { fileMustExist: true });
  try {
    counts = tableCounts(source);
    // A consistent copy including what is still in the WAL, in the source's own encryption.
    source.prepare('VACUUM INTO ?').run(copy);
  } catch (cause) {
    throw failed(file, cause);
  } finally {
    source.close();
  }
  const target = open(copy, fromKey);
  try {
    target.pragma('journal_mode = DELETE'); // SQLite cannot rekey a WAL database
    if (!fromKey) {
      target.pragma("cipher = 'sqlcipher'");
      target.pragma('legacy = 4');
    }
    target.pragma(`rekey = "x'${toKey.toString('hex')}'"`);
  } catch (cause) {
    fs.rmSync(copy, { force: true });
    throw failed(file, cause);
  } finally {
    target.close();
  }
  // The copy must open with the new key, be sound, and hold every row.
  const check = open(copy, toKey, { readonly: true });
  try {
    const ok = check.pragma('quick_check', { simple: true });
    if (ok !== 'ok') throw new Error(String(ok));
    for (const [table, count] of counts) {
      const copied = check.prepare(`SELECT count(*) FROM "${table.replace(/"/g, '""')}"`).pluck().get() as number;
      if (copied !== count) throw new Error(`${table}: ${copied} of ${count} rows`);
    }
  } catch (cause) {
    fs.rmSync(copy, { force: true });
    throw failed(file, cause);
  } finally {
    check.close();
  }
}

function tableCounts(db: Database.Database): Map<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'").pluck().all() as string[];
  return new Map(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t.replace(/"/g, '""')}"`).pluck().get() as number]));
}

function failed(file: string, cause: unknown): RaadsmapError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new RaadsmapError(
    {
      code: 'vault.rekey-failed',
      nl: `${path.basename(file)} kon niet versleuteld worden (${detail}). De gegevens zijn zoals ze waren.`,
      en: `${path.basename(file)} could not be encrypted (${detail}). The data is as it was.`,
      subject: file,
    },
    { cause },
  );
}
