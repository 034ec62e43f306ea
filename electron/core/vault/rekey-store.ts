// Rewriting a closed store under another key: an unencrypted store being
// encrypted, or an encrypted one getting a new key (a new recovery code).
// Never in place. Each database file (library, personal, every backup) is
// copied with VACUUM INTO to X.rekeyed, rekeyed and verified; only when all
// are, the caller writes key.json with the new key marked pending, and then
// finishRekey moves the copies in place. A crash before key.json leaves the
// old store as it was (the copies are discarded at the next start); a crash
// after it is finished at the next start.
import fs from 'node:fs';
import path from 'node:path';
import { RaadsmapError, type ProgressListener } from '../../../shared/errors.ts';
import { LIBRARY_FILE, PERSONAL_FILE } from '../db/open-store.ts';
import { runRekeyCopy } from './run-rekey.ts';

const SUFFIX = '.rekeyed';

/** The database files of a data dir that hold data: the two stores and the backups of personal.db. */
export function storeFiles(dataDir: string): string[] {
  const backups = path.join(dataDir, 'backups');
  const backupFiles = fs.existsSync(backups) ? fs.readdirSync(backups).filter((n) => /^personal-.*\.db$/.test(n)).sort().map((n) => path.join(backups, n)) : [];
  return [path.join(dataDir, LIBRARY_FILE), path.join(dataDir, PERSONAL_FILE), ...backupFiles].filter((f) => fs.existsSync(f));
}

export interface RekeyOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ProgressListener | undefined;
}

/** Step 1: a verified copy of every file under `toKey`; nothing of the store is changed. */
export async function prepareRekey(dataDir: string, fromKey: Buffer | null, toKey: Buffer, options: RekeyOptions = {}): Promise<void> {
  discardRekey(dataDir);
  const files = storeFiles(dataDir);
  try {
    for (const [index, file] of files.entries()) {
      if (options.signal?.aborted) throw new RaadsmapError({ code: 'cancelled', nl: 'Versleutelen geannuleerd; de gegevens zijn zoals ze waren.', en: 'Encryption cancelled; the data is as it was.' });
      const name = path.relative(dataDir, file);
      options.onProgress?.({ phase: 'encrypt', done: index, total: files.length, nl: `Versleutelen: ${name} (${index + 1}/${files.length})`, en: `Encrypting: ${name} (${index + 1}/${files.length})` });
      // In a thread of its own: a large library.db takes a while, and the window keeps answering meanwhile.
      await runRekeyCopy({ file, copy: file + SUFFIX, fromKey: fromKey?.toString('hex') ?? null, toKey: toKey.toString('hex') }, options.signal);
    }
    options.onProgress?.({ phase: 'encrypt', done: files.length, total: files.length, nl: 'Versleuteld', en: 'Encrypted' });
  } catch (error) {
    discardRekey(dataDir);
    throw error;
  }
}

/** Step 3 (and at start when key.json is pending): the verified copies replace the files. */
export function finishRekey(dataDir: string): void {
  // A journal beside a copy means its rekey never finished, which cannot be past the commit point.
  for (const journal of leftoverJournals(dataDir)) fs.rmSync(journal, { force: true });
  for (const copy of rekeyedCopies(dataDir)) {
    const target = copy.slice(0, -SUFFIX.length);
    // The WAL and shared-memory files belong to the file being replaced (its content is in the copy).
    for (const extra of ['-wal', '-shm']) fs.rmSync(target + extra, { force: true });
    fs.renameSync(copy, target);
  }
}

/** Copies of an unfinished rewrite whose key.json was never written: the old files are still the store. */
export function discardRekey(dataDir: string): void {
  for (const copy of [...rekeyedCopies(dataDir), ...leftoverJournals(dataDir)]) fs.rmSync(copy, { force: true });
}

const rekeyedCopies = (dataDir: string) => storeFilesEndingWith(dataDir, SUFFIX);
/** A rollback journal SQLite left beside a copy when a rewrite was killed during the rekey. */
const leftoverJournals = (dataDir: string) => storeFilesEndingWith(dataDir, `${SUFFIX}-journal`);

function storeFilesEndingWith(dataDir: string, ending: string): string[] {
  const dirs = [dataDir, path.join(dataDir, 'backups')].filter((d) => fs.existsSync(d));
  return dirs.flatMap((dir) => fs.readdirSync(dir).filter((n) => n.endsWith(ending)).map((n) => path.join(dir, n)));
}

