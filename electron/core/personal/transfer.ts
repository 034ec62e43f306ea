// Moving private work to another machine: `raadsmap-personal/1` JSON with
// annotations, agenda notes and motion drafts (with their revisions). Rows
// name their documents and agenda items by stable keys (source key +
// external ids) as well as by id, and highlights carry their quote, so the
// importing machine places them on its own copy of the documents by quote,
// whatever ids and versions it has.
import crypto from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { ANNOTATION_COLORS, STANCES, type PersonalImportSummary } from '../../../shared/api.ts';
import { RaadsmapError, type Language } from '../../../shared/errors.ts';
import { motionContentSchema } from '../../../shared/motion.ts';
import { quoted } from '../../../shared/safe-text.ts';
import { oneLineText } from '../../../shared/text-fields.ts';
import { describeIssues, firstField, rule, WITH_INPUT } from '../../../shared/zod-messages.ts';
import { parseBoundedJson } from '../bounded-json.ts';
import { locateQuote, quoteAt, rectsFor } from '../anchoring/text-anchor.ts';
import { anchorPages, type AnnotationRow } from './annotations.ts';

export const PERSONAL_FORMAT = 'raadsmap-personal/1';
/** How deep a personal file may nest as JSON (it needs about ten levels), checked before it is parsed. */
export const MAX_PERSONAL_JSON_DEPTH = 32;
/** How many problems a summary lists; the rest are counted. */
export const LISTED_PROBLEMS = 100;
/** How many problems of a refused file its message names. */
const LISTED_ISSUES = 10;
/** How many rows of a personal file are checked at once. */
const ROWS_AT_ONCE = 1000;

// Keys and tags stand on one line; notes and quotes are free text (a quote is
// the document's own text, and shown escaped wherever a terminal prints it).
const key = (max: number) => oneLineText(max);
const text = (max: number) => z.string().max(max);
/** A moment (ISO 8601 with an offset), kept in UTC as toISOString gives it, so that "later" compares as text. */
const stamp = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());

const annotationSchema = z.object({
  id: z.uuid().optional(),
  documentId: z.number().int().positive().optional(),
  documentKey: key(1000).optional(),
  sha256: z
    .string()
    .refine((s) => /^[a-f0-9]{64}$/.test(s), rule('moet een sha256 zijn: 64 hexadecimale tekens (0-9, a-f)', 'must be a sha256: 64 hexadecimal characters (0-9, a-f)'))
    .optional(),
  page: z.number().int().positive().optional(),
  kind: z.enum(['highlight', 'note']).optional(),
  color: z.enum(ANNOTATION_COLORS).nullable().optional(),
  note: text(20_000).optional(),
  tags: z.array(key(40)).max(20).optional(),
  quote: z.object({ exact: z.string().min(1).max(10_000), prefix: text(200).optional(), suffix: text(200).optional() }).nullable().optional(),
  position: z.object({ start: z.number().int().min(0), end: z.number().int().min(0) }).nullable().optional(),
  point: z.object({ x: z.number().finite(), y: z.number().finite() }).nullable().optional(),
  createdAt: stamp.optional(),
  updatedAt: stamp.optional(),
});

const agendaNoteSchema = z.object({
  agendaItemId: z.number().int().positive().optional(),
  agendaItemKey: key(2000).optional(),
  body: text(200_000),
  stance: z.enum(STANCES).nullable().optional(),
  updatedAt: stamp.optional(),
});

const draftSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['motie', 'amendement']),
  meetingId: z.number().int().positive().optional(),
  meetingKey: key(2000).optional(),
  agendaItemId: z.number().int().positive().nullable().optional(),
  agendaItemKey: key(2000).nullable().optional(),
  status: z.enum(['concept', 'ingediend']),
  content: motionContentSchema,
  createdAt: stamp,
  updatedAt: stamp,
  revisions: z.array(z.object({ content: motionContentSchema, createdAt: stamp })).max(10_000).optional(),
});

const SECTIONS = {
  annotations: { schema: annotationSchema, max: 1_000_000 },
  agendaNotes: { schema: agendaNoteSchema, max: 100_000 },
  motionDrafts: { schema: draftSchema, max: 100_000 },
} as const;

