import type { Migration } from '../types.ts';

// The library: everything that comes from a source (package or API) and may be
// rewritten by import or sync. Nothing private lives here.
export const initialLibrary: Migration = {
  version: 1,
  name: 'initial library schema',
  up(db, s) {
    db.exec(`
      CREATE TABLE ${s}.sources (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('package', 'oparl', 'obv')),
        -- 'local' for imported package files; the API base URL for remote sources.
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        config TEXT NOT NULL DEFAULT '{}',
        -- Incremental sync position (OParl modified_since time, OBV cursor).
        cursor TEXT,
        last_synced_at TEXT,
        created_at TEXT NOT NULL
      );

      CREATE TABLE ${s}.bodies (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        external_id TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        municipality TEXT NOT NULL,
        UNIQUE (source_id, external_id)
      );

      CREATE TABLE ${s}.meetings (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        external_id TEXT NOT NULL,
        body_id INTEGER NOT NULL REFERENCES bodies(id),
        title TEXT NOT NULL,
        kind TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        ends_at TEXT,
        location TEXT,
        chair TEXT,
        clerk TEXT,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
        -- sha256 of the last imported manifest: an identical re-import is a no-op.
        manifest_sha256 TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (source_id, external_id)
      );
      CREATE INDEX ${s}.meetings_by_start ON meetings (starts_at);

      CREATE TABLE ${s}.agenda_items (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id),
        external_id TEXT NOT NULL,
        parent_id INTEGER REFERENCES agenda_items(id),
        position INTEGER NOT NULL,
        number TEXT,
        title TEXT NOT NULL,
        is_section INTEGER NOT NULL DEFAULT 0,
        starts_at TEXT,
        ends_at TEXT,
        description TEXT,
        portfolio_holder TEXT,
        informant TEXT,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
        UNIQUE (meeting_id, external_id)
      );
      CREATE INDEX ${s}.agenda_items_by_parent ON agenda_items (parent_id);

      -- Extracted text is keyed by file content, so the same PDF attached to
      -- several documents or meetings is stored and extracted once.
      CREATE TABLE ${s}.pdf_files (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        page_count INTEGER NOT NULL,
        title TEXT,
        extracted_at TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE ${s}.pages (
        sha256 TEXT NOT NULL REFERENCES pdf_files(sha256),
        page_number INTEGER NOT NULL,
        width REAL NOT NULL,
        height REAL NOT NULL,
        -- Normalised text (hyphenation repaired, running headers removed): search and display.
        text TEXT NOT NULL,
        -- The text layer as pdf.js gives it: anchors and highlights use offsets into it.
        raw_text TEXT NOT NULL,
        quality TEXT NOT NULL CHECK (quality IN ('ok', 'garbled', 'empty')),
        -- JSON [[start, end, x, y, width, height], ...] in PDF user space.
        runs TEXT NOT NULL,
        PRIMARY KEY (sha256, page_number)
      ) WITHOUT ROWID;

      CREATE TABLE ${s}.documents (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        external_id TEXT NOT NULL,
        title TEXT NOT NULL,
        type TEXT NOT NULL,
        document_date TEXT,
        current_version_id INTEGER REFERENCES document_versions(id),
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (source_id, external_id)
      );

      -- Every distinct file a document has had. Old versions stay, because
      -- private annotations are tied to the version they were made on.
      CREATE TABLE ${s}.document_versions (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        sha256 TEXT NOT NULL REFERENCES pdf_files(sha256),
        file_name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (document_id, sha256)
      );

      -- Many-to-many: one proposal hangs under items of several meetings
      -- (info/debat, then besluitvormend), which makes its dossier visible.
      CREATE TABLE ${s}.agenda_item_documents (
        agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id),
        document_id INTEGER NOT NULL REFERENCES documents(id),
        position INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
        PRIMARY KEY (agenda_item_id, document_id)
      ) WITHOUT ROWID;
      CREATE INDEX ${s}.agenda_item_documents_by_document ON agenda_item_documents (document_id);

      CREATE TABLE ${s}.imports (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        meeting_id INTEGER REFERENCES meetings(id),
        origin TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('created', 'updated', 'unchanged')),
        summary TEXT NOT NULL,
        finished_at TEXT NOT NULL
      );
    `);
  },
};
