// Notes per agenda item (Markdown with checklists) and the user's position
// on it: voor, tegen, nog bespreken.
import type Database from 'better-sqlite3-multiple-ciphers';
import type { AgendaNote, Stance } from '../../../shared/api.ts';
import { RaadsmapError } from '../../../shared/errors.ts';

interface NoteRow {
  agenda_item_id: number;
  body: string;
  stance: Stance | null;
  updated_at: string;
}

const toNote = (row: NoteRow): AgendaNote => ({ agendaItemId: row.agenda_item_id, body: row.body, stance: row.stance, updatedAt: row.updated_at });

/** The agenda item's stable key: source key, meeting and item external ids (survives a rebuilt library). */
export function agendaItemKey(db: Database.Database, agendaItemId: number): string {
  const key = db
    .prepare(
      `SELECT s.key || '::' || m.external_id || '::' || i.external_id FROM agenda_items i
       JOIN meetings m ON m.id = i.meeting_id JOIN sources s ON s.id = m.source_id WHERE i.id = ?`,
    )
    .pluck()
    .get(agendaItemId) as string | undefined;
  if (key === undefined) {
    throw new RaadsmapError({ code: 'not-found.agenda-item', nl: `Agendapunt ${agendaItemId} bestaat niet.`, en: `Agenda item ${agendaItemId} does not exist.`, subject: String(agendaItemId) });
  }
  return key;
}

export class AgendaNoteStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => string,
  ) {}

  get(agendaItemId: number): AgendaNote {
    agendaItemKey(this.db, agendaItemId); // a clear error for an unknown item
    const row = this.db.prepare('SELECT * FROM personal.agenda_notes WHERE agenda_item_id = ?').get(agendaItemId) as NoteRow | undefined;
    return row ? toNote(row) : { agendaItemId, body: '', stance: null, updatedAt: null };
  }

  forMeeting(meetingId: number): AgendaNote[] {
    return (
      this.db
        .prepare('SELECT n.* FROM personal.agenda_notes n JOIN agenda_items i ON i.id = n.agenda_item_id WHERE i.meeting_id = ?')
        .all(meetingId) as NoteRow[]
    ).map(toNote);
  }

  save(input: { agendaItemId: number; body?: string | undefined; stance?: Stance | null | undefined }): AgendaNote {
    const key = agendaItemKey(this.db, input.agendaItemId);
    const current = this.get(input.agendaItemId);
    this.db
      .prepare(
        `INSERT INTO personal.agenda_notes (agenda_item_id, agenda_item_key, body, stance, updated_at) VALUES (@id, @key, @body, @stance, @now)
         ON CONFLICT (agenda_item_id) DO UPDATE SET body = excluded.body, stance = excluded.stance, updated_at = excluded.updated_at`,
      )
      .run({
        id: input.agendaItemId,
        key,
        body: input.body ?? current.body,
        stance: input.stance === undefined ? current.stance : input.stance,
        now: this.now(),
      });
    return this.get(input.agendaItemId);
  }
}