export const personalExportSchema = z.object({
  format: z.literal(PERSONAL_FORMAT),
  exportedAt: stamp.optional(),
  annotations: z.array(annotationSchema).max(SECTIONS.annotations.max).default([]),
  agendaNotes: z.array(agendaNoteSchema).max(SECTIONS.agendaNotes.max).default([]),
  motionDrafts: z.array(draftSchema).max(SECTIONS.motionDrafts.max).default([]),
});
export type PersonalExport = z.input<typeof personalExportSchema>;
type ParsedExport = z.output<typeof personalExportSchema>;

/** The file's frame: its format and lists, the rows themselves checked one by one (parsePersonalExport). */
const frameSchema = z.object({
  format: z.literal(PERSONAL_FORMAT),
  exportedAt: stamp.optional(),
  annotations: z.array(z.unknown()).max(SECTIONS.annotations.max).default([]),
  agendaNotes: z.array(z.unknown()).max(SECTIONS.agendaNotes.max).default([]),
  motionDrafts: z.array(z.unknown()).max(SECTIONS.motionDrafts.max).default([]),
});

export function exportPersonal(db: Database.Database, now: string): PersonalExport {
  const annotations = (db.prepare('SELECT * FROM personal.annotations ORDER BY created_at, rowid').all() as AnnotationRow[]).map((a) => ({
    id: a.id,
    documentId: a.document_id,
    documentKey: a.document_key,
    sha256: a.sha256,
    page: a.page_number,
    kind: a.kind,
    color: (a.color as (typeof ANNOTATION_COLORS)[number] | null) ?? null,
    note: a.note ?? '',
    tags: JSON.parse(a.tags) as string[],
    quote: a.quote_exact === null ? null : { exact: a.quote_exact, prefix: a.quote_prefix ?? '', suffix: a.quote_suffix ?? '' },
    position: a.text_start === null || a.text_end === null ? null : { start: a.text_start, end: a.text_end },
    point: a.point_x === null || a.point_y === null ? null : { x: a.point_x, y: a.point_y },
    createdAt: a.created_at,
    updatedAt: a.updated_at,
  }));
  const agendaNotes = (
    db.prepare('SELECT agenda_item_id, agenda_item_key, body, stance, updated_at FROM personal.agenda_notes ORDER BY agenda_item_key').all() as {
      agenda_item_id: number;
      agenda_item_key: string;
      body: string;
      stance: (typeof STANCES)[number] | null;
      updated_at: string;
    }[]
  ).map((n) => ({ agendaItemId: n.agenda_item_id, agendaItemKey: n.agenda_item_key, body: n.body, stance: n.stance, updatedAt: n.updated_at }));
  const revisions = db.prepare('SELECT content, created_at FROM personal.motion_revisions WHERE draft_id = ? ORDER BY id');
  const motionDrafts = (
    db
      .prepare(
        `SELECT d.*, s.key || '::' || m.external_id AS meeting_key FROM personal.motion_drafts d
         LEFT JOIN meetings m ON m.id = d.meeting_id LEFT JOIN sources s ON s.id = m.source_id ORDER BY d.created_at, d.id`,
      )
      .all() as { id: string; kind: 'motie' | 'amendement'; meeting_id: number; meeting_key: string | null; agenda_item_id: number | null; agenda_item_key: string | null; status: 'concept' | 'ingediend'; content: string; created_at: string; updated_at: string }[]
  ).map((d) => ({
    id: d.id,
    kind: d.kind,
    meetingId: d.meeting_id,
    meetingKey: d.meeting_key ?? undefined,
    agendaItemId: d.agenda_item_id,
    agendaItemKey: d.agenda_item_key,
    status: d.status,
    content: JSON.parse(d.content),
    createdAt: d.created_at,
    updatedAt: d.updated_at,
    revisions: (revisions.all(d.id) as { content: string; created_at: string }[]).map((r) => ({ content: JSON.parse(r.content), createdAt: r.created_at })),
  }));
  return { format: PERSONAL_FORMAT, exportedAt: now, annotations, agendaNotes, motionDrafts };
}

/**
 * Parses and checks an export: its nesting before JSON.parse (a file of
 * nested brackets is refused at once), then its frame, then its rows a
 * thousand at a time, keeping only the problems the message names. A clear
 * error names the first problems, field and rule, and counts the rest.
 */
