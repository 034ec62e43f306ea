// Remote sources as rows of the library's `sources` table (kind oparl/obv):
// their configuration, cursor and the outcome of the last sync, plus the
// per-source sync tables of migration 003 (object mirror, pending meetings,
// known files). Plain synchronous SQLite; the engine decides when to call.
import type Database from 'better-sqlite3-multiple-ciphers';
import type { SourceView, SyncResult } from '../../../shared/api.ts';
import { fail } from '../../../shared/errors.ts';

export type RemoteKind = 'oparl' | 'obv';

export interface SourceConfig {
  url: string;
  body?: string | undefined;
  since?: string | undefined;
  /** The friendly name a check found when it was added. */
  name?: string | undefined;
}

export interface SourceRow {
  id: number;
  kind: RemoteKind;
  key: string;
  name: string;
  config: SourceConfig;
  cursor: string | null;
}

interface RawSource {
  id: number;
  kind: RemoteKind;
  key: string;
  name: string;
  config: string;
  cursor: string | null;
  last_synced_at: string | null;
  last_result: string | null;
  created_at: string;
}

/** One key per API and body: the same municipality added twice is the same source. */
export function sourceKey(kind: RemoteKind, config: SourceConfig): string {
  return `${kind}:${config.url}${config.body ? `#${config.body}` : ''}`;
}

const toRow = (r: RawSource): SourceRow => ({ id: r.id, kind: r.kind, key: r.key, name: r.name, config: JSON.parse(r.config) as SourceConfig, cursor: r.cursor });

export function addSource(db: Database.Database, kind: RemoteKind, config: SourceConfig, now: string): SourceView {
  if (kind === 'obv' && !config.body) {
    fail('source.obv-needs-source', 'Een OpenBesluitvorming-bron heeft een bronsleutel nodig (--body, bijvoorbeeld zwolle).', 'An OpenBesluitvorming source needs a source key (--body, e.g. zwolle).');
  }
  const key = sourceKey(kind, config);
  const name = config.name ?? (config.body ? `${config.body} (${new URL(config.url).host})` : new URL(config.url).host);
  if (config.name === undefined) delete config.name;
  const existing = db.prepare('SELECT id, removed_at FROM sources WHERE key = ?').get(key) as { id: number; removed_at: string | null } | undefined;
  if (existing && existing.removed_at === null) {
    fail('source.exists', `Deze bron bestaat al (bron ${existing.id}: ${key}).`, `This source already exists (source ${existing.id}: ${key}).`, key);
  }
  if (existing) {
    // Added again after removal: the same rows, so its meetings are the same meetings.
    db.prepare('UPDATE sources SET removed_at = NULL, config = ?, name = CASE WHEN ? IS NULL THEN name ELSE ? END WHERE id = ?').run(JSON.stringify(config), config.name ?? null, config.name ?? null, existing.id);
    return viewSource(db, existing.id);
  }
  const id = Number(
    db.prepare('INSERT INTO sources (kind, key, name, config, created_at) VALUES (?, ?, ?, ?, ?)').run(kind, key, name, JSON.stringify(config), now).lastInsertRowid,
  );
  return viewSource(db, id);
}

/** Stops syncing a source. Its meetings stay in the library (private notes may refer to them). */
export function removeSource(db: Database.Database, sourceId: number, now: string): boolean {
  const changes = db.prepare("UPDATE sources SET removed_at = ? WHERE id = ? AND kind IN ('oparl', 'obv') AND removed_at IS NULL").run(now, sourceId).changes;
  if (changes === 0) unknownSource(sourceId);
  return true;
}

export function listSources(db: Database.Database): SourceView[] {
  const ids = db.prepare("SELECT id FROM sources WHERE kind IN ('oparl', 'obv') AND removed_at IS NULL ORDER BY id").pluck().all() as number[];
  return ids.map((id) => viewSource(db, id));
}

export function getSource(db: Database.Database, sourceId: number): SourceRow {
  const row = db.prepare("SELECT * FROM sources WHERE id = ? AND kind IN ('oparl', 'obv') AND removed_at IS NULL").get(sourceId) as RawSource | undefined;
  if (!row) unknownSource(sourceId);
  return toRow(row);
}

export function activeSources(db: Database.Database): SourceRow[] {
  return (db.prepare("SELECT * FROM sources WHERE kind IN ('oparl', 'obv') AND removed_at IS NULL ORDER BY id").all() as RawSource[]).map(toRow);
}

