import type { Migration } from '../types.ts';

// Saved searches: a councillor's standing questions ("schuldhulp", "Voorsterpoort").
// After every import or sync the new documents that match are recorded as
// alerts until the user has seen them.
export const savedSearches: Migration = {
  version: 2,
  name: 'saved searches and their alerts',
  up(db, s) {
    db.exec(`
      CREATE TABLE ${s}.saved_searches (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        query TEXT NOT NULL,
        -- JSON of the search filters (body, type, dates, ...), as the search call takes them.
        filters TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL
      );

      -- A document version that matched a saved search when it arrived.
      CREATE TABLE ${s}.saved_search_alerts (
        saved_search_id INTEGER NOT NULL REFERENCES saved_searches(id) ON DELETE CASCADE,
        document_id INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        document_title TEXT NOT NULL,
        best_page INTEGER NOT NULL,
        found_at TEXT NOT NULL,
        seen_at TEXT,
        PRIMARY KEY (saved_search_id, document_id, sha256)
      ) WITHOUT ROWID;
    `);
  },
};
