import type { Migration } from '../types.ts';

// A saved-search alert says whether the document was new or changed as it
// was when the alert was made (issue 19, after review): pruning old versions
// later must not turn a changed document into a "new" one.
export const alertChanges: Migration = {
  version: 6,
  name: 'what an alert found: a new or a changed document',
  up(db, s) {
    db.exec(`
      -- new or changed (with change_count changes; NULL: not known); NULL for alerts made before this was kept.
      ALTER TABLE ${s}.saved_search_alerts ADD COLUMN change TEXT;
      ALTER TABLE ${s}.saved_search_alerts ADD COLUMN change_count INTEGER;
    `);
  },
};
