// Library migrations 006 (origins) and 007 (version numbers, the log of
// current versions, too-large) on stores made before them, and the
// background catch-up of comparisons (review of issue 19).
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { LIBRARY_MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { saveComparison, storedComparison } from '../../electron/core/versions/version-store.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

/** An in-memory library brought up to migration `upTo`, as a store made by the Raadsmap that had those. */
function libraryAt(upTo: number): Database.Database {
  const db = new Database(':memory:');
  for (const m of LIBRARY_MIGRATIONS.slice(0, upTo)) m.up(db, 'main');
  return db;
}

describe('migrations of the versions tables', () => {
  it('006 fills in the origins of many versions quickly (one look-up per version, not a scan of the imports)', () => {
    const db = libraryAt(5);
    const VERSIONS = 60_000;
    const IMPORTS = 10_000;
    const at = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
    db.pragma('foreign_keys = OFF'); // versions without their files: only the origins matter here
    db.transaction(() => {
      db.prepare("INSERT INTO sources (id, kind, key, name, created_at) VALUES (1, 'package', 'local', 'Lokale pakketten', ?)").run(at(0));
      const doc = db.prepare("INSERT INTO documents (id, source_id, external_id, title, type, created_at, updated_at) VALUES (?, 1, ?, 't', 'bijlage', ?, ?)");
      const version = db.prepare("INSERT INTO document_versions (id, document_id, sha256, file_name, created_at) VALUES (?, ?, ?, 'a.pdf', ?)");
      for (let i = 1; i <= VERSIONS; i++) {
        doc.run(i, `d${i}`, at(i % IMPORTS), at(i % IMPORTS));
        version.run(i, i, `sha${i}`, at(i % IMPORTS));
      }
      const imp = db.prepare("INSERT INTO imports (id, source_id, origin, outcome, summary, finished_at) VALUES (?, 1, ?, 'created', '{}', ?)");
      for (let i = 1; i <= IMPORTS; i++) imp.run(i, `/pakketten/${i}`, at(i));
    })();
    const started = performance.now();
    db.transaction(() => LIBRARY_MIGRATIONS[5]!.up(db, 'main'))();
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(db.prepare('SELECT origin FROM document_versions WHERE id = 12345').pluck().get()).toBe(`/pakketten/${12345 % IMPORTS}`);
    // The look-up index is gone again: it was only for this.
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'imports_by_source_finished'").pluck().get()).toBe(0);
  });

  it('007 numbers the versions, logs each as having replaced the one before, and keeps the stored comparisons', () => {
    const db = libraryAt(6);
    db.pragma('foreign_keys = ON');
    db.exec(`
      INSERT INTO sources (id, kind, key, name, created_at) VALUES (1, 'package', 'local', 'Lokale pakketten', '2026-01-01');
      INSERT INTO pdf_files (sha256, size, page_count, extracted_at) VALUES ('a', 1, 1, 'x'), ('b', 1, 1, 'x'), ('c', 1, 1, 'x');
      INSERT INTO documents (id, source_id, external_id, title, type, created_at, updated_at) VALUES (1, 1, 'd1', 't', 'bijlage', '2026-01-01', '2026-01-01');
      INSERT INTO document_versions (id, document_id, sha256, file_name, created_at) VALUES (4, 1, 'a', 'a.pdf', '2026-01-01'), (9, 1, 'b', 'b.pdf', '2026-01-02'), (12, 1, 'c', 'c.pdf', '2026-01-03');
      UPDATE documents SET current_version_id = 12;
      INSERT INTO version_diffs (id, document_id, from_version_id, to_version_id, status, change_count, created_at) VALUES (1, 1, 9, 12, 'changed', 1, '2026-01-03');
      INSERT INTO version_changes (diff_id, seq, kind, page, old_page, old_text, new_text, ranges, old_ranges) VALUES (1, 0, 'inserted', 1, 1, '', 'nieuw', '[]', '[]');
    `);
    db.transaction(() => LIBRARY_MIGRATIONS[6]!.up(db, 'main'))();
    expect(db.prepare('SELECT id, number FROM document_versions ORDER BY id').all()).toEqual([
      { id: 4, number: 1 },
      { id: 9, number: 2 },
      { id: 12, number: 3 },
    ]);
    expect(db.prepare('SELECT from_version_id AS fromId, to_version_id AS toId, set_at AS setAt FROM current_versions ORDER BY id').all()).toEqual([
      { fromId: null, toId: 4, setAt: '2026-01-01' },
      { fromId: 4, toId: 9, setAt: '2026-01-02' },
      { fromId: 9, toId: 12, setAt: '2026-01-03' },
    ]);
    expect(db.prepare('SELECT count(*) FROM version_changes WHERE diff_id = 1').pluck().get()).toBe(1);
    expect(db.prepare('SELECT too_large FROM version_diffs WHERE id = 1').pluck().get()).toBe(0);
    // A comparison given up is stored and read back as too-large, without changes.
    expect(saveComparison(db, { documentId: 1, fromVersionId: 4, toVersionId: 12 }, { status: 'too-large', changes: [] }, '2026-01-04')).toMatchObject({ status: 'too-large', count: 0 });
    expect(storedComparison(db, 4, 12)).toMatchObject({ status: 'too-large', count: 0 });
    expect(storedComparison(db, 9, 12)).toMatchObject({ status: 'changed', count: 1 });
  });
});

describe('comparisons not stored yet', () => {
  async function storeWithoutComparison() {
    const dataDir = tempDir();
    let now = new Date('2026-12-01T08:00:00Z');
    const core = createCore({ dataDir, clock: () => now, extractionThreads: 1 });
    const spec = samplePackageSpec();
    await core.importPackages({ paths: [(await writePackage(tempDir(), spec)).dir] });
    spec.documents[2]!.pages = [['Rekenkamerrapport', 'Het budget is € 1,4 mln per jaar.']];
    now = new Date('2026-12-02T08:00:00Z');
    await core.importPackages({ paths: [(await writePackage(tempDir(), spec)).dir] });
    await core.close();
    // As a store whose versions were stored before Raadsmap compared them.
    const raw = new Database(path.join(dataDir, 'library.db'));
    raw.exec('DELETE FROM version_changes; DELETE FROM version_diffs;');
    raw.close();
    const count = () => {
      const db = new Database(path.join(dataDir, 'library.db'), { readonly: true });
      try {
        return db.prepare('SELECT count(*) FROM version_diffs').pluck().get() as number;
      } finally {
        db.close();
      }
    };
    return { dataDir, count };
  }

  it('are made in the background after start by the app, not while the core opens, nor by a CLI command', async () => {
    const { dataDir, count } = await storeWithoutComparison();
    // A CLI command: opens and closes without comparing.
    const cli = createCore({ dataDir, extractionThreads: 1 });
    expect(count()).toBe(0);
    await cli.close();
    expect(count()).toBe(0);

    const app = createCore({ dataDir, extractionThreads: 1, compareInBackground: true });
    cores.push(app);
    // Nothing yet when createCore returns: the comparison runs after start.
    expect(count()).toBe(0);
    for (let i = 0; i < 100 && count() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(count()).toBe(1);
  });
});
