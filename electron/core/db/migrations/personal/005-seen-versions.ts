import type { Migration } from '../types.ts';

// Which version of a document the user last opened, so a newer one is
// "Gewijzigd" until they open it; and which annotations sit on a passage a
// new version changed (issue 19). Written by the user's own actions, and by
// the re-anchoring after an import (the one write import causes here).
export const seenVersions: Migration = {
  version: 5,
  name: 'the version last opened, and annotations on changed passages',
  up(db, s) {
    db.exec(`
      -- sha256 of the version the reader last opened (or that was current when it was marked read), and when.
      ALTER TABLE ${s}.read_state ADD COLUMN seen_sha256 TEXT;
      ALTER TABLE ${s}.read_state ADD COLUMN seen_at TEXT;
      -- sha256 of the version whose changes touched the annotation's passage; NULL: untouched (or re-attached since).
      ALTER TABLE ${s}.annotations ADD COLUMN changed_in_sha256 TEXT;
    `);
  },
};
