// Motion drafts (moties, amendementen) tied to a meeting and agenda item:
// prefilled from them and from the user's name and fractie, autosaved, with a
// revision history that can be restored.
import crypto from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { MotionDraft, MotionDraftSummary } from '../../../shared/api.ts';
import { RaadsmapError } from '../../../shared/errors.ts';
import { motionContentSchema, withOneLineFields, type MotionContent, type MotionKind, type MotionStatus } from '../../../shared/motion.ts';
import { agendaItemKey } from './agenda-notes.ts';

/** Autosave keeps at most one revision per this many minutes, unless asked for a checkpoint. */
const REVISION_MINUTES = 5;

interface DraftRow {
  id: string;
  kind: MotionKind;
  meeting_id: number;
  agenda_item_id: number | null;
  agenda_item_key: string | null;
  title: string;
  content: string;
  status: MotionStatus;
  created_at: string;
  updated_at: string;
}

const summary = (row: DraftRow): MotionDraftSummary => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  status: row.status,
  meetingId: row.meeting_id,
  agendaItemId: row.agenda_item_id,
  updatedAt: row.updated_at,
});

export class MotionStore {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: () => Date,
  ) {}

  list(filter: { meetingId?: number | undefined }): MotionDraftSummary[] {
    const rows = this.db
      .prepare(`SELECT * FROM personal.motion_drafts ${filter.meetingId === undefined ? '' : 'WHERE meeting_id = @meetingId'} ORDER BY updated_at DESC`)
      .all(filter) as DraftRow[];
    return rows.map(summary);
  }

  get(id: string): MotionDraft {
    const row = this.row(id);
    const revisions = this.db
      .prepare('SELECT id, created_at, content FROM personal.motion_revisions WHERE draft_id = ? ORDER BY created_at DESC, id DESC')
      .all(id) as { id: number; created_at: string; content: string }[];
    return {
      ...summary(row),
      content: parseContent(row.content),
      revisions: revisions.map((r) => ({ id: r.id, createdAt: r.created_at, title: parseContent(r.content).title })),
    };
  }

  row(id: string): DraftRow {
    const row = this.db.prepare('SELECT * FROM personal.motion_drafts WHERE id = ?').get(id) as DraftRow | undefined;
    if (!row) throw new RaadsmapError({ code: 'not-found.motion', nl: `Conceptmotie ${id} bestaat niet.`, en: `Motion draft ${id} does not exist.`, subject: id });
    return row;
  }

  create(input: { kind: MotionKind; meetingId: number; agendaItemId?: number | undefined }, user: { userName: string; fractie: string }): MotionDraft {
    const meeting = this.db
      .prepare('SELECT m.title, m.starts_at, b.municipality FROM meetings m JOIN bodies b ON b.id = m.body_id WHERE m.id = ?')
      .get(input.meetingId) as { title: string; starts_at: string; municipality: string } | undefined;
    if (!meeting) throw new RaadsmapError({ code: 'not-found.meeting', nl: `Vergadering ${input.meetingId} bestaat niet.`, en: `Meeting ${input.meetingId} does not exist.`, subject: String(input.meetingId) });
    let item: { number: string | null; title: string } | null = null;
    let itemKey: string | null = null;
    if (input.agendaItemId !== undefined) {
      const found = this.db.prepare('SELECT number, title FROM agenda_items WHERE id = ? AND meeting_id = ?').get(input.agendaItemId, input.meetingId) as { number: string | null; title: string } | undefined;
      if (!found) {
        throw new RaadsmapError({
          code: 'not-found.agenda-item',
          nl: `Agendapunt ${input.agendaItemId} hoort niet bij deze vergadering.`,
          en: `Agenda item ${input.agendaItemId} is not on this meeting's agenda.`,
          subject: String(input.agendaItemId),
        });
      }
      item = found;
      itemKey = agendaItemKey(this.db, input.agendaItemId);
    }
    const common = {
      title: item ? item.title : '',
      municipality: meeting.municipality,
      meetingDate: meeting.starts_at.slice(0, 10),
      meetingTitle: meeting.title,
      agendaItem: item ? { number: item.number, title: item.title } : null,
      submitters: user.userName || user.fractie ? [{ name: user.userName, fractie: user.fractie }] : [],
    };
    // Synced titles may hold line breaks; a draft's titles and names stand on one line.
    const content = withOneLineFields(
      input.kind === 'motie'
        ? { kind: 'motie', ...common, constaterende: [{ text: '' }], overwegende: [{ text: '' }], verzoekt: [''] }
        : { kind: 'amendement', ...common, decisionPoint: '', deleteText: '', addText: '', toelichting: '' },
    ) as MotionContent;
    const id = crypto.randomUUID();
    const now = this.clock().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO personal.motion_drafts (id, kind, meeting_id, agenda_item_id, agenda_item_key, title, content, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'concept', ?, ?)`,
        )
        .run(id, input.kind, input.meetingId, input.agendaItemId ?? null, itemKey, content.title, JSON.stringify(content), now, now);
      this.addRevision(id, JSON.stringify(content), now);
    })();
    return this.get(id);
  }

  save(input: { draftId: string; content: MotionContent; status?: MotionStatus | undefined; checkpoint?: boolean | undefined }): MotionDraft {
    const row = this.row(input.draftId);
    if (input.content.kind !== row.kind) {
      throw new RaadsmapError({
        code: 'motion.kind-mismatch',
        nl: `Dit concept is een ${row.kind}; de inhoud is van een ${input.content.kind}.`,
        en: `This draft is a ${row.kind}; the content is for a ${input.content.kind}.`,
        subject: input.draftId,
      });
    }
    const content = JSON.stringify(input.content);
    const now = this.clock();
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE personal.motion_drafts SET title = ?, content = ?, status = ?, updated_at = ? WHERE id = ?')
        .run(input.content.title, content, input.status ?? row.status, now.toISOString(), row.id);
      const last = this.db.prepare('SELECT content, created_at FROM personal.motion_revisions WHERE draft_id = ? ORDER BY id DESC LIMIT 1').get(row.id) as
        | { content: string; created_at: string }
        | undefined;
      const due = !last || now.getTime() - Date.parse(last.created_at) >= REVISION_MINUTES * 60_000;
      const statusChanged = input.status !== undefined && input.status !== row.status;
      if (last?.content !== content && (due || input.checkpoint || statusChanged)) this.addRevision(row.id, content, now.toISOString());
    })();
    return this.get(row.id);
  }

  /** Puts a revision's text back; what was there is kept as a revision first, so a restore can be undone. */
  restore(draftId: string, revisionId: number): MotionDraft {
    const row = this.row(draftId);
    const revision = this.db.prepare('SELECT content FROM personal.motion_revisions WHERE id = ? AND draft_id = ?').get(revisionId, draftId) as { content: string } | undefined;
    if (!revision) {
      throw new RaadsmapError({ code: 'not-found.revision', nl: `Versie ${revisionId} van dit concept bestaat niet.`, en: `Revision ${revisionId} of this draft does not exist.`, subject: String(revisionId) });
    }
    const now = this.clock().toISOString();
    this.db.transaction(() => {
      const last = this.db.prepare('SELECT content FROM personal.motion_revisions WHERE draft_id = ? ORDER BY id DESC LIMIT 1').pluck().get(draftId) as string | undefined;
      if (last !== row.content) this.addRevision(draftId, row.content, now);
      const content = parseContent(revision.content);
      this.db.prepare('UPDATE personal.motion_drafts SET title = ?, content = ?, updated_at = ? WHERE id = ?').run(content.title, revision.content, now, draftId);
      this.addRevision(draftId, revision.content, now);
    })();
    return this.get(draftId);
  }

  delete(id: string): boolean {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM personal.motion_revisions WHERE draft_id = ?').run(id);
      return this.db.prepare('DELETE FROM personal.motion_drafts WHERE id = ?').run(id).changes > 0;
    })();
  }

  private addRevision(draftId: string, content: string, at: string): void {
    this.db.prepare('INSERT INTO personal.motion_revisions (draft_id, content, created_at) VALUES (?, ?, ?)').run(draftId, content, at);
  }
}

/** Stored content is ours, but checked anyway: a hand-edited or imported database must not break the editor. */
export function parseContent(json: string): MotionContent {
  // Titles stored before one-line fields were checked are put on one line, not refused.
  const parsed = motionContentSchema.safeParse(withOneLineFields(JSON.parse(json)));
  if (!parsed.success) {
    throw new RaadsmapError({ code: 'motion.bad-content', nl: 'De inhoud van dit concept is beschadigd.', en: 'The content of this draft is damaged.' });
  }
  return parsed.data;
}
