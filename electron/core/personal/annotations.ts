// Highlights and notes on PDF text. Each is stored with a quote selector,
// a text position, the page and PDF-space rectangles, tied to the document
// version (sha256) it was placed on. When import or sync brings a new
// version, `reanchorPending` moves every annotation onto the new text; none is
// ever deleted by that: what cannot be found is kept as orphaned.
// Rectangles come from the glyph positions of the page when those have been
// read (`geometry`, filled by annotation-placer.ts); without them a highlight
// gets its text runs' boxes spread evenly (rects_from 'runs') and is placed
// again from the glyphs as soon as they are read (`placeFromGlyphs`).
import crypto from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Annotation, AnnotationColor, CallInput } from '../../../shared/api.ts';
import { RaadsmapError } from '../../../shared/errors.ts';
import { findQuote, type QuoteSearch } from '../anchoring/find-quote.ts';
import { locateQuote, quoteAt, rectsFor, type AnchorPage, type QuoteSelector, type Rect, type StoredRun } from '../anchoring/text-anchor.ts';
import type { PageGeometry } from '../extraction/glyph-geometry.ts';
import { changesBetween, touchesPassage } from '../versions/version-store.ts';

export interface AnnotationRow {
  id: string;
  document_id: number;
  document_key: string;
  sha256: string;
  page_number: number;
  kind: 'highlight' | 'note';
  color: string | null;
  note: string | null;
  tags: string;
  quote_exact: string | null;
  quote_prefix: string | null;
  quote_suffix: string | null;
  text_start: number | null;
  text_end: number | null;
  rects: string;
  point_x: number | null;
  point_y: number | null;
  anchor_status: 'anchored' | 'moved' | 'orphaned';
  /** The version whose changes touched its passage (personal migration 005); null when none did, or since re-attached. */
  changed_in_sha256?: string | null;
  created_at: string;
  updated_at: string;
}

/** Where a highlight's rects came from (personal migration 004). */
export type RectsFrom = 'runs' | 'glyphs' | 'runs-only';

/**
 * The glyph geometry of a page of a version, as far as it has been read:
 * undefined when it has not been (yet), null when it could not be.
 */
export type GeometryLookup = (sha256: string, pageNumber: number) => PageGeometry | null | undefined;

/** A highlight whose rects are still the runs' (rects_from 'runs'), to be placed from the glyphs. */
export interface PendingPlacement {
  id: string;
  document_id: number;
  sha256: string;
  page_number: number;
  text_start: number;
  text_end: number;
}

export interface AnchorCounts {
  anchored: number;
  moved: number;
  orphaned: number;
}

/** The document's current version and its stable key (source key + external id). */
export function currentVersion(db: Database.Database, documentId: number): { sha256: string; documentKey: string; pageCount: number } {
  const row = db
    .prepare(
      `SELECT v.sha256, s.key || '::' || d.external_id AS document_key, f.page_count
       FROM documents d JOIN sources s ON s.id = d.source_id
       JOIN document_versions v ON v.id = d.current_version_id JOIN pdf_files f ON f.sha256 = v.sha256
       WHERE d.id = ?`,
    )
    .get(documentId) as { sha256: string; document_key: string; page_count: number } | undefined;
  if (!row) throw new RaadsmapError({ code: 'not-found.document', nl: `Document ${documentId} bestaat niet.`, en: `Document ${documentId} does not exist.`, subject: String(documentId) });
  return { sha256: row.sha256, documentKey: row.document_key, pageCount: row.page_count };
}

export function anchorPages(db: Database.Database, sha256: string): AnchorPage[] {
  return (db.prepare('SELECT page_number, raw_text, runs FROM pages WHERE sha256 = ? ORDER BY page_number').all(sha256) as { page_number: number; raw_text: string; runs: string }[]).map((p) => ({
    pageNumber: p.page_number,
    rawText: p.raw_text,
    runs: JSON.parse(p.runs) as StoredRun[],
  }));
}

