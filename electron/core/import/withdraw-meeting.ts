import type Database from 'better-sqlite3-multiple-ciphers';
import { withdrawUnlisted } from './write-meeting.ts';

/**
 * A meeting its source deleted: marked withdrawn with its agenda items and
 * their links, in one transaction; documents no other active meeting lists
 * are withdrawn too. Nothing is deleted, because private notes, annotations
 * and read state may refer to these rows. Returns the meeting's row id when
 * something changed, null when it was unknown or withdrawn already.
 */
export function withdrawMeeting(db: Database.Database, sourceKey: string, externalId: string, now: string, origin: string): number | null {
  return db.transaction((): number | null => {
    const meeting = db
      .prepare(`SELECT m.id, m.source_id FROM meetings m JOIN sources s ON s.id = m.source_id WHERE s.key = ? AND m.external_id = ? AND m.status = 'active'`)
      .get(sourceKey, externalId) as { id: number; source_id: number } | undefined;
    if (!meeting) return null;
    const documents = db
      .prepare(
        `SELECT DISTINCT l.document_id FROM agenda_item_documents l JOIN agenda_items i ON i.id = l.agenda_item_id
         WHERE i.meeting_id = ? AND l.status = 'active'`,
      )
      .pluck()
      .all(meeting.id) as number[];
    db.prepare("UPDATE meetings SET status = 'withdrawn', updated_at = ? WHERE id = ?").run(now, meeting.id);
    db.prepare("UPDATE agenda_item_documents SET status = 'withdrawn' WHERE agenda_item_id IN (SELECT id FROM agenda_items WHERE meeting_id = ?)").run(meeting.id);
    const items = db.prepare("UPDATE agenda_items SET status = 'withdrawn' WHERE meeting_id = ? AND status = 'active'").run(meeting.id).changes;
    const withdrawnDocuments = withdrawUnlisted(db, documents, now);
    const summary = { itemsWithdrawn: items, documentsWithdrawn: withdrawnDocuments, meetingWithdrawn: 1 };
    db.prepare("INSERT INTO imports (source_id, meeting_id, origin, outcome, summary, finished_at) VALUES (?, ?, ?, 'updated', ?, ?)").run(
      meeting.source_id,
      meeting.id,
      origin,
      JSON.stringify(summary),
      now,
    );
    return meeting.id;
  }).immediate();
}
