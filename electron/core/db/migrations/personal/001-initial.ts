import type { Migration } from '../types.ts';

// Private data: the user's own work. Import and sync never write here. Rows
// refer to library rows by id and also by stable keys (source key + external
// id, file sha256), so they survive a rebuilt library and move between machines.
export const initialPersonal: Migration = {
  version: 1,
  name: 'initial personal schema',
  up(db, s) {
    db.exec(`
      CREATE TABLE ${s}.annotations (
        id TEXT PRIMARY KEY,
        document_id INTEGER NOT NULL,
        document_key TEXT NOT NULL,
        -- The version (file) the annotation was made on or last re-anchored to.
        sha256 TEXT NOT NULL,
        page_number INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('highlight', 'note')),
        color TEXT,
        note TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        -- Quote selector and text position selector (offsets into pages.raw_text).
        quote_exact TEXT,
        quote_prefix TEXT,
        quote_suffix TEXT,
        text_start INTEGER,
        text_end INTEGER,
        -- JSON [[x, y, width, height], ...] in PDF user space; or a point for pinned notes.
        rects TEXT NOT NULL DEFAULT '[]',
        point_x REAL,
        point_y REAL,
        anchor_status TEXT NOT NULL DEFAULT 'anchored' CHECK (anchor_status IN ('anchored', 'moved', 'orphaned')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX ${s}.annotations_by_document ON annotations (document_id, page_number);

      CREATE TABLE ${s}.agenda_notes (
        agenda_item_id INTEGER PRIMARY KEY,
        agenda_item_key TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        stance TEXT CHECK (stance IN ('voor', 'tegen', 'nog-bespreken')),
        updated_at TEXT NOT NULL
      );

      CREATE TABLE ${s}.motion_drafts (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('motie', 'amendement')),
        meeting_id INTEGER NOT NULL,
        agenda_item_id INTEGER,
        agenda_item_key TEXT,
        title TEXT NOT NULL,
        content TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'concept' CHECK (status IN ('concept', 'ingediend')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE ${s}.motion_revisions (
        id INTEGER PRIMARY KEY,
        draft_id TEXT NOT NULL REFERENCES motion_drafts(id),
        content TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE ${s}.read_state (
        document_id INTEGER PRIMARY KEY,
        read_at TEXT,
        last_page INTEGER,
        updated_at TEXT NOT NULL
      );
    `);
  },
};
