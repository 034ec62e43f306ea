// Versions of a document in the library: where each came from, the stored
// comparison of each new version with the one it replaced (made once, in the
// transaction that stores the new version: write-meeting.ts), the changes a
// councillor has not seen yet (their badge), and reading changes back.
import type Database from 'better-sqlite3-multiple-ciphers';
import type { ChangeBadge, DiffStatus, DocumentChanges, DocumentVersionInfo, TextRange, VersionChange } from '../../../shared/api.ts';
import { RaadsmapError } from '../../../shared/errors.ts';
import { compareVersions, type VersionComparison } from './changes.ts';
import type { VersionPage } from './tokens.ts';

export function versionPages(db: Database.Database, sha256: string): VersionPage[] {
  return db.prepare('SELECT page_number AS pageNumber, raw_text AS rawText, quality FROM pages WHERE sha256 = ? ORDER BY page_number').all(sha256) as VersionPage[];
}

const shaOf = (db: Database.Database, versionId: number) => db.prepare('SELECT sha256 FROM document_versions WHERE id = ?').pluck().get(versionId) as string;

/** Compares two stored versions (nothing is written). */
export function compareStored(db: Database.Database, fromVersionId: number, toVersionId: number): VersionComparison {
  return compareVersions(versionPages(db, shaOf(db, fromVersionId)), versionPages(db, shaOf(db, toVersionId)));
}

/**
 * Compares a document's new version with the one it replaces and stores the
 * result; a pair compared before is left as it is. Runs inside the caller's
 * transaction (the import's), so the version and its changes arrive together.
 */
