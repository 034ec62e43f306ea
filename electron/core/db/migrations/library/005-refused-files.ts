import type { Migration } from '../types.ts';

// PDFs refused for good, by their content (sha256): a synced document that
// is a decompression bomb is not read again at every sync, and its meeting
// leaves the queue; a new version at the source has other bytes and is read.
export const refusedFiles: Migration = {
  version: 5,
  name: 'refused files (decompression bombs of synced sources)',
  up(db, s) {
    db.exec(`
      CREATE TABLE ${s}.refused_files (
        sha256 TEXT PRIMARY KEY,
        -- The refusal as the user was told it: error code and both messages, without the document's name.
        code TEXT NOT NULL,
        nl TEXT NOT NULL,
        en TEXT NOT NULL,
        refused_at TEXT NOT NULL
      ) WITHOUT ROWID
    `);
  },
};