function pageOf(db: Database.Database, sha256: string, pageNumber: number): AnchorPage {
  const page = anchorPages(db, sha256).find((p) => p.pageNumber === pageNumber);
  if (!page) throw new RaadsmapError({ code: 'annotation.no-page', nl: `Pagina ${pageNumber} bestaat niet in dit document.`, en: `Page ${pageNumber} does not exist in this document.`, subject: String(pageNumber) });
  return page;
}

/**
 * The selection as the reader reports it (offsets in the text layer string
 * and the text it saw). When the offsets do not hold that text (the reader's
 * text layer differs slightly), the text is looked up on the page instead.
 */
function resolveSelection(page: AnchorPage, start: number, end: number, exact: string): { start: number; end: number } {
  if (end > start && page.rawText.slice(start, end) === exact) return { start, end };
  const found = locateQuote([page], { exact, prefix: '', suffix: '' }, { pageNumber: page.pageNumber, start });
  if (!found) {
    throw new RaadsmapError({
      code: 'annotation.text-not-on-page',
      nl: `De geselecteerde tekst staat niet op pagina ${page.pageNumber}.`,
      en: `The selected text is not on page ${page.pageNumber}.`,
      subject: exact.slice(0, 80),
    });
  }
  return found;
}

export function toAnnotation(row: AnnotationRow, currentSha256: string | undefined): Annotation {
  return {
    id: row.id,
    documentId: row.document_id,
    page: row.page_number,
    kind: row.kind,
    color: (row.color as AnnotationColor | null) ?? null,
    note: row.note ?? '',
    tags: JSON.parse(row.tags) as string[],
    quote: row.quote_exact === null ? null : { exact: row.quote_exact, prefix: row.quote_prefix ?? '', suffix: row.quote_suffix ?? '' },
    position: row.text_start === null || row.text_end === null ? null : { start: row.text_start, end: row.text_end },
    rects: JSON.parse(row.rects) as Rect[],
    point: row.point_x === null || row.point_y === null ? null : { x: row.point_x, y: row.point_y },
    anchorStatus: row.anchor_status,
    changedInNewVersion: (row.changed_in_sha256 ?? null) !== null,
    onCurrentVersion: row.sha256 === currentSha256 && row.anchor_status !== 'orphaned',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const cleanTags = (tags: readonly string[] | undefined) => [...new Set((tags ?? []).map((t) => t.trim().replace(/^#/, '')).filter(Boolean))];

export class AnnotationStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => string,
    private readonly geometry: GeometryLookup = () => undefined,
  ) {}

  list(filter: { documentId?: number | undefined; meetingId?: number | undefined }): Annotation[] {
    const where: string[] = [];
    if (filter.documentId !== undefined) where.push('a.document_id = @documentId');
    if (filter.meetingId !== undefined) {
      where.push(`a.document_id IN (SELECT l.document_id FROM agenda_item_documents l JOIN agenda_items i ON i.id = l.agenda_item_id WHERE i.meeting_id = @meetingId)`);
    }
    const rows = this.db
      .prepare(
        `SELECT a.*, v.sha256 AS current_sha256 FROM personal.annotations a
         LEFT JOIN documents d ON d.id = a.document_id LEFT JOIN document_versions v ON v.id = d.current_version_id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY a.document_id, a.page_number, coalesce(a.text_start, 0), a.created_at`,
      )
      .all(filter) as (AnnotationRow & { current_sha256: string | null })[];
    return rows.map((r) => toAnnotation(r, r.current_sha256 ?? undefined));
  }

  get(id: string): Annotation {
    const row = this.row(id);
    return toAnnotation(row, this.currentSha(row.document_id));
  }

  row(id: string): AnnotationRow {
    const row = this.db.prepare('SELECT * FROM personal.annotations WHERE id = ?').get(id) as AnnotationRow | undefined;
    if (!row) throw new RaadsmapError({ code: 'not-found.annotation', nl: `Aantekening ${id} bestaat niet.`, en: `Annotation ${id} does not exist.`, subject: id });
    return row;
  }

  create(input: CallInput<'createAnnotation'>, id: string = crypto.randomUUID()): Annotation {
    const version = currentVersion(this.db, input.documentId);
    const now = this.now();
    const base = {
      id,
      document_id: input.documentId,
      document_key: version.documentKey,
      sha256: version.sha256,
      kind: input.kind,
      note: input.note ?? '',
      tags: JSON.stringify(cleanTags(input.tags)),
      created_at: now,
      updated_at: now,
    };
    if (input.kind === 'highlight') {
      const page = pageOf(this.db, version.sha256, input.page);
      const { start, end } = resolveSelection(page, input.start, input.end, input.exact);
      this.insert({ ...base, ...this.placement(version.sha256, page, start, end), color: input.color, point_x: null, point_y: null });
    } else {
      if (input.page > version.pageCount) pageOf(this.db, version.sha256, input.page); // throws the clear error
      this.insert({
        ...base,
        page_number: input.page,
        color: null,
        quote_exact: null,
        quote_prefix: null,
        quote_suffix: null,
        text_start: null,
        text_end: null,
        rects: '[]',
        rects_from: 'runs',
        point_x: input.point.x,
        point_y: input.point.y,
      });
    }
    return this.get(id);
  }

  update(input: CallInput<'updateAnnotation'>): Annotation {
    const row = this.row(input.annotationId);
    this.db
      .prepare('UPDATE personal.annotations SET color = @color, note = @note, tags = @tags, updated_at = @now WHERE id = @id')
      .run({
        id: row.id,
        color: input.color ?? row.color,
        note: input.note ?? row.note,
        tags: input.tags ? JSON.stringify(cleanTags(input.tags)) : row.tags,
        now: this.now(),
      });
    return this.get(row.id);
  }

  reattach(input: CallInput<'reattachAnnotation'>): Annotation {
    const row = this.row(input.annotationId);
    const version = currentVersion(this.db, row.document_id);
    const page = pageOf(this.db, version.sha256, input.page);
    const { start, end } = resolveSelection(page, input.start, input.end, input.exact);
    const placement = this.placement(version.sha256, page, start, end);
    this.db
      .prepare(
        `UPDATE personal.annotations SET sha256 = @sha256, page_number = @page_number, quote_exact = @quote_exact, quote_prefix = @quote_prefix,
           quote_suffix = @quote_suffix, text_start = @text_start, text_end = @text_end, rects = @rects, rects_from = @rects_from, kind = 'highlight',
           color = coalesce(color, 'yellow'), point_x = NULL, point_y = NULL, anchor_status = 'anchored', changed_in_sha256 = NULL, updated_at = @now WHERE id = @id`,
      )
      .run({ ...placement, sha256: version.sha256, id: row.id, now: this.now() });
    return this.get(row.id);
  }

  /** Where a quoted passage is on the document's current version (on one page when `page` is given), to place a highlight from its text. */
  findQuote(documentId: number, quote: string, page?: number): QuoteSearch {
    const version = currentVersion(this.db, documentId);
    return findQuote(page === undefined ? anchorPages(this.db, version.sha256) : [pageOf(this.db, version.sha256, page)], quote);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM personal.annotations WHERE id = ?').run(id).changes > 0;
  }

  /**
   * Moves every annotation whose document has a newer version than the one
   * it sits on onto that version. Runs after each import commit and at
   * start (a crash in between is caught up). One transaction per document.
   */
  reanchorPending(): AnchorCounts & { documentIds: number[] } {
    const counts = { anchored: 0, moved: 0, orphaned: 0, documentIds: [] as number[] };
    const pending = this.db
      .prepare(
        `SELECT a.*, v.sha256 AS current_sha256 FROM personal.annotations a
         JOIN documents d ON d.id = a.document_id JOIN document_versions v ON v.id = d.current_version_id
         WHERE a.sha256 <> v.sha256 ORDER BY a.document_id`,
      )
      .all() as (AnnotationRow & { current_sha256: string })[];
    const byDocument = new Map<number, typeof pending>();
    for (const row of pending) byDocument.set(row.document_id, [...(byDocument.get(row.document_id) ?? []), row]);
    for (const [documentId, rows] of byDocument) {
      const pages = anchorPages(this.db, rows[0]!.current_sha256);
      // What the new version changed, per version the annotations sat on: those on a changed passage are marked.
      // Read (or compared and stored) before the transaction below, so it never holds the lock during a comparison.
      const changes = new Map<string, ReturnType<typeof changesBetween>>();
      for (const row of rows) if (!changes.has(row.sha256)) changes.set(row.sha256, changesBetween(this.db, documentId, row.sha256, row.current_sha256, this.now()));
      const changedUnder = (row: AnnotationRow & { current_sha256: string }) => {
        if (row.quote_exact === null || row.text_start === null || row.text_end === null) return false;
        const list = changes.get(row.sha256);
        return list !== null && list !== undefined && touchesPassage(list, row.page_number, row.text_start, row.text_end);
      };
      this.db.transaction(() => {
        for (const row of rows) counts[this.reanchor(row, row.current_sha256, pages, changedUnder(row))]++;
      })();
      counts.documentIds.push(documentId);
    }
    return counts;
  }

  /**
   * Places one annotation on a version's pages; returns how it ended.
   * `changed`: the new version changed its passage (kept marked until re-attached); one not found is marked too.
   */
  reanchor(row: AnnotationRow, sha256: string, pages: readonly AnchorPage[], changed = false): keyof AnchorCounts {
    const now = this.now();
    if (row.quote_exact === null) {
      // A note pinned to a point: same page if the new version still has it.
      const last = pages.at(-1)?.pageNumber ?? 1;
      const page = Math.min(row.page_number, last);
      const status = page === row.page_number ? 'anchored' : 'moved';
      this.db.prepare('UPDATE personal.annotations SET sha256 = ?, page_number = ?, anchor_status = ?, updated_at = ? WHERE id = ?').run(sha256, page, status, now, row.id);
      return status;
    }
    const quote: QuoteSelector = { exact: row.quote_exact, prefix: row.quote_prefix ?? '', suffix: row.quote_suffix ?? '' };
    const found = locateQuote(pages, quote, { pageNumber: row.page_number, start: row.text_start });
    if (!found) {
      // Kept with its quote and old page, shown as orphaned until re-attached or deleted.
      this.db.prepare("UPDATE personal.annotations SET sha256 = ?, anchor_status = 'orphaned', changed_in_sha256 = ?, updated_at = ? WHERE id = ?").run(sha256, sha256, now, row.id);
      return 'orphaned';
    }
    const page = pages.find((p) => p.pageNumber === found.pageNumber)!;
    const status = found.status === 'anchored' && found.pageNumber === row.page_number ? 'anchored' : 'moved';
    this.db
      .prepare(
        `UPDATE personal.annotations SET sha256 = @sha256, page_number = @page_number, quote_exact = @quote_exact, quote_prefix = @quote_prefix,
           quote_suffix = @quote_suffix, text_start = @text_start, text_end = @text_end, rects = @rects, rects_from = @rects_from, anchor_status = @status,
           changed_in_sha256 = CASE WHEN @changed THEN @sha256 ELSE changed_in_sha256 END, updated_at = @now WHERE id = @id`,
      )
      .run({ ...this.placement(sha256, page, found.start, found.end), sha256, status, now, id: row.id, changed: changed ? 1 : 0 });
    return status;
  }

  /** Highlights (not orphaned) whose rects are still the runs', optionally of some documents only. */
  pendingPlacements(documentIds?: readonly number[]): PendingPlacement[] {
    const rows = this.db
      .prepare(
        `SELECT id, document_id, sha256, page_number, text_start, text_end FROM personal.annotations
         WHERE rects_from = 'runs' AND text_start IS NOT NULL AND text_end IS NOT NULL AND anchor_status <> 'orphaned'
         ORDER BY sha256, page_number`,
      )
      .all() as PendingPlacement[];
    if (!documentIds) return rows;
    const wanted = new Set(documentIds);
    return rows.filter((r) => wanted.has(r.document_id));
  }

  /**
   * Places highlights again from their pages' glyphs, as far as those have
   * been read (`geometry`), in one transaction. A row that changed meanwhile
   * (re-anchored, re-attached) is left as it is. Not an edit: updated_at stays.
   * Returns the documents whose highlights moved.
   */
  placeFromGlyphs(pending: readonly PendingPlacement[]): number[] {
    const update = this.db.prepare(
      `UPDATE personal.annotations SET rects = @rects, rects_from = @rects_from
       WHERE id = @id AND sha256 = @sha256 AND page_number = @page_number AND text_start = @text_start AND text_end = @text_end AND rects_from = 'runs'`,
    );
    const pages = new Map<string, AnchorPage | undefined>();
    const pageFor = (sha256: string, pageNumber: number) => {
      const key = `${sha256}:${pageNumber}`;
      if (!pages.has(key)) pages.set(key, this.storedPage(sha256, pageNumber));
      return pages.get(key);
    };
    const changed = new Set<number>();
    this.db.transaction(() => {
      for (const row of pending) {
        const page = pageFor(row.sha256, row.page_number);
        if (!page || this.geometry(row.sha256, row.page_number) === undefined) continue;
        const { rects, rects_from } = this.rectsOf(row.sha256, page, row.text_start, row.text_end);
        if (update.run({ ...row, rects, rects_from }).changes > 0 && rects_from === 'glyphs') changed.add(row.document_id);
      }
    })();
    return [...changed];
  }

  private storedPage(sha256: string, pageNumber: number): AnchorPage | undefined {
    const row = this.db.prepare('SELECT raw_text, runs FROM pages WHERE sha256 = ? AND page_number = ?').get(sha256, pageNumber) as { raw_text: string; runs: string } | undefined;
    return row && { pageNumber, rawText: row.raw_text, runs: JSON.parse(row.runs) as StoredRun[] };
  }

  private placement(sha256: string, page: AnchorPage, start: number, end: number) {
    const quote = quoteAt(page.rawText, start, end);
    return {
      page_number: page.pageNumber,
      quote_exact: quote.exact,
      quote_prefix: quote.prefix,
      quote_suffix: quote.suffix,
      text_start: start,
      text_end: end,
      ...this.rectsOf(sha256, page, start, end),
    };
  }

  /** The rects of [start, end): from the glyphs when the page's have been read and belong to its text, else from the runs. */
  private rectsOf(sha256: string, page: AnchorPage, start: number, end: number): { rects: string; rects_from: RectsFrom } {
    const geometry = this.geometry(sha256, page.pageNumber);
    const exact = geometry && geometry.rawText === page.rawText ? rectsFor(geometry.runs, start, end) : [];
    if (exact.length > 0) return { rects: JSON.stringify(exact), rects_from: 'glyphs' };
    // Not read yet: placed again once they are. Unreadable, or a text that differs from the stored one: the runs it is.
    return { rects: JSON.stringify(rectsFor(page.runs, start, end)), rects_from: geometry === undefined ? 'runs' : 'runs-only' };
  }

  private insert(row: Omit<AnnotationRow, 'anchor_status'> & { rects_from: RectsFrom }): void {
    this.db
      .prepare(
        `INSERT INTO personal.annotations (id, document_id, document_key, sha256, page_number, kind, color, note, tags, quote_exact, quote_prefix,
           quote_suffix, text_start, text_end, rects, rects_from, point_x, point_y, anchor_status, created_at, updated_at)
         VALUES (@id, @document_id, @document_key, @sha256, @page_number, @kind, @color, @note, @tags, @quote_exact, @quote_prefix,
           @quote_suffix, @text_start, @text_end, @rects, @rects_from, @point_x, @point_y, 'anchored', @created_at, @updated_at)`,
      )
      .run(row);
  }

  private currentSha(documentId: number): string | undefined {
    return this.db.prepare('SELECT v.sha256 FROM documents d JOIN document_versions v ON v.id = d.current_version_id WHERE d.id = ?').pluck().get(documentId) as string | undefined;
  }
}
