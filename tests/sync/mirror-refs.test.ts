// The sync mirror's references as an index (migration 009, sync_refs): a
// meeting's papers are a look-up at any size of the mirror, kept right when a
// paper moves or goes, and filled in for a mirror made before the index.
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { LIBRARY_MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { addSource, applyChanges, mirroredReferring, pendingMeetings, type ObjectChange } from '../../electron/core/sync/sources.ts';

/** An in-memory library brought up to migration `upTo` (all by default). */
function libraryAt(upTo = LIBRARY_MIGRATIONS.length): Database.Database {
  const db = new Database(':memory:');
  for (const m of LIBRARY_MIGRATIONS.slice(0, upTo)) m.up(db, 'main');
  return db;
}

const NOW = '2026-01-05T09:00:00.000Z';
const meeting = (key: string): ObjectChange => ({ kind: 'meeting', key, hash: `h-${key}`, deleted: false, payload: { id: key }, refs: [] });
const paper = (key: string, refs: string[], hash = 'h'): ObjectChange => ({ kind: 'paper', key, hash: `${hash}-${key}`, deleted: false, payload: { id: key, refs }, refs });
const keysOf = (rows: { id: string }[]) => rows.map((r) => r.id);

describe('the papers of a meeting in the sync mirror', () => {
  it('are found by look-up through the index among 20,000 papers, never by reading every object (a scan took ~20 ms per meeting)', () => {
    const db = libraryAt();
    const { id } = addSource(db, 'oparl', { url: 'https://ris.example/oparl' }, NOW);
    const MEETINGS = 2000;
    const PAPERS = 20_000;
    applyChanges(db, id, Array.from({ length: MEETINGS }, (_, m) => meeting(`m${m}`)), 'meeting', null, NOW);
    for (let start = 0; start < PAPERS; start += 5000) {
      const page = Array.from({ length: 5000 }, (_, i) => start + i).map((p) => paper(`p${String(p).padStart(5, '0')}`, [`m${p % MEETINGS}`, `item${(p % MEETINGS) * 15 + (p % 15)}`]));
      applyChanges(db, id, page, 'meeting', null, NOW);
    }
    // What SQLite will do for the look-up (speed belongs in benchmarks, not in a timed test): every step
    // on the mirror's tables seeks by an index; only the list of keys asked is read whole.
    const statements: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => (statements.push(sql), prepare(sql))) as typeof db.prepare;
    for (let m = 0; m < 50; m++) {
      const found = mirroredReferring<{ id: string }>(db, id, 'paper', [`m${m}`, ...Array.from({ length: 15 }, (_, i) => `item${m * 15 + i}`)]);
      expect(found).toHaveLength(PAPERS / MEETINGS);
    }
    db.prepare = prepare;
    expect(statements.length).toBeGreaterThan(0);
    for (const sql of new Set(statements)) {
      const steps = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ sourceId: id, kind: 'paper', keys: '["m1"]' }) as { detail: string }[]).map((s) => s.detail);
      // One pass over the keys asked (a table-valued json_each), nothing else read whole …
      expect(steps.filter((d) => /^SCAN /.test(d)).length, steps.join(' | ')).toBe(1);
      expect(steps.find((d) => /^SCAN /.test(d)), steps.join(' | ')).toMatch(/VIRTUAL TABLE/);
      // … and each object reached by its whole key (not all papers of the source, one by one).
      expect(steps.some((d) => /^SEARCH .*\bkey=\?/.test(d)), steps.join(' | ')).toBe(true);
    }
    expect(keysOf(mirroredReferring(db, id, 'paper', 'm7'))).toEqual(['p00007', 'p02007', 'p04007', 'p06007', 'p08007', 'p10007', 'p12007', 'p14007', 'p16007', 'p18007']);
  });

  it('follow a paper that moves to another meeting or is deleted, and queue both meetings', () => {
    const db = libraryAt();
    const { id } = addSource(db, 'oparl', { url: 'https://ris.example/oparl' }, NOW);
    applyChanges(db, id, [meeting('m1'), meeting('m2'), paper('p1', ['m1']), paper('p2', ['m1', 'm2'])], 'meeting', null, NOW);
    expect(keysOf(mirroredReferring(db, id, 'paper', 'm1'))).toEqual(['p1', 'p2']);
    db.prepare('DELETE FROM sync_pending').run();
    applyChanges(db, id, [paper('p1', ['m2'], 'moved')], 'meeting', null, NOW);
    expect(keysOf(mirroredReferring(db, id, 'paper', 'm1'))).toEqual(['p2']);
    expect(keysOf(mirroredReferring(db, id, 'paper', 'm2'))).toEqual(['p1', 'p2']);
    expect(pendingMeetings(db, id)).toEqual(['m1', 'm2']);
    applyChanges(db, id, [{ ...paper('p2', ['m1', 'm2']), hash: 'gone', deleted: true }], 'meeting', null, NOW);
    expect(keysOf(mirroredReferring(db, id, 'paper', ['m1', 'm2']))).toEqual(['p1']);
  });

  it('a mirror made before the index (migration 008) is indexed by migration 009', () => {
    const db = libraryAt(8);
    db.exec(`
      INSERT INTO sources (id, kind, key, name, config, created_at) VALUES (1, 'oparl', 'oparl:https://ris.example', 'RIS', '{"url":"https://ris.example"}', '${NOW}');
      INSERT INTO sync_objects (source_id, kind, key, hash, payload, refs) VALUES
        (1, 'meeting', 'm1', 'h', '{"id":"m1"}', '[]'),
        (1, 'paper', 'p1', 'h', '{"id":"p1"}', '["m1","item1"]'),
        (1, 'paper', 'p2', 'h', '{"id":"p2"}', '["item2"]'),
        (1, 'link', 'file1#p1', 'h', '{"holder":"p1"}', '["m1"]');
    `);
    db.transaction(() => LIBRARY_MIGRATIONS[8]!.up(db, 'main'))();
    expect(keysOf(mirroredReferring(db, 1, 'paper', 'm1'))).toEqual(['p1']);
    expect(keysOf(mirroredReferring(db, 1, 'paper', ['item1', 'item2']))).toEqual(['p1', 'p2']);
    // A link's refs are followed by its key, never looked up: not in the index.
    expect(db.prepare("SELECT count(*) FROM sync_refs WHERE kind = 'link'").pluck().get()).toBe(0);
  });
});