export function parsePersonalExport(json: string): ParsedExport {
  const raw = parseBoundedJson(json, {
    maxDepth: MAX_PERSONAL_JSON_DEPTH,
    subject: { nl: 'Het bestand', en: 'The file' },
    codes: { invalid: 'personal.not-json', tooDeep: 'personal.too-deep' },
  });
  const frame = frameSchema.safeParse(raw, WITH_INPUT);
  if (!frame.success) throw badExport(frame.error.issues, frame.error.issues.length);
  const issues: z.core.$ZodIssue[] = [];
  let problems = 0;
  // A file of a million bad rows costs a thousand refusals, not a million (nor one of a million issues).
  const rows = <S extends keyof typeof SECTIONS>(section: S) => {
    const list = frame.data[section];
    const chunk = z.array(SECTIONS[section].schema as z.ZodType);
    const out: unknown[] = [];
    for (let start = 0; start < list.length; start += ROWS_AT_ONCE) {
      const parsed = chunk.safeParse(list.slice(start, start + ROWS_AT_ONCE), WITH_INPUT);
      if (parsed.success) {
        out.push(...parsed.data);
        continue;
      }
      problems += parsed.error.issues.length;
      // Only what the message lists is kept.
      for (const issue of parsed.error.issues.slice(0, Math.max(0, LISTED_ISSUES - issues.length))) {
        const [index, ...rest] = issue.path;
        issues.push({ ...issue, path: [section, start + Number(index), ...rest] });
      }
    }
    return out;
  };
  const data = { format: frame.data.format, exportedAt: frame.data.exportedAt, annotations: rows('annotations'), agendaNotes: rows('agendaNotes'), motionDrafts: rows('motionDrafts') };
  if (problems > 0) throw badExport(issues, problems);
  return data as ParsedExport;
}

function badExport(issues: z.core.$ZodIssue[], total: number): RaadsmapError {
  const root = { nl: '(bestand)', en: '(file)' };
  const listed = (language: Language) => describeIssues(issues, language, { root, limit: LISTED_ISSUES, total });
  const count = total === 1 ? { nl: '', en: '' } : { nl: ` (${total} problemen)`, en: ` (${total} problems)` };
  return new RaadsmapError({
    code: 'personal.bad-export',
    nl: `Dit is geen geldige Raadsmap-export (${PERSONAL_FORMAT})${count.nl}: ${listed('nl')}`,
    en: `This is not a valid Raadsmap export (${PERSONAL_FORMAT})${count.en}: ${listed('en')}`,
    subject: firstField(issues),
  });
}

/**
 * Merges an export into this machine's private data, in one transaction:
 * rows new here are added, rows changed later there than here are updated,
 * the rest are left alone. Highlights are placed by quote on this machine's
 * current version of the document; what cannot be found there is kept as
 * orphaned, never dropped. Only rows whose document or agenda item this
 * machine does not have are skipped, and listed as problems.
 */
