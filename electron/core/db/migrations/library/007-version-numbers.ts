import type { Migration } from '../types.ts';

// Issue 19, after review: a version keeps its number when older ones are
// pruned; every change of a document's current version is logged (so a
// version delivered again, A → B → A → B, is news again, and "new since"
// knows which version was current before); a comparison too large to show
// is stored as such (too_large).
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

      -- A comparison given up as too large to show (status reads too-large; stored as changed with no changes):
      -- a column, because the status's CHECK cannot change without rebuilding the table.
      ALTER TABLE ${s}.version_diffs ADD COLUMN too_large INTEGER NOT NULL DEFAULT 0;
    `);
  },
};