export function storeComparison(db: Database.Database, documentId: number, fromVersionId: number, toVersionId: number, now: string): { status: DiffStatus; count: number } {
  const existing = db.prepare('SELECT status, change_count AS count FROM version_diffs WHERE from_version_id = ? AND to_version_id = ?').get(fromVersionId, toVersionId) as
    | { status: DiffStatus; count: number }
    | undefined;
  if (existing) return existing;
  const { status, changes } = compareStored(db, fromVersionId, toVersionId);
  const diffId = Number(
    db
      .prepare('INSERT INTO version_diffs (document_id, from_version_id, to_version_id, status, change_count, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(documentId, fromVersionId, toVersionId, status, changes.length, now).lastInsertRowid,
  );
  const insert = db.prepare(
    `INSERT INTO version_changes (diff_id, seq, kind, page, old_page, old_text, new_text, ranges, old_ranges, amount_old, amount_new)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const packRanges = (ranges: TextRange[]) => JSON.stringify(ranges.map((r) => [r.page, r.start, r.end]));
  for (const c of changes) {
    insert.run(diffId, c.index, c.kind, c.page, c.oldPage, c.oldText, c.newText, packRanges(c.ranges), packRanges(c.oldRanges), c.amount?.old ?? null, c.amount?.new ?? null);
  }
  return { status, count: changes.length };
}

/**
 * Current versions without a comparison with the version before them (stored
 * before Raadsmap made comparisons): compared now, at start, one transaction
 * per document. Versions stored since are compared as they are written.
 */
export function compareMissing(db: Database.Database, now: () => string): number {
  const missing = db
    .prepare(
      `SELECT d.id AS documentId, d.current_version_id AS toId,
         (SELECT max(v.id) FROM document_versions v WHERE v.document_id = d.id AND v.id < d.current_version_id) AS fromId
       FROM documents d
       WHERE EXISTS (SELECT 1 FROM document_versions v WHERE v.document_id = d.id AND v.id < d.current_version_id)
         AND NOT EXISTS (SELECT 1 FROM version_diffs x WHERE x.to_version_id = d.current_version_id)`,
    )
    .all() as { documentId: number; toId: number; fromId: number }[];
  for (const m of missing) {
    // The version's own arrival is when it changed, not now.
    const arrived = db.prepare('SELECT created_at FROM document_versions WHERE id = ?').pluck().get(m.toId) as string | undefined;
    db.transaction(() => storeComparison(db, m.documentId, m.fromId, m.toId, arrived ?? now()))();
  }
  return missing.length;
}

interface ChangeRow {
  seq: number;
  kind: VersionChange['kind'];
  page: number;
  old_page: number;
  old_text: string;
  new_text: string;
  ranges: string;
  old_ranges: string;
  amount_old: string | null;
  amount_new: string | null;
}

const unpackRanges = (json: string): TextRange[] => (JSON.parse(json) as [number, number, number][]).map(([page, start, end]) => ({ page, start, end }));

function storedChanges(db: Database.Database, diffId: number): VersionChange[] {
  return (db.prepare('SELECT * FROM version_changes WHERE diff_id = ? ORDER BY seq').all(diffId) as ChangeRow[]).map((r) => ({
    index: r.seq,
    kind: r.kind,
    page: r.page,
    oldPage: r.old_page,
    oldText: r.old_text,
    newText: r.new_text,
    ranges: unpackRanges(r.ranges),
    oldRanges: unpackRanges(r.old_ranges),
    amount: r.amount_old === null || r.amount_new === null ? null : { old: r.amount_old, new: r.amount_new },
  }));
}

function notFound(documentId: number): RaadsmapError {
  return new RaadsmapError({ code: 'not-found.document', nl: `Document ${documentId} bestaat niet.`, en: `Document ${documentId} does not exist.`, subject: String(documentId) });
}

/** Every version of a document, newest first, with its source and its comparison with the version before it. */
export function documentVersions(db: Database.Database, documentId: number): DocumentVersionInfo[] {
  const rows = db
    .prepare(
      `SELECT v.id, v.sha256, v.created_at, v.file_name, v.origin, f.page_count, (v.id = d.current_version_id) AS current,
         s.kind AS source_kind, s.name AS source_name,
         (SELECT x.status FROM version_diffs x WHERE x.to_version_id = v.id ORDER BY x.created_at DESC, x.id DESC LIMIT 1) AS diff_status,
         (SELECT x.change_count FROM version_diffs x WHERE x.to_version_id = v.id ORDER BY x.created_at DESC, x.id DESC LIMIT 1) AS diff_count
       FROM document_versions v JOIN documents d ON d.id = v.document_id JOIN sources s ON s.id = d.source_id
       JOIN pdf_files f ON f.sha256 = v.sha256
       WHERE v.document_id = ? ORDER BY v.id`,
    )
    .all(documentId) as {
    id: number;
    sha256: string;
    created_at: string;
    file_name: string;
    origin: string | null;
    page_count: number;
    current: number;
    source_kind: 'package' | 'oparl' | 'obv';
    source_name: string;
    diff_status: DiffStatus | null;
    diff_count: number | null;
  }[];
  return rows
    .map((r, i) => ({
      id: r.id,
      number: i + 1,
      sha256: r.sha256,
      createdAt: r.created_at,
      pageCount: r.page_count,
      current: r.current === 1,
      fileName: r.file_name,
      source: { kind: r.source_kind, name: r.source_name, origin: r.origin },
      diff: r.diff_status === null ? null : { status: r.diff_status, count: r.diff_count ?? 0 },
    }))
    .reverse();
}

/**
 * The changes between two versions of a document: by default the current
 * version and the one before it. A stored comparison is read; another pair
 * (--from an older version) is compared now, without storing it.
 */
export function listChanges(db: Database.Database, input: { documentId: number; fromVersionId?: number | undefined; toVersionId?: number | undefined }): DocumentChanges {
  const document = db.prepare('SELECT id, title, current_version_id FROM documents WHERE id = ?').get(input.documentId) as
    | { id: number; title: string; current_version_id: number }
    | undefined;
  if (!document) throw notFound(input.documentId);
  const versions = documentVersions(db, document.id);
  const byId = (id: number, which: 'from' | 'to') => {
    const version = versions.find((v) => v.id === id);
    if (version) return version;
    throw new RaadsmapError({
      code: 'not-found.version',
      nl: `Versie ${id} hoort niet bij document ${document.id} ("${document.title}"). Versies: ${versions.map((v) => `${v.number} (id ${v.id})`).join(', ')}.`,
      en: `Version ${id} is not a version of document ${document.id} ("${document.title}"). Versions: ${versions.map((v) => `${v.number} (id ${v.id})`).join(', ')}.`,
      subject: `${which}:${id}`,
    });
  };
  const to = byId(input.toVersionId ?? document.current_version_id, 'to');
  const storedFrom =
    input.fromVersionId ??
    ((db.prepare('SELECT from_version_id FROM version_diffs WHERE to_version_id = ? ORDER BY created_at DESC, id DESC LIMIT 1').pluck().get(to.id) as number | undefined) ??
      versions.find((v) => v.number === to.number - 1)?.id);
  if (storedFrom === undefined) {
    throw new RaadsmapError({
      code: 'versions.only-one',
      nl: `"${document.title}" heeft geen eerdere versie om mee te vergelijken.`,
      en: `"${document.title}" has no earlier version to compare with.`,
      subject: String(document.id),
    });
  }
  const from = byId(storedFrom, 'from');
  if (from.id === to.id) return { documentId: document.id, title: document.title, from, to, status: 'identical', changes: [] };
  const stored = db.prepare('SELECT id, status FROM version_diffs WHERE from_version_id = ? AND to_version_id = ?').get(from.id, to.id) as { id: number; status: DiffStatus } | undefined;
  if (stored) return { documentId: document.id, title: document.title, from, to, status: stored.status, changes: storedChanges(db, stored.id) };
  const compared = compareStored(db, from.id, to.id);
  return { documentId: document.id, title: document.title, from, to, status: compared.status, changes: compared.changes };
}

/**
 * The change badges of documents (all when `documentIds` is undefined): the
 * changes of every version that arrived after the one the user last opened
 * (personal.read_state.seen_sha256, or, opened before that was kept, the
 * version current when they first read it; never opened: after the first).
 * Only documents with at least one change get one.
 */
export function changeBadges(db: Database.Database, documentIds?: readonly number[]): Map<number, ChangeBadge> {
  const filter = documentIds === undefined ? '' : 'WHERE d.id IN (SELECT value FROM json_each(@ids))';
  const rows = db
    .prepare(
      `WITH seen AS (
         SELECT d.id AS document_id, d.current_version_id, cv.sha256 AS current_sha256, r.seen_sha256,
           CASE WHEN r.seen_sha256 IS NOT NULL THEN r.seen_at ELSE r.read_at END AS since
         FROM documents d JOIN document_versions cv ON cv.id = d.current_version_id
         LEFT JOIN personal.read_state r ON r.document_id = d.id
         ${filter}
       )
       SELECT s.document_id, s.since, s.current_version_id, s.seen_sha256, sum(x.change_count) AS count, max(x.created_at) AS arrived_at,
         coalesce(
           (SELECT max(v.id) FROM document_versions v WHERE v.document_id = s.document_id AND v.sha256 = s.seen_sha256),
           (SELECT max(v.id) FROM document_versions v WHERE v.document_id = s.document_id AND v.created_at <= s.since),
           (SELECT min(v.id) FROM document_versions v WHERE v.document_id = s.document_id)) AS from_version_id
       FROM seen s JOIN version_diffs x ON x.document_id = s.document_id AND x.status = 'changed' AND (s.since IS NULL OR x.created_at > s.since)
       WHERE s.seen_sha256 IS NULL OR s.seen_sha256 <> s.current_sha256
       GROUP BY s.document_id`,
    )
    .all(documentIds === undefined ? {} : { ids: JSON.stringify(documentIds) }) as {
    document_id: number;
    since: string | null;
    current_version_id: number;
    count: number;
    arrived_at: string;
    from_version_id: number;
  }[];
  return new Map(
    rows
      .filter((r) => r.count > 0 && r.from_version_id !== r.current_version_id)
      .map((r) => [r.document_id, { count: r.count, since: r.since, fromVersionId: r.from_version_id, toVersionId: r.current_version_id, arrivedAt: r.arrived_at }]),
  );
}

/** The reader opened the document (or it was marked read): its current version is the one seen. */
export function markSeen(db: Database.Database, documentId: number, now: string): { versionId: number } {
  const current = db.prepare('SELECT v.id, v.sha256 FROM documents d JOIN document_versions v ON v.id = d.current_version_id WHERE d.id = ?').get(documentId) as
    | { id: number; sha256: string }
    | undefined;
  if (!current) throw notFound(documentId);
  db.prepare(
    `INSERT INTO personal.read_state (document_id, seen_sha256, seen_at, updated_at) VALUES (@id, @sha256, @now, @now)
     ON CONFLICT (document_id) DO UPDATE SET seen_sha256 = @sha256, seen_at = @now, updated_at = @now`,
  ).run({ id: documentId, sha256: current.sha256, now });
  return { versionId: current.id };
}

/**
 * The changes between the versions of a document with these files (stored,
 * or compared now); null when either is no longer a version of it (pruned).
 */
export function changesBetween(db: Database.Database, documentId: number, fromSha256: string, toSha256: string): VersionChange[] | null {
  const versionOf = db.prepare('SELECT max(id) FROM document_versions WHERE document_id = ? AND sha256 = ?').pluck();
  const from = versionOf.get(documentId, fromSha256) as number | null;
  const to = versionOf.get(documentId, toSha256) as number | null;
  if (from === null || to === null) return null;
  const stored = db.prepare('SELECT id FROM version_diffs WHERE from_version_id = ? AND to_version_id = ?').pluck().get(from, to) as number | undefined;
  return stored === undefined ? compareStored(db, from, to).changes : storedChanges(db, stored);
}

/**
 * Whether the changes touch the passage [start, end) of `page` in the old
 * version: text in it was deleted or replaced, or text was inserted inside
 * it. A passage that only moved is not changed.
 */
export function touchesPassage(changes: readonly VersionChange[], page: number, start: number, end: number): boolean {
  return changes.some(
    (c) =>
      c.kind !== 'moved' &&
      c.oldRanges.some((r) => r.page === page && (r.start === r.end ? r.start > start && r.start < end : r.start < end && r.end > start)),
  );
}
