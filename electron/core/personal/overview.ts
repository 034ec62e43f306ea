// Per meeting, everything of the user's own in one view: per agenda item the
// note and position, the annotations on its documents and the motion drafts.
import type Database from 'better-sqlite3-multiple-ciphers';
import type { MeetingOverview } from '../../../shared/api.ts';
import type { AgendaNoteStore } from './agenda-notes.ts';
import type { AnnotationStore } from './annotations.ts';
import type { MotionStore } from './motions.ts';

export function meetingOverview(
  db: Database.Database,
  meetingId: number,
  stores: { annotations: AnnotationStore; notes: AgendaNoteStore; motions: MotionStore },
): MeetingOverview {
  const items = db
    .prepare(
      `WITH RECURSIVE tree(id, number, title, path) AS (
         SELECT id, number, title, printf('%06d', position) FROM agenda_items WHERE meeting_id = ? AND parent_id IS NULL AND status = 'active'
         UNION ALL
         SELECT i.id, i.number, i.title, tree.path || '.' || printf('%06d', i.position) FROM agenda_items i JOIN tree ON i.parent_id = tree.id WHERE i.status = 'active'
       ) SELECT id, number, title FROM tree ORDER BY path`,
    )
    .all(meetingId) as { id: number; number: string | null; title: string }[];
  const documentsOf = db.prepare("SELECT document_id FROM agenda_item_documents WHERE agenda_item_id = ? AND status = 'active' ORDER BY position").pluck();
  const titles = new Map((db.prepare('SELECT id, title FROM documents').all() as { id: number; title: string }[]).map((d) => [d.id, d.title]));
  const annotations = stores.annotations.list({ meetingId });
  const notes = new Map(stores.notes.forMeeting(meetingId).map((n) => [n.agendaItemId, n]));
  const drafts = stores.motions.list({ meetingId });
  const tags = new Set<string>();
  const out: MeetingOverview['items'] = [];
  for (const item of items) {
    const documentIds = documentsOf.all(item.id) as number[];
    const own = documentIds.flatMap((id) => annotations.filter((a) => a.documentId === id).map((a) => ({ ...a, documentTitle: titles.get(id) ?? '' })));
    own.forEach((a) => a.tags.forEach((t) => tags.add(t)));
    const note = notes.get(item.id) ?? null;
    const itemDrafts = drafts.filter((d) => d.agendaItemId === item.id);
    if (own.length || itemDrafts.length || (note && (note.body.trim() || note.stance))) {
      out.push({ agendaItemId: item.id, number: item.number, title: item.title, note, annotations: own, drafts: itemDrafts });
    }
  }
  return {
    meetingId,
    tags: [...tags].sort((a, b) => a.localeCompare(b, 'nl')),
    items: out,
    unlinkedDrafts: drafts.filter((d) => d.agendaItemId === null),
  };
}
