// Versions of a document in the library: where each came from, the stored
// comparison of two versions (made once: by the import before it writes,
// by the background catch-up, or when first asked for, and then kept), the
// changes a councillor has not seen yet (their badge), and reading changes
// back. A comparison is always made outside any transaction and stored in a
// short one of its own, so no writer waits on it.
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

/** A comparison's status as stored: too-large is a flag of its own (library migration 007). */
const STATUS = "CASE WHEN too_large = 1 THEN 'too-large' ELSE status END";

export interface StoredComparison {
  id: number;
  status: DiffStatus;
  count: number;
}

export function storedComparison(db: Database.Database, fromVersionId: number, toVersionId: number): StoredComparison | undefined {
  return db.prepare(`SELECT id, ${STATUS} AS status, change_count AS count FROM version_diffs WHERE from_version_id = ? AND to_version_id = ?`).get(fromVersionId, toVersionId) as
    | StoredComparison
    | undefined;
}

/**
 * Stores a comparison made before (outside the transaction); a pair stored
 * meanwhile is left as it is, and a pair one of whose versions was pruned
 * meanwhile is not stored (undefined). In a transaction of its own (IMMEDIATE,
 * short: only inserts) unless the caller's is open (the import's).
 */
export function saveComparison(
  db: Database.Database,
  pair: { documentId: number; fromVersionId: number; toVersionId: number },
  comparison: VersionComparison,
  now: string,
): StoredComparison | undefined {
  const save = () => {
    const existing = storedComparison(db, pair.fromVersionId, pair.toVersionId);
    if (existing) return existing;
    const versions = db.prepare('SELECT count(*) FROM document_versions WHERE document_id = ? AND id IN (?, ?)').pluck().get(pair.documentId, pair.fromVersionId, pair.toVersionId) as number;
    if (versions !== 2) return undefined;
    const { status, changes } = comparison;
    const id = Number(
      db
        .prepare('INSERT INTO version_diffs (document_id, from_version_id, to_version_id, status, too_large, change_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(pair.documentId, pair.fromVersionId, pair.toVersionId, status === 'too-large' ? 'changed' : status, status === 'too-large' ? 1 : 0, changes.length, now).lastInsertRowid,
    );
    const insert = db.prepare(
      `INSERT INTO version_changes (diff_id, seq, kind, page, old_page, old_text, new_text, ranges, old_ranges, amount_old, amount_new)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const packRanges = (ranges: TextRange[]) => JSON.stringify(ranges.map((r) => [r.page, r.start, r.end]));
    for (const c of changes) {
      insert.run(id, c.index, c.kind, c.page, c.oldPage, c.oldText, c.newText, packRanges(c.ranges), packRanges(c.oldRanges), c.amount?.old ?? null, c.amount?.new ?? null);
    }
    return { id, status, count: changes.length };
  };
  return db.inTransaction ? save() : db.transaction(save).immediate();
}

/**
 * The stored comparison of two versions of a document; when there is none
 * yet, compared now (no transaction open meanwhile) and stored. Undefined
 * when a version was pruned meanwhile.
 */
export function ensureComparison(db: Database.Database, documentId: number, fromVersionId: number, toVersionId: number, now: string): StoredComparison | undefined {
  const stored = storedComparison(db, fromVersionId, toVersionId);
  if (stored) return stored;
  const versionOf = db.prepare('SELECT 1 FROM document_versions WHERE id = ? AND document_id = ?').pluck();
  if (!versionOf.get(fromVersionId, documentId) || !versionOf.get(toVersionId, documentId)) return undefined;
  return saveComparison(db, { documentId, fromVersionId, toVersionId }, compareStored(db, fromVersionId, toVersionId), now);
}

/**
 * Current versions whose comparison with the version they replaced is not
 * stored (stored before Raadsmap made comparisons, or an import that found
 * its comparison out of date by the time it wrote): at most `limit`.
 */
export function missingComparisons(db: Database.Database, limit: number): { documentId: number; fromVersionId: number; toVersionId: number }[] {
  return db
    .prepare(
      `SELECT c.document_id AS documentId, c.from_version_id AS fromVersionId, c.to_version_id AS toVersionId
       FROM documents d JOIN current_versions c ON c.id = (SELECT max(l.id) FROM current_versions l WHERE l.document_id = d.id)
       WHERE c.to_version_id = d.current_version_id AND c.from_version_id IS NOT NULL
         AND EXISTS (SELECT 1 FROM document_versions v WHERE v.id = c.from_version_id)
         AND NOT EXISTS (SELECT 1 FROM version_diffs x WHERE x.from_version_id = c.from_version_id AND x.to_version_id = c.to_version_id)
       ORDER BY d.id LIMIT ?`,
    )
    .all(limit) as { documentId: number; fromVersionId: number; toVersionId: number }[];
}

/**
 * Compares what missingComparisons finds, in the background: one pair at a
 * time, each compared outside any transaction and stored in a short one of
 * its own, yielding to the event loop in between; `signal` (the core
 * closing) stops it, the rest is done at the next start. Returns how many
 * were stored.
 */
export async function catchUpComparisons(db: Database.Database, now: () => string, signal: AbortSignal): Promise<number> {
  let stored = 0;
  const skipped = new Set<string>();
  for (;;) {
    const next = missingComparisons(db, skipped.size + 1).find((p) => !skipped.has(`${p.fromVersionId}:${p.toVersionId}`));
    if (!next || signal.aborted) return stored;
    const saved = saveComparison(db, next, compareStored(db, next.fromVersionId, next.toVersionId), now());
    if (saved) stored++;
    else skipped.add(`${next.fromVersionId}:${next.toVersionId}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
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

/** Every version of a document, newest first, with its source and its comparison with the version it replaced. */
export function documentVersions(db: Database.Database, documentId: number): DocumentVersionInfo[] {
  const rows = db
    .prepare(
      `SELECT v.id, v.number, v.sha256, v.created_at, v.file_name, v.origin, f.page_count, (v.id = d.current_version_id) AS current,
         s.kind AS source_kind, s.name AS source_name, CASE WHEN x.too_large = 1 THEN 'too-large' ELSE x.status END AS diff_status, x.change_count AS diff_count
       FROM document_versions v JOIN documents d ON d.id = v.document_id JOIN sources s ON s.id = d.source_id
       JOIN pdf_files f ON f.sha256 = v.sha256
       LEFT JOIN version_diffs x ON x.id = (SELECT y.id FROM version_diffs y WHERE y.to_version_id = v.id ORDER BY y.created_at DESC, y.id DESC LIMIT 1)
       WHERE v.document_id = ? ORDER BY v.id DESC`,
    )
    .all(documentId) as {
    id: number;
    number: number;
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
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    sha256: r.sha256,
    createdAt: r.created_at,
    pageCount: r.page_count,
    current: r.current === 1,
    fileName: r.file_name,
    source: { kind: r.source_kind, name: r.source_name, origin: r.origin },
    diff: r.diff_status === null ? null : { status: r.diff_status, count: r.diff_count ?? 0 },
  }));
}

/** The version a document's current version replaced (when it was last set), if it is still kept. */
function replacedVersion(db: Database.Database, documentId: number, toVersionId: number): number | undefined {
  return db
    .prepare(
      `SELECT c.from_version_id FROM current_versions c JOIN document_versions v ON v.id = c.from_version_id
       WHERE c.document_id = ? AND c.to_version_id = ? ORDER BY c.id DESC LIMIT 1`,
    )
    .pluck()
    .get(documentId, toVersionId) as number | undefined;
}

/**
 * The changes between two versions of a document: by default the current
 * version and the one it replaced. A pair not compared yet is compared now
 * and stored (in a short transaction of its own), so it is made once.
 */
export function listChanges(
  db: Database.Database,
  input: { documentId: number; fromVersionId?: number | undefined; toVersionId?: number | undefined },
  now: () => string = () => new Date().toISOString(),
): DocumentChanges {
  const document = db.prepare('SELECT id, title, current_version_id FROM documents WHERE id = ?').get(input.documentId) as
    | { id: number; title: string; current_version_id: number }
    | undefined;
  if (!document) throw notFound(input.documentId);
  const versions = documentVersions(db, document.id);
  const known = () => versions.map((v) => `${v.number} (versie-id ${v.id})`).join(', ');
  const knownEn = () => versions.map((v) => `${v.number} (version id ${v.id})`).join(', ');
  const byId = (id: number, which: 'from' | 'to') => {
    const version = versions.find((v) => v.id === id);
    if (version) return version;
    throw new RaadsmapError({
      code: 'not-found.version',
      nl: `Versie-id ${id} hoort niet bij document ${document.id} ("${document.title}"). Versies (nummer en versie-id): ${known()}.`,
      en: `Version id ${id} is not a version of document ${document.id} ("${document.title}"). Versions (number and version id): ${knownEn()}.`,
      subject: `${which}:${id}`,
    });
  };
  const to = byId(input.toVersionId ?? document.current_version_id, 'to');
  const fromId =
    input.fromVersionId ??
    replacedVersion(db, document.id, to.id) ??
    ((db.prepare('SELECT from_version_id FROM version_diffs WHERE to_version_id = ? ORDER BY created_at DESC, id DESC LIMIT 1').pluck().get(to.id) as number | undefined) ??
      versions.find((v) => v.id < to.id)?.id);
  if (fromId === undefined) {
    throw new RaadsmapError({
      code: 'versions.only-one',
      nl: `"${document.title}" heeft geen eerdere versie om mee te vergelijken.`,
      en: `"${document.title}" has no earlier version to compare with.`,
      subject: String(document.id),
    });
  }
  const from = byId(fromId, 'from');
  if (from.id === to.id) {
    throw new RaadsmapError({
      code: 'versions.same',
      nl: `Versie ${from.number} van "${document.title}" kan niet met zichzelf worden vergeleken; kies een andere versie (${known()}).`,
      en: `Version ${from.number} of "${document.title}" cannot be compared with itself; choose another version (${knownEn()}).`,
      subject: String(from.id),
    });
  }
  const stored = ensureComparison(db, document.id, from.id, to.id, now());
  if (!stored) {
    // Pruned by another process between reading the versions and now.
    throw new RaadsmapError({
      code: 'versions.gone',
      nl: `Een van de versies van "${document.title}" is zojuist opgeruimd; vraag de wijzigingen opnieuw op.`,
      en: `One of the versions of "${document.title}" was pruned just now; ask for the changes again.`,
      subject: String(document.id),
    });
  }
  return { documentId: document.id, title: document.title, from, to, status: stored.status, changes: storedChanges(db, stored.id) };
}

interface BadgeRow {
  document_id: number;
  since: string | null;
  from_version_id: number;
  to_version_id: number;
  arrived_at: string | null;
  created_at: string;
}

/**
 * The change badges of documents (all when `documentIds` is undefined):
 * based on the version the user last saw (personal.read_state.seen_sha256;
 * opened before that was kept: the version current when they read it;
 * never opened: the first), never on times. A badge when the current
 * version is another one and its text is not the same; its count is that of
 * the comparison of the seen version with the current one itself (made and
 * stored now when not stored yet, each in a short transaction of its own).
 */
export function changeBadges(db: Database.Database, documentIds?: readonly number[], now: () => string = () => new Date().toISOString()): Map<number, ChangeBadge> {
  const filter = documentIds === undefined ? '' : 'AND d.id IN (SELECT value FROM json_each(@ids))';
  const rows = db
    .prepare(
      `SELECT document_id, since, from_version_id, to_version_id, created_at,
         (SELECT max(c.set_at) FROM current_versions c WHERE c.document_id = s.document_id AND c.to_version_id = s.to_version_id) AS arrived_at
       FROM (
         SELECT d.id AS document_id, d.current_version_id AS to_version_id, cv.created_at,
           CASE WHEN r.seen_sha256 IS NOT NULL THEN r.seen_at ELSE r.read_at END AS since,
           coalesce(
             (SELECT v.id FROM document_versions v WHERE v.document_id = d.id AND v.sha256 = r.seen_sha256),
             CASE WHEN r.seen_sha256 IS NULL AND r.read_at IS NOT NULL
               THEN (SELECT max(v.id) FROM document_versions v WHERE v.document_id = d.id AND v.created_at <= r.read_at) END,
             (SELECT min(v.id) FROM document_versions v WHERE v.document_id = d.id)) AS from_version_id
         FROM documents d JOIN document_versions cv ON cv.id = d.current_version_id
         LEFT JOIN personal.read_state r ON r.document_id = d.id
         WHERE (r.seen_sha256 IS NULL OR r.seen_sha256 <> cv.sha256) ${filter}
       ) s
       WHERE from_version_id <> to_version_id`,
    )
    .all(documentIds === undefined ? {} : { ids: JSON.stringify(documentIds) }) as BadgeRow[];
  const badges = new Map<number, ChangeBadge>();
  for (const r of rows) {
    const compared = ensureComparison(db, r.document_id, r.from_version_id, r.to_version_id, now());
    if (!compared || compared.status === 'identical') continue;
    badges.set(r.document_id, {
      count: compared.count,
      status: compared.status,
      since: r.since,
      fromVersionId: r.from_version_id,
      toVersionId: r.to_version_id,
      arrivedAt: r.arrived_at ?? r.created_at,
    });
  }
  return badges;
}

/**
 * The reader opened the document (or it was marked read): its current
 * version is the one seen. Read and written in one IMMEDIATE transaction, so
 * an import committing meanwhile cannot make an older version the one seen
 * after the newer one arrived.
 */
export function markSeen(db: Database.Database, documentId: number, now: string): { versionId: number } {
  return db.transaction(() => {
    const current = db.prepare('SELECT v.id, v.sha256 FROM documents d JOIN document_versions v ON v.id = d.current_version_id WHERE d.id = ?').get(documentId) as
      | { id: number; sha256: string }
      | undefined;
    if (!current) throw notFound(documentId);
    db.prepare(
      `INSERT INTO personal.read_state (document_id, seen_sha256, seen_at, updated_at) VALUES (@id, @sha256, @now, @now)
       ON CONFLICT (document_id) DO UPDATE SET seen_sha256 = @sha256, seen_at = @now, updated_at = @now`,
    ).run({ id: documentId, sha256: current.sha256, now });
    return { versionId: current.id };
  }).immediate();
}

/**
 * The changes between the versions of a document with these files (stored,
 * or compared now and stored); null when either is no longer a version of
 * it (pruned). Not inside a transaction: a comparison may take a while.
 */
export function changesBetween(db: Database.Database, documentId: number, fromSha256: string, toSha256: string, now: string): VersionChange[] | null {
  const versionOf = db.prepare('SELECT max(id) FROM document_versions WHERE document_id = ? AND sha256 = ?').pluck();
  const from = versionOf.get(documentId, fromSha256) as number | null;
  const to = versionOf.get(documentId, toSha256) as number | null;
  if (from === null || to === null) return null;
  const stored = ensureComparison(db, documentId, from, to, now);
  return stored ? storedChanges(db, stored.id) : null;
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
