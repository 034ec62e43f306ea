// One document for the reader: its versions, the meetings and agenda items
// it is on, and the user's reading state (read, last page), which lives in
// personal.db and is written only by the user's own actions.
import type Database from 'better-sqlite3-multiple-ciphers';
import type { DocumentDetail } from '../../../shared/api.ts';
import { RaadsmapError } from '../../../shared/errors.ts';
import type { BlobStore } from '../files/blob-store.ts';
import { changeBadges, documentVersions } from '../versions/version-store.ts';

function notFound(documentId: number): RaadsmapError {
  return new RaadsmapError({
    code: 'not-found.document',
    nl: `Document ${documentId} bestaat niet.`,
    en: `Document ${documentId} does not exist.`,
    subject: String(documentId),
  });
}

export function getDocument(db: Database.Database, documentId: number): DocumentDetail {
  const row = db
    .prepare(
      `SELECT d.id, d.external_id, d.title, d.type, d.document_date, d.status, v.id AS version_id, v.sha256, f.page_count,
              r.read_at, r.last_page
       FROM documents d
       JOIN document_versions v ON v.id = d.current_version_id
       JOIN pdf_files f ON f.sha256 = v.sha256
       LEFT JOIN personal.read_state r ON r.document_id = d.id
       WHERE d.id = ?`,
    )
    .get(documentId) as
    | {
        id: number;
        external_id: string;
        title: string;
        type: string;
        document_date: string | null;
        status: 'active' | 'withdrawn';
        version_id: number;
        sha256: string;
        page_count: number;
        read_at: string | null;
        last_page: number | null;
      }
    | undefined;
  if (!row) throw notFound(documentId);
  const meetings = db
    .prepare(
      `SELECT m.id AS meeting_id, m.title AS meeting_title, m.starts_at, i.id AS item_id, i.number, i.title AS item_title, l.status
       FROM agenda_item_documents l JOIN agenda_items i ON i.id = l.agenda_item_id JOIN meetings m ON m.id = i.meeting_id
       WHERE l.document_id = ? ORDER BY m.starts_at DESC`,
    )
    .all(documentId) as { meeting_id: number; meeting_title: string; starts_at: string; item_id: number; number: string | null; item_title: string; status: 'active' | 'withdrawn' }[];
  const flagged = db
    .prepare("SELECT page_number, quality FROM pages WHERE sha256 = ? AND quality <> 'ok' ORDER BY page_number")
    .all(row.sha256) as { page_number: number; quality: 'garbled' | 'empty' }[];
  return {
    id: row.id,
    externalId: row.external_id,
    title: row.title,
    type: row.type,
    date: row.document_date,
    status: row.status,
    versionId: row.version_id,
    sha256: row.sha256,
    pageCount: row.page_count,
    read: row.read_at !== null,
    lastPage: row.last_page,
    versions: documentVersions(db, documentId),
    changes: changeBadges(db, [documentId]).get(documentId) ?? null,
    meetings: meetings.map((m) => ({
      meetingId: m.meeting_id,
      meetingTitle: m.meeting_title,
      startsAt: m.starts_at,
      agendaItemId: m.item_id,
      agendaItemNumber: m.number,
      agendaItemTitle: m.item_title,
      linkStatus: m.status,
    })),
    flaggedPages: flagged.map((p) => ({ page: p.page_number, quality: p.quality })),
  };
}

/** Marks a document read or unread (the reader marks it read when opened; the user can undo). */
export function setRead(db: Database.Database, documentId: number, read: boolean, now: string): { read: boolean } {
  assertDocument(db, documentId);
  db.prepare(
    `INSERT INTO personal.read_state (document_id, read_at, updated_at) VALUES (@id, @readAt, @now)
     ON CONFLICT (document_id) DO UPDATE SET read_at = @readAt, updated_at = @now`,
  ).run({ id: documentId, readAt: read ? now : null, now });
  return { read };
}

/** Remembers the page the user is on, so the document opens there next time. */
export function setReadingPosition(db: Database.Database, documentId: number, page: number, now: string): { page: number } {
  const pageCount = db
    .prepare('SELECT f.page_count FROM documents d JOIN document_versions v ON v.id = d.current_version_id JOIN pdf_files f ON f.sha256 = v.sha256 WHERE d.id = ?')
    .pluck()
    .get(documentId) as number | undefined;
  if (pageCount === undefined) throw notFound(documentId);
  const clamped = Math.min(Math.max(1, page), pageCount);
  db.prepare(
    `INSERT INTO personal.read_state (document_id, last_page, updated_at) VALUES (@id, @page, @now)
     ON CONFLICT (document_id) DO UPDATE SET last_page = @page, updated_at = @now`,
  ).run({ id: documentId, page: clamped, now });
  return { page: clamped };
}

/**
 * The stored PDF of a document (current version, or the given one of this
 * document): what the hosts serve to the reader. By id only, never by path.
 */
export function documentFile(db: Database.Database, blobs: BlobStore, documentId: number, versionId?: number): StoredDocumentFile {
  const row = db
    .prepare(
      `SELECT v.sha256, f.size FROM documents d JOIN document_versions v ON v.document_id = d.id JOIN pdf_files f ON f.sha256 = v.sha256
       WHERE d.id = ? AND v.id = coalesce(?, d.current_version_id)`,
    )
    .get(documentId, versionId ?? null) as { sha256: string; size: number } | undefined;
  if (!row || !blobs.has(row.sha256)) throw notFound(documentId);
  const sha256 = row.sha256;
  return { path: blobs.pathOf(sha256), size: row.size, sha256, read: () => blobs.read(sha256) };
}

export interface StoredDocumentFile {
  /** Where the stored file is (encrypted in an encrypted store): for the export thread only. */
  path: string;
  size: number;
  sha256: string;
  /** The PDF's bytes, decrypted: what hosts serve. */
  read(): Buffer;
}

function assertDocument(db: Database.Database, documentId: number): void {
  if (!db.prepare('SELECT 1 FROM documents WHERE id = ?').get(documentId)) throw notFound(documentId);
}
