import type Database from 'better-sqlite3-multiple-ciphers';
import type { NewSinceVisit, NewSinceVisitItem } from '../../../shared/api.ts';
import { ensureComparison } from '../versions/version-store.ts';

// "Nieuw sinds uw laatste bezoek": what import and sync brought into the
// library since the user last used the app. A visit is a day of use: the
// runs are kept in personal.visits, and "since" is the start of the last run
// on an earlier day than this one, so a restart during the day does not hide
// what arrived since yesterday.

const TIME_ZONE = 'Europe/Amsterdam';
const dayOf = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

/** Keeps the start of this run of the app (the desktop app or the web host, not the CLI). */
export function recordVisit(db: Database.Database, startedAt: string): void {
  db.prepare('INSERT INTO personal.visits (started_at) VALUES (?)').run(startedAt);
}

/** Where "new" starts for a run that started at `runStart`, and whether the app was used on an earlier day. */
export function lastVisit(db: Database.Database, runStart: string): { since: string; visitedBefore: boolean } {
  const today = dayOf(runStart);
  const starts = db.prepare('SELECT started_at FROM personal.visits WHERE started_at <= ? ORDER BY started_at DESC').pluck().all(runStart) as string[];
  const earlier = starts.find((s) => dayOf(s) < today);
  if (earlier) return { since: earlier, visitedBefore: true };
  // The first day of use: everything since the app was first opened (or, unrecorded, since this run).
  return { since: starts.at(-1) ?? runStart, visitedBefore: false };
}

interface MeetingRow {
  id: number;
  title: string;
  starts_at: string;
  body_name: string;
  created_at: string;
  document_count: number;
}

interface DocumentRow {
  id: number;
  title: string;
  type: string;
  created_at: string;
  arrived_at: string;
  current_version_id: number;
  before_id: number | null;
  meeting_id: number;
  meeting_title: string;
  meeting_starts_at: string;
}

export function newSince(db: Database.Database, visit: { since: string; visitedBefore: boolean }, limit = 50, now: () => string = () => new Date().toISOString()): NewSinceVisit {
  const { since } = visit;
  const meetings = db
    .prepare(
      `SELECT m.id, m.title, m.starts_at, b.name AS body_name, m.created_at,
         (SELECT count(DISTINCT l.document_id) FROM agenda_items i JOIN agenda_item_documents l ON l.agenda_item_id = i.id
           WHERE i.meeting_id = m.id AND l.status = 'active' AND i.status = 'active') AS document_count
       FROM meetings m JOIN bodies b ON b.id = m.body_id
       WHERE m.status = 'active' AND m.created_at >= ?`,
    )
    .all(since) as MeetingRow[];
  // Documents that are new, or have a version that is: each once, on the latest meeting that is not
  // itself new (a new meeting stands for its documents).
  const documents = db
    .prepare(
      `WITH arrived AS (
         SELECT d.id, d.title, d.type, d.created_at, d.current_version_id,
           CASE WHEN d.created_at >= @since THEN d.created_at
                ELSE (SELECT max(c.set_at) FROM current_versions c WHERE c.document_id = d.id AND c.set_at >= @since) END AS arrived_at,
           -- The version that was current at the visit: the one the first change since then replaced.
           (SELECT c.from_version_id FROM current_versions c WHERE c.document_id = d.id AND c.set_at >= @since ORDER BY c.id LIMIT 1) AS before_id
         FROM documents d
         WHERE d.status = 'active'
       ),
       placed AS (
         SELECT a.*, m.id AS meeting_id, m.title AS meeting_title, m.starts_at AS meeting_starts_at,
           row_number() OVER (PARTITION BY a.id ORDER BY m.starts_at DESC, m.id DESC) AS nr
         FROM arrived a
         JOIN agenda_item_documents l ON l.document_id = a.id AND l.status = 'active'
         JOIN agenda_items i ON i.id = l.agenda_item_id AND i.status = 'active'
         JOIN meetings m ON m.id = i.meeting_id AND m.status = 'active' AND m.created_at < @since
         -- Back to the version current at the visit (A → B → A): no news.
         WHERE a.arrived_at IS NOT NULL AND (a.created_at >= @since OR a.before_id IS NULL OR a.before_id <> a.current_version_id)
       )
       SELECT id, title, type, created_at, arrived_at, current_version_id, before_id, meeting_id, meeting_title, meeting_starts_at FROM placed WHERE nr = 1`,
    )
    .all({ since }) as DocumentRow[];
  const items: NewSinceVisitItem[] = [
    ...meetings.map(
      (m): NewSinceVisitItem => ({ kind: 'meeting', meetingId: m.id, title: m.title, startsAt: m.starts_at, bodyName: m.body_name, documentCount: m.document_count, arrivedAt: m.created_at }),
    ),
    ...documents.flatMap((d): NewSinceVisitItem[] => {
      const isNew = d.created_at >= since;
      // What changed since the visit: the version current then against the current one (compared now if not stored yet).
      const compared = isNew || d.before_id === null ? undefined : ensureComparison(db, d.id, d.before_id, d.current_version_id, now());
      // A new file with the same text as the version before is no news.
      if (compared?.status === 'identical') return [];
      return [
        {
          kind: 'document',
          documentId: d.id,
          title: d.title,
          type: d.type,
          change: isNew ? 'new' : 'version',
          changeCount: compared?.status === 'changed' ? compared.count : null,
          arrivedAt: d.arrived_at,
          meeting: { id: d.meeting_id, title: d.meeting_title, startsAt: d.meeting_starts_at },
        },
      ];
    }),
  ];
  // Newest first; at the same moment meetings before documents, then by id (stable).
  const idOf = (item: NewSinceVisitItem) => (item.kind === 'meeting' ? item.meetingId : item.documentId);
  items.sort((a, b) => b.arrivedAt.localeCompare(a.arrivedAt) || (a.kind === b.kind ? idOf(b) - idOf(a) : a.kind === 'meeting' ? -1 : 1));
  return { since, visitedBefore: visit.visitedBefore, total: items.length, items: items.slice(0, limit) };
}
