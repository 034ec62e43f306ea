import type { Migration } from '../types.ts';

// What a mirrored object refers to, one row a reference: the papers on a
// meeting and its items, and the meetings that list a changed object, are then
// an index lookup rather than a scan of every object's refs (at 20,000 papers,
// ~20 ms a meeting, ~40 s a full sync of 2,000 meetings). sync_objects.refs
// stays the record; this is kept with it in the same transaction. Links (their
// refs are followed by key, never looked up) are left out.
export const syncRefs: Migration = {
  version: 9,
  name: 'sync mirror: references as an index',
  up(db, s) {
    db.exec(`
      CREATE TABLE ${s}.sync_refs (
        source_id INTEGER NOT NULL,
        ref TEXT NOT NULL,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        PRIMARY KEY (source_id, ref, kind, key)
      ) WITHOUT ROWID;

      INSERT OR IGNORE INTO ${s}.sync_refs (source_id, ref, kind, key)
        SELECT o.source_id, r.value, o.kind, o.key FROM ${s}.sync_objects o, json_each(o.refs) r
        WHERE o.kind <> 'link' AND r.type = 'text';
    `);
  },
};
