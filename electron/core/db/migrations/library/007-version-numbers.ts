import type { Migration } from '../types.ts';

// Issue 19, after review: a version keeps its number when older ones are
// pruned; every change of a document's current version is logged (so a
// version delivered again, A → B → A → B, is news again, and "new since"
// knows which version was current before); a comparison too large to show
// is stored as such.
export const versionNumbers: Migration = {
  version: 7,
  name: 'stable version numbers, the log of current versions, too-large comparisons',
  up(db, s) {
    db.exec(`
      -- 1 for a document's first version, 2 for the next, ...; kept when older versions are pruned.
      ALTER TABLE ${s}.document_versions ADD COLUMN number INTEGER;
      UPDATE ${s}.document_versions SET number = (
        SELECT count(*) FROM ${s}.document_versions o WHERE o.document_id = document_versions.document_id AND o.id <= document_versions.id);

      -- Each time a document's current version was set (an import or sync): from which version (NULL: its first), to
      -- which, when. The id orders them across documents (saved searches run over those after an import's first id).
      -- No foreign keys: a pruned version's rows stay as history.
      CREATE TABLE ${s}.current_versions (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL,
        from_version_id INTEGER,
        to_version_id INTEGER NOT NULL,
        set_at TEXT NOT NULL
      );
      CREATE INDEX ${s}.current_versions_by_document ON current_versions (document_id, id);
      CREATE INDEX ${s}.current_versions_by_time ON current_versions (set_at);
      -- What was stored before: each version in turn replaced the one before it, when it arrived.
      INSERT INTO ${s}.current_versions (document_id, from_version_id, to_version_id, set_at)
        SELECT v.document_id, (SELECT max(o.id) FROM ${s}.document_versions o WHERE o.document_id = v.document_id AND o.id < v.id), v.id, v.created_at
        FROM ${s}.document_versions v ORDER BY v.created_at, v.id;

      -- status too-large: the comparison was given up (too many changes to show); no rows in version_changes.
      CREATE TABLE ${s}.version_diffs_next (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        from_version_id INTEGER NOT NULL REFERENCES document_versions(id),
        to_version_id INTEGER NOT NULL REFERENCES document_versions(id),
        status TEXT NOT NULL CHECK (status IN ('changed', 'identical', 'no-text', 'too-large')),
        change_count INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (from_version_id, to_version_id)
      );
      CREATE TABLE ${s}.version_changes_next (
        diff_id INTEGER NOT NULL REFERENCES version_diffs_next(id) ON DELETE CASCADE,
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
      INSERT INTO ${s}.version_diffs_next SELECT * FROM ${s}.version_diffs;
      INSERT INTO ${s}.version_changes_next SELECT * FROM ${s}.version_changes;
      -- The changes first, so dropping the comparisons cascades to nothing.
      DROP TABLE ${s}.version_changes;
      DROP TABLE ${s}.version_diffs;
      ALTER TABLE ${s}.version_diffs_next RENAME TO version_diffs;
      ALTER TABLE ${s}.version_changes_next RENAME TO version_changes;
      CREATE INDEX ${s}.version_diffs_by_document ON version_diffs (document_id, created_at);
      CREATE INDEX ${s}.version_diffs_by_to ON version_diffs (to_version_id);
    `);
  },
};
