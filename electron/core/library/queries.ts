import type Database from 'better-sqlite3-multiple-ciphers';
import type { AgendaItemView, ChangedDocument, DocumentSummary, MeetingDetail, MeetingSummary } from '../../../shared/api.ts';
import { RaadsmapError } from '../../../shared/errors.ts';
import { changeBadges } from '../versions/version-store.ts';

// Read models for hosts and the CLI. Plain SQL over the library (and the
// personal read state), shaped into the types of shared/api.ts.

interface MeetingRow {
  id: number;
  external_id: string;
  title: string;
  kind: string;
  starts_at: string;
  ends_at: string | null;
  location: string | null;
  chair: string | null;
  clerk: string | null;
  status: 'active' | 'withdrawn';
  body_id: number;
  body_name: string;
  body_kind: string;
  municipality: string;
}

const MEETING_COLUMNS = `m.id, m.external_id, m.title, m.kind, m.starts_at, m.ends_at, m.location, m.chair, m.clerk, m.status,
  b.id AS body_id, b.name AS body_name, b.kind AS body_kind, b.municipality`;

function body(row: MeetingRow) {
  return { id: row.body_id, name: row.body_name, kind: row.body_kind, municipality: row.municipality };
}

/** Every meeting, newest first, with counts of active items, documents and unread documents. */
export function listMeetings(db: Database.Database): MeetingSummary[] {
  const rows = db
    .prepare(
      `SELECT ${MEETING_COLUMNS},
        (SELECT count(*) FROM agenda_items i WHERE i.meeting_id = m.id AND i.status = 'active') AS item_count,
        (SELECT count(DISTINCT l.document_id) FROM agenda_items i JOIN agenda_item_documents l ON l.agenda_item_id = i.id
           WHERE i.meeting_id = m.id AND l.status = 'active' AND i.status = 'active') AS document_count,
        (SELECT count(DISTINCT l.document_id) FROM agenda_items i JOIN agenda_item_documents l ON l.agenda_item_id = i.id
           LEFT JOIN personal.read_state r ON r.document_id = l.document_id
           WHERE i.meeting_id = m.id AND l.status = 'active' AND i.status = 'active' AND r.read_at IS NULL) AS unread_count
       FROM meetings m JOIN bodies b ON b.id = m.body_id
       ORDER BY m.starts_at DESC, m.id`,
    )
    .all() as (MeetingRow & { item_count: number; document_count: number; unread_count: number })[];
  // Documents with changes not seen yet, counted per meeting that lists them.
  const badges = changeBadges(db);
  const changedCount = new Map<number, number>();
  if (badges.size > 0) {
    const links = db
      .prepare(
        `SELECT DISTINCT i.meeting_id, l.document_id FROM agenda_items i JOIN agenda_item_documents l ON l.agenda_item_id = i.id
         WHERE l.status = 'active' AND i.status = 'active'`,
      )
      .all() as { meeting_id: number; document_id: number }[];
    for (const link of links) if (badges.has(link.document_id)) changedCount.set(link.meeting_id, (changedCount.get(link.meeting_id) ?? 0) + 1);
  }
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    kind: row.kind,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    location: row.location,
    status: row.status,
    body: body(row),
    itemCount: row.item_count,
    documentCount: row.document_count,
    unreadCount: row.unread_count,
    changedCount: changedCount.get(row.id) ?? 0,
  }));
}

