// MiniSearch over the short records: meetings, agenda items, document titles
// and the user's own annotations, agenda notes and motion drafts. These are
// few (tens of thousands in a council term, against 200k pages), change one
// at a time (a note is typed, a draft saved) and want fuzzy and prefix
// matching on titles, which is what MiniSearch does well in memory. Built
// from SQLite on first search (a fraction of a second), then kept up to date
// per meeting and per private record.
import type Database from 'better-sqlite3-multiple-ciphers';
import MiniSearch from 'minisearch';
import { fold, isStopword, stem, tokens, type CompoundSplitter } from '../../../shared/search/analyser.ts';

export type RecordKind = 'meeting' | 'agenda-item' | 'document' | 'annotation' | 'agenda-note' | 'motion';

export interface SearchRecord {
  /** Kind-prefixed, e.g. "agenda-item:12". */
  id: string;
  kind: RecordKind;
  refId: number | string;
  title: string;
  text: string;
  meetingId: number | null;
  bodyId: number | null;
  /** yyyy-mm-dd of the meeting (or document). */
  date: string | null;
  documentId: number | null;
  page: number | null;
}

const STORED = ['kind', 'refId', 'title', 'text', 'meetingId', 'bodyId', 'date', 'documentId', 'page'] as const;

export class RecordIndex {
  private index: MiniSearch<SearchRecord> | undefined;
  private building: Promise<void> | undefined;
  /** Changes that came in while a background build was under way, applied when it is done. */
  private readonly pending: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly db: Database.Database,
    private readonly splitter: () => CompoundSplitter,
  ) {}

  /**
   * Builds the index in the background, a few thousand records per turn of
   * the event loop, so a host keeps answering meanwhile (at start-up).
   */
  build(): Promise<void> {
    if (this.index) return Promise.resolve();
    this.building ??= (async () => {
      await new Promise((resolve) => setImmediate(resolve)); // not inside createCore: start-up stays quick
      // A short-lived user (a CLI listing) closes before this turn: then nothing is built at all.
      if (this.stopped) return;
      const mini = this.create();
      const records = [...this.libraryRecords(), ...this.personalRecords()];
      for (let i = 0; i < records.length; i += 2000) {
        mini.addAll(records.slice(i, i + 2000));
        await new Promise((resolve) => setImmediate(resolve));
        if (this.stopped) return;
      }
      this.index = mini;
      for (const apply of this.pending.splice(0)) apply();
    })().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  /** Ends a background build at its next turn (the store is closing). */
  stop(): void {
    this.stopped = true;
  }

  /** The index; built on the spot when no background build runs; undefined while one does. */
  private ready(): MiniSearch<SearchRecord> | undefined {
    if (!this.index && !this.building) {
      this.index = this.create();
      this.index.addAll([...this.libraryRecords(), ...this.personalRecords()]);
    }
    return this.index;
  }

  /** Runs `change` now when the index exists, after the build when one runs, never when neither (it will read the change). */
  private whenBuilt(change: () => void): boolean {
    if (this.index) return true;
    if (this.building) this.pending.push(change);
    return false;
  }

  private create(): MiniSearch<SearchRecord> {
    const splitter = this.splitter();
    return new MiniSearch<SearchRecord>({
      fields: ['title', 'text'],
      storeFields: [...STORED],
      tokenize: (text) => tokens(text).map((t) => t.folded),
      // Index side: the stem plus the stems of compound parts, so "schuld" finds "Schulddienstverlening".
      processTerm: (term) => (isStopword(term) ? null : [stem(term), ...splitter.parts(term).map(stem)]),
      searchOptions: {
        processTerm: (term) => stem(fold(term)),
        boost: { title: 3 },
        combineWith: 'AND',
        // Typo tolerance on longer words only: short ones would match too much.
        fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
      },
    });
  }

  /** Re-reads one meeting's records (the meeting, its items, its documents) after an import or sync. */
  refreshMeeting(meetingId: number): void {
    if (!this.whenBuilt(() => this.refreshMeeting(meetingId))) return;
    const mini = this.index!;
    const stale = [`meeting:${meetingId}`];
    for (const id of this.db.prepare('SELECT id FROM agenda_items WHERE meeting_id = ?').pluck().all(meetingId) as number[]) stale.push(`agenda-item:${id}`);
    const documentIds = this.db
      .prepare('SELECT DISTINCT l.document_id FROM agenda_item_documents l JOIN agenda_items i ON i.id = l.agenda_item_id WHERE i.meeting_id = ?')
      .pluck()
      .all(meetingId) as number[];
    for (const id of documentIds) stale.push(`document:${id}`);
    for (const id of stale) if (mini.has(id)) mini.discard(id);
    mini.addAll(this.libraryRecords(meetingId, documentIds));
  }

  /** Forgets everything (private data was restored or imported wholesale): rebuilt on the next search. */
  invalidate(): void {
    if (this.whenBuilt(() => this.invalidate())) this.index = undefined;
  }

  /** Puts one private record in (or takes it out, when `record` is null) as the user edits. */
  upsertPersonal(id: string, record: SearchRecord | null): void {
    if (!this.whenBuilt(() => this.upsertPersonal(id, record))) return;
    const mini = this.index!;
    if (mini.has(id)) mini.discard(id);
    if (record) mini.add(record);
  }

  search(text: string, options: { prefix?: boolean; filter?: (r: SearchRecord) => boolean; limit: number }): (SearchRecord & { score: number; terms: string[] })[] {
    const mini = this.ready();
    if (!mini) return []; // still building at start-up: page results come first
    const results = mini.search(text, {
      prefix: options.prefix ? (_term, i, terms) => i === terms.length - 1 : false,
      filter: options.filter ? (r) => options.filter!(r as unknown as SearchRecord) : undefined,
    });
    return results.slice(0, options.limit).map((r) => ({ ...(r as unknown as SearchRecord), id: r.id as string, score: r.score, terms: r.terms }));
  }

  private libraryRecords(meetingId?: number, documentIds?: number[]): SearchRecord[] {
    const records: SearchRecord[] = [];
    const meetingFilter = meetingId === undefined ? '' : 'WHERE m.id = @meetingId';
    for (const m of this.db
      .prepare(`SELECT m.id, m.title, m.location, m.body_id, m.starts_at, b.name AS body FROM meetings m JOIN bodies b ON b.id = m.body_id ${meetingFilter}`)
      .all(meetingId === undefined ? {} : { meetingId }) as { id: number; title: string; location: string | null; body_id: number; starts_at: string; body: string }[]) {
      records.push({
        id: `meeting:${m.id}`,
        kind: 'meeting',
        refId: m.id,
        title: m.title,
        text: [m.body, m.location].filter(Boolean).join(' — '),
        meetingId: m.id,
        bodyId: m.body_id,
        date: m.starts_at.slice(0, 10),
        documentId: null,
        page: null,
      });
    }
    const itemFilter = meetingId === undefined ? '' : 'AND i.meeting_id = @meetingId';
    for (const i of this.db
      .prepare(
        `SELECT i.id, i.number, i.title, i.description, i.portfolio_holder, i.meeting_id, m.body_id, m.starts_at
         FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
         WHERE i.status = 'active' AND i.is_section = 0 ${itemFilter}`,
      )
      .all(meetingId === undefined ? {} : { meetingId }) as {
      id: number;
      number: string | null;
      title: string;
      description: string | null;
      portfolio_holder: string | null;
      meeting_id: number;
      body_id: number;
      starts_at: string;
    }[]) {
      records.push({
        id: `agenda-item:${i.id}`,
        kind: 'agenda-item',
        refId: i.id,
        title: i.number ? `${i.number} ${i.title}` : i.title,
        text: [i.description, i.portfolio_holder].filter(Boolean).join('\n'),
        meetingId: i.meeting_id,
        bodyId: i.body_id,
        date: i.starts_at.slice(0, 10),
        documentId: null,
        page: null,
      });
    }
    const docFilter = documentIds === undefined ? '' : `AND d.id IN (${documentIds.map(Number).join(',') || 'NULL'})`;
    for (const d of this.db
      .prepare(`SELECT d.id, d.title, d.type, d.document_date FROM documents d WHERE d.status = 'active' ${docFilter}`)
      .all() as { id: number; title: string; type: string; document_date: string | null }[]) {
      records.push({
        id: `document:${d.id}`,
        kind: 'document',
        refId: d.id,
        title: d.title,
        text: d.type,
        meetingId: null,
        bodyId: null,
        date: d.document_date,
        documentId: d.id,
        page: null,
      });
    }
    return records;
  }

  private personalRecords(): SearchRecord[] {
    const records: SearchRecord[] = [];
    for (const a of this.db
      .prepare("SELECT id, document_id, page_number, quote_exact, note, tags FROM personal.annotations WHERE coalesce(note, '') <> '' OR quote_exact IS NOT NULL")
      .all() as { id: string; document_id: number; page_number: number; quote_exact: string | null; note: string | null; tags: string }[]) {
      records.push(annotationRecord(a));
    }
    for (const n of this.db
      .prepare(
        `SELECT n.agenda_item_id, n.body, i.title, i.number, i.meeting_id
         FROM personal.agenda_notes n LEFT JOIN agenda_items i ON i.id = n.agenda_item_id WHERE n.body <> ''`,
      )
      .all() as { agenda_item_id: number; body: string; title: string | null; number: string | null; meeting_id: number | null }[]) {
      records.push(agendaNoteRecord(n));
    }
    for (const d of this.db.prepare('SELECT id, kind, title, content, meeting_id FROM personal.motion_drafts').all() as {
      id: string;
      kind: string;
      title: string;
      content: string;
      meeting_id: number;
    }[]) {
      records.push(motionRecord(d));
    }
    return records;
  }
}