export function importPersonal(db: Database.Database, data: ParsedExport, now: string): PersonalImportSummary {
  const summary: PersonalImportSummary = { annotations: { added: 0, updated: 0, anchored: 0, moved: 0, orphaned: 0, skipped: 0 }, agendaNotes: 0, motionDrafts: 0, problems: [], problemCount: 0 };
  // Every problem is counted; the first are listed (100,000 unplaceable rows make one summary, not a flood).
  const problem = (nl: string, en: string) => {
    summary.problemCount++;
    if (summary.problems.length < LISTED_PROBLEMS) summary.problems.push({ nl, en });
  };
  const documentByKey = db.prepare("SELECT d.id FROM documents d JOIN sources s ON s.id = d.source_id WHERE s.key || '::' || d.external_id = ?").pluck();
  const documentById = db.prepare('SELECT id FROM documents WHERE id = ?').pluck();
  const current = db.prepare(
    `SELECT v.sha256, s.key || '::' || d.external_id AS document_key FROM documents d JOIN sources s ON s.id = d.source_id
     JOIN document_versions v ON v.id = d.current_version_id WHERE d.id = ?`,
  );
  const existing = db.prepare('SELECT updated_at FROM personal.annotations WHERE id = ?').pluck();
  const pagesCache = new Map<string, ReturnType<typeof anchorPages>>();
  const pagesOf = (sha: string) => pagesCache.get(sha) ?? pagesCache.set(sha, anchorPages(db, sha)).get(sha)!;
  const itemByKey = db.prepare("SELECT i.id FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id JOIN sources s ON s.id = m.source_id WHERE s.key || '::' || m.external_id || '::' || i.external_id = ?").pluck();
  const itemById = db.prepare('SELECT id FROM agenda_items WHERE id = ?').pluck();
  const keyOfItem = db.prepare("SELECT s.key || '::' || m.external_id || '::' || i.external_id FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id JOIN sources s ON s.id = m.source_id WHERE i.id = ?").pluck();
  const meetingByKey = db.prepare("SELECT m.id FROM meetings m JOIN sources s ON s.id = m.source_id WHERE s.key || '::' || m.external_id = ?").pluck();
  const meetingById = db.prepare('SELECT id FROM meetings WHERE id = ?').pluck();
  // A stable key, when the export has one, is the only match: another machine's numeric id names
  // some other row here. The id counts only for hand-written files that give no key.
  const find = (key: string | null | undefined, id: number | null | undefined, byKey: typeof documentByKey, byId: typeof documentById) =>
    ((key ? byKey.get(key) : id ? byId.get(id) : undefined) ?? undefined) as number | undefined;

  db.transaction(() => {
    for (const [index, a] of data.annotations.entries()) {
      const quote = a.quote ? ` ("${quoted(a.quote.exact, 40)}")` : '';
      const documentId = find(a.documentKey, a.documentId, documentByKey, documentById);
      if (!documentId) {
        summary.annotations.skipped++;
        const document = quoted(String(a.documentKey ?? a.documentId ?? '?'));
        problem(`aantekening ${index + 1}${quote}: document ${document} is hier niet aanwezig`, `annotation ${index + 1}${quote}: document ${document} is not here`);
        continue;
      }
      if (!a.quote && !a.point) {
        summary.annotations.skipped++;
        problem(`aantekening ${index + 1}${quote}: geen citaat en geen punt om de aantekening te plaatsen`, `annotation ${index + 1}${quote}: no quote and no point to place the annotation by`);
        continue;
      }
      const id = a.id ?? crypto.randomUUID();
      const hereUpdated = existing.get(id) as string | undefined;
      if (hereUpdated !== undefined && (!a.updatedAt || a.updatedAt <= hereUpdated)) {
        summary.annotations.skipped++;
        continue;
      }
      const version = current.get(documentId) as { sha256: string; document_key: string };
      const pages = pagesOf(version.sha256);
      const stamp = a.updatedAt ?? now;
      const row: Omit<AnnotationRow, 'anchor_status'> & { anchor_status: AnnotationRow['anchor_status'] } = {
        id,
        document_id: documentId,
        document_key: version.document_key,
        sha256: version.sha256,
        page_number: Math.min(a.page ?? 1, pages.length || 1),
        kind: a.kind ?? (a.quote ? 'highlight' : 'note'),
        color: a.quote ? (a.color ?? 'yellow') : null,
        note: a.note ?? '',
        tags: JSON.stringify(a.tags ?? []),
        quote_exact: a.quote?.exact ?? null,
        quote_prefix: a.quote?.prefix ?? '',
        quote_suffix: a.quote?.suffix ?? '',
        text_start: null,
        text_end: null,
        rects: '[]',
        point_x: a.point?.x ?? null,
        point_y: a.point?.y ?? null,
        anchor_status: 'anchored',
        created_at: a.createdAt ?? now,
        updated_at: stamp,
      };
      if (a.quote) {
        // The old offsets count only on the very file they were taken on.
        const sameFile = a.sha256 === version.sha256;
        const found = locateQuote(pages, { exact: a.quote.exact, prefix: a.quote.prefix ?? '', suffix: a.quote.suffix ?? '' }, { pageNumber: a.page ?? 1, start: sameFile ? a.position?.start : null });
        if (found) {
          const page = pages.find((p) => p.pageNumber === found.pageNumber)!;
          const quote = quoteAt(page.rawText, found.start, found.end);
          Object.assign(row, {
            page_number: found.pageNumber,
            quote_exact: quote.exact,
            quote_prefix: quote.prefix,
            quote_suffix: quote.suffix,
            text_start: found.start,
            text_end: found.end,
            rects: JSON.stringify(rectsFor(page.runs, found.start, found.end)),
            // Where the export said it was (or anywhere, when it named no page): anchored; elsewhere: moved.
            anchor_status: a.page === undefined || found.pageNumber === a.page ? 'anchored' : 'moved',
          });
        } else {
          row.anchor_status = 'orphaned';
        }
      }
      summary.annotations[row.anchor_status]++;
      summary.annotations[hereUpdated === undefined ? 'added' : 'updated']++;
      db.prepare(
        `INSERT OR REPLACE INTO personal.annotations (id, document_id, document_key, sha256, page_number, kind, color, note, tags, quote_exact, quote_prefix,
           quote_suffix, text_start, text_end, rects, point_x, point_y, anchor_status, created_at, updated_at)
         VALUES (@id, @document_id, @document_key, @sha256, @page_number, @kind, @color, @note, @tags, @quote_exact, @quote_prefix,
           @quote_suffix, @text_start, @text_end, @rects, @point_x, @point_y, @anchor_status, @created_at, @updated_at)`,
      ).run(row);
    }

    for (const n of data.agendaNotes) {
      const itemId = find(n.agendaItemKey, n.agendaItemId, itemByKey, itemById);
      if (!itemId) {
        const item = quoted(String(n.agendaItemKey ?? n.agendaItemId ?? '?'));
        problem(`notitie bij agendapunt ${item}: dat agendapunt is hier niet aanwezig`, `note on agenda item ${item}: that agenda item is not here`);
        continue;
      }
      const here = db.prepare('SELECT updated_at FROM personal.agenda_notes WHERE agenda_item_id = ?').pluck().get(itemId) as string | undefined;
      if (here !== undefined && (!n.updatedAt || n.updatedAt <= here)) continue;
      db.prepare(
        `INSERT INTO personal.agenda_notes (agenda_item_id, agenda_item_key, body, stance, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (agenda_item_id) DO UPDATE SET body = excluded.body, stance = excluded.stance, updated_at = excluded.updated_at`,
      ).run(itemId, keyOfItem.get(itemId), n.body, n.stance ?? null, n.updatedAt ?? now);
      summary.agendaNotes++;
    }

    for (const d of data.motionDrafts) {
      const meetingId = find(d.meetingKey, d.meetingId, meetingByKey, meetingById);
      if (!meetingId) {
        const title = quoted(d.content.title);
        const meeting = quoted(String(d.meetingKey ?? d.meetingId ?? '?'));
        problem(`concept "${title}": vergadering ${meeting} is hier niet aanwezig`, `draft "${title}": meeting ${meeting} is not here`);
        continue;
      }
      const itemId = find(d.agendaItemKey, d.agendaItemId, itemByKey, itemById) ?? null;
      const here = db.prepare('SELECT updated_at FROM personal.motion_drafts WHERE id = ?').pluck().get(d.id) as string | undefined;
      if (here !== undefined && d.updatedAt <= here) continue;
      // This machine's text of the draft stays in its history (as do its revisions); the imported ones are added.
      const local = db.prepare('SELECT content FROM personal.motion_drafts WHERE id = ?').pluck().get(d.id) as string | undefined;
      const known = new Set((db.prepare('SELECT content || created_at FROM personal.motion_revisions WHERE draft_id = ?').pluck().all(d.id) as string[]));
      if (local !== undefined) db.prepare('INSERT INTO personal.motion_revisions (draft_id, content, created_at) VALUES (?, ?, ?)').run(d.id, local, now);
      db.prepare(
        `INSERT OR REPLACE INTO personal.motion_drafts (id, kind, meeting_id, agenda_item_id, agenda_item_key, title, content, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(d.id, d.kind, meetingId, itemId, itemId ? keyOfItem.get(itemId) : null, d.content.title, JSON.stringify(d.content), d.status, d.createdAt, d.updatedAt);
      for (const r of d.revisions ?? []) {
        if (known.has(JSON.stringify(r.content) + r.createdAt)) continue;
        db.prepare('INSERT INTO personal.motion_revisions (draft_id, content, created_at) VALUES (?, ?, ?)').run(d.id, JSON.stringify(r.content), r.createdAt);
      }
      summary.motionDrafts++;
    }
  })();
  return summary;
}