/** One meeting with its agenda tree (withdrawn items included, marked) and documents per item. */
export function getMeeting(db: Database.Database, meetingId: number): MeetingDetail {
  const row = db.prepare(`SELECT ${MEETING_COLUMNS} FROM meetings m JOIN bodies b ON b.id = m.body_id WHERE m.id = ?`).get(meetingId) as
    | MeetingRow
    | undefined;
  if (!row) {
    throw new RaadsmapError({
      code: 'not-found.meeting',
      nl: `Vergadering ${meetingId} bestaat niet.`,
      en: `Meeting ${meetingId} does not exist.`,
      subject: String(meetingId),
    });
  }
  const items = db
    .prepare(
      `SELECT id, external_id, parent_id, number, title, is_section, starts_at, ends_at, description, portfolio_holder, informant, status
       FROM agenda_items WHERE meeting_id = ? ORDER BY position, id`,
    )
    .all(meetingId) as {
    id: number;
    external_id: string;
    parent_id: number | null;
    number: string | null;
    title: string;
    is_section: number;
    starts_at: string | null;
    ends_at: string | null;
    description: string | null;
    portfolio_holder: string | null;
    informant: string | null;
    status: 'active' | 'withdrawn';
  }[];

  const documents = db
    .prepare(
      `SELECT l.agenda_item_id, l.status AS link_status, d.id, d.external_id, d.title, d.type, d.document_date, d.status,
         v.sha256, f.page_count,
         (SELECT count(*) FROM document_versions v2 WHERE v2.document_id = d.id) AS version_count,
         r.read_at
       FROM agenda_item_documents l
       JOIN agenda_items i ON i.id = l.agenda_item_id
       JOIN documents d ON d.id = l.document_id
       JOIN document_versions v ON v.id = d.current_version_id
       JOIN pdf_files f ON f.sha256 = v.sha256
       LEFT JOIN personal.read_state r ON r.document_id = d.id
       WHERE i.meeting_id = ?
       ORDER BY l.position`,
    )
    .all(meetingId) as {
    agenda_item_id: number;
    link_status: 'active' | 'withdrawn';
    id: number;
    external_id: string;
    title: string;
    type: string;
    document_date: string | null;
    status: 'active' | 'withdrawn';
    sha256: string;
    page_count: number;
    version_count: number;
    read_at: string | null;
  }[];

  const badges = changeBadges(db, [...new Set(documents.map((d) => d.id))]);
  const docsByItem = new Map<number, DocumentSummary[]>();
  for (const d of documents) {
    const list = docsByItem.get(d.agenda_item_id) ?? [];
    list.push({
      id: d.id,
      externalId: d.external_id,
      title: d.title,
      type: d.type,
      date: d.document_date,
      status: d.status,
      linkStatus: d.link_status,
      sha256: d.sha256,
      pageCount: d.page_count,
      versionCount: d.version_count,
      read: d.read_at !== null,
      changes: badges.get(d.id) ?? null,
    });
    docsByItem.set(d.agenda_item_id, list);
  }

  const views = new Map<number, AgendaItemView>();
  const roots: AgendaItemView[] = [];
  for (const item of items) {
    views.set(item.id, {
      id: item.id,
      externalId: item.external_id,
      number: item.number,
      title: item.title,
      section: item.is_section === 1,
      start: item.starts_at,
      end: item.ends_at,
      description: item.description,
      portfolioHolder: item.portfolio_holder,
      informant: item.informant,
      status: item.status,
      documents: docsByItem.get(item.id) ?? [],
      children: [],
    });
  }
  for (const item of items) {
    const view = views.get(item.id)!;
    const parent = item.parent_id === null ? undefined : views.get(item.parent_id);
    (parent ? parent.children : roots).push(view);
  }

  const relatedMeetings = db
    .prepare(
      `SELECT m2.id, m2.title, m2.starts_at, count(DISTINCT l2.document_id) AS shared
       FROM agenda_items i JOIN agenda_item_documents l ON l.agenda_item_id = i.id AND l.status = 'active'
       JOIN agenda_item_documents l2 ON l2.document_id = l.document_id AND l2.status = 'active'
       JOIN agenda_items i2 ON i2.id = l2.agenda_item_id AND i2.status = 'active'
       JOIN meetings m2 ON m2.id = i2.meeting_id
       WHERE i.meeting_id = ? AND i.status = 'active' AND m2.id <> i.meeting_id
       GROUP BY m2.id ORDER BY m2.starts_at`,
    )
    .all(meetingId) as { id: number; title: string; starts_at: string; shared: number }[];

  return {
    id: row.id,
    externalId: row.external_id,
    title: row.title,
    kind: row.kind,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    location: row.location,
    chair: row.chair,
    clerk: row.clerk,
    status: row.status,
    body: body(row),
    agenda: roots,
    relatedMeetings: relatedMeetings.map((m) => ({ id: m.id, title: m.title, startsAt: m.starts_at, sharedDocuments: m.shared })),
    changedDocuments: changedDocuments(roots),
  };
}

/** The documents of an agenda (active items and links) with a change badge, each once, in agenda order. */
function changedDocuments(agenda: AgendaItemView[]): ChangedDocument[] {
  const out: ChangedDocument[] = [];
  const seen = new Set<number>();
  const walk = (items: AgendaItemView[]) => {
    for (const item of items) {
      if (item.status === 'active') {
        for (const d of item.documents) {
          if (!d.changes || d.linkStatus !== 'active' || seen.has(d.id)) continue;
          seen.add(d.id);
          out.push({ documentId: d.id, title: d.title, type: d.type, agendaItemId: item.id, agendaItemNumber: item.number, agendaItemTitle: item.title, changes: d.changes });
        }
      }
      walk(item.children);
    }
  };
  walk(agenda);
  return out;
}