export function viewSource(db: Database.Database, sourceId: number): SourceView {
  const r = db.prepare('SELECT * FROM sources WHERE id = ?').get(sourceId) as RawSource;
  const config = JSON.parse(r.config) as SourceConfig;
  const pending = db.prepare('SELECT count(*) FROM sync_pending WHERE source_id = ?').pluck().get(sourceId) as number;
  return {
    id: r.id,
    kind: r.kind,
    url: config.url,
    body: config.body ?? null,
    since: config.since ?? null,
    name: r.name,
    createdAt: r.created_at,
    lastSyncedAt: r.last_synced_at,
    lastResult: r.last_result ? (JSON.parse(r.last_result) as SyncResult) : null,
    pendingMeetings: pending,
    checkedName: config.name ?? null,
  };
}

export function recordResult(db: Database.Database, result: SyncResult): void {
  db.prepare('UPDATE sources SET last_status = ?, last_result = ?, last_synced_at = CASE WHEN ? THEN ? ELSE last_synced_at END WHERE id = ?').run(
    result.status,
    JSON.stringify(result),
    result.status === 'ok' ? 1 : 0,
    result.finishedAt,
    result.sourceId,
  );
}

export function setSourceName(db: Database.Database, sourceId: number, name: string): void {
  db.prepare('UPDATE sources SET name = ? WHERE id = ?').run(name, sourceId);
}

function unknownSource(sourceId: number): never {
  fail('source.unknown', `Er is geen bron ${sourceId}. "raadsmap sources list" toont de bronnen.`, `There is no source ${sourceId}. "raadsmap sources list" shows the sources.`, String(sourceId));
}

// ---- The object mirror and the pending queue ---------------------------------

/**
 * The mirror kind of a pointer from an id inside a meeting or paper (an OParl
 * agenda item, consultation or file, which have no list of their own in OParl
 * 1.0) to what holds it: a paper that names only the item, or a file that
 * changed on its own, still reaches its meetings. Keyed by linkKey.
 */
export const LINK_KIND = 'link';

/** One link per holder: several papers may hold the same file. */
export const linkKey = (target: string, holder: string) => `${target}#${holder}`;

/** Steps from a changed object through links to its meetings (file -> paper's item -> meeting). */
const LINK_DEPTH = 3;

/** An object of the API as one sync saw it: a change to apply to the mirror. */
export interface ObjectChange {
  kind: string;
  key: string;
  hash: string;
  deleted: boolean;
  payload: unknown;
  /** Keys of related objects (any kind) this object points at. */
  refs: string[];
}

export interface MirroredObject<T = unknown> {
  kind: string;
  key: string;
  deleted: boolean;
  payload: T | null;
  refs: string[];
}

/**
 * Applies a page of changes to the mirror, queues every meeting they touch
 * and moves the cursor, all in one transaction. Returns how many objects
 * really changed (the same hash again is no change).
 */
export function applyChanges(db: Database.Database, sourceId: number, changes: ObjectChange[], meetingKind: string, cursor: string | null, now: string): number {
  return db.transaction(() => {
    const find = db.prepare('SELECT hash, deleted, refs FROM sync_objects WHERE source_id = ? AND kind = ? AND key = ?');
    const upsert = db.prepare(
      `INSERT INTO sync_objects (source_id, kind, key, hash, deleted, payload, refs) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (source_id, kind, key) DO UPDATE SET hash = excluded.hash, deleted = excluded.deleted, payload = excluded.payload, refs = excluded.refs`,
    );
    const queue = db.prepare('INSERT OR IGNORE INTO sync_pending (source_id, meeting_key, queued_at) VALUES (?, ?, ?)');
    // Meetings whose refs name this object (an OBV meeting listing a document).
    const referrers = db.prepare('SELECT key FROM sync_refs WHERE source_id = ? AND ref = ? AND kind = ?').pluck();
    const addRef = db.prepare('INSERT OR IGNORE INTO sync_refs (source_id, ref, kind, key) VALUES (?, ?, ?, ?)');
    const dropRef = db.prepare('DELETE FROM sync_refs WHERE source_id = ? AND ref = ? AND kind = ? AND key = ?');
    const isMeeting = db.prepare('SELECT 1 FROM sync_objects WHERE source_id = ? AND kind = ? AND key = ?').pluck();
    // What holds a key, through its links (a range of the primary key: every holder of it).
    const linked = db.prepare(`SELECT refs FROM sync_objects WHERE source_id = ? AND kind = '${LINK_KIND}' AND key >= ? AND key < ? AND deleted = 0`).pluck();
    let changed = 0;
    for (const c of changes) {
      const old = find.get(sourceId, c.kind, c.key) as { hash: string; deleted: number; refs: string } | undefined;
      if (old && old.hash === c.hash && old.deleted === (c.deleted ? 1 : 0)) continue;
      if (!old && c.deleted) continue; // never seen, now gone: nothing to withdraw
      changed++;
      upsert.run(sourceId, c.kind, c.key, c.hash, c.deleted ? 1 : 0, c.deleted ? null : JSON.stringify(c.payload), JSON.stringify(c.refs));
      const oldRefs = old ? (JSON.parse(old.refs) as string[]) : [];
      if (c.kind !== LINK_KIND) {
        for (const ref of oldRefs) dropRef.run(sourceId, ref, c.kind, c.key);
        for (const ref of c.refs) addRef.run(sourceId, ref, c.kind, c.key);
      }
      const touched = new Set<string>(c.kind === meetingKind ? [c.key] : []);
      // Related objects before and after the change: a paper moved off a meeting touches both.
      for (const ref of [...oldRefs, ...c.refs]) touched.add(ref);
      // (Links are never listed by a meeting: no need to look.)
      if (c.kind !== LINK_KIND) for (const key of referrers.all(sourceId, c.key, meetingKind) as string[]) touched.add(key);
      // Refs to something inside a meeting or paper, and the object itself when it lives inside one, reach the meetings through links.
      let frontier = c.kind === meetingKind ? [] : [c.key, ...touched];
      for (let depth = 0; depth < LINK_DEPTH && frontier.length; depth++) {
        const next: string[] = [];
        for (const key of frontier) {
          if (key !== c.key && isMeeting.get(sourceId, meetingKind, key)) continue;
          for (const refs of linked.all(sourceId, linkKey(key, ''), `${key}$`) as string[]) {
            for (const ref of JSON.parse(refs) as string[]) {
              if (touched.has(ref)) continue;
              touched.add(ref);
              next.push(ref);
            }
          }
        }
        frontier = next;
      }
      for (const key of touched) if ((c.kind === meetingKind && key === c.key) || isMeeting.get(sourceId, meetingKind, key)) queue.run(sourceId, key, now);
    }
    if (cursor !== null) db.prepare('UPDATE sources SET cursor = ? WHERE id = ?').run(cursor, sourceId);
    return changed;
  }).immediate();
}

