import type { Migration } from '../types.ts';

// What changed between versions of a document (issue 19). Each version
// records where it came from; the word-level comparison of a new version with
// the one it replaced is made once, in the transaction that stores it, and
// kept here, so the reader and the CLI read changes instead of computing them.
export const versionChanges: Migration = {
  version: 6,
  name: 'version origins and the changes between versions',
  up(db, s) {
    db.exec(`
      -- The package (path or file name) or API URL the version came from; NULL when unknown.
      ALTER TABLE ${s}.document_versions ADD COLUMN origin TEXT;
      -- Versions stored before this migration: the import that wrote them at that moment, from the same source.
      -- The index (dropped again) makes that one look-up per version instead of a scan of every import.
      CREATE INDEX ${s}.imports_by_source_finished ON imports (source_id, finished_at, id);
      UPDATE ${s}.document_versions SET origin = (
        SELECT i.origin FROM ${s}.imports i JOIN ${s}.documents d ON d.id = document_versions.document_id
        WHERE i.source_id = d.source_id AND i.finished_at = document_versions.created_at ORDER BY i.id LIMIT 1);
      DROP INDEX ${s}.imports_by_source_finished;

      -- One comparison of two versions of a document. status: changed, identical (same text), no-text (the
      -- new version has no readable text, so nothing can be told).
      CREATE TABLE ${s}.version_diffs (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        from_version_id INTEGER NOT NULL REFERENCES document_versions(id),
        to_version_id INTEGER NOT NULL REFERENCES document_versions(id),
        status TEXT NOT NULL CHECK (status IN ('changed', 'identical', 'no-text')),
        change_count INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (from_version_id, to_version_id)
      );
      CREATE INDEX ${s}.version_diffs_by_document ON version_diffs (document_id, created_at);
      CREATE INDEX ${s}.version_diffs_by_to ON version_diffs (to_version_id);

      -- The changes of one comparison, in reading order of the new version. Ranges: JSON
      -- [[page, start, end], ...] of offsets into pages.raw_text (as annotation positions).
      CREATE TABLE ${s}.version_changes (
        diff_id INTEGER NOT NULL REFERENCES version_diffs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('inserted', 'deleted', 'replaced', 'moved')),
        page INTEGER NOT NULL,
        old_page INTEGER NOT NULL,
        old_text TEXT NOT NULL,
        new_text TEXT NOT NULL,
        ranges TEXT NOT NULL,
        old_ranges TEXT NOT NULL,
        amount_old TEXT,
        amount_new TEXT,
        PRIMARY KEY (diff_id, seq)
      ) WITHOUT ROWID;
    `);
  },
};
