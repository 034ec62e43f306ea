import type { Migration } from '../types.ts';

// Remote sources (OParl 1.1, OpenBesluitvorming): their sync state. The
// `sources` table of 001 already holds kind, key, config and cursor; this adds
// the outcome of the last sync, a mirror of the API objects meetings are built
// from, the durable queue of meetings still to write, and what each remote
// file turned out to be (so an unchanged file is never downloaded twice).
export const sourcesSync: Migration = {
  version: 3,
  name: 'remote sources: sync state, object mirror, pending meetings',
  up(db, s) {
    db.exec(`
      ALTER TABLE ${s}.sources ADD COLUMN last_status TEXT;
      -- JSON: counts and the error of the last sync, as the user saw them.
      ALTER TABLE ${s}.sources ADD COLUMN last_result TEXT;
      -- Removed by the user: no longer synced or listed; its meetings stay in the library.
      ALTER TABLE ${s}.sources ADD COLUMN removed_at TEXT;

      -- The API's objects as last received (OParl Meeting/Paper, OBV Meeting/Document).
      -- deleted = 1 is a tombstone. refs: JSON array of the keys of related objects
      -- (a paper's meetings, a meeting's documents), to find which meetings a change touches.
      CREATE TABLE ${s}.sync_objects (
        source_id INTEGER NOT NULL REFERENCES sources(id),
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        hash TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        payload TEXT,
        refs TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (source_id, kind, key)
      ) WITHOUT ROWID;

      -- Meetings whose objects changed and that are not written yet. Filled in the
      -- same transaction that moves the cursor; a row goes only after its meeting
      -- is committed, so a sync that dies halfway resumes exactly here.
      CREATE TABLE ${s}.sync_pending (
        source_id INTEGER NOT NULL REFERENCES sources(id),
        meeting_key TEXT NOT NULL,
        queued_at TEXT NOT NULL,
        PRIMARY KEY (source_id, meeting_key)
      ) WITHOUT ROWID;

      -- What a remote file (by URL and the API's own description of it) hashed to.
      CREATE TABLE ${s}.sync_files (
        source_id INTEGER NOT NULL REFERENCES sources(id),
        url TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        PRIMARY KEY (source_id, url)
      ) WITHOUT ROWID;
    `);
  },
};