export function pendingMeetings(db: Database.Database, sourceId: number): string[] {
  return db.prepare('SELECT meeting_key FROM sync_pending WHERE source_id = ? ORDER BY meeting_key').pluck().all(sourceId) as string[];
}

export function donePending(db: Database.Database, sourceId: number, meetingKey: string): void {
  db.prepare('DELETE FROM sync_pending WHERE source_id = ? AND meeting_key = ?').run(sourceId, meetingKey);
}

export function mirrored<T>(db: Database.Database, sourceId: number, kind: string, key: string): MirroredObject<T> | null {
  const row = db.prepare('SELECT kind, key, deleted, payload, refs FROM sync_objects WHERE source_id = ? AND kind = ? AND key = ?').get(sourceId, kind, key) as
    | { kind: string; key: string; deleted: number; payload: string | null; refs: string }
    | undefined;
  if (!row) return null;
  return { kind: row.kind, key: row.key, deleted: row.deleted === 1, payload: row.payload ? (JSON.parse(row.payload) as T) : null, refs: JSON.parse(row.refs) as string[] };
}

/** Live objects of `kind` whose refs include `key`, or any of `keys` (the papers on a meeting or its items), each once. */
export function mirroredReferring<T>(db: Database.Database, sourceId: number, kind: string, keys: string | string[]): T[] {
  // Through sync_refs (an index lookup a key), not a scan of every object's refs.
  const rows = db
    .prepare(
      // CROSS JOIN keeps this order: from the few keys asked, through the index, to the objects.
      `SELECT o.payload FROM json_each(@keys) k
       CROSS JOIN sync_refs r ON r.source_id = @sourceId AND r.ref = k.value AND r.kind = @kind
       CROSS JOIN sync_objects o ON o.source_id = r.source_id AND o.kind = r.kind AND o.key = r.key
       WHERE o.deleted = 0 GROUP BY o.key ORDER BY o.key`,
    )
    .pluck()
    .all({ sourceId, kind, keys: JSON.stringify(typeof keys === 'string' ? [keys] : keys) }) as string[];
  return rows.map((p) => JSON.parse(p) as T);
}

export function knownFile(db: Database.Database, sourceId: number, url: string, fingerprint: string): { sha256: string; size: number } | null {
  const row = db.prepare('SELECT sha256, size FROM sync_files WHERE source_id = ? AND url = ? AND fingerprint = ?').get(sourceId, url, fingerprint) as
    | { sha256: string; size: number }
    | undefined;
  return row ?? null;
}

export function rememberFile(db: Database.Database, sourceId: number, url: string, fingerprint: string, sha256: string, size: number): void {
  db.prepare(
    `INSERT INTO sync_files (source_id, url, fingerprint, sha256, size) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (source_id, url) DO UPDATE SET fingerprint = excluded.fingerprint, sha256 = excluded.sha256, size = excluded.size`,
  ).run(sourceId, url, fingerprint, sha256, size);
}
