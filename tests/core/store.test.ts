import Database from 'better-sqlite3-multiple-ciphers';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIBRARY_MIGRATIONS, PERSONAL_MIGRATIONS, migrate, schemaVersion } from '../../electron/core/db/migrations/index.ts';
import { LIBRARY_FILE, PERSONAL_FILE, openStore } from '../../electron/core/db/open-store.ts';
import { RaadsmapError } from '../../shared/errors.ts';
import { tempDir } from '../support/temp-dir.ts';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const tables = (db: Database.Database, schema: string) =>
  db.prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[];

describe('the store', () => {
  it('creates both database files at the latest schema, WAL, foreign keys on, private data with synchronous=FULL', () => {
    const dir = tempDir();
    const store = openStore(dir);
    try {
      expect(fs.existsSync(path.join(dir, LIBRARY_FILE))).toBe(true);
      expect(fs.existsSync(path.join(dir, PERSONAL_FILE))).toBe(true);
      expect(schemaVersion(store.db, 'main')).toBe(LIBRARY_MIGRATIONS.length);
      expect(schemaVersion(store.db, 'personal')).toBe(PERSONAL_MIGRATIONS.length);
      expect(store.db.pragma('main.journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('personal.journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.db.pragma('personal.synchronous', { simple: true })).toBe(2); // FULL
    } finally {
      store.close();
    }
  });

  it('keeps synced and private tables in separate files', () => {
    const store = openStore(tempDir());
    try {
      const library = tables(store.db, 'main');
      const personal = tables(store.db, 'personal');
      expect(library).toEqual(expect.arrayContaining(['meetings', 'agenda_items', 'documents', 'document_versions', 'pages', 'agenda_item_documents', 'sources', 'bodies']));
      expect(personal).toEqual(expect.arrayContaining(['annotations', 'agenda_notes', 'motion_drafts', 'motion_revisions', 'read_state']));
      expect(library.filter((t) => personal.includes(t))).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('reopens an existing store without running migrations again', () => {
    const dir = tempDir();
    const first = openStore(dir);
    first.db.prepare("INSERT INTO sources (kind, key, name, created_at) VALUES ('package', 'local', 'x', 'now')").run();
    first.close();
    const second = openStore(dir);
    try {
      expect(second.db.prepare('SELECT count(*) FROM sources').pluck().get()).toBe(1);
    } finally {
      second.close();
    }
  });

  it.each([
    ['library', LIBRARY_FILE, 'main'],
    ['personal', PERSONAL_FILE, 'main'],
  ])('refuses a %s database written by a newer Raadsmap and leaves it untouched', (_label, file) => {
    const dir = tempDir();
    openStore(dir).close();
    const target = path.join(dir, file);
    const raw = new Database(target);
    raw.pragma('user_version = 99');
    raw.close();
    const before = sha(target);
    let error: unknown;
    try {
      openStore(dir).close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RaadsmapError);
    expect((error as RaadsmapError).code).toBe('store.too-new');
    expect((error as RaadsmapError).nl).toContain('nieuwere versie van Raadsmap');
    expect((error as RaadsmapError).nl).toContain(file);
    expect(sha(target)).toBe(before);
  });

  it('names the file when it is not a database at all', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, LIBRARY_FILE), 'dit is geen database, maar een boodschappenlijstje '.repeat(200));
    expect(() => openStore(dir)).toThrowError(expect.objectContaining({ code: 'store.not-a-database', subject: path.join(dir, LIBRARY_FILE) }));
  });
});

describe('migrations', () => {
  // Each migration gets its own check: applied to a database at the previous
  // version, it ends at its own version and its tables accept real rows.
  it('library 001 creates the synced schema with the constraints import relies on', () => {
    const db = new Database(':memory:');
    migrate(db, 'main', LIBRARY_MIGRATIONS.slice(0, 1), 'test');
    expect(schemaVersion(db, 'main')).toBe(1);
    db.pragma('foreign_keys = ON');
    db.prepare("INSERT INTO sources (kind, key, name, created_at) VALUES ('package', 'local', 'Lokaal', 't')").run();
    db.prepare("INSERT INTO bodies (source_id, external_id, name, kind, municipality) VALUES (1, 'raad', 'Raad', 'gemeenteraad', 'Zwolle')").run();
    db.prepare(
      "INSERT INTO meetings (source_id, external_id, body_id, title, kind, starts_at, created_at, updated_at) VALUES (1, 'm1', 1, 'Raad', 'besluitvormend', '2017-01-23T19:00:00Z', 't', 't')",
    ).run();
    // Duplicate external ids per source are refused: re-import must update, not duplicate.
    expect(() =>
      db.prepare("INSERT INTO meetings (source_id, external_id, body_id, title, kind, starts_at, created_at, updated_at) VALUES (1, 'm1', 1, 'x', 'x', 'x', 't', 't')").run(),
    ).toThrow(/UNIQUE/);
    // Status is a closed set.
    expect(() => db.prepare("UPDATE meetings SET status = 'deleted'").run()).toThrow(/CHECK/);
    // Links must point at real rows.
    expect(() => db.prepare('INSERT INTO agenda_item_documents (agenda_item_id, document_id, position) VALUES (42, 43, 0)').run()).toThrow(/FOREIGN KEY/);
  });

  it('personal 001 creates the private schema', () => {
    const db = new Database(':memory:');
    migrate(db, 'main', PERSONAL_MIGRATIONS.slice(0, 1), 'test');
    expect(schemaVersion(db, 'main')).toBe(1);
    db.prepare(
      "INSERT INTO annotations (id, document_id, document_key, sha256, page_number, kind, created_at, updated_at) VALUES ('a', 1, 'local:doc', 'x', 1, 'highlight', 't', 't')",
    ).run();
    expect(() => db.prepare("UPDATE annotations SET anchor_status = 'lost'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO agenda_notes (agenda_item_id, agenda_item_key, stance, updated_at) VALUES (1, 'k', 'misschien', 't')").run()).toThrow(/CHECK/);
  });

  it('library 002 adds the page search index to a library with data, leaving the data as it was', () => {
    const db = new Database(':memory:');
    migrate(db, 'main', LIBRARY_MIGRATIONS.slice(0, 1), 'test');
    db.prepare("INSERT INTO pdf_files (sha256, size, page_count, extracted_at) VALUES ('ab', 10, 1, 't')").run();
    migrate(db, 'main', LIBRARY_MIGRATIONS.slice(0, 2), 'test');
    expect(schemaVersion(db, 'main')).toBe(2);
    expect(db.prepare('SELECT count(*) FROM pdf_files').pluck().get()).toBe(1);
    db.prepare("INSERT INTO search_pages (id, sha256, page_number, indexed) VALUES (1, 'ab', 1, 1)").run();
    db.prepare("INSERT INTO search_fts (rowid, body, parts) VALUES (1, 'schulddienstverlen van de gemeent', 'schuld dienstverlen')").run();
    expect(db.prepare("SELECT rowid FROM search_fts WHERE search_fts MATCH '\"dienstverlen\" AND \"gemeent\"'").pluck().all()).toEqual([1]);
    expect(() => db.prepare("INSERT INTO search_pages (sha256, page_number, indexed) VALUES ('ab', 1, 1)").run()).toThrow(/UNIQUE/);
  });

  it('personal 002 adds saved searches whose alerts go with them', () => {
    const db = new Database(':memory:');
    migrate(db, 'main', PERSONAL_MIGRATIONS.slice(0, 2), 'test');
    expect(schemaVersion(db, 'main')).toBe(2);
    db.pragma('foreign_keys = ON');
    db.prepare("INSERT INTO saved_searches (id, name, query, created_at) VALUES (1, 'Nazorg', 'nazorg', 't')").run();
    db.prepare("INSERT INTO saved_search_alerts (saved_search_id, document_id, sha256, document_title, best_page, found_at) VALUES (1, 7, 'ab', 'Rapport', 3, 't')").run();
    expect(() => db.prepare("INSERT INTO saved_search_alerts (saved_search_id, document_id, sha256, document_title, best_page, found_at) VALUES (9, 7, 'ab', 'x', 1, 't')").run()).toThrow(/FOREIGN KEY/);
  });

  it('personal 003 keeps the start of every run, next to the saved searches already there', () => {
    const db = new Database(':memory:');
    migrate(db, 'main', PERSONAL_MIGRATIONS.slice(0, 2), 'test');
    db.prepare("INSERT INTO saved_searches (id, name, query, created_at) VALUES (1, 'Nazorg', 'nazorg', 't')").run();
    migrate(db, 'main', PERSONAL_MIGRATIONS.slice(0, 3), 'test');
    expect(schemaVersion(db, 'main')).toBe(3);
    expect(db.prepare('SELECT count(*) FROM saved_searches').pluck().get()).toBe(1);
    db.prepare("INSERT INTO visits (started_at) VALUES ('2026-12-01T08:00:00.000Z'), ('2026-12-02T09:00:00.000Z')").run();
    expect(db.prepare('SELECT max(started_at) FROM visits').pluck().get()).toBe('2026-12-02T09:00:00.000Z');
    expect(() => db.prepare('INSERT INTO visits (started_at) VALUES (NULL)').run()).toThrow(/NOT NULL/);
  });

  it('library 003 adds sync state to existing sources, and the mirror, queue and file tables sync relies on', () => {
    const db = new Database(':memory:');
    migrate(db, 'main', LIBRARY_MIGRATIONS.slice(0, 2), 'test');
    db.prepare("INSERT INTO sources (kind, key, name, created_at) VALUES ('package', 'local', 'Lokaal', 't')").run();
    migrate(db, 'main', LIBRARY_MIGRATIONS.slice(0, 3), 'test');
    expect(schemaVersion(db, 'main')).toBe(3);
    db.pragma('foreign_keys = ON');
    expect(db.prepare('SELECT key, last_status, removed_at FROM sources').all()).toEqual([{ key: 'local', last_status: null, removed_at: null }]);
    db.prepare("INSERT INTO sync_objects (source_id, kind, key, hash, payload, refs) VALUES (1, 'paper', 'p1', 'h', '{}', '[\"m1\"]')").run();
    // A paper's meetings are found through its refs (json_each), as applyChanges does.
    expect(db.prepare("SELECT o.key FROM sync_objects o, json_each(o.refs) r WHERE r.value = 'm1'").pluck().all()).toEqual(['p1']);
    expect(() => db.prepare("INSERT INTO sync_objects (source_id, kind, key, hash, deleted) VALUES (1, 'paper', 'p2', 'h', 2)").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO sync_pending (source_id, meeting_key, queued_at) VALUES (1, 'm1', 't')").run();
    expect(() => db.prepare("INSERT INTO sync_pending (source_id, meeting_key, queued_at) VALUES (1, 'm1', 't')").run()).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.prepare("INSERT INTO sync_files (source_id, url, fingerprint, sha256, size) VALUES (9, 'u', 'f', 's', 1)").run()).toThrow(/FOREIGN KEY/);
  });

  it('library 004 keeps one 32-byte key per name, for the encrypted PDFs of an encrypted store', () => {
    const db = new Database(':memory:');
    migrate(db, 'main', LIBRARY_MIGRATIONS.slice(0, 3), 'test');
    migrate(db, 'main', LIBRARY_MIGRATIONS.slice(0, 4), 'test');
    expect(schemaVersion(db, 'main')).toBe(4);
    db.prepare("INSERT INTO store_keys (name, key) VALUES ('files', ?)").run(Buffer.alloc(32, 7));
    expect(() => db.prepare("INSERT INTO store_keys (name, key) VALUES ('files', ?)").run(Buffer.alloc(32))).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.prepare("INSERT INTO store_keys (name, key) VALUES ('other', ?)").run(Buffer.alloc(16))).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO store_keys (name, key) VALUES ('text', 'not a blob of 32 bytes..........')").run()).toThrow();
  });

  it('never destroys data: no migration drops a table or deletes rows', () => {
    for (const [list, label] of [
      [LIBRARY_MIGRATIONS, 'library'],
      [PERSONAL_MIGRATIONS, 'personal'],
    ] as const) {
      const statements: string[] = [];
      const db = new Database(':memory:', { verbose: (sql) => statements.push(String(sql)) });
      migrate(db, 'main', list, label);
      const destructive = statements.filter((sql) => /\b(DROP\s+TABLE|DELETE\s+FROM|DROP\s+COLUMN)\b/i.test(sql));
      expect(destructive, `${label} migrations`).toEqual([]);
    }
  });

  it('numbers migrations 1, 2, 3… without gaps', () => {
    for (const list of [LIBRARY_MIGRATIONS, PERSONAL_MIGRATIONS]) {
      expect(list.map((m) => m.version)).toEqual(list.map((_, i) => i + 1));
    }
  });
});