export function annotationRecord(a: { id: string; document_id: number; page_number: number; quote_exact: string | null; note: string | null; tags: string }): SearchRecord {
  const tags = (JSON.parse(a.tags) as string[]).map((t) => `#${t}`).join(' ');
  return {
    id: `annotation:${a.id}`,
    kind: 'annotation',
    refId: a.id,
    title: a.note?.trim() || a.quote_exact || '',
    text: [a.quote_exact, tags].filter(Boolean).join('\n'),
    meetingId: null,
    bodyId: null,
    date: null,
    documentId: a.document_id,
    page: a.page_number,
  };
}

export function agendaNoteRecord(n: { agenda_item_id: number; body: string; title: string | null; number: string | null; meeting_id: number | null }): SearchRecord {
  return {
    id: `agenda-note:${n.agenda_item_id}`,
    kind: 'agenda-note',
    refId: n.agenda_item_id,
    title: n.title ? `${n.number ? `${n.number} ` : ''}${n.title}` : '',
    text: n.body,
    meetingId: n.meeting_id,
    bodyId: null,
    date: null,
    documentId: null,
    page: null,
  };
}

export function motionRecord(d: { id: string; kind: string; title: string; content: string; meeting_id: number }): SearchRecord {
  return {
    id: `motion:${d.id}`,
    kind: 'motion',
    refId: d.id,
    title: d.title,
    text: motionText(d.content),
    meetingId: d.meeting_id,
    bodyId: null,
    date: null,
    documentId: null,
    page: null,
  };
}

/** Motion content is JSON of its sections; every string in it is searchable text. */
function motionText(content: string): string {
  try {
    const strings: string[] = [];
    const walk = (value: unknown) => {
      if (typeof value === 'string') strings.push(value);
      else if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(JSON.parse(content));
    return strings.join('\n');
  } catch {
    return content;
  }
}
