import Database from 'better-sqlite3-multiple-ciphers';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Every row of every table of both database files, as one hash: "the store
 * is exactly as before" means this hash did not change.
 */
export function snapshotStore(dataDir: string): string {
  const hash = crypto.createHash('sha256');
  for (const file of ['library.db', 'personal.db']) {
    const full = path.join(dataDir, file);
    if (!fs.existsSync(full)) {
      hash.update(`${file}: absent\n`);
      continue;
    }
    const db = new Database(full, { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
      for (const table of tables) {
        hash.update(`${file}/${table}\n`);
        for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).raw().all()) hash.update(JSON.stringify(row) + '\n');
      }
      hash.update(`user_version=${db.pragma('user_version', { simple: true })}\n`);
    } finally {
      db.close();
    }
  }
  return hash.digest('hex');
}

/** Relative paths of all files under a dir, sorted. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}
